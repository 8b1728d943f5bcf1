#!/bin/sh
# solution_commands.sh - sum, solutions and blowup end to end: CSV layouts,
# the choice auto makes (and says), refusals with the reason, and numbers
# checked against the simulation of the same run (never stored outputs).
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
g() { "$GFD" --no-init --csv -c "$1"; }
# max relative difference between column $2 of file $1 and column $4 of file $3 (same rows)
maxrel() { paste -d, "$1" "$3" | awk -F, -v a="$2" -v b="$4" -v n="$(head -n 1 "$1" | tr ',' '\n' | wc -l)" '
  NR > 1 && $a != "" { d = $a - $(n + b); if (d < 0) d = -d; s = $a < 0 ? -$a : $a; r = d / s; if (r > m) m = r }
  END { printf "%.3g", m + 0 }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; }

# 1. solutions: the default model is SYM nu=2 (identity target)
g 'solutions' > "$tmp/sol.csv" 2> "$tmp/err" || bad "solutions exits 0"
check "solutions header" '[ "$(head -n 1 "$tmp/sol.csv")" = "solution,applies,reason" ]'
check "sym2-exact applies exactly" 'grep -q "^sym2-exact,exact," "$tmp/sol.csv"'
check "ascent does not apply to nu=2, with the reason" 'grep -q "^ascent,no,.*nu >= 4" "$tmp/sol.csv"'
check "seven solutions listed" '[ "$(tail -n +2 "$tmp/sol.csv" | wc -l)" -eq 7 ]'
g 'solutions ascent' > "$tmp/one.csv" || bad "solutions NAME exits 0"
check "solutions NAME: key,value rows with the formula" 'head -n 1 "$tmp/one.csv" | grep -qx "key,value" && grep -q "^formula," "$tmp/one.csv"'
g 'solutions nosuch' > /dev/null 2> "$tmp/err" && bad "an unknown solution is an error"
check "unknown solution: the error names it" 'grep -q "unknown solution nosuch" "$tmp/err"'

# 2. sum needs a grid; a failed sum leaves no curve behind
g 'sum' > /dev/null 2> "$tmp/err" && bad "sum without a run fails"
check "sum without a run: the error says what to do" 'grep -q "no time grid" "$tmp/err"'

# 3. sum on a descent run: auto picks sym2-exact, and it matches the simulation
g 'flow run T=0.5 points=11 seeds=2' > "$tmp/flow.csv"
g 'flow run T=0.5 points=11 seeds=2; sum' 2> "$tmp/note" | sed -n '/^t,summed/,$p' > "$tmp/sum.csv"
check "sum header" '[ "$(head -n 1 "$tmp/sum.csv")" = "t,summed,summed_excess" ]'
check "sum: one row per grid point" '[ "$(tail -n +2 "$tmp/sum.csv" | wc -l)" -eq 11 ]'
check "auto says it picked sym2-exact and why" 'grep -q "sum: sym2-exact.*exact at every size.*2 seeds" "$tmp/note"'
r=$(maxrel "$tmp/sum.csv" 2 "$tmp/flow.csv" 2)
# integrator rtol 1e-10; the exact formula is exact (test_solution_sym2 measures 1e-13)
check "summed loss = simulated mean loss (rel $r <= 1e-8)" 'lt "$r" 1e-8'
r=$(maxrel "$tmp/sum.csv" 3 "$tmp/flow.csv" 4)
check "summed excess = simulated mean excess (rel $r <= 1e-8)" 'lt "$r" 1e-8'

# 4. refusals: a solution outside its domain is not drawn
g 'flow run T=0.5 points=5; sum solution=ascent' > /dev/null 2> "$tmp/err" && bad "sum solution=ascent on nu=2 fails"
check "  with the reason" 'grep -q "ascent does not apply: needs SYM with an even nu >= 4" "$tmp/err"'
g 'model sym nu=3 p=20 H=4 sigma=0.3; flow run T=0.1 points=5; sum method=characteristics' > /dev/null 2> "$tmp/err" &&
  bad "characteristics on nu=3 fails"
check "  characteristics says where it is implemented" 'grep -q "implemented for SYM nu=2" "$tmp/err"'
g 'model sym nu=4 p=200 H=1 sigma=0.02; flow run T=1 points=5; sum solution=ascent' > /dev/null 2> "$tmp/err" &&
  bad "the ascent law forward in time fails"
check "  the ascent law refuses t > 0 and says why" 'grep -q "only for ascent" "$tmp/err"'
g 'flow run T=0.5 points=5; sum method=explicit solution=sym2-mp N=4' > /dev/null 2> "$tmp/err" &&
  bad "N= with method=explicit is an error"

