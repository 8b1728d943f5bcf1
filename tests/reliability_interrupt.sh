#!/bin/sh
# reliability_interrupt.sh - SIGINT to a batch run (issue 7, item 5): for each
# long computation (integration, Taylor series, diagram enumeration, map,
# sweep, the diagrams' series) gfd gets SIGINT while it computes and must exit with status 130,
# print the partial results it has (flow runs and series: the table so far),
# report the interrupt on stderr in one line, and run nothing after it.
# The assertions are on exit codes and output, not on timing: the commands
# would run for minutes, and the 120 s guard only catches a run that ignores
# the signal.  How fast gfd reacts is measured by bench/bench_interrupt.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0

# interrupt NAME CMDS [SIGNALS]: run CMDS then `echo after`, SIGINT after 1 s
# (SIGNALS of them, 0.2 s apart); sets rc, out, err
interrupt() {
  name=$1 cmds=$2 nsig=${3:-1}
  "$GFD" -q --no-init --csv -c "$cmds" -c 'echo after' > "$tmp/$name.out" 2> "$tmp/$name.err" &
  pid=$!
  sleep 1
  i=0
  while [ $i -lt "$nsig" ]; do
    kill -INT $pid 2> /dev/null
    i=$((i + 1))
    [ $i -lt "$nsig" ] && sleep 0.2
  done
  n=0
  while kill -0 $pid 2> /dev/null && [ $n -lt 1200 ]; do
    sleep 0.1
    n=$((n + 1))
  done
  if kill -0 $pid 2> /dev/null; then
    kill -KILL $pid 2> /dev/null
    echo "FAIL: $name: gfd did not stop within 120 s of SIGINT"
    status=1
  fi
  wait $pid
  rc=$?
  out=$tmp/$name.out err=$tmp/$name.err
  ok=1
  [ "$rc" -eq 130 ] || { echo "FAIL: $name: exit $rc, want 130"; ok=0; }
  if grep -q '^after$' "$out"; then echo "FAIL: $name: a command after the interrupt ran"; ok=0; fi
  if [ "$nsig" -eq 1 ] && { [ "$(wc -l < "$err")" -ne 1 ] || ! grep -q 'interrupted' "$err"; }; then
    echo "FAIL: $name: want one stderr line about the interrupt, got:"; cat "$err"; ok=0
  fi
  if grep -q -E 'ERROR|runtime error|Sanitizer' "$err"; then echo "FAIL: $name: sanitizer report"; ok=0; fi
  # honest (issue 16): "shown above" only when something was printed, and
  # "nothing to show" only when nothing was
  if grep -q 'shown above' "$err" && [ ! -s "$out" ]; then echo "FAIL: $name: claims results, printed none"; ok=0; fi
  if grep -q 'nothing to show' "$err" && [ -s "$out" ]; then echo "FAIL: $name: says nothing to show, printed some"; ok=0; fi
  [ $ok -eq 1 ] || { status=1; echo "  stderr: $(head -c 300 "$err")"; }
}

# integration: the table so far (header and the t = 0 row at least)
interrupt flow 'model sym nu=2 p=100 H=100 sigma=0.1 seed=2; flow run T=1e6 points=1000'
grep -q '^t,loss,loss_se,excess,excess_se$' "$out" && grep -q '^0,' "$out" ||
  { echo "FAIL: flow: no partial table"; status=1; }
interrupt ascent 'model sym nu=2 p=200 H=100 sigma=0.06; ascent run T=-1e5 seeds=4'
grep -q '^t,loss,loss_se,excess,excess_se$' "$out" || { echo "FAIL: ascent: no partial table"; status=1; }
# Taylor series: the mean over the seeds done so far, or the orders done so far
interrupt ensemble 'model sym nu=2 p=100 H=50 sigma=0.1; series N=40 source=ensemble seeds=100000'
grep -q '^n,coef,coef_se$' "$out" && grep -q '^0,' "$out" ||
  { echo "FAIL: ensemble: no partial series"; status=1; }
interrupt taylor 'model sym nu=2 p=1000 H=500 sigma=0.03; series N=60'
# diagram enumeration, regime map, sweep
interrupt diagrams 'model sym nu=2 p=3 H=2 sigma=0.3; diagrams 12'
interrupt poly 'model asym nu=2 p=3 H=2 sigma=0.3; show poly 11'
interrupt map 'scaling a=1 b=-1; map a=0:2:200 b=-2:0:200 N=6'
# the map: the complete columns (CSV rows a,b,regime,...), or nothing (it says which)
grep -Eq 'complete columns? \(a up to [-0-9/]+\) shown above' "$err" && grep -q '^a,b,regime,' "$out" ||
  grep -q 'nothing to show' "$err" || { echo "FAIL: map: neither the columns done nor 'nothing to show': $(cat "$err")"; status=1; }
# the diagrams' series: the orders done (the table n,coef,coef_se), or nothing
interrupt dseries 'model sym nu=3 p=100 H=50; series N=26 source=diagrams'
grep -Eq 'reached order [0-9]+ of 26, shown above' "$err" && grep -q '^n,coef,coef_se$' "$out" ||
  grep -q 'nothing to show' "$err" || { echo "FAIL: dseries: neither the orders done nor 'nothing to show': $(cat "$err")"; status=1; }
interrupt sweep 'model sym nu=2 p=100 H=100 sigma=0.1; sweep p=100,200,300 T=1e5'
# the first run of the sweep takes minutes: nothing to show, and it says so
grep -q 'nothing to show' "$err" || { echo "FAIL: sweep: the interrupt does not say there is nothing to show: $(cat "$err")"; status=1; }
# a second SIGINT while the first is being handled: still 130, no crash
interrupt twice 'model sym nu=2 p=100 H=100 sigma=0.1; flow run T=1e6 points=1000' 2
# commands read from standard input stop at the interrupt as well
printf 'model sym nu=2 p=100 H=100 sigma=0.1\nflow run T=1e6\necho after\n' > "$tmp/script.gfd"
"$GFD" -q --no-init < "$tmp/script.gfd" > "$tmp/stdin.out" 2> "$tmp/stdin.err" &
pid=$!
sleep 1
kill -INT $pid
wait $pid
rc=$?
if [ "$rc" -ne 130 ] || grep -q '^after$' "$tmp/stdin.out"; then
  echo "FAIL: stdin script: exit $rc (want 130), or the line after the interrupt ran"; status=1
fi
[ $status -eq 0 ] && echo "interrupt checks passed"
exit $status
