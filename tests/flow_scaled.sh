#!/bin/sh
# flow_scaled.sh - runs in the units of a scaling limit and the plot's units:
#  - `flow/ascent run scaled=yes` takes T in tau = p^g t and divides each
#    quantity by its own p^E0 (loss by the loss's, excess by the excess's);
#  - the plot after a scaled run shows the quantity the limit follows, on
#    tau, and converts t-unit curves (sum) into the same units;
#  - y tick labels tell the ticks apart on a flat loss, and `plot y=excess`
#    shows the excess;
#  - a sweep over an exponent says that E0 and g change per column.
# Values are compared between the scaled and the plain run of the same
# instances (the same numbers divided by p^E0), never with stored output.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
# SETUP in text, then CMDS in CSV: what follows the switch is the table alone
gs() {
  "$GFD" -q --no-init -c "$1; echo @csv; set format csv; $2" > "$tmp/raw" 2> "$tmp/err" || return 1
  sed '1,/^@csv$/d' "$tmp/raw"
}
# |x - y| <= tol * |y|
close() { awk -v x="$1" -v y="$2" -v t="$3" 'BEGIN { d = x - y; if (d < 0) d = -d; a = y < 0 ? -y : y; exit !(d <= t * a) }'; }
col() { awk -F, -v r="$2" -v c="$3" 'NR == r { print $c }' "$1"; }

# SYM nu=4, H = 1, sigma^2 = 2 p^-3/2: kappa4 = 4, the loss is frozen at p/2
# (E0 = 1) and the limit follows the excess (E0 = -2, g = -3/2)
SETUP='scaling a=0 b=-3/2 Cs=2; model sym nu=4 p=2000'
# tau = -0.004 is t = -0.004 p^(3/2) = -357.77087639996637
gs "$SETUP" 'ascent run scaled=yes T=-0.004 points=3 seeds=2' > "$tmp/s.csv" || bad "scaled ascent run exits 0"
gs "$SETUP" 'ascent run T=-357.77087639996637 points=3 seeds=2' > "$tmp/p.csv" || bad "plain ascent run exits 0"
check "scaled header" '[ "$(head -n 1 "$tmp/s.csv")" = "tau,loss,loss_se,excess,excess_se" ]'
check "T= is tau: the run ends at tau = -0.004" 'close "$(col "$tmp/s.csv" 4 1)" -0.004 1e-12'
check "  and the same instances reach t = -357.77 in the plain run" 'close "$(col "$tmp/p.csv" 4 1)" -357.77087639996637 1e-12'
# each quantity by its own exponent; the same numbers up to rounding (1e-9:
# the adaptive integrator visits the same steps in both runs)
for r in 2 3 4; do
  check "row $r: scaled loss = L / p^1" 'close "$(col "$tmp/s.csv" $r 2)" "$(awk -v v="$(col "$tmp/p.csv" $r 2)" "BEGIN { print v / 2000 }")" 1e-9'
  check "row $r: scaled excess = (L - p/2) / p^-2" \
    'close "$(col "$tmp/s.csv" $r 4)" "$(awk -v v="$(col "$tmp/p.csv" $r 4)" "BEGIN { printf \"%.17g\", v * 4e6 }")" 1e-9'
done
# the excess limit starts at CH Cs^2 Ck (kappa4/2 - 3) = -4: two seeds at
# p = 2000 scatter by ~0.12 (the se column), so 1.0 is ~8 standard errors
check "the scaled excess starts near the limit's -4" 'close "$(col "$tmp/s.csv" 2 4)" -4 0.25'

# the plot after it: tau and the excess scaled by its own p^E0
"$GFD" -q --no-init -c "$SETUP; ascent run scaled=yes T=-0.004 points=9 seeds=2; plot text=yes" > "$tmp/plot" 2> "$tmp/err" ||
  bad "plot after a scaled run exits 0"
check "plot: y axis is the scaled excess" 'grep -q "^excess/p^E0 " "$tmp/plot"'
check "plot: x axis is tau" 'grep -qE "^ +tau " "$tmp/plot"'
# y values: the scaled excess runs from about -4 to +1.2, not L/p^E0 = 0.5 flat
check "plot: y ticks span the excess (a negative tick)" 'grep -qE "^ +-[0-9.]+\+" "$tmp/plot"'

