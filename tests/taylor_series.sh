#!/bin/sh
# taylor_series.sh - the `series` command end to end: CSV layout, the instance
# series against the simulated loss, ensembles against single instances and
# against the diagrams, and errors that leave the state unchanged.
# Numbers are checked against properties and other routes, never against
# stored outputs.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
g() { "$GFD" -q --no-init --csv -c "$1"; }
# the rows of the (single) series table in the output: after its header
rows() { sed -n '/^n,coef,coef_se$/,$p' | tail -n +2; }
# |a - b| <= tol * |b| (awk, so that %.17g values compare as numbers)
close() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN {d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b; exit !(d <= t * m)}'; }

M='model sym nu=3 p=12 H=6 sigma=0.3 seed=2'

# 1. layout: header, N+1 rows n = 0..N, standard errors 0 for one instance
g "$M; series N=10" | sed -n '/^n,coef,coef_se$/,$p' > "$tmp/inst.csv" || bad "series exits 0"
check "header n,coef,coef_se" '[ "$(head -n 1 "$tmp/inst.csv")" = "n,coef,coef_se" ]'
check "N=10: 11 rows" '[ "$(tail -n +2 "$tmp/inst.csv" | wc -l)" -eq 11 ]'
check "n runs 0..10 in order" \
  '[ "$(tail -n +2 "$tmp/inst.csv" | awk -F, "\$1 != NR - 1" | wc -l)" -eq 0 ]'
check "instance: coef_se is 0" \
  '[ "$(tail -n +2 "$tmp/inst.csv" | awk -F, "\$3 != 0" | wc -l)" -eq 0 ]'
check "coef_1 = -|grad L|^2 < 0" '[ "$(awk -F, "NR == 3 {print (\$2 < 0)}" "$tmp/inst.csv")" = 1 ]'
check "same command, same numbers" '[ "$(g "$M; series N=10" | rows)" = "$(tail -n +2 "$tmp/inst.csv")" ]'

# 2. the series against the simulated loss: coef_0 is the loss at t = 0 (two
# evaluations of the same sums, 1e-13), and the truncated sum of order 10 at
# t = 1e-3 matches the integrated loss (|coef_n| t^n falls by ~20 per order
# here, so the remainder is ~1e-14 of L; rk8pd's default rtol 1e-10 dominates)
g "$M; flow run T=0.001 points=2" | sed -n '/^t,loss/,$p' > "$tmp/flow.csv"
L0=$(sed -n 2p "$tmp/flow.csv" | cut -d, -f2)
L1=$(sed -n 3p "$tmp/flow.csv" | cut -d, -f2)
c0=$(sed -n 2p "$tmp/inst.csv" | cut -d, -f2)
check "coef_0 = simulated L(0)" 'close "$c0" "$L0" 1e-13'
S=$(tail -n +2 "$tmp/inst.csv" | awk -F, -v t=0.001 '{c[NR - 1] = $2; n = NR - 1} END {s = 0; for (k = n; k >= 0; k--) s = s * t + c[k]; printf "%.17g", s}')
check "truncated sum at t=1e-3 = simulated L(1e-3)" 'close "$S" "$L1" 1e-9'
# backward in time (ascent)
La=$(g "$M; ascent run T=-0.001 points=2" | tail -n 1 | cut -d, -f2)
Sa=$(tail -n +2 "$tmp/inst.csv" | awk -F, -v t=-0.001 '{c[NR - 1] = $2; n = NR - 1} END {s = 0; for (k = n; k >= 0; k--) s = s * t + c[k]; printf "%.17g", s}')
check "truncated sum at t=-1e-3 = simulated ascent L(-1e-3)" 'close "$Sa" "$La" 1e-9'

# 3. ensembles: seeds=1 is the instance; the mean of seeds=3 is the mean of the
# three instances (same arithmetic, averaged: 1e-13); standard errors > 0
g "$M; series source=ensemble N=6 seeds=1 seed=7" | rows > "$tmp/e1"
g "$M; series N=6 seed=7" | rows > "$tmp/i1"
check "ensemble seeds=1 = instance of that seed" 'cmp -s "$tmp/e1" "$tmp/i1"'
g "$M; series source=ensemble N=6 seeds=3 seed=7" | rows > "$tmp/e3"
for k in 7 8 9; do g "$M; series N=6 seed=$k" | rows; done > "$tmp/i3"
check "ensemble standard errors > 0" '[ "$(awk -F, "\$3 <= 0" "$tmp/e3" | wc -l)" -eq 0 ]'
bad_mean=0
for n in 0 1 2 3 4 5 6; do
  m=$(awk -F, -v n="$n" '$1 == n {s += $2} END {printf "%.17g", s / 3}' "$tmp/i3")
  e=$(awk -F, -v n="$n" '$1 == n {print $2}' "$tmp/e3")
  close "$e" "$m" 1e-13 || bad_mean=1
done
check "ensemble mean = mean of the instances" '[ $bad_mean -eq 0 ]'

