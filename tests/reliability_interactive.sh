#!/bin/sh
# reliability_interactive.sh - Ctrl-C at the interactive prompt (issue 7,
# item 5): in a real terminal (a detached tmux session), Ctrl-C stops each
# kind of long computation and gfd comes back to the prompt with the session
# intact: the model is the one defined, the flow state holds the partial run,
# and the next commands work.  A run with the live plot stops at Ctrl-C and
# leaves the (stopped) plot up until q.  Waits are generous polls (30 s), not
# timings.  Fails without tmux (bootstrap installs it): it never skips.
: "${GFD:?GFD must name the gfd program}"
command -v tmux > /dev/null 2>&1 || { echo "FAIL: no tmux (./bootstrap installs it)"; exit 1; }
sock=gfd-rel-$$
T="tmux -L $sock -f /dev/null"
tmp=$(mktemp -d) || exit 1
trap '$T kill-server > /dev/null 2>&1; rm -rf "$tmp"' EXIT
status=0
TMUX_HISTORY=200
. "${GFD_SRCDIR:?}/tests/tmux_lib.sh" # screen (with scrollback), wait_for, last_line, wait_prompt (30 s)
fail() { echo "FAIL: $*"; echo "---- screen:"; $T capture-pane -t g -p 2> /dev/null; echo "----"; status=1; }
run() { $T send-keys -t g "$1" Enter; }
# Ctrl-C, then back at the prompt; a stopped live plot stays up until q
interrupt() {
  $T send-keys -t g C-c
  i=0 q=0
  while [ $i -lt 300 ]; do
    l=$(last_line)
    [ "$l" = "gfd>" ] && return 0
    case $l in *q:*) [ $q -eq 0 ] && { $T send-keys -t g q; q=1; } ;; esac
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}

$T new-session -d -s g -x 100 -y 30 \
  "env TERM=xterm-256color GFD_HISTORY=/dev/null XDG_CONFIG_HOME=$tmp OPENBLAS_NUM_THREADS=1 '$GFD' --no-init; echo gfd-exited-\$?; sleep 30" ||
  { echo "FAIL: tmux cannot start a session here"; exit 1; }
wait_prompt || fail "no prompt"
run 'model sym nu=2 p=100 H=100 sigma=0.1 seed=3'
wait_for 'parameters' || fail "no model summary"
wait_prompt || fail "no prompt after model"

# integration with the live plot: Ctrl-C stops the run, q leaves the plot
run 'flow run T=1e6 points=1000'
wait_for 'q:' || fail "no live plot"
sleep 1
interrupt || fail "Ctrl-C (and q) did not return to the prompt after flow run"
$T send-keys -t g C-l
run 'set format csv'
run 'show state'
wait_for '^3,[0-9.e+-]+,' || fail "show state after the interrupted run: no row for seed 3"
t=$(screen | sed -n 's/^3,\([0-9.e+-]*\),.*/\1/p' | tail -n 1)
awk -v t="$t" 'BEGIN { exit !(t > 0) }' || fail "the partial run did not advance (t=$t)"
run 'set format text'

# series, diagrams, map, sweep: Ctrl-C, then the prompt
for cmd in 'series N=40 source=ensemble seeds=100000' 'diagrams 12' \
           'scaling a=1 b=-1; map a=0:2:200 b=-2:0:200 N=6; scaling off' \
           'sweep sigma=0.1,0.2,0.3 T=1e5'; do
  run "$cmd"
  sleep 1.5
  interrupt || fail "Ctrl-C did not return to the prompt after '$cmd'"
done

# the session is intact: same model, commands still work, a clean quit
$T send-keys -t g C-l
run 'scaling off'
run 'show model'
wait_for 'model sym nu=2 p=100 H=100 sigma=0.1 target=identity kappa=1 seed=3' ||
  fail "the model changed after the interrupts"
run 'echo still-alive'
wait_for '^still-alive' || fail "gfd does not answer after the interrupts"
run 'quit'
wait_for 'gfd-exited-0' || fail "quit did not exit with 0"
[ $status -eq 0 ] && echo "interactive Ctrl-C checks passed"
exit $status
