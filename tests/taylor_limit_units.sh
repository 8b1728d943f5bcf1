#!/bin/sh
# taylor_limit_units.sh - `series source=limit` printed in t and L units
# without losing digits at high order (issue 20): at p = 8000 the factor
# lfac tfac^n passes 1e-308 near n = 54 (it used to underflow and print -0)
# while the coefficients themselves are ~1e-182.  The SYM nu=4 limit
# coefficients in the scaled units come from the moment recurrence of
# gfd-theory(7) 5.4 and do not depend on p, so the p = 8000 table must equal
# the p = 100 one (where nothing underflows) times (8000/100)^(-2 - 1.5 n),
# the scaling's L and t factors (L = p^-2 L_scaled, tau = p^-1.5 t).
# Tolerance 1e-12 relative (issue 20's criterion; measured 7e-14: one
# rounding per order plus awk's exp/log).
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

for p in 100 8000; do
  "$GFD" --no-init --csv -c "scaling a=0 b=-3/2 Cs=2; model sym nu=4 p=$p; series source=limit N=60" \
    2> "$tmp/e$p" | sed -n '/^n,coef,coef_se$/,$p' > "$tmp/s$p" || bad "p = $p: series exits 0"
done
check "p = 8000: 61 coefficients" '[ "$(tail -n +2 "$tmp/s8000" | wc -l)" -eq 61 ]'
check "p = 8000: no coefficient prints as 0 or -0" '! tail -n +2 "$tmp/s8000" | grep -q "^[0-9]*,-\{0,1\}0,"'
d=$(awk -F, 'NR == FNR { a[$1] = $2; next }
  FNR > 1 { n = $1; x = a[n]; s = x < 0 ? -1 : 1;
    pred = s * exp(log(s * x) - 2 * log(80) - 1.5 * n * log(80));
    r = ($2 - pred) / pred; if (r < 0) r = -r; if (r > m) m = r }
  END { printf "%.3g", m }' "$tmp/s100" "$tmp/s8000")
echo "     largest relative difference from the rescaled p = 100 series: $d"
check "p = 8000, N = 60: every coefficient within 1e-12 of the recurrence's (rescaled p = 100)" \
  'awk -v d="$d" "BEGIN { exit !(d + 0 <= 1e-12) }"'
exit $fail
