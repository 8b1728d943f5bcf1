#!/bin/sh
# figure_commands.sh - `figure` from a script: the list with costs, every
# figure id and panel replayed at size=small in seconds giving one CSV table
# panel,curve,x,y with the paper's curve names and >= 200 points a curve,
# the refusals (unknown id or panel: one line listing the valid ones; the
# paper's p = 256 ascent over the limit with the figures and size=small),
# and the gnuplot script of a figure (all panels) run by gnuplot.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

"$GFD" -q --no-init -c "set format csv; figure" > "$tmp/list" 2> "$tmp/err" || bad "figure lists: $(cat "$tmp/err")"
check "the list has 12 panels and a header" '[ "$(grep -c "^[a-z0-9-]*," "$tmp/list")" -eq 13 ]'
check "the p = 256 ascent defaults to size=small" 'grep -q "^sym4-ascent,curves,2,.*,small$" "$tmp/list"'
check "nu2-main defaults to the paper's size" 'grep -q "^nu2-main,,3,.*,paper$" "$tmp/list"'

# replay: id, panel, the curve names the paper's legend gives
replay() { # id panel expected-curves (|-separated)
  "$GFD" --no-init -c "set format csv; figure $1 ${2:+panel=$2} size=small" > "$tmp/out" 2> "$tmp/err" ||
    { bad "figure $1 $2 exits 0: $(head -c 300 "$tmp/err")"; return; }
  sed -n '/^panel,curve,x,y$/,$p' "$tmp/out" | tail -n +2 > "$tmp/rows"
  pn=${2:-$1}
  got=$(cut -d, -f1,2 "$tmp/rows" | sort -u | cut -d, -f2 | sort | tr '\n' '|')
  want=$(echo "$3" | tr '|' '\n' | sort | tr '\n' '|')
  check "figure $1 $2: curves $want" '[ "$got" = "$want" ]'
  check "figure $1 $2: panel column $pn" '[ "$(cut -d, -f1 "$tmp/rows" | sort -u)" = "$pn" ]'
  short=$(cut -d, -f2 "$tmp/rows" | sort | uniq -c | awk '$1 < 200' | wc -l)
  check "figure $1 $2: >= 200 points every curve" '[ "$short" -eq 0 ]'
  same=$4
  check "figure $1 $2: the size is said in a note (unless small = paper)" 'grep -q "size=small" "$tmp/err" || [ "$same" = same ]'
}
replay nu2-main "" "theory H=128|theory H=64|theory H=32|sim H=128|sim H=64|sim H=32"
replay nu2-app noisy-under "theory|sim p=8 H=2|sim p=16 H=4|sim p=32 H=8" same
replay nu2-app noisy-over "theory|sim p=1 H=8|sim p=2 H=16|sim p=4 H=32" same
replay nu2-app lownoise-under "theory|sim p=16 H=2|sim p=32 H=4|sim p=64 H=8" same
replay nu2-app general "theory|sim p=16 H=16|sim p=32 H=32|sim p=64 H=64"
replay asym3-free over "theory c=1|theory c=1/2|theory c=1/4|sim c=1|sim c=1/2|sim c=1/4"
replay asym3-free under "theory c=1|theory c=1/2|theory c=1/4|sim c=1|sim c=1/2|sim c=1/4"
replay sym4-free "" "theory H=1024|theory H=256|theory H=64|sim H=1024|sim H=256|sim H=64"
replay sym4-free-app under "theory|sim p=16 H=8|sim p=32 H=16|sim p=64 H=32" same
replay sym4-free-app over "theory|sim p=2 H=8|sim p=4 H=64|sim p=8 H=512"
replay sym4-ascent curves "theory high-noise|theory low-noise|sim high-noise|sim low-noise"
# the high-noise run blows up inside the window, the low-noise one reaches x = -0.04
lo() { grep "^curves,$1," "$tmp/rows" | cut -d, -f3 | sort -g | head -1; }
check "sym4-ascent: sim low-noise reaches x = -0.04" 'awk -v x="$(lo "sim low-noise")" "BEGIN{exit !(x < -0.0399)}"'
check "sym4-ascent: sim high-noise stops at its blow-up, x > -0.03" 'awk -v x="$(lo "sim high-noise")" "BEGIN{exit !(x > -0.03)}"'

