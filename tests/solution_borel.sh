#!/bin/sh
# solution_borel.sh - `sum method=borel` (gfd-theory(7) 5.5) from the shell:
# the Borel-Pade sum of the SYM nu=4 limit series (kappa4 = Cs^2 = 4, zero
# radius) tables t,summed,spread,trusted, trusts the range next to t = 0 and
# not the approach to the blow-up, and a series shorter than N = 8 gets a
# one-line refusal naming the minimum.  Accuracy against the explicit solution
# is tested in C (tests/test_series_borel.c).
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

SC='scaling a=0 b=-3/2 Cs=2; model sym nu=4 p=2000'
# t* = tau*/(4 sigma^2) = -0.073802/(4 * 2 * 2000^-1.5) = -825.1
"$GFD" --no-init -c "$SC; series source=limit N=30; set format csv; sum method=borel T=-1650 points=9" \
  > "$tmp/out" 2> "$tmp/err" || bad "sum method=borel exits 0: $(cat "$tmp/err")"
sed -n '/^t,summed,spread,trusted$/,$p' "$tmp/out" > "$tmp/b.csv"
check "the table is t,summed,spread,trusted with 9 rows" '[ "$(tail -n +2 "$tmp/b.csv" | wc -l)" -eq 9 ]'
check "t = 0 is the series' c0 and trusted" 'grep -q "^0,-9.99999999999999[0-9]*e-07,0,yes$" "$tmp/b.csv"'
check "t = -412.5 (tau*/2) is trusted" 'grep -q "^-412.5,.*,yes$" "$tmp/b.csv"'
check "t = -1650 (2 t*) is not trusted" 'grep -q "^-1650,.*,no$" "$tmp/b.csv"'
check "the trusted range is announced" 'grep -q "trusted (orders agree to 0.001) for t in \[" "$tmp/err"'

"$GFD" -q --no-init -c "$SC; series source=limit N=5; sum method=borel T=-400" > /dev/null 2> "$tmp/err" &&
  bad "a series of order 5 is refused (exit status)"
check "N = 5: a one-line refusal naming the minimum N = 8" \
  '[ "$(grep -c error "$tmp/err")" -eq 1 ] && grep -q "at least N = 8" "$tmp/err"'
exit $fail
