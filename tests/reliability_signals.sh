#!/bin/sh
# reliability_signals.sh - SIGTERM and SIGHUP (issue 18, item 5): gfd stops
# the running computation, says so in one line and exits with 128+signal
# (143, 129), in batch mode while computing and while waiting for input; and
# in a real terminal (tmux) while at the prompt and while a live plot holds
# the screen: the terminal's settings come back (stty before and after) and
# the typed lines are in the history file.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
sock=gfd-sig-$$
T="tmux -L $sock -f /dev/null"
trap '$T kill-server > /dev/null 2>&1; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }
busy='model sym nu=2 p=100 H=100 sigma=0.1; flow run T=1e6 points=1000'

# batch: SIG while computing, then while waiting on stdin
for sig in TERM HUP; do
  want=143; [ $sig = HUP ] && want=129
  "$GFD" -q --no-init -c "$busy" > out 2> err &
  pid=$!
  sleep 1
  kill -$sig $pid
  wait $pid
  rc=$?
  [ "$rc" -eq $want ] || fail "batch SIG$sig while computing: exit $rc, want $want"
  grep -q "terminated by SIG$sig" err || { fail "batch SIG$sig: no message:"; cat err; }
  mkfifo in.$sig
  "$GFD" -q --no-init < in.$sig > out 2> err &
  pid=$!
  exec 7> in.$sig # a writer that writes nothing: gfd waits for input
  sleep 0.5
  kill -$sig $pid
  wait $pid
  rc=$?
  exec 7>&-
  [ "$rc" -eq $want ] || fail "batch SIG$sig while reading stdin: exit $rc, want $want"
done

# a real terminal
if ! command -v tmux > /dev/null 2>&1; then
  echo "FAIL: no tmux (./bootstrap installs it): the terminal cases cannot run"
  exit 1
fi
screen() { $T capture-pane -t g -p 2> /dev/null; }
wait_for() {
  i=0
  while [ $i -lt 150 ]; do
    screen | grep -Eq -- "$1" && return 0
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}
for case in prompt-TERM view-TERM prompt-HUP; do
  sig=${case#*-} where=${case%-*}
  want=143; [ $sig = HUP ] && want=129
  rm -f pid hist stty.before stty.after rc
  sock=gfd-sig-$$-$where-$sig # a fresh server each time
  T="tmux -L $sock -f /dev/null"
  $T new-session -d -s g -x 80 -y 24 \
    "stty -g > $tmp/stty.before; sh -c 'echo \$\$ > $tmp/pid; exec env TERM=xterm-256color GFD_HISTORY=$tmp/hist $GFD --no-init'; echo \$? > $tmp/rc; stty -g > $tmp/stty.after; sleep 30" ||
    { fail "tmux cannot start a session"; continue; }
  wait_for 'gfd>' || { fail "$case: no prompt"; continue; }
  $T send-keys -t g 'model sym nu=2 p=100 H=100 sigma=0.1' Enter
  wait_for 'parameters' || fail "$case: no model summary"
  if [ $where = view ]; then
    $T send-keys -t g 'flow run T=1e6' Enter
    wait_for 'running' || fail "$case: no live plot"
  fi
  sleep 0.3
  kill -$sig "$(cat pid)"
  i=0
  # up to 30 s: on a loaded machine the exit path (views, readline, history)
  # can be slow to be scheduled
  # (stty.after is written after rc: wait for it, or a slow shell reads as a
  # terminal left unrestored)
  while { [ ! -s rc ] || [ ! -s stty.after ]; } && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
  [ "$(cat rc 2>/dev/null)" = $want ] || fail "$case: exit '$(cat rc 2>/dev/null)', want $want"
  [ -s stty.after ] && cmp -s stty.before stty.after || fail "$case: terminal settings not restored"
  grep -q '^model sym nu=2 p=100' hist 2>/dev/null || fail "$case: the typed line is not in the history"
  [ $where = view ] && { grep -q '^flow run T=1e6' hist || fail "$case: flow run not in the history"; }
  $T kill-server > /dev/null 2>&1
done

[ $status -eq 0 ] && echo "signals: SIGTERM/SIGHUP end with 128+signal, terminal and history kept"
exit $status
