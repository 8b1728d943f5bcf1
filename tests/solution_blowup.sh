#!/bin/sh
# solution_blowup.sh - the blow-up comparison is honest about what each
# source can say:
#  - many units (SYM nu=4): the largest unit blows up first; the largest-unit
#    estimate is close to the simulation, the limit law is not, and both the
#    reason of `solutions ascent` and `blowup` say so;
#  - Domb-Sykes error bars cover the exact blow-up time of an instance; a Pade
#    pole that nothing corroborates is labelled "pole", not a verdict;
#  - `sum` after a sweep uses the sweep's time range and says so;
#  - text output stays within 80 columns (the reasons are wrapped).
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
gs() {
  "$GFD" --no-init -c "$1; echo @csv; set format csv; $2" > "$tmp/raw" 2> "$tmp/err" || return 1
  sed '1,/^@csv$/d' "$tmp/raw"
}
field() { awk -F, -v s="$2" -v c="$3" '$1 == s { print $c }' "$1"; }
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { print x / y }'; }

# SYM nu=4, p = 50, H = 50: kappa4 = 2.5 (> kappa_c, divergent); the largest
# of 50 units has |u|^2 ~ 1.6 times the mean, sees kappa4 ~ 6 and blows up
# ten times earlier than the limit predicts
M='model sym nu=4 p=50 H=50 sigma=0.0659; ascent run T=-40 seeds=4 points=20'
gs "$M" 'blowup' > "$tmp/b.csv" || bad "blowup exits 0: $(cat "$tmp/err")"
sim=$(field "$tmp/b.csv" "simulation mean" 2)
lim=$(field "$tmp/b.csv" ascent 2)
big=$(field "$tmp/b.csv" "ascent largest unit" 2)
echo "     simulated mean t* $sim, limit law $lim, largest unit $big"
# measured: simulation -1.376 (seeds -1.14..-1.53), largest unit -1.438:
# within 5%; the per-seed spread is ~13%, so 20% is the bound
check "largest-unit estimate within 20% of the simulated mean" \
  'awk -v r="$(ratio "$big" "$sim")" "BEGIN { exit !(r > 0.8 && r < 1.2) }"'
check "the limit law is far off here (over 5 times the simulated t*)" \
  'awk -v r="$(ratio "$lim" "$sim")" "BEGIN { exit !(r > 5) }"'
check "blowup explains it (largest unit first, approaches the limit slowly)" \
  'grep -q "so it blows up first" "$tmp/err" && grep -q "approaches the limit only slowly" "$tmp/err"'
gs 'model sym nu=4 p=50 H=50 sigma=0.0659' 'solutions ascent' > "$tmp/sa.csv" || bad "solutions ascent exits 0"
check "solutions ascent: the reason says the largest unit blows up first" \
  'grep -q "^reason,.*largest.*blows up first.*earlier than the limit" "$tmp/sa.csv"'
check "  and no longer promises an error ~ 1/sqrt(p) on t*" '! grep -q "^reason,.*finite-size error ~ 1/sqrt(p)" "$tmp/sa.csv"'

# SYM nu=2, p = 40, H = 20: the instance's exact t* (sym2-exact) against the
# series estimates of the same instance
gs 'model sym nu=2 p=40 H=20 sigma=0.2' 'blowup N=40' > "$tmp/b2.csv" || bad "blowup N=40 exits 0: $(cat "$tmp/err")"
ex=$(field "$tmp/b2.csv" sym2-exact 2)
lo=$(field "$tmp/b2.csv" domb-sykes 3)
hi=$(field "$tmp/b2.csv" domb-sykes 4)
echo "     exact t* $ex, domb-sykes bracket [$lo, $hi]"
check "the Domb-Sykes bracket contains the exact t*" 'awk -v l="$lo" -v h="$hi" -v y="$ex" "BEGIN { exit !(l <= y && y <= h) }"'
# the Pade [10/10] pole lies 32% away from the exact t*: an estimate only
check "an uncorroborated Pade pole is a 'pole', not 'divergent'" 'grep -q "^pade,.*,pole$" "$tmp/b2.csv"'
check "  and the note says so" 'grep -q "pade: pole at t = .* an estimate, not a verdict" "$tmp/err"'

# sum after a sweep: the sweep's time range, with a note
gs 'model sym nu=2 p=20 H=10 sigma=0.2; set points=4; sweep seeds=1,2 T=0.5' 'sum' > "$tmp/sum.csv" ||
  bad "sum after a sweep exits 0: $(cat "$tmp/err")"
check "sum after a sweep: 4 rows from t = 0 to 0.5" \
  '[ "$(tail -n +2 "$tmp/sum.csv" | wc -l)" -eq 4 ] && [ "$(tail -n 1 "$tmp/sum.csv" | cut -d, -f1)" = 0.5 ]'
check "  with a note naming the sweep's range" 'grep -q "using the last sweep.s time range" "$tmp/err"'
"$GFD" -q --no-init -c 'model sym nu=2 p=20 H=10 sigma=0.2; sum' > /dev/null 2> "$tmp/err" && bad "sum with nothing run fails"
check "sum with nothing run: says what to run" 'grep -q "run .flow run T=.... or .ascent run T=.... first" "$tmp/err"'

# 80 columns: solutions (wrapped reasons), blowup notes
"$GFD" -q --no-init -c "$M; solutions; blowup" > "$tmp/t" 2>&1 || bad "text solutions; blowup exits 0"
check "solutions and blowup text: no line over 80 columns" '[ "$(awk "length(\$0) > 80" "$tmp/t" | grep -vc "^sym nu=4 p=")" -eq 0 ]'
exit $fail
