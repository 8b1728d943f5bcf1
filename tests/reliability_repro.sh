#!/bin/sh
# reliability_repro.sh - reproducibility (issue 7, item 6).
# 1. The same commands and seeds give bit-identical CSV, run twice (with one
#    and with two OpenBLAS threads), and another seed gives other numbers.
# 2. One vs two OpenBLAS threads agree to 1e-12 away from blow-up: every
#    number within 1e-12 times the largest magnitude in its CSV row.  Why
#    that scale: the threads only change the summation order inside the
#    matrix products (rounding, ~1e-16 relative per product), and the
#    standard errors and excess losses are differences of numbers of the
#    row's magnitude, so their rounding is relative to that magnitude, not to
#    their own (a standard error can be 1e5 times smaller than the loss).
#    Measured: worst 5e-16 of the row scale, so 1e-12 leaves a wide margin.
# 3. Near a blow-up only t* is compared: each thread count's t* lies inside
#    the other's bracket [t_lo, t_hi].
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0

# every kind of result, with one thread (cheap): twice, and with another seed
cmds='model sym nu=2 p=200 H=150 sigma=0.06 seed=7; flow run T=0.3 points=4 seeds=2; series N=10
series N=6 source=ensemble seeds=3
model asym nu=3 p=120 H=60 sigma=0.15 target=teacher r=3 tseed=5 seed=2; flow run T=0.5 points=4 seeds=2
model sym nu=2 p=6 H=4 sigma=0.3 seed=3 target=identity; diagrams 2; sweep sigma=0.2,0.3 T=0.2 seeds=2
scaling a=1 b=-1; map a=0:2:3 b=-2:0:3 N=3'
# the part where OpenBLAS splits the matrix products between threads (two
# threads on a busy machine are slow: only this part runs with two)
blas='model sym nu=2 p=200 H=150 sigma=0.06 seed=7; flow run T=0.3 points=4 seeds=2; series N=10'
run() { # threads output commands
  OPENBLAS_NUM_THREADS=$1 "$GFD" -q --no-init --csv -c "$3" > "$2" 2> "$2.err" ||
    { echo "FAIL: run with $1 thread(s) failed:"; cat "$2.err"; status=1; }
}
run 1 "$tmp/a1" "$cmds"
run 1 "$tmp/b1" "$cmds"
cmp -s "$tmp/a1" "$tmp/b1" || { echo "FAIL: two runs with 1 thread differ"; diff "$tmp/a1" "$tmp/b1" | head; status=1; }
run 1 "$tmp/c1" "$(printf '%s\n' "$cmds" | sed 's/seed=7/seed=8/')"
cmp -s "$tmp/a1" "$tmp/c1" && { echo "FAIL: seed=8 gives the same output as seed=7"; status=1; }
run 1 "$tmp/p1" "$blas"
run 2 "$tmp/p2" "$blas"
run 2 "$tmp/q2" "$blas"
cmp -s "$tmp/p2" "$tmp/q2" || { echo "FAIL: two runs with 2 threads differ"; diff "$tmp/p2" "$tmp/q2" | head; status=1; }

# numbers within TOL times the row's largest magnitude; words equal
cat > "$tmp/cmp.awk" <<'END'
BEGIN { FS = "," }
function isnum(v) { return v ~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/ }
NR == FNR { a[FNR] = $0; nl = FNR; next }
{
  n = split(a[FNR], x, ",")
  if (n != NF) { bad++; next }
  S = 0
  for (i = 1; i <= NF; i++) if (isnum($i)) { v = $i < 0 ? -$i : $i; if (v > S) S = v }
  for (i = 1; i <= NF; i++) {
    if ($i == x[i]) continue
    if (isnum($i) && isnum(x[i])) {
      d = $i - x[i]; if (d < 0) d = -d
      r = S > 0 ? d / S : d
      if (r > worst) { worst = r; where = FNR ": " $0 }
    } else bad++
  }
}
END {
  if (FNR != nl) bad++
  printf "%d fields differ in kind, worst relative difference %g\n", bad, worst
  if (where != "") print "  at line " where
  exit (bad > 0 || worst > tol)
}
END
awk -v tol=1e-12 -f "$tmp/cmp.awk" "$tmp/p1" "$tmp/p2" > "$tmp/cmp.out" ||
  { echo "FAIL: 1 vs 2 threads:"; cat "$tmp/cmp.out"; status=1; }
echo "1 vs 2 threads: $(head -n 1 "$tmp/cmp.out")"

# ascent to a blow-up (sigma^2 (sqrt p + sqrt H)^2 = 5.1 > 1): t* against the brackets
bl='model sym nu=2 p=120 H=80 sigma=0.12 seed=4; ascent run T=-0.3 points=3 seeds=2; show blowup'
OPENBLAS_NUM_THREADS=1 "$GFD" -q --no-init --csv -c "$bl" > "$tmp/u1" 2>&1
OPENBLAS_NUM_THREADS=2 "$GFD" -q --no-init --csv -c "$bl" > "$tmp/u2" 2>&1
grep ',diverged$' "$tmp/u1" > "$tmp/d1"
grep ',diverged$' "$tmp/u2" > "$tmp/d2"
res=$(awk -F, 'NR == FNR { ts[$1] = $2; lo[$1] = $3; hi[$1] = $4; n1++; next }
  { n2++; if (!($1 in ts)) { bad++; next }
    if (!(lo[$1] <= $2 && $2 <= hi[$1] && $3 <= ts[$1] && ts[$1] <= $4)) bad++ }
  END { print n1 + 0, n2 + 0, bad + 0 }' "$tmp/d1" "$tmp/d2")
if [ "$res" != "2 2 0" ]; then
  echo "FAIL: blow-up times with 1 and 2 threads (seeds, seeds, outside the other's bracket) = ($res), want (2 2 0)"
  cat "$tmp/d1" "$tmp/d2"; status=1
fi
[ $status -eq 0 ] && echo "reproducibility checks passed"
exit $status
