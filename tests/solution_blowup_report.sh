#!/bin/sh
# solution_blowup_report.sh - blow-up reports say what the runs support:
# seeds alive at the end are "no blow-up by T" (never "converged") with the
# time they reached; the diverged fraction comes with its binomial standard
# error and the mean t* with its standard error and the bias note; the
# largest-unit estimate speaks only for H > 1 and claims "blows up first" only
# when its t* comes before the limit's; Domb-Sykes on the descent side gives no
# ascent exponent; help blowup's example reaches its own t*.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

# 1. kappa4 = 2.3 just above kappa_c, run to T = -5000: some seeds alive at T
run='model sym nu=4 p=2000 H=1 kappa4=2.3; ascent run T=-5000 points=3 seeds=8'
"$GFD" -q --no-init -c "$run; blowup" > "$tmp/t" 2> "$tmp/err" || bad "blowup exits 0"
"$GFD" -q --no-init --csv -c "$run; blowup" > "$tmp/c" 2> "$tmp/notes" || bad "blowup (CSV) exits 0"
d=$(grep -c '^simulation seed=[0-9]*,.*,diverged$' "$tmp/c")
a=$(grep -c '^simulation seed=[0-9]*,,,,,no blow-up by T$' "$tmp/c")
check "every seed is diverged or no blow-up by T ($d + $a = 8)" '[ $((d + a)) -eq 8 ] && [ "$a" -ge 1 ] && [ "$d" -ge 1 ]'
check "no seed is called converged" '! grep -q converged "$tmp/c" "$tmp/t"'
check "the alive seeds reached t = -5000, the run's end" 'tr "\n" " " < "$tmp/t" | grep -q "reached t = -5000, the end T of the run"'
f=$(awk -v d="$d" 'BEGIN {printf "%.3g", d / 8}')
se=$(awk -v d="$d" 'BEGIN {f = d / 8; printf "%.2g", sqrt(f * (1 - f) / 8)}')
check "fraction $f +- $se (binomial standard error)" \
  'tr "\n" " " < "$tmp/t" | sed "s/  */ /g" | grep -qF "$d of 8 seeds diverged, fraction $f +- $se (binomial standard error"'
check "mean t* with its standard error" 'tr "\n" " " < "$tmp/t" | sed "s/  */ /g" | grep -q "mean t\* over the $d diverged seeds = .* +- .* (standard error)"'
check "the bias note" 'tr "\n" " " < "$tmp/t" | sed "s/  */ /g" | grep -q "biased towards early blow-ups"'
check "the simulation mean row: d/8 diverged" 'grep -q "^simulation mean,.*,$d/8 diverged$" "$tmp/c"'
# the mean row's bracket is mean +- se over the diverged seeds
check "mean row: t_lo, t_hi = mean -+ standard error" 'awk -F, "
  /^simulation seed=.*,diverged\$/ {n++; s += \$2; s2 += \$2 * \$2}
  /^simulation mean,/ {m = s / n; se = sqrt((s2 - n * m * m) / (n - 1) / n);
    d1 = \$2 - m; d2 = \$4 - \$2 - se; exit !(d1 * d1 < 1e-12 * m * m && d2 * d2 < 1e-12 * m * m)}" "$tmp/c"'
# show blowup and the run summary say the same
"$GFD" -q --no-init --csv -c "$run; show blowup" > "$tmp/sb" 2> /dev/null
check "show blowup: status no blow-up by T" '[ "$(grep -c ",no blow-up by T$" "$tmp/sb")" -eq "$a" ]'
"$GFD" -q --no-init -c "$run" > "$tmp/sum" 2> /dev/null
check "run summary: fraction with its standard error" 'tr "\n" " " < "$tmp/sum" | sed "s/  */ /g" | grep -qF "$d of 8 seeds diverged (fraction $f +- $se)"'
# a run where nothing blows up names the time reached
"$GFD" -q --no-init -c "model sym nu=4 p=2000 H=1 kappa4=1; ascent run T=-3000 points=3 seeds=2" > "$tmp/none" 2> /dev/null
check "no blow-up: by t = -3000 on any seed" 'grep -q "^no blow-up by t = -3000 on any seed$" "$tmp/none"'

# 2. one unit: no largest-unit row; Domb-Sykes on the descent side: no exponent
check "H = 1: no largest-unit estimate" '! grep -q "largest unit" "$tmp/c" "$tmp/t"'
if grep -q "^domb-sykes,.*,descent-side$" "$tmp/c"; then
  check "domb-sykes on the descent side: no exponent" \
    'tr "\n" " " < "$tmp/t" | sed "s/  */ /g" | grep "domb-sykes:" | grep -q "descent side" && ! grep -q "gamma" "$tmp/t"'
fi

# 3. many units: the largest unit speaks, and claims "first" only if it is
"$GFD" --no-init --csv -c "model sym nu=4 p=200 H=30 kappa4=2.5; ascent run T=-500 points=3 seeds=4; blowup" \
  > "$tmp/c2" 2> "$tmp/n2"
lu=$(awk -F, '$1 == "ascent largest unit" {print $2}' "$tmp/c2")
li=$(awk -F, '$1 == "ascent" {print $2}' "$tmp/c2")
if [ -n "$lu" ]; then
  check "H = 30: a largest-unit row only if its t* ($lu) comes before the limit's ($li)" \
    'awk -v u="$lu" -v l="$li" "BEGIN {exit !(u > l)}"'
  check "  ... and then it says blows up first" 'tr "\n" " " < "$tmp/n2" | grep -q "blows up first"'
