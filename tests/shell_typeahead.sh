#!/bin/sh
# shell_typeahead.sh - keys typed while a command computes, in a real
# terminal (tmux): they do not appear over the progress line (echo is off
# while the command runs), the unfinished line shows once at the next prompt
# where it can be finished, a line finished with Enter runs next, and a
# SIGTERM during the command leaves the terminal echoing again.
: "${GFD:?GFD must name the gfd program}"
command -v tmux > /dev/null 2>&1 || { echo "FAIL: no tmux (./bootstrap installs it)"; exit 1; }
sock=gfd-type-$$
T="tmux -L $sock -f /dev/null"
tmp=$(mktemp -d) || exit 1
trap '$T kill-server > /dev/null 2>&1; rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; echo "---- screen:"; screen; echo "----"; status=1; }
. "${GFD_SRCDIR:?}/tests/tmux_lib.sh"
# a sweep of a few seconds (no view opens): the progress line shows
long='sweep seed=1,2,3 seeds=8 T=5'

$T new-session -d -s g -x 100 -y 30 \
  "env TERM=xterm-256color GFD_HISTORY=/dev/null XDG_CONFIG_HOME=$tmp OPENBLAS_NUM_THREADS=1 '$GFD' --no-init; echo gfd-exited-\$?; stty -a > $tmp/stty; sleep 30" ||
  { echo "FAIL: tmux cannot start a session here"; exit 1; }
wait_prompt || fail "no prompt"
$T send-keys -t g 'model sym nu=2 p=100 H=50' Enter
wait_prompt || fail "no prompt after model"

# typed during the computation: not on the screen while it runs
$T send-keys -t g "$long" Enter
wait_for 'Ctrl-C stops' || fail "no progress line"
$T send-keys -t g 'show progr'
# an echo would show at once and last until the progress line is redrawn
# (0.2 s): look often for half a second while the sweep still runs
i=0 seen=0 running=0
while [ $i -lt 25 ]; do
  scr=$(screen)
  if printf '%s\n' "$scr" | grep -q 'Ctrl-C stops'; then
    running=1
    printf '%s\n' "$scr" | grep -q 'show progr' && seen=1
  fi
  sleep 0.02
  i=$((i + 1))
done
[ $seen = 0 ] || fail "typed text shows over the running command"
[ $running = 1 ] || echo "note: the sweep ended before the check (a loaded machine): the echo check did not run"

wait_for 'plot. shows the 3 runs' || fail "the sweep did not finish"
# at the prompt: shown once, and it can be finished
wait_for '^gfd> show progr$' || fail "the typed text is not on the next prompt"
[ "$(screen | grep -c 'show progr')" -eq 1 ] || fail "the typed text shows more than once"
$T send-keys -t g 'ess' Enter
wait_for '^progress on' || fail "the finished line did not run"
wait_prompt || fail "no prompt"

# a line finished with Enter during the command runs after it
$T send-keys -t g "$long" Enter
wait_for 'Ctrl-C stops' || fail "no progress line (2)"
$T send-keys -t g 'echo typed-ahead-ran' Enter
wait_for '^typed-ahead-ran' || fail "the line typed ahead did not run"
wait_prompt || fail "no prompt (2)"

# SIGTERM during a command: the program ends, the terminal echoes again
$T send-keys -t g "$long" Enter
wait_for 'Ctrl-C stops' || fail "no progress line (3)"
sh_pid=$($T display -p -t g '#{pane_pid}')
gfd_pid=$(pgrep -P "$sh_pid" | head -n 1)
[ -n "$gfd_pid" ] && kill -TERM "$gfd_pid" || fail "no gfd process under the pane ($sh_pid)"
wait_for 'gfd-exited-143' || fail "SIGTERM did not end gfd with 143"
i=0
while [ ! -s "$tmp/stty" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
grep -Eq '(^| )echo( |$)' "$tmp/stty" || fail "the terminal does not echo after SIGTERM: $(grep -o -- '-*echo ' "$tmp/stty" | head -n 1)"
exit $status
