#!/bin/sh
# scaling_truth.sh - the regime points of issue 12 end to end: `show regime`
# labels and reasons, the same labels from `map` (a one-cell map at the point,
# and one grid holding several of them), and `regime` printing an exact
# leading coefficient that does not fit as a decimal (never truncated).
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
kv() { awk -F, -v k="$1" '$1 == k {print $2}' "$2"; }
# the CSV of `show regime` and of a one-cell map for MODEL at a, b (Cs as given)
at() { # MODEL A B CS
  "$GFD" -q --no-init --csv -c "model $1; scaling a=$2 b=$3 Cs=$4; show regime" > "$tmp/r" 2> "$tmp/err" ||
    { bad "show regime for $1 a=$2 b=$3 exits 0"; cat "$tmp/err"; }
  "$GFD" -q --no-init --csv -c "model $1; scaling a=$2 b=$3 Cs=$4; map a=$2:$2:1 b=$3:$3:1" > "$tmp/m" 2> "$tmp/err" ||
    bad "map for $1 a=$2 b=$3 exits 0"
  maploss=$(awk -F, 'NR == 2 {print $3}' "$tmp/m")
  "$GFD" -q --no-init --csv -c "model $1; scaling a=$2 b=$3 Cs=$4; map a=$2:$2:1 b=$3:$3:1 of=excess" > "$tmp/m" 2> /dev/null
  mapexcess=$(awk -F, 'NR == 2 {print $3}' "$tmp/m")
}
# POINT LABEL KEY WANT: show regime's KEY and the map agree on WANT
agree() {
  got=$(kv "$2" "$tmp/r") want=$3
  check "$1: $2 = $3" '[ "$got" = "$want" ]'
  if [ "$2" = excess_regime ]; then m=$mapexcess; else m=$maploss; fi
  check "$1: map says $3 too" '[ "$m" = "$want" ]'
}
# the reason (a quoted CSV field) contains TEXT
reason_has() { grep '^reason,' "$tmp/r" | grep -q "$1"; }

# ASYM nu=2, a = 2: the NTK wedge below the balance line, its lower edge, frozen
at "asym nu=2" 2 -7/4 1
agree "ASYM nu=2 a=2 b=-7/4" regime ntk
check "  ... below the balance line" '[ "$(kv balance "$tmp/r")" = below ]'
check "  ... the reason names the NTK wedge" 'reason_has "NTK wedge"'
at "asym nu=2" 2 -2 1
agree "ASYM nu=2 a=2 b=-2" regime mf-over
check "  ... the reason names the wedge's lower edge" 'reason_has "lower edge"'
at "asym nu=2" 2 -9/4 1
agree "ASYM nu=2 a=2 b=-9/4" regime frozen

# SYM nu=3, a > 1: never frozen
at "sym nu=3" 3/2 0 1
agree "SYM nu=3 a=3/2 b=0" regime multi-scale
check "  ... bulk free on tau = p^2 t" '[ "$(kv bulk_regime "$tmp/r")" = free ] && [ "$(kv time_exponent_exact "$tmp/r")" = 2 ]'
check "  ... fast part: p^5/2 t, weight p^-1" \
  '[ "$(kv fast_time_exponent_exact "$tmp/r")" = 5/2 ] && [ "$(kv fast_weight_exponent_exact "$tmp/r")" = -1 ]'
at "sym nu=3" 3 -1 1
agree "SYM nu=3 a=3 b=-1" regime multi-scale
check "  ... fast part: p^2 t" '[ "$(kv fast_time_exponent_exact "$tmp/r")" = 2 ]'

# free evolution on the floor ||y||^2/2
at "sym nu=2" 0 -1/2 1
agree "SYM nu=2 a=0 b=-1/2" regime free
check "  ... on the floor" '[ "$(kv floor "$tmp/r")" = yes ] && reason_has "on the floor"'
agree "SYM nu=2 a=0 b=-1/2" excess_regime free
at "asym nu=3" 3/2 -7/6 1
agree "ASYM nu=3 a=3/2 b=-7/6" regime free
check "  ... on the floor" '[ "$(kv floor "$tmp/r")" = yes ]'

# below the line: the loss on the floor, the excess target-driven
at "sym nu=2" 1/2 -1 1/2
agree "SYM nu=2 a=1/2 b=-1 Cs=1/2" excess_regime mf-under
agree "SYM nu=2 a=1/2 b=-1 Cs=1/2" regime frozen
at "sym nu=4" 0 -3/2 1/2
agree "SYM nu=4 a=0 b=-3/2 Cs=1/2" excess_regime mf-under
agree "SYM nu=4 a=0 b=-3/2 Cs=1/2" regime frozen

# SYM nu=3 below the balance line with a = 3 > nu - 1, b = -7/4: the loss is
# not frozen (regime: multi-scale, every order lazy), and a simulation agrees:
# p = 8, H = p^3, sigma^2 = p^-7/4, k = 18 H sigma^4 = 6.36: by k t = 1 the loss
# has fallen to about e^-2 of its start (frozen would keep it near 1)
at "sym nu=3" 3 -7/4 1
agree "SYM nu=3 a=3 b=-7/4" regime multi-scale
"$GFD" -q --no-init --csv -c "model sym nu=3 p=8 H=512 sigma=0.16212; flow run T=0.157 points=3 seeds=2" > "$tmp/f" 2> /dev/null
check "  ... simulated: L(1/k)/L(0) < 0.2" 'awk -F, "NR == 2 {L0 = \$2} END {exit !(\$2 / L0 < 0.2)}" "$tmp/f"'

