#!/bin/sh
# flow_commands.sh - the flow commands end to end: CSV layout, rows, seeds,
# blow-up tables, flow step, errors that leave the state unchanged.
# Numbers are checked against properties (identities, other routes), never
# against stored outputs.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
g() { "$GFD" -q --no-init --csv -c "$1"; }

# 1. layout of flow run: header, one row per grid point, t from 0 to T
g 'flow run T=1 points=11' > "$tmp/run.csv" 2> "$tmp/err" || bad "flow run exits 0"
check "flow run header" '[ "$(head -n 1 "$tmp/run.csv")" = "t,loss,loss_se,excess,excess_se" ]'
check "flow run: 11 rows for points=11" '[ "$(tail -n +2 "$tmp/run.csv" | wc -l)" -eq 11 ]'
check "flow run: t runs 0 .. 1" '[ "$(sed -n 2p "$tmp/run.csv" | cut -d, -f1)" = 0 ] && [ "$(tail -n 1 "$tmp/run.csv" | cut -d, -f1)" = 1 ]'
check "flow run: one seed, standard errors 0" \
  '[ "$(tail -n +2 "$tmp/run.csv" | awk -F, "\$3 != 0 || \$5 != 0" | wc -l)" -eq 0 ]'
# loss = excess + ||y||^2/2 (identity target, kappa 1, p = 100: 50), to rounding of L ~ 40
check "loss = excess + ||y||^2/2 on every row" \
  '[ "$(tail -n +2 "$tmp/run.csv" | awk -F, "{d = \$2 - \$4 - 50; if (d < 0) d = -d; if (d > 1e-12 * \$2) print}" | wc -l)" -eq 0 ]'
check "descent: the loss never increases" \
  '[ "$(tail -n +2 "$tmp/run.csv" | awk -F, "NR > 1 && \$2 > prev * (1 + 1e-14) {print} {prev = \$2}" | wc -l)" -eq 0 ]'

# 2. seeds: standard error > 0, and the mean equals the mean of single-seed runs
g 'flow run T=0.5 points=3 seeds=3 seed=4' | tail -n 1 > "$tmp/ens"
for k in 4 5 6; do g "flow run T=0.5 points=3 seed=$k" | tail -n 1; done > "$tmp/single"
check "seeds=3: standard error > 0" '[ "$(awk -F, "{print (\$3 > 0)}" "$tmp/ens")" = 1 ]'
m=$(awk -F, '{s += $2} END {printf "%.17g", s / 3}' "$tmp/single")
check "seeds=3: mean loss = mean of the single-seed runs" \
  '[ "$(awk -F, -v m="$m" "{d = \$2 - m; if (d < 0) d = -d; print (d <= 1e-12 * m)}" "$tmp/ens")" = 1 ]'

# 3. ascent of the default model diverges; the rows stop before t*
g 'ascent run T=-1; show blowup' > "$tmp/asc.csv" || bad "ascent run exits 0 on a blow-up"
check "show blowup header" 'grep -qx "seed,t_star,t_lo,t_hi,status" "$tmp/asc.csv"'
line=$(grep ',diverged$' "$tmp/asc.csv")
check "default model diverges under ascent" '[ -n "$line" ]'
check "t_lo <= t_star <= t_hi" '[ "$(echo "$line" | awk -F, "{print (\$3 <= \$2 && \$2 <= \$4)}")" = 1 ]'
ts=$(echo "$line" | cut -d, -f2)
last=$(grep -v '[a-z]' "$tmp/asc.csv" | grep -v '^1,' | tail -n 1 | cut -d, -f1)
check "ascent rows stop before t*" '[ "$(awk -v a="$last" -v b="$ts" "BEGIN {print (a > b)}")" = 1 ]'

# the text summary gives t* to the digits its bracket supports: within the
# bracket's width of t_star, and more digits than %g's 6 when the bracket is tight
"$GFD" -q --no-init -c 'ascent run T=-1' | grep '^diverged: blow-up at t\* = .* (bracket width .*)$' > "$tmp/sum"
check "text summary: t* and its bracket width" '[ -s "$tmp/sum" ]'
tp=$(sed 's/.*t\* = \([^ ]*\) .*/\1/' "$tmp/sum")
w=$(echo "$line" | awk -F, '{printf "%.3g", $4 - $3}')
check "text t* ($tp) within the width ($w) of t_star ($ts)" \
  '[ "$(awk -v a="$tp" -v b="$ts" -v w="$w" "BEGIN {d = a - b; if (d < 0) d = -d; print (d <= w)}")" = 1 ]'
