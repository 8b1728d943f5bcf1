# tmux_lib.sh - polling helpers for the tests that drive gfd in a detached
# tmux session (sourced, not run).  The caller sets T (the tmux command with
# its socket) and may set, before sourcing:
#   TMUX_WAIT     default seconds wait_for and wait_prompt poll (30)
#   TMUX_HISTORY  lines of scrollback screen also reads (none)
# The window is always "g".  Nothing here sleeps a fixed time to decide.

# the visible screen (and TMUX_HISTORY lines of scrollback)
screen() { $T capture-pane -t g -p ${TMUX_HISTORY:+-S -$TMUX_HISTORY} 2> /dev/null; }

# wait_for PATTERN [SECONDS]: poll the screen until grep -E finds PATTERN
wait_for() {
  i=0 n=$(( ${2:-${TMUX_WAIT:-30}} * 10 ))
  while [ $i -lt $n ]; do
    screen | grep -Eq -- "$1" && return 0
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}

# the last non-empty line of the visible screen
last_line() { $T capture-pane -t g -p 2> /dev/null | sed '/^[[:space:]]*$/d' | tail -n 1; }

# wait_prompt [SECONDS]: wait until the last line is the bare prompt
wait_prompt() {
  i=0 n=$(( ${1:-${TMUX_WAIT:-30}} * 10 ))
  while [ $i -lt $n ]; do
    [ "$(last_line)" = "gfd>" ] && return 0
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}