# one grid: ASYM nu=2 at a = 2, b from -9/4 to -7/4 (frozen, mf-over, ntk)
"$GFD" -q --no-init --csv -c "model asym nu=2; map a=2:2:1 b=-9/4:-7/4:3" > "$tmp/m" 2> /dev/null
check "map column a=2: b=-9/4 Z, -2 O, -7/4 N" \
  '[ "$(awk -F, "NR > 1 {printf \"%s \", \$3}" "$tmp/m")" = "frozen mf-over ntk " ]'
# the text map: lower-case f on the balance line for SYM nu=2, a = 0
"$GFD" -q --no-init -c "model sym nu=2; map a=0:0:1 b=-1/2:-1/2:1" > "$tmp/t" 2> /dev/null
check "text map: f on the line at a=0 (free on the floor)" 'grep -q "^ *-1/2 | f$" "$tmp/t"'
check "text map legend names multi-scale and the wedge" 'grep -q "M" "$tmp/t" && tr "\n" " " < "$tmp/t" | grep -q "NTK *wedge"'

# exact leading coefficients for any prefactor: C_0 = Cs^4/2 - 3 Cs^2 = -4.18
"$GFD" -q --no-init -c "scaling a=0 b=-3/2 Cs=1.48324; model sym nu=4 p=500; regime" > "$tmp/t" 2> "$tmp/err" ||
  bad "regime at Cs=1.48324 exits 0"
check "excess C_0 = -4.18 (not a truncated rational)" 'grep -q "C_0 = -4.18$" "$tmp/t"'
check "the note says long C_n are decimals" 'grep -q "shown to 6 digits" "$tmp/t"'
check "no line of the analysis wider than 80 columns" '[ "$(sed -n "/^regime of/,\$p" "$tmp/t" | awk "length > 80" | wc -l)" -eq 0 ]'
"$GFD" -q --no-init --csv -c "scaling a=0 b=-3/2 Cs=1.48324; model sym nu=4 p=500; regime" > "$tmp/c" 2> /dev/null
check "CSV keeps C_0 exact: -3265625560999685279/781250000000000000" \
  'grep -q "^0,excess,-2,,-3265625560999685279/781250000000000000," "$tmp/c"'
check "the exact C_0 is -4.18 to 1e-6" \
  'awk -F, "\$2 == \"excess\" {split(\$5, q, \"/\"); d = q[1] / q[2] + 4.18; exit !(d < 1e-6 && d > -1e-6)}" "$tmp/c"'
# the oracle at the model's sizes: the natural time unit |E L(0) / E L'(0)|
# against gfd-theory(7)'s SYM nu=2 polynomials, the distance to the balance line,
# kappa4/kappa_c for SYM nu=4
"$GFD" -q --no-init --csv -c "model sym nu=2 p=10 H=5 sigma=0.3; show regime a=1 b=-1" > "$tmp/o" 2> /dev/null
want=$(awk 'BEGIN {p = 10; H = 5; s = 0.09;
  L0 = s^2 * p * H * (p + H + 1) / 2 - s * p * H + p / 2;
  L1 = -4 * s^3 * (p^3*H + 3*p^2*H^2 + 3*p^2*H + p*H^3 + 3*p*H^2 + 4*p*H) + 8 * s^2 * (p^2*H + p*H^2 + p*H) - 4 * s * p * H;
  r = L0 / L1; if (r < 0) r = -r; printf "%.17g", r}')
check "oracle: natural time |E L(0)/E L'(0)| = $want"   'awk -F, -v w="$want" "\$1 == \"natural_time\" {d = \$2 - w; if (d < 0) d = -d; exit !(d < 1e-12 * w)}" "$tmp/o"'
check "oracle: of the loss (dynamical at a=1 b=-1)" '[ "$(kv natural_time_of "$tmp/o")" = loss ]'
"$GFD" -q --no-init --csv -c "model sym nu=2 p=10 H=5 sigma=0.3; show regime a=1/2 b=-1" > "$tmp/o" 2> /dev/null
check "oracle: balance distance b - b* = -1 + 3/4" '[ "$(kv balance_distance "$tmp/o")" = -0.25 ]'
"$GFD" -q --no-init --csv -c "model sym nu=4 p=300 H=3 kappa4=3; show regime a=0 b=-3/2" > "$tmp/o" 2> /dev/null
check "oracle: kappa4/kappa_c = 3/2.077809448"   'awk -F, "\$1 == \"kappa4_margin\" {d = \$2 - 3 / 2.077809448; if (d < 0) d = -d; exit !(d < 1e-6)}" "$tmp/o"'
"$GFD" -q --no-init -c "model sym nu=4 p=300 H=3 kappa4=3; regime a=0 b=-3/2" > "$tmp/t" 2> /dev/null
check "regime prints the oracle line" 'grep -q "^oracle (p=300 H=3 " "$tmp/t" && tr "\n" " " < "$tmp/t" | sed "s/  */ /g" | grep -q "kappa_c (ascent blows up in the limit)"'
exit $fail
