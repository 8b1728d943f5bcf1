#!/bin/sh
# view_panels.sh - a sweep across regimes drawn as small multiples: `sweep
# b=` under a scaling gives each run a panel in its own units, titled with
# its regime and time scale, with its own limit curves; `plot text=yes`
# draws the panels, `plot panels=no` the one plot; in a terminal (tmux) the
# panels come up after the sweep, m switches to the one plot and back,
# export gnuplot writes them as a multiplot,
# keys that do nothing in the panels say so on the status line.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
sock=gfd-panels-$$
T="tmux -L $sock -f /dev/null"
trap '$T kill-server > /dev/null 2>&1; rm -rf "$tmp"' EXIT
status=0
bad() { echo "FAIL: $*"; status=1; }
check() { if eval "$2"; then :; else bad "$1"; fi; }

# ASYM nu=2 with H = p^2: free, NTK, mean-field over-parameterised and
# frozen along b (the regimes tour); p = 8 keeps it fast
setup='model asym nu=2 p=8; scaling a=2 b=-1; set points=41; sweep b=-1,-7/4,-2,-9/4 T=3'
COLUMNS=100 LINES=40 "$GFD" -q --no-init -c "$setup; plot text=yes" > "$tmp/multi" 2> "$tmp/err" ||
  bad "sweep b= then plot text=yes exits 0 ($(cat "$tmp/err"))"
check "the panels' heading" 'grep -q "^4 runs side by side, each in its own units" "$tmp/multi"'
for cap in "b=-1: free, tau = p^1 t" "b=-7/4: ntk, tau = p^(1/4) t" "b=-2: mf-over, tau = p^0 t" \
           "b=-9/4: frozen, no limit (t)"; do
  check "a panel titled '$cap'" "grep -qF '$cap' '$tmp/multi'"
done
# two panels side by side on each of two rows: two titles per line
check "2 x 2 panels" '[ "$(grep -c "L/p^E0 .*L/p^E0" "$tmp/multi")" -eq 2 ]'
# inside a panel the limit is named without the run: "limit Pade [2/2]"
check "each dynamical run has its limit in its panel" '[ "$(grep -o "limit Pade \[2/2\]" "$tmp/multi" | wc -l)" -eq 3 ]'
check "the frozen run is drawn against t, the NTK one against tau" \
  'grep -q "^ *t 0 " "$tmp/multi" && grep -q "^ *tau 0 " "$tmp/multi"'
check "the sweep's table names each column's regime" 'grep -q "b=-7/4: ntk, tau = p^0.25 t" "$tmp/multi"'
check "a frozen run does not stop the sweep" '! grep -q "error" "$tmp/err"'

# export gnuplot writes the panels as a multiplot: a plot per run with its
# title and units, a data block per curve
"$GFD" -q --no-init -c "$setup; export gnuplot $tmp/pan.gp" > /dev/null 2> "$tmp/err" || bad "export gnuplot of the panels"
check "a 2 x 2 multiplot" 'grep -q "^set multiplot layout 2,2" "$tmp/pan.gp" && grep -q "^unset multiplot" "$tmp/pan.gp"'
check "four plots, each titled with its run's regime" '[ "$(grep -c "^plot " "$tmp/pan.gp")" -eq 4 ] &&
  grep -q "^set title .b=-7/4: ntk, tau = p^(1/4) t.$" "$tmp/pan.gp"'
check "each run's own x axis: tau, or t for the frozen run" \
  '[ "$(grep -c "^set xlabel .tau.$" "$tmp/pan.gp")" -eq 2 ] && [ "$(grep -c "^set xlabel .t.$" "$tmp/pan.gp")" -eq 2 ]'
# 4 runs; the 3 with a limit have its series (where it converges) and its Pade approximant
check "ten data blocks (4 runs, 3 x 2 limits), each plotted once" \
  '[ "$(grep -c "^# index" "$tmp/pan.gp.dat")" -eq 10 ] && [ "$(grep -c "datafile index [0-9]* using" "$tmp/pan.gp")" -eq 10 ]'
if command -v gnuplot > /dev/null 2>&1; then
  (cd "$tmp" && gnuplot -e "set terminal dumb size 120,50" pan.gp > pan.txt 2> pan.err) ||
    bad "gnuplot reads the panels' script: $(head -c 300 "$tmp/pan.err")"
fi

# the one plot: all runs on one axis, limit curves named with their run
COLUMNS=100 LINES=40 "$GFD" -q --no-init -c "$setup; plot text=yes panels=no" > "$tmp/one" 2> "$tmp/err" ||
  bad "plot panels=no exits 0"
