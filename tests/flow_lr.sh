#!/bin/sh
# flow_lr.sh - `set lr 1/T`, the paper's time t' = T t: a flow run to T' with
# lr 1/T is the run to T'/T at lr 1 with times multiplied by T (same grid,
# same integration: exact up to that multiplication), blow-up times scale by
# T, series coefficients by T^-n; commands that do not follow it refuse; save
# keeps it; bad values are one-line errors.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
G="$GFD -q --no-init --csv"
M="model sym nu=2 p=10 H=4 sigma=0.3"

# 1. flow run: rows at t' = 4 t, the same losses (bitwise: T'/T = 0.5 exactly)
$G -c "$M; set lr 1/4; flow run T=2 points=5" > "$tmp/a" 2> /dev/null || bad "lr 1/4 flow run exits 0"
$G -c "$M; flow run T=0.5 points=5" > "$tmp/b" 2> /dev/null
check "losses equal, t column x4" \
  '[ "$(awk -F, "NR > 1 {print \$1 / 4, \$2, \$4}" "$tmp/a")" = "$(awk -F, "NR > 1 {print \$1, \$2, \$4}" "$tmp/b")" ]'
check "last row at paper time 2" '[ "$(tail -1 "$tmp/a" | cut -d, -f1)" = 2 ]'

# 2. ascent blow-up time in paper time = 4 x gfd's (relative 1e-15: one exact multiplication)
A="model sym nu=4 p=20 H=3 sigma=0.5"
$G -c "$A; set lr 1/4; ascent run T=-1 points=3; show blowup" 2> /dev/null | awk -F, '$5 == "diverged" {print $2}' > "$tmp/ta"
$G -c "$A; ascent run T=-0.25 points=3; show blowup" 2> /dev/null | awk -F, '$5 == "diverged" {print $2}' > "$tmp/tb"
ta=$(cat "$tmp/ta"); tb=$(cat "$tmp/tb")
check "t*' = 4 t* ($ta vs $tb)" '[ -n "$ta" ] && awk -v a="$ta" -v b="$tb" "BEGIN {d = a - 4 * b; if (d < 0) d = -d; exit !(d <= 1e-15 * -a)}"'

# 3. series: coef_n / 4^n (relative 1e-14: one division by a power of 2, then %.17g)
$G -c "$M; set lr 1/4; series N=4" > "$tmp/sa" 2> /dev/null
$G -c "$M; series N=4" > "$tmp/sb" 2> /dev/null
check "series coef_n(lr 1/4) = coef_n / 4^n" \
  'paste -d, "$tmp/sa" "$tmp/sb" | awk -F, "NR > 1 {w = \$5 / 4^\$1; d = \$2 - w; if (d < 0) d = -d; if (w < 0) w = -w; if (d > 1e-14 * w) bad = 1} END {exit bad}"'
check "series title says paper time (text)" \
  '$GFD -q --no-init -c "$M; set lr 1/4; series N=2" 2> /dev/null | grep -q "paper time"'

# 4. flow step DT in paper time; show state in paper time
$G -c "$M; set lr 1/4; flow run T=1 points=3; flow step 0.5; show state" > "$tmp/st" 2> /dev/null
check "flow step 0.5 after T=1: state at t' = 1.5" '[ "$(tail -1 "$tmp/st" | cut -d, -f2)" = 1.5 ]'

# 5. commands that cannot follow it refuse (one line, exit 1, naming set lr)
for line in "sum" "solutions" "blowup" "sweep p=4,5 T=0.1" "diagrams 2" "show poly 2" "diagram 2.1" \
  "flow run T=1 scaled=yes"; do
  $G -c "$M; scaling a=1 b=-1; set lr 1/4; $line" > /dev/null 2> "$tmp/err"
  rc=$?
  check "'$line' refused: $(cat "$tmp/err")" '[ "$rc" -eq 1 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] && grep -q "set lr 1" "$tmp/err"'
done

# 6. save keeps it, load replays the run in paper time
$G -c "$M; set lr 1/4; flow run T=1 points=3; save $tmp/s.gfd" > /dev/null 2>&1
check "save writes set lr 1/4" 'grep -q "^set lr 1/4$" "$tmp/s.gfd"'
$G -c "load $tmp/s.gfd; show" 2> /dev/null | grep "^lr," > "$tmp/l"
check "load restores lr" 'grep -q "^lr,1/4," "$tmp/l"'
$G -c "$M; set lr 1/4; set lr 1; flow run T=0.5 points=3" > "$tmp/one" 2> /dev/null
$G -c "$M; flow run T=0.5 points=3" > "$tmp/two" 2> /dev/null
check "set lr 1 is the default again" 'cmp -s "$tmp/one" "$tmp/two"'

# 7. bad values: one line, lr unchanged
for v in 4 1/0 1/-2 1/nan 2/3 1/ abc; do
  $G -c "set lr 1/8; set lr $v" > /dev/null 2> "$tmp/err"
  rc=$?
  check "set lr $v refused: $(cat "$tmp/err")" '[ "$rc" -eq 1 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ]'
done
$G --no-bail -c "set lr 1/8; set lr 1/0; show" 2> /dev/null | grep -q "^lr,1/8," && ok "lr unchanged after a bad value" ||
  bad "lr unchanged after a bad value"
exit $fail
