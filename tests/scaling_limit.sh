#!/bin/sh
# scaling_limit.sh - `series source=limit` by the recurrences of gfd-theory(7) 5.1 /
# 5.4 from the shell: order 60 for SYM nu=2 (the diagrams overflow near 15)
# and Domb-Sykes on those 60 coefficients recovers the Marchenko-Pastur
# blow-up time t* = ln(1 - 1/b)/4, b = s (1 + sqrt c)^2 (c = 1/2, s = 1:
# -0.105073); SYM nu=4 at the ascent scaling to order 30 (the diagrams take
# minutes beyond order 5).
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

MP='scaling a=1 b=-1 CH=1/2; model sym nu=2 p=200'
"$GFD" --no-init -c "$MP; series source=limit N=60; echo @csv; set format csv; blowup" > "$tmp/out" 2> "$tmp/err" ||
  bad "series source=limit N=60; blowup exits 0: $(cat "$tmp/err")"
check "the limit series comes from the gfd-theory(7) 5.1 recurrence" 'grep -q "gfd-theory(7) 5.1: Marchenko-Pastur" "$tmp/err"'
check "  checked against the diagrams on the orders they reach" 'grep -q "matches the diagrams on orders 0..4" "$tmp/err"'
sed '1,/^@csv$/d' "$tmp/out" > "$tmp/b.csv"
ds=$(awk -F, '$1 == "domb-sykes" { print $2 }' "$tmp/b.csv")
lo=$(awk -F, '$1 == "domb-sykes" { print $3 }' "$tmp/b.csv")
hi=$(awk -F, '$1 == "domb-sykes" { print $4 }' "$tmp/b.csv")
# exact: b = (1 + sqrt(1/2))^2, t* = ln(1 - 1/b)/4
ts=$(awk 'BEGIN { b = (1 + sqrt(0.5))^2; printf "%.12f", log(1 - 1/b) / 4 }')
echo "     domb-sykes t* = $ds in [$lo, $hi], exact $ts"
# gfd-theory(7) 5.5: the three-term fit on 60 exact coefficients is good to ~2e-5
# (measured 3.8e-6); the issue asks for 1e-4
check "Domb-Sykes on 60 limit coefficients: t* within 2e-5 of $ts" \
  'awk -v x="$ds" -v y="$ts" "BEGIN { d = x - y; if (d < 0) d = -d; exit !(d < 2e-5) }"'
check "  and its bracket contains the exact t*" 'awk -v l="$lo" -v h="$hi" -v y="$ts" "BEGIN { exit !(l <= y && y <= h) }"'
check "  status ok, verdict divergent" 'grep -q "^domb-sykes,.*,ok,divergent$" "$tmp/b.csv"'

# SYM nu=4 ascent scaling (kappa4 = Cs^2 = 4): order 30 of the excess's limit
"$GFD" -q --no-init -c 'scaling a=0 b=-3/2 Cs=2; model sym nu=4 p=2000; set format csv; series source=limit N=30' \
  > "$tmp/s4" 2> "$tmp/err" || bad "SYM nu=4 series source=limit N=30 exits 0: $(cat "$tmp/err")"
check "nu=4: 31 coefficients, all finite" \
  '[ "$(tail -n +2 "$tmp/s4" | awk -F, "\$2 != \"\" && \$2 == \$2 + 0" | wc -l)" -eq 31 ]'
"$GFD" --no-init -c 'scaling a=0 b=-3/2 Cs=2; model sym nu=4 p=2000; series source=limit N=30' > /dev/null 2> "$tmp/err"
check "nu=4: from the gfd-theory(7) 5.4 recurrence" 'grep -q "gfd-theory(7) 5.4: nu=4 mean-field moment recurrence" "$tmp/err"'
# c_0 of the excess in L units: p^E0 CH Cs^2 Ck (kappa4/2 - 3) = 2000^-2 * 4 * (-1),
# the double nearest -1e-6 exactly (CSV numbers are the shortest exact form)
check "nu=4: c_0 = -4 p^-2 = -1e-6" '[ "$(awk -F, "\$1 == 0 { print \$2 }" "$tmp/s4")" = -1e-06 ]'

# where no recurrence applies, the diagrams still answer (a < 1 balance line)
"$GFD" --no-init -c 'model sym nu=2 p=64; scaling a=1/2 b=-3/4 Cs=1/2; series source=limit N=3' > /dev/null 2> "$tmp/err" ||
  bad "diagram route exits 0"
check "no recurrence at a = 1/2: no recurrence note" '! grep -q "recurrence" "$tmp/err"'
exit $fail
