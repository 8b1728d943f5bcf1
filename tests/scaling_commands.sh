#!/bin/sh
# scaling_commands.sh - scaling / show scaling / model p= derivation / regime /
# show regime / series source=limit / sweep end to end; errors leave the
# scaling unchanged.  Numbers are checked against gfd-theory(7) (exponents, closed
# forms) or against each other, never against stored outputs.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
# CSV output: g CMDS runs with --csv; gs SETUP CMDS runs SETUP (model, scaling:
# they report in text) and then CMDS with CSV switched on, and keeps what
# follows the switch: in CSV mode nothing but the table may reach stdout
g() { "$GFD" -q --no-init --csv -c "$1"; }
gs() {
  "$GFD" -q --no-init -c "$1; echo @csv; set format csv; $2" > "$tmp/raw" || return 1
  sed '1,/^@csv$/d' "$tmp/raw"
}
kv() { awk -F, -v k="$1" '$1 == k {print $2}' "$2"; }

# 1. exact exponents, derived sizes
g 'scaling a=1/2 b=-7/6 CH=2 Cs=1/4; show scaling' > "$tmp/s" 2> "$tmp/err" || bad "scaling exits 0"
check "a kept exactly" '[ "$(kv a "$tmp/s")" = 1/2 ]'
check "b kept exactly" '[ "$(kv b "$tmp/s")" = -7/6 ]'
check "Cs kept exactly" '[ "$(kv Cs "$tmp/s")" = 1/4 ]'
# model p=64: H = round(2 * 64^(1/2)) = 16, sigma^2 = 64^(-7/6)/4
gs 'scaling a=1/2 b=-7/6 CH=2 Cs=1/4; model sym nu=2 p=64' 'show model' > "$tmp/m" 2> "$tmp/err"
check "model p=64 derives H = 16" '[ "$(kv H "$tmp/m")" = 16 ]'
check "model p=64 derives sigma^2 = 64^(-7/6)/4" \
  'awk -F, "\$1 == \"sigma2\" {d = \$2 - 0.25 * 64^(-7/6); if (d < 0) d = -d; exit !(d < 1e-15)}" "$tmp/m"'
"$GFD" --no-init -c "scaling a=1/2 b=-1; model sym nu=2 p=64 H=3" > /dev/null 2> "$tmp/err"
check "explicit H= overrides with a notice" 'grep -q "note: H=3 given explicitly" "$tmp/err"'
gs 'scaling a=1/2 b=-1; model sym nu=2 p=64 H=3' 'show model' > "$tmp/m" 2> /dev/null
check "explicit H= is kept" '[ "$(kv H "$tmp/m")" = 3 ]'
gs 'scaling a=-5 b=-1; model sym nu=2 p=64' 'show model' > "$tmp/m" 2> /dev/null
check "H is at least 1" '[ "$(kv H "$tmp/m")" = 1 ]'

# 2. a failed scaling command changes nothing
g 'scaling a=1 b=-1; scaling a=1 b=x; show scaling' > "$tmp/s" 2> "$tmp/err" && bad "scaling b=x fails"
# (--no-bail continues with the next line: one command per line)
nl='
'
"$GFD" -q --no-init --csv --no-bail -c "scaling a=1 b=-1${nl}scaling a=2 b=x${nl}show scaling" 2> /dev/null > "$tmp/s"
check "failed scaling leaves a = 1" '[ "$(kv a "$tmp/s")" = 1 ]'
"$GFD" -q --no-init --csv --no-bail -c "scaling a=1 b=-1${nl}scaling a=2 Cs=-1${nl}show scaling" 2> /dev/null > "$tmp/s"
check "negative prefactor refused, a unchanged" '[ "$(kv a "$tmp/s")" = 1 ]'
g 'scaling a=1 b=-1; scaling off; show scaling' > "$tmp/s" 2> /dev/null
check "scaling off" '[ "$(kv set "$tmp/s")" = no ]'