# sum after a scaled run: the summed curve is converted to tau and L/p^E0.
# SYM nu=2 on the balance line a = 1/2, b = -3/4 (g = 1/4, E0 = 1): sym2-exact
# equals the simulation to ~1e-8, so in the exported data the summed block
# must match the simulated block point by point
S2='scaling a=1/2 b=-3/4 Cs=1/2; model sym nu=2 p=256'
"$GFD" -q --no-init -c "$S2; flow run scaled=yes T=1 points=6; sum; series N=4; export gnuplot $tmp/g.gp" > "$tmp/out" 2> "$tmp/err" ||
  bad "scaled flow run; sum; export exits 0"
check "sum says its table is in t units and the plot converts" 'grep -q "the plot converts it" "$tmp/out"'
awk '/^# index 0/ { b = 0 } /^# index 1/ { b = 1 } /^#/ || /^$/ { next } { print b, $1, $2 }' "$tmp/g.gp.dat" > "$tmp/blocks"
check "two blocks of 6 points" '[ "$(grep -c "^0 " "$tmp/blocks")" -eq 6 ] && [ "$(grep -c "^1 " "$tmp/blocks")" -eq 6 ]'
check "the summed block is on the same tau grid and matches (1e-6)" \
  'awk "\$1 == 0 { x[++n] = \$2; y[n] = \$3 } \$1 == 1 { m++; dx = \$2 - x[m]; dy = (\$3 - y[m]) / y[m];
        if (dx < 0) dx = -dx; if (dy < 0) dy = -dy; if (dx > 1e-12 * (x[m] < 0 ? -x[m] : x[m]) || dy > 1e-6) bad = 1 }
        END { exit bad || m != 6 }" "$tmp/blocks"'
check "the tau grid ends at T = 1" 'awk "\$1 == 0 { last = \$2 } END { d = last - 1; exit !(d < 1e-12 && d > -1e-12) }" "$tmp/blocks"'
# the series (t and L units) drawn as L(tau / p^g) / p^E0: p^g = 256^(1/4) = 4
check "the series is drawn in tau and L/p^E0 units" "grep -q '^series(x) = (poly(x \\* 0.25) + 0) / 256\$' \"$tmp/g.gp\""
check "the script labels the axes tau and L/p^E0" "grep -q \"^set xlabel 'tau'\" \"$tmp/g.gp\" && grep -q \"^set ylabel 'L/p^E0'\" \"$tmp/g.gp\""

# a plain run after a scaled sweep: the sweep's runs are converted back to t
# and L with their own factors, the limit curves (scaled units only) are left
# out with a note instead of being drawn on the wrong axis
"$GFD" --no-init -c 'model sym nu=2 p=32; scaling a=1 b=-1 Cs=1/2; set points=5; sweep p=16,32 T=0.3; flow run T=0.3; plot text=yes' \
  > "$tmp/mix" 2> "$tmp/err" || bad "sweep; flow run; plot exits 0"
check "plain frame: axes t and loss" 'grep -q "^loss " "$tmp/mix" && grep -qE "^ t " "$tmp/mix"'
check "  the sweep runs are drawn (converted)" 'grep -q "p=16 .* p=32" "$tmp/mix"'
check "  the limit curve is left out, with a note" 'grep -q "not shown: limit .*scaled units only" "$tmp/err"'

# the newest run decides the frame: a raw run, then a scaled sweep -> tau
# and L/p^E0 with the limit curve drawn, the raw run converted and named
MIX='model sym nu=2 p=32; scaling a=1 b=-1 Cs=1/2; set points=5; flow run T=0.3; sweep p=16,32 T=0.3 scaled=yes'
"$GFD" --no-init -c "$MIX; plot text=yes width=70 height=14" > "$tmp/su" 2> "$tmp/sue" || bad "run; sweep; plot exits 0"
check "run then sweep: scaled frame (tau, L/p^E0)" 'grep -q "^L/p^E0 " "$tmp/su" && grep -qE "^ *tau " "$tmp/su"'
check "  the limit curve is drawn" 'grep -q "xxx limit" "$tmp/su"'
check "  the note names the frame and the converted raw run" \
  'grep -q "plot: units tau, scaled (the newest run: p=32); .plot units=raw. for t units; converted: flow (t units)" "$tmp/sue"'