else
  check "H = 30: no row, and no claim that it blows up first" \
    '! tr "\n" " " < "$tmp/n2" | grep -q "blows up first" && grep -q "largest" "$tmp/n2"'
fi

# 4. units: blowup and show blowup name them, and after a scaled run report in
# the run's tau = p^g t (SYM nu=4, a=0, b=-3/2, p=400: tau = p^-3/2 t)
N4='scaling a=0 b=-3/2 Cs=2; model sym nu=4 p=400; set points=5'
"$GFD" -q --no-init --csv -c "$N4; ascent run scaled=yes T=-0.006 seeds=3; show blowup" > "$tmp/us" 2> /dev/null
"$GFD" -q --no-init --csv -c "$N4; ascent run T=-48 seeds=3; show blowup" > "$tmp/ut" 2> /dev/null
check "show blowup after a scaled run: t* in tau = p^-3/2 t"   'paste -d, "$tmp/us" "$tmp/ut" | awk -F, "NR > 1 && \$5 == \"diverged\" {n++; d = \$2 - \$7 / 8000; if (d < 0) d = -d; if (d > 1e-9 * (-\$2)) bad = 1} END {exit bad || !n}"'
"$GFD" -q --no-init -c "$N4; ascent run scaled=yes T=-0.006 seeds=3; blowup" > "$tmp/ub" 2> /dev/null
check "blowup after a scaled run: title in tau" 'grep -q "^blow-up times in tau = 0.000125 t" "$tmp/ub"'
check "blowup without a scaled run: title in t" 'grep -q "^blow-up times in t, the gradient-flow time" "$tmp/t"'
check "the nu=4 ascent law's own time is named" 'tr "\n" " " < "$tmp/ub" | sed "s/  */ /g" | grep -q "tau = 4 kappa sigma^2 t"'

# 5. without an ascent run of the current model, blowup reports the last
# sweep's runs (fraction with its standard error); a model change forgets them
sw='model sym nu=4 p=300 H=1 kappa4=2.5; sweep seed=1,9 seeds=4 T=-300'
"$GFD" --no-init --csv -c "$sw; blowup" > "$tmp/sw" 2> "$tmp/swn"
check "blowup after a sweep: one row per sweep run" \
  '[ "$(grep -c "^sweep seed=[19],.*,[0-4]/4 diverged$" "$tmp/sw")" -eq 2 ]'
check "  ... the fraction with its binomial standard error" 'grep -q "fraction .* +- .* (binomial standard error)" "$tmp/swn"'
"$GFD" -q --no-init --csv -c "$sw; model kappa4=2.6; blowup" > "$tmp/sw2" 2> /dev/null
check "  ... forgotten after a model change" '! grep -q "^sweep" "$tmp/sw2"'

# 6. help blowup's example reaches its own t*
ex=$("$GFD" --no-init -c "help blowup" | sed -n 's/^Example: //p')
check "help blowup has an example" '[ -n "$ex" ]'
"$GFD" -q --no-init --csv -c "$ex" > "$tmp/ex" 2> /dev/null || bad "the example runs"
T=$(echo "$ex" | sed 's/.*ascent run T=\([^ ;]*\).*/\1/')
tp=$(awk -F, '$1 == "ascent" {print $2}' "$tmp/ex")
check "the example's predicted t* ($tp) lies inside its run (T = $T)" 'awk -v t="$tp" -v T="$T" "BEGIN {exit !(t < 0 && t > T)}"'
check "every seed of the example diverges" '[ "$(grep -c ",diverged$" "$tmp/ex")" -ge 1 ] && ! grep -q "no blow-up by T" "$tmp/ex"'

# sweep: the mean t* over the diverged seeds carries its standard error, the
# same as an ascent run of that model prints (the same seeds, the same formula)
m='model sym nu=2 p=40 H=20 sigma=0.2'
"$GFD" -q --no-init -c "$m; sweep sigma=0.2,0.25 T=-2 seeds=6" > "$tmp/sw" 2>&1 || bad "sweep exits 0"
"$GFD" -q --no-init -c "$m; ascent run T=-2 seeds=6" > "$tmp/as" 2>&1 || bad "ascent run exits 0"
sw=$(tr "\n" " " < "$tmp/sw" | sed "s/  */ /g" | sed -n 's/.*sigma=0.2: [^(]*([^(]*(mean over the diverged \([^ ]*\) +- \([^;)]*\)).*/\1 \2/p')
as=$(sed -n 's/^mean t\* = \([^ ]*\) +- \([^ ]*\) .*/\1 \2/p' "$tmp/as")
check "sweep mean t* +- se ($sw) equals the ascent run's ($as)" \
  '[ -n "$sw" ] && [ -n "$as" ] && awk -v a="$sw" -v b="$as" "BEGIN { split(a, x, \" \"); split(b, y, \" \");
     d = x[1] - y[1]; if (d < 0) d = -d; e = x[2] - y[2]; if (e < 0) e = -e;
     exit !(d <= 1e-5 * (y[1] < 0 ? -y[1] : y[1]) && e <= 0.06 * y[2] && y[2] > 0) }"'
exit $fail