# 3. show regime: keys, exact values (SYM nu=2 balance line at a = 1/2:
# b = -3/4, loss exponent 1, time exponent (1 - a)/2 = 1/4)
gs 'model sym nu=2; scaling a=1/2 b=-3/4 Cs=1/2' 'show regime' > "$tmp/r" 2> "$tmp/err" || bad "show regime exits 0"
check "show regime header" '[ "$(head -n 1 "$tmp/r")" = key,value ]'
for k in regime loss_exponent time_exponent excess_regime balance; do
  check "show regime has $k" '[ -n "$(kv $k "$tmp/r")" ]'
done
check "on the balance line" '[ "$(kv balance "$tmp/r")" = on ]'
check "time exponent 1/4" '[ "$(kv time_exponent_exact "$tmp/r")" = 1/4 ]'
check "loss exponent 1" '[ "$(kv loss_exponent "$tmp/r")" = 1 ]'
# gfd-theory(7) section 4 (corrected): the loss differs from the zero target only in C_0:
# free evolution on the floor ||y||^2/2, never mean-field
check "regime free (on the floor)" '[ "$(kv regime "$tmp/r")" = free ]'
check "reason says on the floor" 'kv reason "$tmp/r" | grep -q "on the floor"'
check "excess: free evolution" '[ "$(kv excess_regime "$tmp/r")" = free ]'
# (Cs = 1/2: at Cs = 1 the leading faces cancel, gfd-theory(7)'s fine-tuned NTK of SYM nu=2)
gs 'model sym nu=2; scaling a=0 b=-1 Cs=1/2' 'show regime' > "$tmp/r" 2> /dev/null
check "frozen: time exponent empty" '[ "$(kv regime "$tmp/r")" = frozen ] && [ -z "$(kv time_exponent "$tmp/r")" ]'
gs 'model sym nu=2 target=teacher; scaling a=1 b=-1' 'regime' > /dev/null 2> "$tmp/err" && bad "teacher target refused"
check "teacher target: error names the target" 'grep -q "target identity or zero" "$tmp/err"'

# 4. regime (text): about one screen by default, one row per order with the
# leading classes; the Pareto polygons on request
"$GFD" -q --no-init -c 'model sym nu=2; scaling a=1 b=-1 Cs=1/2; regime N=3' > "$tmp/t" 2> "$tmp/err" || bad "regime exits 0"
check "regime names the regime" 'grep -q -- "->  proportional" "$tmp/t"'
check "regime: no polygons by default" '! grep -q "^Pareto polygon" "$tmp/t"'
check "regime: within one 80x24 screen or so ($(wc -l < "$tmp/t") lines)" '[ "$(wc -l < "$tmp/t")" -le 26 ]'
check "regime: no line over 80 columns" '[ "$(awk "length(\$0) > 80" "$tmp/t" | wc -l)" -eq 0 ]'
check "regime: one row per order 0..3" '[ "$(grep -cE "^[0-3]\*? " "$tmp/t")" -eq 4 ]'
check "regime lists leading classes" 'grep -qE "^1\*? .* 1\.[0-9]+" "$tmp/t"'
"$GFD" -q --no-init -c 'model sym nu=2; scaling a=1 b=-1 Cs=1/2; regime N=3 polygons=yes' > "$tmp/t" 2> "$tmp/err" ||
  bad "regime polygons=yes exits 0"
check "regime polygons=yes draws 4 Pareto polygons" '[ "$(grep -c "^Pareto polygon n = " "$tmp/t")" -eq 4 ]'
gs "model sym nu=2; scaling a=1 b=-1" "regime N=3" > "$tmp/c" ||
  bad "regime CSV exits 0"
check "regime CSV: the full per-order table, loss and excess" \
  '[ "$(head -n 1 "$tmp/c")" = "n,quantity,E_n,r_n,C_n,attains,face,ncancelled,limit_coef,leading" ] && [ "$(grep -c ",excess," "$tmp/c")" -eq 1 ]'
"$GFD" -q --no-init -c "model sym nu=2; scaling a=1 b=-1; regime N=3; export csv $tmp/x.csv" > /dev/null ||
  bad "regime; export csv exits 0"
check "export csv after a text regime writes the full table" 'cmp -s "$tmp/c" "$tmp/x.csv"'