# the phase panel through the phase API: refused at p = 64 with the small
# size's estimate; at size=small a time limit stops it and keeps the cells
# done, with the table theta,rho,rate,runs and the limit line's rows
refuse_phase=$("$GFD" -q --no-init -c "figure sym4-ascent panel=phase size=paper" 2>&1 >/dev/null)
check "phase at p = 64 refused with size=small's estimate" 'echo "$refuse_phase" | grep -q "size=small (p = 6) takes"'
# the panel and the phase command estimate the same grid alike (one libgfd estimate)
days=$("$GFD" -q --no-init -c "phase p=64 estimate=yes" 2>&1 | sed -n 's/.*, ~\([0-9]* days\) on one core.*/\1/p')
check "the panel's estimate is the phase command's ($days)" '[ -n "$days" ] && echo "$refuse_phase" | grep -q "would take ~$days "'
"$GFD" --no-init -c "set format csv; set timelimit 2; figure sym4-ascent panel=phase size=small seeds=1 gnuplot=$tmp/ph.gp" \
  > "$tmp/ph" 2> "$tmp/err" || bad "phase panel under a time limit exits 0: $(cat "$tmp/err")"
check "phase: the table theta,rho,rate,runs" 'grep -q "^theta,rho,rate,runs$" "$tmp/ph"'
check "phase: 256 cells and 16 limit-line rows" '[ "$(grep -c "^[0-9.e+-]*,[0-9.e+-]*,[0-9.]*,[0-9][0-9]*$" "$tmp/ph")" -eq 256 ] && [ "$(grep -c "^[0-9.e+-]*,[0-9.e+-]*,,$" "$tmp/ph")" -eq 16 ]'
check "phase: rho* = 2.0778/theta at theta = 100" 'grep -q "^100,0.020778094484725[0-9]*,,$" "$tmp/ph"'
check "phase: the stop is said and the cells kept" 'grep -q "stopped" "$tmp/err"'
(cd "$tmp" && gnuplot -e "set terminal dumb" ph.gp > /dev/null 2> gp.err) || bad "gnuplot runs the phase script: $(cat "$tmp/gp.err")"
check "gnuplot reports nothing on the phase script" '[ ! -s "$tmp/gp.err" ]'

# a whole figure: all panels in one table, and its gnuplot script
"$GFD" -q --no-init -c "set format csv; figure nu2-app size=small gnuplot=$tmp/app.gp" > "$tmp/out" 2> "$tmp/err" ||
  bad "figure nu2-app: $(cat "$tmp/err")"
check "figure nu2-app: four panels in the table" \
  '[ "$(sed -n "/^panel,curve,x,y$/,\$p" "$tmp/out" | tail -n +2 | cut -d, -f1 | sort -u | wc -l)" -eq 4 ]'
check "the script lays out 2 x 2 panels" 'grep -q "set multiplot layout 2,2" "$tmp/app.gp"'
check "log y where the paper is (3 of 4 panels)" '[ "$(grep -c "^set logscale y" "$tmp/app.gp")" -eq 3 ]'
(cd "$tmp" && gnuplot -e "set terminal dumb size 120,60" app.gp > app.txt 2> gp.err) || bad "gnuplot runs the script: $(cat "$tmp/gp.err")"
check "gnuplot reports nothing" '[ ! -s "$tmp/gp.err" ]'
check "gnuplot drew the panels" 'grep -q "general" "$tmp/app.txt"'
# export gnuplot after a figure writes the figure (log-log axes for sym4-free)
"$GFD" -q --no-init -c "figure sym4-free size=small; export gnuplot $tmp/f.gp" > /dev/null 2> "$tmp/err" ||
  bad "export gnuplot after a figure: $(cat "$tmp/err")"