check "  nothing left out silently" '! grep -q "not shown" "$tmp/sue"'
"$GFD" --no-init -c "$MIX; plot text=yes width=70 height=14 units=raw" > "$tmp/sr" 2> "$tmp/sre" || bad "plot units=raw exits 0"
check "units=raw: axes t and loss" 'grep -q "^loss " "$tmp/sr" && grep -qE "^ t " "$tmp/sr"'
check "  the sweep runs converted, the limit curve named as left out" \
  'grep -q "units t, raw (as asked: flow).*converted: p=16 (tau units), p=32 (tau units); not shown: limit .*scaled units only" "$tmp/sre"'
check "  no limit curve in the legend" '! tail -n 1 "$tmp/sr" | grep -q limit'
"$GFD" -q --no-init -c "$MIX; plot units=raw text=yes; plot units=auto text=yes width=70 height=14" > "$tmp/sa" 2>/dev/null ||
  bad "plot units=auto exits 0"
check "units=auto: the sweep's frame again" '[ "$(grep -c "^L/p^E0 " "$tmp/sa")" -eq 1 ]'
"$GFD" -q --no-init -c "$MIX; plot units=kelvin text=yes" > "$tmp/sb" 2> "$tmp/sbe"
check "units=kelvin: one error line" \
  '[ "$(wc -l < "$tmp/sbe")" -eq 1 ] && grep -q "units=kelvin: unknown value; one of auto, raw, scaled" "$tmp/sbe"'
"$GFD" -q --no-init -c "model sym nu=2 p=32; flow run T=0.3; plot units=scaled text=yes" > /dev/null 2> "$tmp/sne"
check "units=scaled without a scaling: one error line" \
  '[ "$(wc -l < "$tmp/sne")" -eq 1 ] && grep -q "units=scaled needs a scaled run or a scaling" "$tmp/sne"'

# a flat loss: L = p/2 + excess with excess ~1e-6; the tick labels must
# differ, and y=excess shows the excess
F='model sym nu=4 p=2000 H=1 sigma=0.0044006; ascent run T=-1400 seeds=2 points=20'
"$GFD" --no-init -c "$F; plot text=yes" > "$tmp/flat" 2> "$tmp/err" || bad "flat plot exits 0"
grep -E '^ *[-0-9.e]+\+' "$tmp/flat" | sed 's/+.*//; s/ //g' > "$tmp/ticks"
check "flat loss: $(wc -l < "$tmp/ticks") y tick labels, all different" \
  '[ "$(wc -l < "$tmp/ticks")" -ge 3 ] && [ "$(sort -u "$tmp/ticks" | wc -l)" -eq "$(wc -l < "$tmp/ticks")" ]'
check "flat loss: the plot suggests y=excess" 'grep -q "plot y=excess" "$tmp/err"'
"$GFD" -q --no-init -c "$F; plot text=yes y=excess" > "$tmp/ex" 2> "$tmp/err" || bad "plot y=excess exits 0"
check "y=excess: the y axis is the excess" 'grep -q "^excess " "$tmp/ex"'
check "y=excess: ticks of order 1e-6, not 1000" '! grep -qE "^ *1000" "$tmp/ex" && grep -qE "e-[67]\+|0\.00000" "$tmp/ex"'

# a sweep over an exponent: E0 and g differ per column, and it says so
"$GFD" -q --no-init -c 'model sym nu=2 p=32; scaling a=1/2 b=-3/4 Cs=1/2; set points=3; sweep a=1/2,3/4 T=0.2' \
  > "$tmp/sw" 2> "$tmp/err" || bad "sweep a= exits 0"
check "sweep a=: the title says E0 and g are per column" 'grep -q "E0 and g per column" "$tmp/sw"'
check "sweep a=: each column's units listed" 'grep -q "units per column: a=1/2: [a-z-]*[^;]*, tau = p^" "$tmp/sw"'
exit $fail
