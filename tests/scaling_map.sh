#!/bin/sh
# scaling_map.sh - the regime map is a function of the scaling alone: refining
# the grid keeps the letter (regime) and the exponents at every shared point;
# the CSV layout; the text map marks the balance line.
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

# map ranges and scaling keys read rationals the same way (map a=1e-1:1:3
# was refused while scaling a=1e-1 was accepted): the same map either way
gs "model sym nu=2" "map a=1e-1:1:3 b=-1:0:3" > "$tmp/e.csv" 2> "$tmp/err" || bad "map a=1e-1:1:3 exits 0"
gs "model sym nu=2" "map a=1/10:1:3 b=-1:0:3" > "$tmp/q.csv" 2> "$tmp/err" || bad "map a=1/10:1:3 exits 0"
check "map reads 1e-1 as 1/10" '[ -s "$tmp/e.csv" ] && cmp -s "$tmp/e.csv" "$tmp/q.csv"'

for m in "sym nu=2" "asym nu=2" "asym nu=3"; do
  # coarse grid (steps 1/2 in a, 1/2 in b) and a refined one (steps 1/4, 1/6):
  # the coarse points are a subset of the fine ones
  gs "model $m" "map a=0:3:7 b=-3:0:7" > "$tmp/coarse.csv" 2> "$tmp/err" || bad "$m: coarse map exits 0"
  gs "model $m" "map a=0:3:13 b=-3:0:19" > "$tmp/fine.csv" 2> "$tmp/err" || bad "$m: fine map exits 0"
  check "$m: CSV header" '[ "$(head -n 1 "$tmp/coarse.csv")" = "a,b,regime,time_exponent,loss_exponent" ]'
  check "$m: 49 coarse cells" '[ "$(tail -n +2 "$tmp/coarse.csv" | wc -l)" -eq 49 ]'
  check "$m: 247 fine cells" '[ "$(tail -n +2 "$tmp/fine.csv" | wc -l)" -eq 247 ]'
  # join on (a, b): every coarse row must appear identically in the fine map
  tail -n +2 "$tmp/coarse.csv" | sort > "$tmp/c"
  tail -n +2 "$tmp/fine.csv" | sort > "$tmp/f"
  check "$m: every coarse cell has the same regime and exponents in the fine map" \
    '[ "$(comm -23 "$tmp/c" "$tmp/f" | wc -l)" -eq 0 ]'
  check "$m: several regimes appear" '[ "$(cut -d, -f3 "$tmp/f" | sort -u | wc -l)" -ge 3 ]'
done

# the text map: one letter per cell, the balance line in lower case (SYM nu=2:
# b = -(1+a)/2 for a <= 1, so a = 0, b = -1/2 is on it; gfd-theory(7) section 4)
"$GFD" -q --no-init -c 'model sym nu=2; map a=0:2:5 b=-2:0:5' > "$tmp/text" 2> "$tmp/err" || bad "text map exits 0"
check "text map: legend" 'grep -q "legend: F free evolution" "$tmp/text"'
check "text map: row b = -1/2 starts with a lower-case letter (on the line)" \
  'grep -E "^ +-1/2 \| [a-z] " "$tmp/text" > /dev/null'
check "text map: balance line listed" 'grep -q "balance line b\*(a): a=0: -1/2" "$tmp/text"'
check "text map: 5 rows of 5 letters" '[ "$(grep -cE "^ +-?[0-9/]+ \|([ *][A-Za-z?]){5}$" "$tmp/text")" -eq 5 ]'

# fine tuning: with the default prefactors CH = Cs = Ck = 1, SYM nu=2 starts
# its eigenvalues at the target on the a > 1 balance line (H sigma^2 = 1), so
# the leading face of L(0) cancels and the cells read NTK only because of it:
# they are marked, the legend says what the mark means, the reason names the
# cancellation; with Cs = 2 the same line is mean-field over-parameterised
"$GFD" -q --no-init -c 'model sym nu=2; map a=0:3:13 b=-3:1:17' > "$tmp/tuned" 2> "$tmp/err" || bad "default map exits 0"
check "fine-tuned cells on the a > 1 balance line are marked (*n)" '[ "$(grep -o "\*n" "$tmp/tuned" | wc -l)" -ge 8 ]'
check "  and the legend explains the mark" 'grep -q "\*X: a leading face cancels at these prefactors" "$tmp/tuned"'
"$GFD" -q --no-init -c 'model sym nu=2; scaling a=1 b=-1 Cs=2; map a=0:3:13 b=-3:1:17' > "$tmp/c2" 2> "$tmp/err" ||
  bad "Cs=2 map exits 0"
check "with Cs = 2 no cell is fine-tuned" '! grep -E "^ +-?[0-9/]+ \|" "$tmp/c2" | grep -q "\*"'
check "  and the a > 1 balance line is mean-field over-parameterised (o)" '[ "$(grep -cE "\| .* o( |$)" "$tmp/c2")" -ge 8 ]'
"$GFD" -q --no-init --csv -c 'scaling a=2 b=-2; show regime' > "$tmp/r" 2> "$tmp/err" || bad "show regime exits 0"
check "the reason names the cancellation and the prefactors"   'grep -q "^reason,\"leading face cancels at CH=1, Cs=1, Ck=1 (order.*fine-tuned" "$tmp/r"'
# 80 columns in text mode (the legend and the balance line list are wrapped)
check "text map: no line over 80 columns" '[ "$(awk "length(\$0) > 80" "$tmp/tuned" | wc -l)" -eq 0 ]'
check "  the balance line list is complete (a=3 last)" 'grep -q "a=3: -3$" "$tmp/tuned"'

# bad ranges are errors and name the key
if g 'map a=0:1' > /dev/null 2> "$tmp/err"; then bad "map a=0:1 fails"; else ok "map a=0:1 fails"; fi
check "the error names a=" 'grep -q "a=0:1" "$tmp/err"'
if g 'map b=1:0:3' > /dev/null 2> "$tmp/err"; then bad "map b=1:0:3 fails"; else ok "map b=1:0:3 fails"; fi
exit $fail