check "text t* has more than 6 digits for a bracket of width $w" \
  '[ "$(awk -v a="$tp" -v w="$w" "BEGIN {print (w > 1e-7 * (a < 0 ? -a : a) || length(a) > 9)}")" = 1 ]'

# 4. a small initialisation converges under ascent: empty time fields
g 'model sigma=0.01; ascent run T=-1 points=5; show blowup' | tail -n 1 > "$tmp/conv"
check "small sigma: no blow-up by T" '[ "$(cat "$tmp/conv")" = "1,,,,no blow-up by T" ]'

# 5. flow step: two half steps equal one run; a step back returns to the start
g 'flow step 0.5 points=3; flow step 0.5; show state' | tail -n 1 > "$tmp/step"
g 'flow run T=1 points=5' | tail -n 1 > "$tmp/one"
check "flow step reaches t=1" '[ "$(cut -d, -f2 "$tmp/step")" = 1 ]'
L1=$(cut -d, -f2 "$tmp/one")
# the same flow integrated at rtol 1e-10 on different step sequences
check "two steps of 0.5 = one run to 1 (rel 1e-8)" \
  '[ "$(awk -F, -v L="$L1" "{d = \$3 - L; if (d < 0) d = -d; print (d <= 1e-8 * L)}" "$tmp/step")" = 1 ]'
g 'show state; flow run T=0.3 points=4; flow step -0.3; show state' > "$tmp/back"
L0=$(sed -n 2p "$tmp/back" | cut -d, -f3)
check "flow step back to t=0 recovers the initial loss (rel 1e-8)" \
  '[ "$(tail -n 1 "$tmp/back" | awk -F, -v L="$L0" "{d = \$3 - L; if (d < 0) d = -d; print (\$2 == 0 && d <= 1e-8 * L)}")" = 1 ]'

# 6. observables and rk4
g 'flow run T=0.2 points=3 observe=norms,relerr,distance' | head -n 1 > "$tmp/obs"
check "observe columns" '[ "$(cat "$tmp/obs")" = "t,loss,loss_se,excess,excess_se,norm_min,norm_mean,norm_max,norm_1,norm_2,norm_3,relerr,distance" ]'
check "method=rk4 steps=100 points=11: 11 rows" '[ "$(g "flow run T=1 method=rk4 steps=100 points=11" | tail -n +2 | wc -l)" -eq 11 ]'

# 7. text mode shows ~20 rows, export csv writes all of them
"$GFD" -q --no-init -c "flow run T=1; export csv $tmp/all.csv" > "$tmp/text" || bad "text run exits 0"
check "text mode: at most 25 table lines" '[ "$(wc -l < "$tmp/text")" -le 25 ]'
check "text mode: a summary line" 'grep -q "^flow: t=1: loss" "$tmp/text"'
check "export csv after a text run writes all 200 rows" '[ "$(wc -l < "$tmp/all.csv")" -eq 201 ]'

# 8. errors: one line naming the problem, exit 1, state unchanged
for c in 'flow run' 'flow run T=-1' 'ascent run T=1' 'flow run T=1 method=euler' 'flow run T=1 observe=energy' \
         'flow run T=1 seeds=0' 'flow run T=1 steps=10' 'flow step 0' 'flow step x' 'show blowup' \
         'flow run T=1 scaled=yes' 'flow run T=1 rtol=2'; do
  "$GFD" -q --no-init -c "$c" > /dev/null 2> "$tmp/e"
  rc=$?
  check "'$c' fails with exit 1 and one error line" '[ $rc -eq 1 ] && [ "$(wc -l < "$tmp/e")" -eq 1 ] && grep -q "error" "$tmp/e"'
done
"$GFD" -q --no-init -c 'set budget 100000' -c 'flow run T=1 seeds=1000' > /dev/null 2> "$tmp/e"
check "over the memory budget: exit 1, message names the budget" '[ $? -eq 1 ] && grep -q budget "$tmp/e"'
"$GFD" -q --no-init --csv --no-bail -c 'flow run T=0.5 points=3' -c 'ascent run T=2' -c 'show state' \
  > "$tmp/keep" 2> /dev/null
check "a failed run leaves the state unchanged" '[ "$(tail -n 1 "$tmp/keep" | cut -d, -f2)" = 0.5 ]'
g 'ascent run T=-1 points=5; flow step 0.1' > /dev/null 2> "$tmp/e"
check "flow step after a blow-up is refused" '[ $? -eq 1 ] && grep -q "ended" "$tmp/e"'

exit $fail