# 4. the ensemble mean against the exact expectation from the diagrams: with
# 40 seeds, every coefficient within 5 standard errors (a fixed draw, so a
# deterministic check; a wrong coefficient would be off by many)
D='model sym nu=2 p=6 H=3 sigma=0.3'
if g "$D; series source=diagrams N=3" > "$tmp/dg" 2> "$tmp/dg.err"; then
  g "$D; series source=ensemble N=3 seeds=40" | rows > "$tmp/en"
  rows < "$tmp/dg" > "$tmp/dg.rows"
  check "ensemble mean within 5 se of the diagram expectation (n = 0..3)" \
    '[ "$(paste -d, "$tmp/en" "$tmp/dg.rows" | awk -F, "{d = \$2 - \$5; if (d < 0) d = -d; if (!(d <= 5 * \$3)) print}" | wc -l)" -eq 0 ]'
else
  bad "series source=diagrams runs: $(cat "$tmp/dg.err")"
fi

# 4b. the scaling limit, converted with the time factor p^g and loss factor
# p^E0 (here tau = 20 t, L = 160000 L_scaled at p = 400), against the exact
# expectation: the limit drops corrections of relative order p^-1/2 = 5%
# (measured 3.7 .. 5.0% for n = 0..4); a wrong time factor would be off by
# powers of 20
Z='scaling a=1 b=-1/2; model sym nu=2 p=400'
if g "$Z; series source=limit N=4" > "$tmp/lim" 2> "$tmp/lim.err"; then
  g "$Z; series source=diagrams N=4" | rows > "$tmp/dg4"
  rows < "$tmp/lim" > "$tmp/lim.rows"
  check "limit series within 15% of the diagrams at p=400 (n = 0..4)" \
    '[ "$(paste -d, "$tmp/lim.rows" "$tmp/dg4" | awk -F, "{d = \$2 - \$5; if (d < 0) d = -d; m = \$5 < 0 ? -\$5 : \$5; if (!(d <= 0.15 * m)) print}" | wc -l)" -eq 0 ] && [ "$(wc -l < "$tmp/lim.rows")" -eq 5 ]'
else
  bad "series source=limit runs: $(cat "$tmp/lim.err")"
fi

# 5. errors: exit 1, one line naming the problem, the state unchanged
err() { # $1 description, $2 command, $3 text the message must contain
  if g "$M; series N=2; $2" > /dev/null 2> "$tmp/e.err"; then
    bad "$1: should fail"
  else
    if grep -q -- "$3" "$tmp/e.err" && [ "$(wc -l < "$tmp/e.err")" -eq 1 ]; then ok "$1: one line naming '$3'"; else bad "$1: message: $(cat "$tmp/e.err")"; fi
  fi
}
err "N above 60" "series N=61" "N=61"
err "negative N" "series N=-1" "N=-1"
err "missing N" "series" "N="
err "seeds= with an instance" "series N=3 seeds=4" "seeds="
err "seed= with diagrams" "series source=diagrams N=3 seed=2" "seed="
err "unknown source" "series source=bogus N=3" "bogus"
err "unknown key" "series N=3 order=2" "order"
# with --no-bail the failed command leaves the last table (the N=2 series) in place
# (--no-bail goes on after the failure, with the next line or the next ';' command)
"$GFD" -q --no-init --csv --no-bail -c "$M; series N=2
series N=61
export csv $tmp/after.csv" > /dev/null 2>&1
check "a failed series leaves the previous table" '[ "$(wc -l < "$tmp/after.csv")" -eq 4 ]'

# 5b. an ensemble stopped early (here by the time limit; Ctrl-C takes the same
# path) names the seeds it really averaged, in the title and in the message
"$GFD" -q --no-init -c 'set timelimit 0.3; model sym nu=2 p=30 H=10 sigma=0.1' \
  -c 'series source=ensemble N=10 seeds=100000' > "$tmp/stop.out" 2> "$tmp/stop.err"
src=$?
got=$(sed -n 's/.* after \([0-9]*\) of 100000 seeds: the table is the mean over seeds 1\.\.\([0-9]*\).*/\1 \2/p' "$tmp/stop.err")
gx=${got% *} gy=${got#* }
check "stopped ensemble: exit 1, message 'after X of 100000 seeds ... seeds 1..X'" \
  '[ $src -eq 1 ] && [ -n "$got" ] && [ "$gx" = "$gy" ] && [ "$gx" -lt 100000 ]'
check "stopped ensemble: the title says seeds 1..X, not 1..100000" \
  '[ -n "$got" ] && grep -q "mean over seeds 1\.\.$gx (stopped early)" "$tmp/stop.out" && ! grep -q "1\.\.100000" "$tmp/stop.out"'

# 6. text mode: a titled, aligned table
"$GFD" -q --no-init -c "$M; series N=3" > "$tmp/text" || bad "text mode exits 0"
check "text mode: title and 4 rows" 'grep -q "Taylor series" "$tmp/text" && [ "$(grep -c "^ *[0-3] " "$tmp/text")" -ge 4 ]'

exit $fail