check "export gnuplot: log-log against 1 + c t" 'grep -q "set logscale x" "$tmp/f.gp" && grep -q "(1 + " "$tmp/f.gp"'
(cd "$tmp" && gnuplot -e "set terminal dumb" f.gp > /dev/null 2> gp.err) || bad "gnuplot runs the export: $(cat "$tmp/gp.err")"
check "gnuplot reports nothing on the export" '[ ! -s "$tmp/gp.err" ]'

# a time limit (as Ctrl-C) stops the figure: the curves finished are kept
"$GFD" --no-init -c "set format csv; set timelimit 1; figure sym4-free size=small seeds=8" > "$tmp/tl" 2> "$tmp/err" ||
  bad "figure under a time limit exits 0: $(cat "$tmp/err")"
check "time limit: the stop is said" 'grep -q "figure sym4-free stopped" "$tmp/err"'
check "time limit: the theory curves are kept" '[ "$(grep -c "^sym4-free,theory H=1024," "$tmp/tl")" -eq 401 ]'
check "time limit: not every simulation finished" '[ "$(grep -c "^sym4-free,sim " "$tmp/tl")" -lt 603 ]'

# a run after the figure: export gnuplot is the plot's again, not the figure's
"$GFD" -q --no-init -c "figure nu2-app panel=noisy-under; model sym nu=2 p=10 H=5 sigma=0.1; flow run T=0.1; export gnuplot $tmp/g.gp" \
  > /dev/null 2> "$tmp/err" || bad "export after a flow run: $(cat "$tmp/err")"
check "export after a later flow run writes the plot, not the figure" '[ -s "$tmp/g.gp" ] && ! grep -q multiplot "$tmp/g.gp"'

# refusals: one line, the valid names, exit status non-zero
refuse() { # command, expected text, what
  "$GFD" -q --no-init -c "$1" > /dev/null 2> "$tmp/err" && bad "$3 (exit status)"
  text=$2
  check "$3" '[ "$(grep -c . "$tmp/err")" -eq 1 ] && grep -q "$text" "$tmp/err"'
}
refuse "figure fig9" "the figures are nu2-main, nu2-app, asym3-free, sym4-free, sym4-free-app, sym4-ascent" \
  "an unknown id lists the figures"
refuse "figure nu2-app panel=bogus" "its panels are noisy-under, noisy-over, lownoise-under, general" \
  "an unknown panel lists the panels"
refuse "figure nu2-main panel=x" "has one panel" "panel= on a one-panel figure"
refuse "figure sym4-ascent panel=curves size=paper" "use size=small" "the paper's p = 256 ascent is over the memory budget"
refuse "figure sym4-free size=paper" "size=small takes" "the paper's sym4-free is over the time limit, with the figures"
refuse "figure nu2-main size=small seeds=0" "seeds" "seeds=0"
refuse "figure sym4-free T=2" "T= applies" "T= only where the paper's T = 1"
refuse "figure nu2-main size=huge" "size" "a bad size"
refuse "figure nu2-main size=small bogus=1" "bogus" "an unknown key"

# T= stretches the paper's time: at T = 2 the theory at x is that at x/2 with T = 1
"$GFD" -q --no-init -c "set format csv; figure nu2-app panel=general size=small T=2" > "$tmp/t2" 2>/dev/null
"$GFD" -q --no-init -c "set format csv; figure nu2-app panel=general size=small" > "$tmp/t1" 2>/dev/null
# row 400 (x = 3) at T = 2 and row 200 (x = 1.5) at T = 1: the same gfd time 1.5
a=$(grep '^general,theory,' "$tmp/t2" | sed -n 401p | cut -d, -f4); b=$(grep '^general,theory,' "$tmp/t1" | sed -n 201p | cut -d, -f4)
check "T=2: theory(3) equals T=1 theory(1.5) ($a, $b)" '[ -n "$a" ] && [ "$a" = "$b" ]'
exit $fail