check "panels=no: one plot" '! grep -q "side by side" "$tmp/one" && grep -q "limit b=-7/4 Pade" "$tmp/one"'
COLUMNS=100 LINES=40 "$GFD" -q --no-init -c "$setup; plot text=yes units=raw" > "$tmp/raw" 2>&1 ||
  bad "plot units=raw after the sweep"
check "units=raw asks for t units: the one plot" '! grep -q "side by side" "$tmp/raw"'
# another run after the sweep: the one plot again (auto follows the newest run)
COLUMNS=100 LINES=40 "$GFD" -q --no-init -c "$setup; flow run T=0.1 points=3; plot text=yes" > "$tmp/after" 2>&1 ||
  bad "a flow run after the sweep, then plot"
check "a newer raw run: one plot" '! grep -q "side by side" "$tmp/after"'
COLUMNS=100 LINES=40 "$GFD" --no-init -c "$setup; flow run T=0.1 points=3; plot text=yes panels=yes" \
  > "$tmp/forced" 2> "$tmp/note" || bad "panels=yes after a flow run"
check "panels=yes: the panels, and a note names what they leave out" \
  'grep -q "side by side" "$tmp/forced" && grep -q "not in the panels: flow (.plot panels=no.: one plot)" "$tmp/note"'
# a sweep over p is one collapse: no panels
COLUMNS=100 LINES=40 "$GFD" -q --no-init -c 'model asym nu=2 p=8; scaling a=2 b=-1; sweep p=4,8 T=1; plot text=yes' \
  > "$tmp/p" 2>&1 || bad "sweep p= then plot"
check "a sweep over p: one plot with the common limit" '! grep -q "side by side" "$tmp/p" && grep -q "limit N=" "$tmp/p"'
# panels=yes with nothing to split: an error, the setting unchanged
"$GFD" -q --no-init -c 'model sym nu=2 p=8 H=4; flow run T=0.1 points=3; plot text=yes panels=yes' > /dev/null 2> "$tmp/err" &&
  bad "panels=yes without a sweep across regimes is refused"
check "panels=yes without panels: the error says what makes them" 'grep -q "panels=yes needs a sweep across regimes" "$tmp/err"'
"$GFD" -q --no-init -c "$setup; plot panels=maybe" > /dev/null 2> "$tmp/err" && bad "panels=maybe refused"
check "panels=maybe: one line naming the choices" 'grep -q "panels" "$tmp/err" && [ "$(wc -l < "$tmp/err")" -eq 1 ]'

# ---- in a terminal: the panels after the sweep, m, hints
if ! command -v tmux > /dev/null 2>&1; then echo "FAIL: no tmux (./bootstrap installs it)"; exit 1; fi
fail() { echo "FAIL: $*"; echo "---- screen:"; screen; echo "----"; status=1; }
. "${GFD_SRCDIR:?}/tests/tmux_lib.sh"
$T new-session -d -s g -x 100 -y 32 \
  "env TERM=xterm-256color GFD_HISTORY=/dev/null XDG_CONFIG_HOME=$tmp OPENBLAS_NUM_THREADS=1 '$GFD' --no-init; echo gfd-exited-\$?; sleep 30" ||
  { echo "FAIL: tmux cannot start a session here"; exit 1; }
wait_prompt || fail "no prompt"
$T send-keys -t g "$setup" Enter
wait_for 'shows the 4 runs' || fail "the sweep did not finish"
wait_prompt || fail "no prompt after the sweep"
$T send-keys -t g 'plot' Enter
wait_for '^4 runs side by side' || fail "plot after a sweep across regimes shows no panels"
wait_for 'b=-9/4: frozen' || fail "the frozen panel is missing"
wait_for '^ panels: each run in its own units .*m:one plot' || fail "the panels' status line"
$T send-keys -t g Space
wait_for 'space and r step the flow in the one plot: m first' || fail "space in the panels gives no hint"
$T send-keys -t g '+'
wait_for "'\\+' works in the one plot" || fail "+ in the panels gives no hint"
$T send-keys -t g 'm'
wait_for 'one plot: every curve on one axis' || fail "m did not switch to the one plot"
screen | grep -q '^4 runs side by side' && fail "the panels stayed after m"
$T send-keys -t g 'm'
wait_for '^4 runs side by side' || fail "m did not bring the panels back"
$T send-keys -t g q
wait_prompt || fail "q did not return to the prompt"
$T send-keys -t g 'quit' Enter
wait_for 'gfd-exited-0' || fail "gfd did not exit 0"
exit $status
