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
check "t = 0 is the series' c0 and trusted" 'grep -Eq "^0,(-1e-06|-9.99999999999999[0-9]*e-07),0,yes$" "$tmp/b.csv"'
check "t = -412.5 (tau*/2) is trusted" 'grep -q "^-412.5,.*,yes$" "$tmp/b.csv"'
check "t = -1650 (2 t*) is not trusted" 'grep -q "^-1650,.*,no$" "$tmp/b.csv"'
check "the trusted range is announced" 'grep -q "trusted (orders agree to 0.001) for t in \[" "$tmp/err"'

"$GFD" -q --no-init -c "$SC; series source=limit N=5; sum method=borel T=-400" > /dev/null 2> "$tmp/err" &&
  bad "a series of order 5 is refused (exit status)"
check "N = 5: a one-line refusal naming the minimum N = 8" \
  '[ "$(grep -c error "$tmp/err")" -eq 1 ] && grep -q "at least N = 8" "$tmp/err"'

# p = 8000, kappa4 = Cs^2 = 2.5, N = 60: the kept series is tiny in t
# units (~1e-182 at order 60; it used to underflow, issue 20); sum recomputes it in the limit's tau and
# lands within 1% of the explicit excess at t*/2 (measured 0.1%)
K='scaling a=0 b=-3/2 Cs=1.5811388300841898; model sym nu=4 p=8000'
"$GFD" --no-init --csv -c "$K; blowup N=8" > "$tmp/bl" 2> /dev/null
ts=$(awk -F, '$1 == "ascent" { print $2 }' "$tmp/bl")
T=$(awk -v t="$ts" 'BEGIN { printf "%.10g", t / 2 }')
"$GFD" --no-init --csv -c "$K; series source=limit N=60; sum method=borel T=$T points=2; sum solution=ascent T=$T points=2" \
  > "$tmp/o8" 2> "$tmp/e8" || bad "p = 8000, N = 60: sum method=borel exits 0: $(cat "$tmp/e8")"
check "p = 8000, N = 60: the limit series is summed in tau" 'grep -q "summed in its own time tau" "$tmp/e8"'
b=$(sed -n '/^t,summed,spread,trusted$/,/^t,/p' "$tmp/o8" | awk -F, 'NR > 1 && $1 != 0 && $1 + 0 == $1 { print $2 }')
x=$(sed -n '/^t,summed,summed_excess$/,$p' "$tmp/o8" | awk -F, 'NR > 1 && $1 != 0 { print $3 }')
echo "     t*/2 = $T: borel $b, explicit excess $x"
check "p = 8000, N = 60: Borel-Pade within 1% of the explicit excess at t*/2" \
  'awk -v b="$b" -v x="$x" "BEGIN { d = (b - x) / x; if (d < 0) d = -d; exit !(x != 0 && d < 0.01) }"'
exit $fail