# 5. Pade and the MP limit on the same grid (p = 100: the limit is within a few %)
g 'flow run T=0.05 points=6; sum method=pade N=16' 2> "$tmp/note" | sed -n '/^t,summed/,$p' > "$tmp/pade.csv"
check "pade: header t,summed" '[ "$(head -n 1 "$tmp/pade.csv")" = "t,summed" ]'
check "pade says so" 'grep -q "Pade \[" "$tmp/note"'
g 'flow run T=0.05 points=6' > "$tmp/f6.csv"
r=$(maxrel "$tmp/pade.csv" 2 "$tmp/f6.csv" 2)
# inside the radius (|t| = 0.05 < 0.1) the [8/8] of the exact instance series is
# as good as the series itself
check "pade inside the radius = simulation (rel $r <= 1e-6)" 'lt "$r" 1e-6'
g 'flow run T=0.5 points=6; sum solution=sym2-mp' 2> /dev/null | sed -n '/^t,summed/,$p' > "$tmp/mp.csv"
g 'flow run T=0.5 points=6' > "$tmp/f6b.csv"
r=$(maxrel "$tmp/mp.csv" 2 "$tmp/f6b.csv" 2)
check "sym2-mp vs one instance at p = 100 (rel $r <= 0.05)" 'lt "$r" 0.05'
g 'flow run T=0.5 points=6; sum method=characteristics' 2> "$tmp/chn" | sed -n '/^t,summed/,$p' > "$tmp/ch.csv"
r=$(maxrel "$tmp/ch.csv" 2 "$tmp/mp.csv" 2)
check "characteristics = the MP closed form (rel $r <= 1e-8)" 'lt "$r" 1e-8'
check "characteristics: says the foot-point map stayed one-to-one (no caustic)" \
  'tr "\n" " " < "$tmp/chn" | grep -q "no caustic on the grid"'
g 'flow run T=0.5 points=6; solutions sym2-mp' 2> /dev/null > "$tmp/sol"
check "solutions sym2-mp: a characteristics row saying whether they cross on the run's grid" \
  'grep -q "^characteristics,.*no caustic on the grid" "$tmp/sol"'

# 6. blowup: simulation, exact per seed, limit, series side by side
g 'ascent run T=-0.2 points=11 seeds=3; blowup' 2> "$tmp/note" | sed -n '/^source,/,$p' > "$tmp/bl.csv"
check "blowup header" '[ "$(head -n 1 "$tmp/bl.csv")" = "source,t_star,t_lo,t_hi,status,verdict" ]'
for src in "simulation seed=1" "simulation mean" sym2-exact sym2-mp domb-sykes pade; do
  check "blowup has a row for $src" 'grep -q "^$src," "$tmp/bl.csv"'
done
sim=$(grep '^simulation mean,' "$tmp/bl.csv" | cut -d, -f2)
ex=$(grep '^sym2-exact,' "$tmp/bl.csv" | cut -d, -f2)
r=$(awk -v a="$sim" -v b="$ex" 'BEGIN { d = (a - b) / b; if (d < 0) d = -d; printf "%.3g", d }')
check "sym2-exact t* = simulated mean t* (rel $r <= 1e-6)" 'lt "$r" 1e-6'
check "the criterion is printed" 'grep -q "lambda_max = .* > kappa = 1: divergent" "$tmp/note"'
check "3/3 diverged" 'grep -q "^simulation mean,.*,3/3 diverged" "$tmp/bl.csv"'

# 7. nu = 4: the kappa4 criterion on both sides
g 'model sym nu=4 p=1000 H=1 sigma=0.0074; ascent run T=-2500 points=11 seeds=2; blowup' 2> "$tmp/note" > /dev/null ||
  bad "nu=4 blowup exits 0"
check "kappa4 = 3.0 > kappa_c: divergent" 'grep -q "kappa4 = 2.99.* > kappa_c = 2.077809448: divergent" "$tmp/note"'
g 'model sym nu=4 p=1000 H=1 sigma=0.0055; ascent run T=-2500 points=5 seeds=2; blowup' 2> "$tmp/note" | \
  sed -n '/^source,/,$p' > "$tmp/b4.csv"
check "kappa4 = 0.92 <= kappa_c: convergent" 'grep -q "kappa4 = 0.91.* <= kappa_c = 2.077809448: convergent" "$tmp/note"'
check "  and the ascent row says convergent" 'grep -q "^ascent,,,,,convergent" "$tmp/b4.csv"'
exit $fail
