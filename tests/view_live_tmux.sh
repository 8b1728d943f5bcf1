#!/bin/sh
# view_live_tmux.sh - live stepping inside the plot view, in a real terminal
# (a detached tmux session): `flow step` at the prompt returns to the prompt
# without q; in the plot, space advances the run by one step (t grows on the
# status line), r runs step after step until r again (t grows, then stops),
# Ctrl-C stops a run of steps and leaves the view up, a key that means
# nothing shows a hint; a sweep opens no view, so a line typed during it
# reaches the next prompt; the regime map's cursor starts at the current
# scaling.  Everything polls the screen: no fixed sleeps decide.
: "${GFD:?GFD must name the gfd program}"
command -v tmux > /dev/null 2>&1 || { echo "FAIL: no tmux (./bootstrap installs it)"; exit 1; }
sock=gfd-live-$$
T="tmux -L $sock -f /dev/null"
tmp=$(mktemp -d) || exit 1
trap '$T kill-server > /dev/null 2>&1; rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; echo "---- screen:"; screen; echo "----"; status=1; }
. "${GFD_SRCDIR:?}/tests/tmux_lib.sh" # screen, wait_for, last_line, wait_prompt (30 s)
# the time on the plot's status line (empty if the line is not there)
status_t() { screen | sed -n 's/^ t=\([-0-9.e+]*\) .*/\1/p' | tail -n 1; }
# wait until the status line's t is above $1 (awk compares the numbers)
wait_t_above() {
  i=0
  while [ $i -lt 300 ]; do
    t=$(status_t)
    [ -n "$t" ] && awk -v a="$t" -v b="$1" 'BEGIN { exit !(a + 0 > b + 0) }' && return 0
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}

$T new-session -d -s g -x 100 -y 30 \
  "env TERM=xterm-256color GFD_HISTORY=/dev/null XDG_CONFIG_HOME=$tmp OPENBLAS_NUM_THREADS=1 '$GFD' --no-init; echo gfd-exited-\$?; sleep 30" ||
  { echo "FAIL: tmux cannot start a session here"; exit 1; }
wait_prompt || fail "no prompt"
$T send-keys -t g 'model sym nu=2 p=30 H=10 sigma=0.1' Enter
wait_for 'parameters' || fail "no model summary"
wait_prompt || fail "no prompt after model"

# flow step at the prompt: its rows, and the prompt again without q
$T send-keys -t g 'flow step 0.1' Enter
wait_for '^flow: t=0.1: loss' || fail "flow step printed no summary"
wait_prompt || fail "flow step did not return to the prompt by itself"

# the plot: the status line says where the run stands
$T send-keys -t g 'plot' Enter
wait_for '^ t=0.1 dt=' || fail "the plot's status line shows no t=0.1"
# space: one step, t grows
$T send-keys -t g Space
wait_for '^ t=[0-9.]+ dt=[0-9.e-]+ 1 step ' || fail "space did not step"
wait_t_above 0.1 || fail "t did not grow after space"
t1=$(status_t)
$T send-keys -t g Space
wait_for ' 2 steps ' || fail "a second space did not step"
wait_t_above "$t1" || fail "t did not grow after the second space"

# r: steps until r again
t2=$(status_t)
$T send-keys -t g r
wait_for ' running [0-9]+ steps' || fail "r did not start a run"
wait_t_above "$t2" || fail "t did not grow while running"
t3=$(status_t)
wait_t_above "$t3" || fail "t stopped growing while running"
$T send-keys -t g r
wait_for 'stopped \(r\)' || fail "r did not stop the run"
t4=$(status_t)
# stopped means stopped: a few redraws later t is the same
$T send-keys -t g C-l
sleep 0.3
[ "$(status_t)" = "$t4" ] || fail "t moved after r stopped the run ($t4 -> $(status_t))"

# a key that means nothing: a hint, the view stays
$T send-keys -t g x
wait_for "'x' is not a plot key" || fail "no hint for a key that means nothing"

