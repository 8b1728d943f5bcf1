#!/bin/sh
# run-fuzz.sh MODE SECONDS SRCDIR WORKDIR - run gfd's libFuzzer targets (from
# the build directory, where `make fuzz-build` put fuzz/fuzz_command and
# fuzz/fuzz_load).
#   MODE fuzz:   both targets in parallel for SECONDS each, starting from the
#                seed corpus and the regression inputs; new inputs go to
#                WORKDIR/corpus-TARGET, crashes to WORKDIR/artifacts.
#   MODE replay: run every seed, regression input and kept corpus input once.
# Seeds: fuzz/seeds, share/gfd/examples and tests/transcripts (whole files,
# and for the command target each of their command lines on its own).
# Prints one line per target (executions, corpus size, findings) and exits
# nonzero if a target found anything.
mode=$1 secs=$2 src=$3 work=$4
case $mode in fuzz|replay) ;; *) echo "usage: $0 fuzz|replay SECONDS SRCDIR WORKDIR" >&2; exit 2 ;; esac
mkdir -p "$work/artifacts" "$work/corpus-command" "$work/corpus-load" || exit 2
# absolute paths: the targets chdir into a scratch directory of their own
work=$(cd "$work" && pwd) && src=$(cd "$src" && pwd) && bindir=$(pwd) || exit 2
rm -rf "$work/seeds-command" "$work/seeds-load"
mkdir -p "$work/seeds-command" "$work/seeds-load"

n=0
for f in "$src"/fuzz/seeds/*.gfd "$src"/share/gfd/examples/*.gfd "$src"/tests/transcripts/*.gfd; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  cp "$f" "$work/seeds-command/file$n.gfd"
  cp "$f" "$work/seeds-load/file$n.gfd"
  # each command line alone (not comments, not the "#! args" lines)
  grep -a -v '^[[:space:]]*#' "$f" | grep -a -v '^[[:space:]]*$' | while IFS= read -r line; do
    sum=$(printf '%s\n' "$line" | cksum | cut -d' ' -f1)
    printf '%s\n' "$line" > "$work/seeds-command/line$sum.gfd"
  done
done

status=0
OPENBLAS_NUM_THREADS=1; export OPENBLAS_NUM_THREADS
# common libFuzzer options: quiet target (its output goes to /dev/null; the
# sanitizer reports still reach the log), the fuzzing dictionary, a per-input
# timeout far above the input's own 2 s deadline (a timeout is a finding: a
# loop that does not poll the run control)
opts="-close_fd_mask=3 -timeout=25 -rss_limit_mb=2560 -print_final_stats=1"

run_target() { # target: run one fuzzer, log to $work/$t.log
  t=$1
  bin=$bindir/fuzz/fuzz_$t
  reg="$src/fuzz/regressions/$t"
  [ -d "$reg" ] || reg=
  if [ "$mode" = fuzz ]; then
    # shellcheck disable=SC2086
    "$bin" $opts -max_total_time="$secs" -max_len=4096 -dict="$src/fuzz/gfd.dict" \
      -artifact_prefix="$work/artifacts/$t-" \
      "$work/corpus-$t" "$work/seeds-$t" $reg > "$work/$t.log" 2>&1 < /dev/null
  else
    # shellcheck disable=SC2086
    "$bin" $opts -runs=0 -artifact_prefix="$work/artifacts/$t-" \
      "$work/corpus-$t" "$work/seeds-$t" $reg > "$work/$t.log" 2>&1 < /dev/null
  fi
}

summary() { # target rc
  t=$1 rc=$2 log="$work/$1.log"
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  secs_used=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  corpus=$(find "$work/corpus-$t" -type f | wc -l)
  inputs=$(find "$work/seeds-$t" ${reg:+"$reg"} -type f 2>/dev/null | wc -l)
  if [ "$rc" -eq 0 ] && ! grep -a -q -E '^(==[0-9]+==ERROR|SUMMARY: |.*runtime error:)' "$log"; then
    echo "fuzz $t ($mode): ${execs:-0} executions (${secs_used:-0}/s), $inputs seed/regression inputs, $corpus new corpus inputs, 0 findings"
  else
    echo "fuzz $t ($mode): FINDING (exit $rc) after ${execs:-?} executions; log $log:"
    grep -a -E 'ERROR|SUMMARY|runtime error|Test unit written|deadly signal|timeout' "$log" | head -n 12
    status=1
  fi
}

if [ "$mode" = fuzz ]; then
  run_target command & p1=$!
  run_target load & p2=$!
  wait $p1; r1=$?
  wait $p2; r2=$?
else
  run_target command; r1=$?
  run_target load; r2=$?
fi
reg="$src/fuzz/regressions/command"; summary command $r1
reg="$src/fuzz/regressions/load"; summary load $r2
exit $status