# 5. series source=limit: the proportional SYM nu=2 limit L/p starts at
# (1/2) (m2 - 2 m1 + 1) with MP moments m1 = cs, m2 = s^2 (c + c^2):
# c = 1, s = 1/2 -> 1/4; and the first derivative -4 E[x (x-1)^2] = -1/2.
# The series command converts the limit to L(t) at the current p (here
# L = p L_scaled, tau = t): coefficients p/4 = 8 and -p/2 = -16 at p = 32.
gs 'model sym nu=2 p=32; scaling a=1 b=-1 Cs=1/2' 'series source=limit N=3' > "$tmp/l" 2> "$tmp/err" || bad "series source=limit exits 0"
check "limit series c0 = p/4" '[ "$(awk -F, "\$1 == 0 {print \$2}" "$tmp/l")" = 8 ]'
check "limit series c1 = -p/2" '[ "$(awk -F, "\$1 == 1 {print \$2}" "$tmp/l")" = -16 ]'

# 6. sweep over p under the scaling: scaled columns, one per run, plus the
# limit; at tau = 0 every scaled loss is within a few 1/p of the limit 1/4
gs 'model sym nu=2 p=16; scaling a=1 b=-1 Cs=1/2; set points=6' 'sweep p=16,32 T=0.5 seeds=4' > "$tmp/w" 2> "$tmp/err" || bad "sweep exits 0"
check "sweep header" 'head -n 1 "$tmp/w" | grep -q "^tau,p=16,p=32,limit"'
check "sweep: 6 rows" '[ "$(tail -n +2 "$tmp/w" | wc -l)" -eq 6 ]'
# |L/p - 1/4| at t = 0: bias s^2 c/(2p) + seed noise ~0.7/(p sqrt 4): below 2/p
check "sweep: p=32 starts near the limit" \
  'sed -n 2p "$tmp/w" | awk -F, "{d = \$3 - 0.25; if (d < 0) d = -d; exit !(d < 2/32)}"'
gs 'model sym nu=2 p=16 H=4 sigma=0.2; set points=3' 'sweep sigma=0.1,0.2 T=0.2' > "$tmp/w" 2> "$tmp/err" || bad "unscaled sweep exits 0"
check "unscaled sweep header" '[ "$(head -n 1 "$tmp/w")" = "t,sigma=0.1,sigma=0.2" ]'
# a scaled sweep that follows the excess (SYM nu=4, kappa4 = 4): each column
# is the excess from its own terms over p^E0, exactly the excess column of
# the same scaled run (1e-12: the same integration); blow-ups are listed
N4='scaling a=0 b=-3/2 Cs=2; model sym nu=4 p=400; set points=5'
gs "$N4" 'sweep p=100,400 T=-0.006' > "$tmp/w4" || bad "nu=4 sweep exits 0"
gs "$N4" 'ascent run scaled=yes T=-0.006' > "$tmp/r4" || bad "nu=4 scaled run exits 0"
check "sweep column p=400 = the scaled run's excess column" \
  'paste -d, "$tmp/w4" "$tmp/r4" | tail -n +2 | awk -F, "{ d = \$3 - \$9; a = \$9 < 0 ? -\$9 : \$9; if (d < 0) d = -d; if (d > 1e-12 * a) bad = 1 } END { exit bad }"'
"$GFD" -q --no-init -c "$N4; sweep p=100,400 T=-0.006 seeds=2" > "$tmp/w5" 2> "$tmp/err" || bad "nu=4 sweep seeds=2 exits 0"
check "sweep lists the blow-ups behind the blank cells" 'grep -q "^blow-ups (a run.s rows stop before its first one" "$tmp/w5"'
check "  with p=100's first tau*" 'tr "\n" " " < "$tmp/w5" | grep -q "p=100: *1/2 seeds (0.5 +- 0.35), first at *tau\* = -0.00"'
g 'sweep p=16 H=4' > /dev/null 2> "$tmp/err" && bad "two sweep keys refused"
g 'sweep a=1,2' > /dev/null 2> "$tmp/err" && bad "a= sweep without scaling refused"
exit $fail
