#!/bin/sh
# phase_command.sh - `phase`: the estimate comes first, the CSV has one row
# theta,rho,rate,runs per cell (the theta that the integer H gives) and one
# row per column with rho_star = kappa_c/theta (rate, runs empty); rates are 0
# far below the line and 1 far above; a grid over max= is refused with a p
# that fits; bad keys and ranges are one-line errors.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
near() { awk -v x="$1" -v y="$2" -v t="$3" 'BEGIN {d = x - y; if (d < 0) d = -d; if (y < 0) y = -y; exit !(d <= t * y)}'; }

# 1. CSV of a 3 x 3 grid at p = 12, 2 seeds (about a second)
"$GFD" -q --no-init --csv -c "phase theta=1.5:3:3 rho=0.01:20:3 seeds=2 p=12" > "$tmp/c" 2> "$tmp/err" ||
  bad "phase exits 0"
check "header theta,rho,rate,runs" '[ "$(head -1 "$tmp/c")" = "theta,rho,rate,runs" ]'
check "9 cell rows + 3 line rows" '[ "$(wc -l < "$tmp/c")" -eq 13 ]'
check "the estimate on stderr" 'grep -q "^phase: 3 x 3 cells x 2 runs at p = 12" "$tmp/err"'
# theta used: H = round(0.5 * 144 / 3) = 24 -> 1 + 3*24/144 = 1.5; rho exact
check "first cell theta 1.5 rho 0.01 rate 0 runs 2" '[ "$(sed -n 2p "$tmp/c")" = "1.5,0.01,0,2" ]'
check "far below the line (rho 0.01): rate 0" '[ "$(awk -F, "NR > 1 && \$2 == 0.01 && \$3 != 0" "$tmp/c" | wc -l)" -eq 0 ]'
check "far above the line (rho 20): rate 1" '[ "$(awk -F, "NR > 1 && \$2 == 20 && \$3 == 1" "$tmp/c" | wc -l)" -eq 3 ]'
# the line rows: rho_star = 2.07780944847258 / theta
ls=$(awk -F, 'NR > 1 && $3 == "" && $4 == "" && $1 == 3 {print $2}' "$tmp/c")
check "line row at theta 3: rho_star = kappa_c/3 ($ls)" 'near "$ls" 0.69260314949086 1e-12'
# export csv after a text-mode run writes the same table
"$GFD" -q --no-init -c "phase theta=1.5:3:3 rho=0.01:20:3 seeds=2 p=12; export csv $tmp/e.csv" > "$tmp/t" 2> /dev/null
check "export csv = the CSV output" 'cmp -s "$tmp/c" "$tmp/e.csv"'
check "text map: three rows and the axis" '[ "$(grep -c "^ *[0-9.e-]* |" "$tmp/t")" -eq 3 ]'
check "text map marks the line" 'grep -q "\*" "$tmp/t" && grep -q "^limit line rho\*(theta): 1.5:1.385" "$tmp/t"'
check "text map explains finite-p divergence" 'grep -q "largest" "$tmp/t"'

# 2. estimate only; the paper's grid at p = 64 is refused with a p that fits
"$GFD" -q --no-init -c "phase estimate=yes size=paper" > "$tmp/o" 2>&1
check "estimate=yes: one line, H up to 135168" 'grep -q "p = 64 (H up to 135168)" "$tmp/o" && [ "$(wc -l < "$tmp/o")" -eq 1 ]'
"$GFD" -q --no-init -c "phase size=paper" > "$tmp/o" 2> "$tmp/err"
rc=$?
check "size=paper refused (exit 1)" '[ "$rc" -eq 1 ]'
check "refusal: one line naming max= and a smaller p" '[ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q "over max=15 min: try p=[0-9]" "$tmp/err"'

# 3. bad input: one line on stderr, exit 1
for line in "phase theta=3:2:4" "phase rho=1:2:0" "phase nu=5" "phase nu=3" "phase theta=nan:2:3" "phase rho=0:1:3" \
  "phase theta=1:2:3" "phase theta=2:3" "phase seeds=0" "phase tau=1" "phase p=64 size=small" "phase foo=1" \
  "phase p=1" "phase rho=1:inf:3" "phase theta=2:2:3"; do
  "$GFD" -q --no-init -c "$line" > /dev/null 2> "$tmp/err"
  rc=$?
  check "'$line': exit 1, one line: $(head -1 "$tmp/err")" '[ "$rc" -eq 1 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ]'
done
exit $fail