# Ctrl-C stops a run of steps, the view stays up
$T send-keys -t g r
wait_for ' running [0-9]+ steps' || fail "r did not start a second run"
$T send-keys -t g C-c
wait_for 'stopped \(Ctrl-C\)' || fail "Ctrl-C did not stop the run of steps"
screen | grep -q '^ t=' || fail "Ctrl-C during a run of steps left the view"
# it stopped the run of steps, not the flow: space still steps
t5=$(status_t)
$T send-keys -t g Space
wait_t_above "$t5" || fail "space did not step after Ctrl-C stopped the run"

# q: back to the prompt
$T send-keys -t g q
wait_prompt || fail "q did not return to the prompt"

# during a live flow run, space says stepping waits for the run (no step,
# no crash); q stops the run and returns
$T send-keys -t g 'flow run T=1 method=rk4 steps=100000000 points=3' Enter
wait_for '^ running' || fail "no live view for the long run"
$T send-keys -t g Space
wait_for 'still going: space and r step once it ends' || fail "no hint for space during a live run"
$T send-keys -t g q
wait_prompt || fail "q did not stop the live run"
$T send-keys -t g 'flow reset' Enter
wait_prompt || fail "no prompt after flow reset"
$T send-keys -t g 'flow step 0.1' Enter
wait_prompt || fail "no prompt after flow step"

# plot step= fixes DT (the status line shows it)
$T send-keys -t g 'plot step=0.05' Enter
wait_for '^ t=[0-9.]+ dt=0.05 ' || fail "plot step=0.05 did not set the step"
$T send-keys -t g q
wait_prompt || fail "q did not return to the prompt after plot step="

# a sweep opens no view by itself, and what is typed while it computes goes
# to the next prompt, not to a view the user did not open
$T send-keys -t g 'sweep sigma=0.1,0.2 T=0.5' Enter 'echo typed-ahead' Enter
wait_for '^typed-ahead' || fail "the line typed during the sweep was lost"
wait_for 'plot. shows the 2 runs' || fail "no note that plot shows the sweep"
wait_prompt || fail "no prompt after the sweep"
# the regime map's cursor starts at the scaling in force, and a key that
# means nothing in the map (or the diagram pager) shows a hint
$T send-keys -t g 'scaling a=0.5 b=-1.5' Enter
wait_prompt || fail "no prompt after scaling"
$T send-keys -t g 'map a=0:2:9 b=-2:0:9' Enter
wait_for 'a = 1/2, b = -3/2' || fail "the map's cursor did not start at the current scaling (a=1/2, b=-3/2)"
$T send-keys -t g x
wait_for 'not a map key' || fail "no hint for a key that means nothing in the map"
$T send-keys -t g q
wait_prompt || fail "q did not leave the map"
# the diagram pager too: a key that does nothing says which keys do
$T send-keys -t g 'diagram 2.1' Enter
wait_for 'diagrams of order 2 by .value.' || fail "diagram 2.1 opened no pager"
$T send-keys -t g x
wait_for "'x' is not a pager key" || fail "no hint for a key that means nothing in the pager"
$T send-keys -t g q
wait_prompt || fail "q did not leave the pager"
# and a tour step: a key other than Enter, s or q says which keys do
$T send-keys -t g 'tour diagrams' Enter
wait_for 'gfd> scaling off +\[Enter/s/q\]' || fail "tour diagrams shows no first step"
$T send-keys -t g x
wait_for '^\(Enter runs this step, s skips it, q stops the tour\)' || fail "no hint for a key that means nothing in a tour"
$T send-keys -t g q
wait_for 'tour stopped' || fail "q did not stop the tour"
wait_prompt || fail "no prompt after the tour"

$T send-keys -t g 'quit' Enter
wait_for 'gfd-exited-0' || fail "quit did not exit with status 0"

[ "$status" -eq 0 ] && echo "live stepping checks passed"
exit $status
