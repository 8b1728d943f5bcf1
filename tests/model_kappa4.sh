#!/bin/sh
# model_kappa4.sh - `model ... kappa4=K` sets sigma of SYM nu=4 from
# kappa4 = sigma^4 (p^3 + 3 (H-1) p) / kappa (the definition help scaling and
# the man page give too); bad input is a one-line error that leaves the model
# as it was.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
kv() { awk -F, -v k="$1" '$1 == k {print $2}' "$2"; }
# |x - y| <= tol |y|
near() { awk -v x="$1" -v y="$2" -v t="$3" 'BEGIN {d = x - y; if (d < 0) d = -d; if (y < 0) y = -y; exit !(d <= t * y)}'; }

# 1. sigma from kappa4 at p, H, kappa; show model reports kappa4 back
"$GFD" -q --no-init --csv -c "model sym nu=4 p=300 H=5 kappa=2 kappa4=3; show model" > "$tmp/m" 2> "$tmp/err" ||
  bad "model kappa4= exits 0"
s=$(kv sigma "$tmp/m")
want=$(awk 'BEGIN {printf "%.17g", (3 * 2 / (300^3 + 3 * 4 * 300))^0.25}')
check "sigma = (kappa4 kappa / (p^3 + 3 (H-1) p))^(1/4) = $want" 'near "$s" "$want" 1e-14'
check "show model: kappa4 = 3" 'near "$(kv kappa4 "$tmp/m")" 3 1e-12'
# the keys are read first, kappa4 last: the order on the line does not matter
"$GFD" -q --no-init --csv -c "model kappa4=3 sym nu=4 kappa=2 H=5 p=300; show model" > "$tmp/m2" 2> /dev/null
check "key order does not matter" '[ "$(kv sigma "$tmp/m2")" = "$s" ]'
# H = 1: the (H-1) part vanishes, sigma^4 p^3 = kappa4
"$GFD" -q --no-init --csv -c "model sym nu=4 p=2000 H=1 kappa4=1.9; show model" > "$tmp/m" 2> /dev/null
check "H = 1: sigma^4 p^3 = kappa4" 'near "$(awk -F, "\$1 == \"sigma\" {printf \"%.17g\", \$2^4 * 2000^3}" "$tmp/m")" 1.9 1e-12'
# with a scaling set, kappa4= overrides the scaling's sigma like sigma= would
"$GFD" -q --no-init --csv -c "scaling a=0 b=-3/2; model sym nu=4 p=400 kappa4=2.5; show model" > "$tmp/m" 2> /dev/null
check "kappa4= wins over the scaling's sigma" 'near "$(kv kappa4 "$tmp/m")" 2.5 1e-12'

# 2. bad input: one line on stderr, exit 1, the model unchanged
base="model sym nu=4 p=50 H=2 sigma=0.1"
for bad_line in "model kappa4=0" "model kappa4=-1" "model kappa4=abc" "model nu=3 kappa4=2" \
  "model asym kappa4=2" "model kappa4=2 sigma=0.2" "model target=zero kappa4=2"; do
  "$GFD" -q --no-init --csv -c "$base; $bad_line" > /dev/null 2> "$tmp/err"
  rc=$?
  check "'$bad_line' fails with exit 1" '[ "$rc" -eq 1 ]'
  check "'$bad_line': one error line" '[ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q "error: .*kappa4" "$tmp/err"'
  "$GFD" -q --no-init --csv --no-bail -c "$base
$bad_line
show model" > "$tmp/m" 2> /dev/null
  check "'$bad_line' leaves the model unchanged" \
    '[ "$(kv nu "$tmp/m")" = 4 ] && [ "$(kv sigma "$tmp/m")" = 0.1 ] && [ "$(kv kind "$tmp/m")" = sym ]'
done

# 3. one definition: help scaling and help model say (H-1), nowhere 3Hp
"$GFD" --no-init -c "help model" > "$tmp/h" 2>&1
check "help model defines kappa4 with (H-1)" 'tr "\n" " " < "$tmp/h" | grep -q "kappa4 = sigma^4 (p^3 + 3 (H-1) p) / kappa"'
"$GFD" --no-init -c "help scaling" > "$tmp/h" 2>&1
check "help scaling: (H-1), not 3Hp" 'tr "\n" " " < "$tmp/h" | grep -q "p^3 + 3 (H-1) p" && ! grep -q "3Hp" "$tmp/h"'
# 4. solutions ascent defines every symbol of its formula with the same kappa4,
# and no help, tour or solution text cites a document the program does not ship
"$GFD" -q --no-init -c "model sym nu=4 p=300 kappa4=3; solutions ascent" > "$tmp/sa" 2>&1
flat=$(tr "\n" " " < "$tmp/sa" | sed "s/  */ /g")
for sym in "tau = nu kappa sigma^(nu-2) t" "Lnorm = (L - kappa^2 p/2)/(H p sigma^nu kappa)" "x ~ N(0, 1)" \
  "g(b) = E[" "k(b) = E[" "G(b) = int_0^b" "D = 1 - (nu/(nu-2)) kappa_nu G(b)" \
  "kappa4 = sigma^4 (p^3 + 3 (H-1) p)/kappa" "kappa_c(nu) = (nu-2)/(nu G(inf))"; do
  check "solutions ascent defines: $sym" 'echo "$flat" | grep -qF "$sym"'
done
check "solutions ascent: no section number of an outside document" '! grep -q "^theory" "$tmp/sa"'
"$GFD" -q --no-init -c "help all" > "$tmp/hall" 2>&1
cmds=$(awk '/^  [a-z]/ {print $1 ($2 ~ /^[a-z]+$/ ? " " $2 : "")}' "$tmp/hall" | sort -u)
: > "$tmp/helps"
echo "$cmds" | while read -r c; do "$GFD" -q --no-init -c "help $c" >> "$tmp/helps" 2>&1; done
check "no help text cites THEORY or DESIGN" '[ -s "$tmp/helps" ] && ! grep -q "THEORY\|DESIGN" "$tmp/helps"'
check "no tour cites THEORY" '! grep -l "THEORY" "${GFD_SRCDIR:-.}"/share/gfd/examples/*.gfd 2> /dev/null | grep -q .'
exit $fail
