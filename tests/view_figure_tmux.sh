#!/bin/sh
# view_figure_tmux.sh - a replayed figure as a user sees it in a terminal:
# the view titles itself with the figure, its panel and sizes (size=small
# said), not the session's model; space and r do not step the session's flow
# into the figure (a one-line hint instead); a log-x panel (sym4-free) has
# 1 + c t on a log axis with decade labels, in the view and in `plot
# text=yes`; the next run of the session's model is titled with the model
# again.
: "${GFD:?GFD must name the gfd program}"
command -v tmux > /dev/null 2>&1 || { echo "FAIL: no tmux (./bootstrap installs it)"; exit 1; }
sock=gfd-figview-$$
T="tmux -L $sock -f /dev/null"
tmp=$(mktemp -d) || exit 1
trap '$T kill-server > /dev/null 2>&1; rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; echo "---- screen:"; screen; echo "----"; status=1; }
. "${GFD_SRCDIR:?}/tests/tmux_lib.sh" # screen, wait_for, last_line, wait_prompt (30 s)

$T new-session -d -s g -x 110 -y 32 \
  "env TERM=xterm-256color GFD_HISTORY=/dev/null XDG_CONFIG_HOME=$tmp OPENBLAS_NUM_THREADS=1 '$GFD' --no-init; echo gfd-exited-\$?; sleep 30" ||
  { echo "FAIL: tmux cannot start a session here"; exit 1; }
wait_prompt || fail "no prompt"
$T send-keys -t g 'model sym nu=2 p=100 H=50 sigma=0.1' Enter
wait_prompt || fail "no prompt after model"

# 1. the figure's own title, not the session's model
$T send-keys -t g 'figure nu2-app panel=noisy-under' Enter
wait_for 'figure nu2-app noisy-under: \(p,H\)=\(8,2\),\(16,4\),\(32,8\) \(the paper.s size\)' ||
  fail "the view's title names the figure, its panel and sizes"
wait_for 'no stepping' || fail "the status line says the figure does not step"
screen | grep -q 'SYM nu=2 p=100' && fail "the figure view shows the session's model"
screen | grep -q '^L/(p/2) ' || fail "y axis: the paper's L/(p/2)"

# 2. space and r: a hint, no step of the session's flow
$T send-keys -t g ' '
wait_for 'a figure is a replay, it does not step' || fail "space: the one-line hint"
$T send-keys -t g 0 r
wait_for 'a figure is a replay, it does not step' || fail "r: the one-line hint"
$T send-keys -t g q
wait_prompt || fail "q: back to the prompt"
$T send-keys -t g 'clear' Enter
wait_prompt
$T send-keys -t g 'plot list' Enter
wait_for '^4 +sim p=32 H=8 ' || fail "plot list: the figure's four curves"
screen | grep -q '^5 ' && fail "space or r added a curve of the session's flow"

# 3. a log-x panel: 1 + c t on a log axis with decade labels, in the view ...
$T send-keys -t g 'clear' Enter
wait_prompt
$T send-keys -t g 'figure sym4-free size=small' Enter
wait_for 'figure sym4-free \(size=small\): p=16 H=1024,256,64' || fail "size=small in the title"
wait_for 'no stepping' 60 || fail "the sym4-free replay did not finish"
screen | grep -Eq '^ *1\+ct +1 .* 10 .* 100 ' || fail "log x: 1+ct with decade labels 1, 10, 100"
screen | grep -Eq '^ *0\.01[^0-9]' || fail "log y: a decade label 0.01"
$T send-keys -t g Right
wait_for '^ *1\+ct +[2-9] .* 500' || fail "Right pans the log axis (500 comes in)"
$T send-keys -t g 0 q
wait_prompt || fail "q after the log-x figure"
# ... and in the text plot
$T send-keys -t g 'clear' Enter
wait_prompt
$T send-keys -t g 'plot text=yes height=24' Enter
wait_for '^ *1\+ct +1 .* 10 .* 100 ' || fail "plot text=yes: the same log-x axis"
screen | grep -q 'figure sym4-free (size=small)' || fail "plot text=yes: the figure's title"
wait_prompt

# 4. the session's own run afterwards: its model in the title again
$T send-keys -t g 'flow run T=0.5' Enter
wait_for 'SYM nu=2 p=100 H=50' || fail "a flow run after the figure is titled with the model"
$T send-keys -t g q
wait_prompt || fail "no prompt after the flow run"
$T send-keys -t g 'quit' Enter
wait_for 'gfd-exited-0' || fail "quit exits 0"
[ $status -eq 0 ] && echo "ok   figure view: own title, no stepping, log-x axis in view and text"
exit $status
