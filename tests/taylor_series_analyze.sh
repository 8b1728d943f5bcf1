#!/bin/sh
# taylor_series_analyze.sh - `series analyze` (gfd-theory(7) 5.5): one
# key,value screen on the last series.  The nu=4 limit series (zero radius):
# factorial growth, every raw-series estimator says "zero-radius: use borel",
# the Borel-Pade sum has a trusted range and what sums it is Borel-Pade; an
# instance series of SYM nu=2 (finite radius, a complex pair nearest): the
# radius, complex-pair verdicts, Pade named as what continues it; refusals
# name the problem in one line.  (Accuracy is tested in C.)
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

"$GFD" --no-init --csv -c "scaling a=0 b=-3/2 Cs=2; model sym nu=4 p=2000; series source=limit N=60; series analyze" \
  2> "$tmp/e" | sed -n '/^key,value$/,$p' > "$tmp/a" || bad "limit: series analyze exits 0"
cat "$tmp/a" | cut -c1-150
check "limit: a key,value table" '[ "$(head -1 "$tmp/a")" = "key,value" ]'
check "limit: growth is factorial, zero radius" 'grep -q "^growth,.*factorial.*zero radius" "$tmp/a"'
check "limit: domb-sykes, mercer-roberts, pade all say zero-radius: use borel" \
  '[ "$(grep -c "^\(domb-sykes\|mercer-roberts\|pade\),zero-radius: use borel -- " "$tmp/a")" -eq 3 ]'
check "limit: the Borel-Pade sum has a trusted range" 'grep -q "^borel-pade sum,\"\{0,1\}trusted .* for t in \[-" "$tmp/a"'
check "limit: the blow-up read from it is given with its bracket" 'grep -q "^borel-pade blow-up,\"\{0,1\}ok: t\* = -" "$tmp/a"'
check "limit: what sums it is Borel-Pade" 'grep -q "^what sums it,\"\{0,1\}Borel-Pade" "$tmp/a"'

"$GFD" --no-init --csv -c "model sym nu=2 p=20 H=10; series N=30; series analyze" 2> "$tmp/e" |
  sed -n '/^key,value$/,$p' > "$tmp/b" || bad "instance: series analyze exits 0"
check "instance nu=2: a finite radius" 'grep -q "^growth,geometric.*radius R = 0\.7" "$tmp/b"'
check "instance nu=2: the estimators see a complex pair" \
  '[ "$(grep -c "^\(domb-sykes\|mercer-roberts\|pade\),\"\{0,1\}complex-pair -- " "$tmp/b")" -eq 3 ]'
check "instance nu=2: Pade continues it" 'grep -q "^what sums it,\"\{0,1\}inside |t| < .*Pade" "$tmp/b"'
check "instance nu=2: no blow-up bracket without a known exponent" 'grep -q "^borel-pade blow-up,no estimate -- " "$tmp/b"'

"$GFD" --no-init -c "model sym nu=2 p=20 H=10; series N=5; series analyze" > /dev/null 2> "$tmp/e" &&
  bad "N = 5: refused (exit status)"
check "N = 5: one line naming the minimum N >= 8" '[ "$(grep -c error "$tmp/e")" -eq 1 ] && grep -q "N >= 8" "$tmp/e"'
"$GFD" --no-init -c "model sym nu=2 p=20 H=10; series analyze" > /dev/null 2> "$tmp/e" && bad "no series: refused"
check "no series: one line saying so" 'grep -q "no series yet" "$tmp/e"'
exit $fail
