#!/bin/sh
# phase_view_tmux.sh - `phase` as a user sees it in a terminal: the estimate,
# the grid view with the side panel explaining a cell (its H, the theta it
# gives, the line, the finite-p note), q back to the text map; Ctrl-C during a
# larger grid keeps the finished cells and says how many.
: "${GFD:?GFD must name the gfd program}"
command -v tmux > /dev/null 2>&1 || { echo "FAIL: no tmux (./bootstrap installs it)"; exit 1; }
sock=gfd-phase-$$
T="tmux -L $sock -f /dev/null"
tmp=$(mktemp -d) || exit 1
trap '$T kill-server > /dev/null 2>&1; rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; echo "---- screen:"; screen; echo "----"; status=1; }
TMUX_HISTORY=60
. "${GFD_SRCDIR:?}/tests/tmux_lib.sh" # screen, wait_for, last_line, wait_prompt (30 s)

$T new-session -d -s g -x 100 -y 30 \
  "env TERM=xterm-256color GFD_HISTORY=/dev/null XDG_CONFIG_HOME=$tmp OPENBLAS_NUM_THREADS=1 '$GFD' --no-init; echo gfd-exited-\$?; sleep 30" ||
  { echo "FAIL: tmux cannot start a session here"; exit 1; }
wait_prompt || fail "no prompt"
# 1. a 3 x 3 grid at p = 12 (about a second): the view opens on the middle cell
$T send-keys -t g 'phase theta=1.5:3:3 rho=0.01:20:3 seeds=2 p=12' Enter
wait_for 'theta rho / kappa_c' || fail "no grid view with the side panel"
screen | grep -q 'H = 54, rho = 0.447214' || fail "side panel: the middle cell's H = round(1.1213 * 144/3) and rho"
screen | grep -q 'largest' || fail "side panel: the finite-p explanation"
$T send-keys -t g Right
wait_for 'theta = 3 ' || fail "Right moves to theta = 3"
$T send-keys -t g q
wait_for '^limit line rho\*\(theta\): 1.5:1.385' || fail "q: the text map after the view"
wait_prompt || fail "no prompt after the view"
# 2. Ctrl-C during a larger grid: partial map, one-line error with the count
$T send-keys -t g 'phase theta=1.1:100:6 rho=0.02:2.5:6 seeds=4 p=8' Enter
wait_for 'phase +[0-9]+%' || fail "no progress line"
$T send-keys -t g C-c
wait_for 'theta rho / kappa_c' || fail "no view of the partial grid"
$T send-keys -t g q
wait_for 'phase interrupted after [0-9]+ of 36 cells: the finished cells are kept' || fail "interrupt message"
wait_prompt || fail "no prompt after the interrupt"
$T send-keys -t g 'quit' Enter
wait_for 'gfd-exited-0' || fail "quit exits 0"
[ $status -eq 0 ] && echo "ok   phase view, side panel, q, Ctrl-C keeps cells"
exit $status
