#!/bin/sh
# shell_tmux.sh - gfd in a real terminal (a detached tmux session, 80x24):
# the prompt, a model, `flow run` with its live plot (frame, legend, status
# line), q back to the prompt, window resizes in the plot and at the prompt,
# and a clean quit.  Fails without tmux (bootstrap installs it): it never skips.
: "${GFD:?GFD must name the gfd program}"
command -v tmux > /dev/null 2>&1 || { echo "FAIL: no tmux (./bootstrap installs it)"; exit 1; }
sock=gfd-test-$$
T="tmux -L $sock -f /dev/null"
tmp=$(mktemp -d) || exit 1
trap '$T kill-server > /dev/null 2>&1; rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; echo "---- screen:"; screen; echo "----"; status=1; }
TMUX_WAIT=15
. "${GFD_SRCDIR:?}/tests/tmux_lib.sh" # screen, wait_for, last_line, wait_prompt (15 s)

mkdir -p "$tmp/gfd"
echo 'echo from-the-init-file' > "$tmp/gfd/gfdrc"
$T new-session -d -s g -x 80 -y 24 \
  "env TERM=xterm-256color GFD_HISTORY=$tmp/history XDG_CONFIG_HOME=$tmp '$GFD'; echo gfd-exited-\$?; sleep 30" ||
  { echo "FAIL: tmux cannot start a session here"; exit 1; }
wait_prompt || fail "no prompt"
screen | grep -q '^from-the-init-file' || fail "the init file did not run"

$T send-keys -t g 'model sym nu=2 p=30 H=10 sigma=0.1' Enter
wait_for 'parameters' || fail "no model summary"
wait_prompt || fail "no prompt after model"

# the live plot: a frame (a long run of horizontal rule characters), the
# legend naming the flow curve, the status line with q
$T send-keys -t g 'flow run T=1' Enter
# the screen may be captured between two parts of a redraw, and a loaded
# machine may be slow to draw: take snapshots until one shows the status
# line, the legend and the frame together, and check that one snapshot
i=0 ok=0
while [ $i -lt 300 ]; do
  screen > "$tmp/plot"
  if grep -q 'q:' "$tmp/plot" && grep -q 'flow' "$tmp/plot" &&
     grep -Eq -- '[+└](-|─|┬|┴|\+){40,}' "$tmp/plot"; then ok=1; break; fi
  sleep 0.1
  i=$((i + 1))
done
if [ $ok -eq 0 ]; then
  grep -q 'q:' "$tmp/plot" || fail "no plot status line"
  grep -Eq -- '[+└](-|─|┬|┴|\+){40,}' "$tmp/plot" || fail "no plot frame"
  grep -q 'flow' "$tmp/plot" || fail "no legend/title naming the flow"
fi
[ "$(last_line)" != "gfd>" ] || fail "the prompt is shown while the plot is up"

# resize while the plot is up: it redraws to the new width
$T resize-window -t g -x 120 -y 30
i=0
while [ $i -lt 100 ]; do
  w=$(screen | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }')
  [ "$w" -gt 90 ] && break
  sleep 0.1
  i=$((i + 1))
done
[ "$w" -gt 90 ] || fail "the plot did not follow the resize (widest line $w)"
$T send-keys -t g q
wait_prompt || fail "q did not return to the prompt"

# resize at the prompt, gfd still answers
$T resize-window -t g -x 80 -y 24
sleep 0.2
$T send-keys -t g 'echo still alive' Enter
wait_for '^still alive' || fail "gfd did not survive the resize"
wait_prompt || fail "no prompt after the resize"

# q during a long run: the live view listens within a chunk (here the whole
# run is one chunk of minutes of fixed rk4 steps), the prompt comes back with
# a note, not an error, and the partial rows are kept
$T send-keys -t g 'flow run T=1 method=rk4 steps=1000000 points=3' Enter
wait_for 'q:' || fail "no live plot for the long run"
$T send-keys -t g q
wait_prompt || fail "q during a long run did not return to the prompt"
screen | grep -q 'note: stopped at t=.*(q pressed)' || fail "no note after q during a run"
screen | grep -q 'error' && fail "q during a run was reported as an error"
$T send-keys -t g 'show blowup' Enter
wait_for '^ *1 .*interrupted' || fail "the stopped run's rows were not kept"
wait_prompt || fail "no prompt after show blowup"

# Tab completes the ids of diagram classes already computed
$T send-keys -t g 'diagrams 1 top=1' Enter
wait_for '^1\.[0-9]+ ' || fail "diagrams 1 printed no class"
wait_prompt || fail "no prompt after diagrams"
$T send-keys -t g 'diagram 1.1' Tab Tab
wait_for '^1\.1 +1\.10' || fail "Tab did not offer the computed diagram ids"
$T send-keys -t g C-u
wait_prompt || fail "no prompt after clearing the line"

# Ctrl-C at the prompt clears the line; quit leaves with status 0
$T send-keys -t g 'echo never printed'
$T send-keys -t g C-c
wait_for '\^C' || fail "Ctrl-C at the prompt"
$T send-keys -t g 'quit' Enter
wait_for 'gfd-exited-0' || fail "quit did not exit with status 0"
screen | grep -q '^never printed' && fail "Ctrl-C did not drop the line"
# the history holds what was typed, in order, and nothing else
printf '%s\n' 'model sym nu=2 p=30 H=10 sigma=0.1' 'flow run T=1' 'echo still alive' \
  'flow run T=1 method=rk4 steps=1000000 points=3' 'show blowup' 'diagrams 1 top=1' quit \
  > "$tmp/history.want"
cmp -s "$tmp/history" "$tmp/history.want" || { fail "history file:"; cat "$tmp/history"; }

[ "$status" -eq 0 ] && echo "tmux checks passed"
exit $status
