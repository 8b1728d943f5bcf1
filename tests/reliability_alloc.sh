#!/bin/bash
# reliability_alloc.sh - every allocation failure is a clear error, never a
# crash or a silent success (issue 18, item 6).
#
# tests/failalloc.c (preloaded) makes exactly one allocation of gfd's own
# code fail: the 1st, the 2nd, ... of a script's run, in turn.  Each run must
#   - end by itself with exit 0 or 1 (no signal, no hang: 60 s limit), and
#   - with exit 1, say why on stderr; with exit 0, print exactly what the run
#     without a fault prints (the failure was recovered from, e.g. a live
#     curve redrawn at the next chunk), timings aside.
# Scripts cover the model, flow and ascent ensembles, series, sums, diagrams,
# scaling sweeps and the regime map; kept tables are exported too, so that one
# which quietly lost rows (printed from elsewhere) changes the output.  Long scripts are sampled evenly (at most
# MAXRUNS faults each) so that the test stays within seconds.
: "${GFD:?GFD must name the gfd program}"
shim=${FAILALLOC:-$(dirname "$GFD")/../../tests/.libs/failalloc.so}
[ -f "$shim" ] || { echo "FAIL: the fault-injection shim $shim was not built"; exit 1; }
# A sanitizer build replaces malloc itself, and a preloaded malloc cannot sit
# in front of it: the audit runs in the normal build (CI's first stage).
if grep -q -a '__asan_init' "$(dirname "$GFD")/.libs/gfd" 2> /dev/null; then
  echo "note: a sanitizer build owns malloc; the allocation audit runs in the normal build"
  exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0
MAXRUNS=${MAXRUNS:-120}
# run times differ, and with them where a summary line wraps
timings() { sed -E 's/[0-9.e+-]+ (s|ms)\b/X \1/g' | tr -s ' \n;' '   '; }

audit() { # NAME SCRIPT
  local name=$1 script=$2
  FAILALLOC_REPORT="$tmp/count" LD_PRELOAD="$shim" "$GFD" -q --no-init -c "$script" > "$tmp/ref.raw" 2> "$tmp/ref.err"
  local rc=$?
  [ $rc -eq 0 ] || { echo "FAIL: $name: the run without a fault exits $rc: $(head -n1 "$tmp/ref.err")"; status=1; return; }
  timings < "$tmp/ref.raw" > "$tmp/ref"
  local K
  K=$(cut -d' ' -f1 "$tmp/count" 2> /dev/null)
  [ -n "$K" ] && [ "$K" -gt 10 ] || { echo "FAIL: $name: the shim counted ${K:-no} allocations"; status=1; return; }
  local step=$(((K + MAXRUNS - 1) / MAXRUNS)) n runs=0 errs=0 recovered=0 bad=0 missed=0
  for ((n = 1; n <= K; n += step)); do
    rm -f "$tmp/count"
    FAILALLOC_NTH=$n FAILALLOC_REPORT="$tmp/count" LD_PRELOAD="$shim" timeout 60 "$GFD" -q --no-init -c "$script" \
      > "$tmp/out" 2> "$tmp/err"
    rc=$?
    runs=$((runs + 1))
    local hit
    hit=$(cut -d' ' -f2 "$tmp/count" 2> /dev/null)
    local why=""
    if [ $rc -gt 1 ]; then why="exit $rc"
    elif [ "$hit" != 1 ]; then # counts vary a little run to run (timing): then a clean run is due
      if [ $rc -ne 0 ] || ! timings < "$tmp/out" | cmp -s - "$tmp/ref"; then why="no fault reached, yet exit $rc or other output"; fi
    elif [ $rc -eq 1 ] && ! grep -q -i -E 'error: .*(out of memory|cannot allocate)|gfd: .*out of memory' "$tmp/err"; then
      why="exit 1 without an out-of-memory message: $(head -n1 "$tmp/err" | cut -c1-120)"
    elif [ $rc -eq 0 ] && ! timings < "$tmp/out" | cmp -s - "$tmp/ref"; then why="exit 0 with different output"
    fi
    if [ -n "$why" ]; then
      bad=$((bad + 1))
      [ $bad -le ${SHOWBAD:-5} ] && echo "FAIL: $name: allocation $n of $K failed: $why"
      status=1
    elif [ "$hit" != 1 ]; then missed=$((missed + 1))
    elif [ $rc -eq 1 ]; then errs=$((errs + 1))
    else recovered=$((recovered + 1))
    fi
  done
  echo "$name: $K allocations, $runs faults: $errs clear errors, $recovered recovered, $bad wrong ($missed past a shorter run's end)"
  [ $((errs + recovered)) -ge $((runs / 2)) ] || { echo "FAIL: $name: most faults were never reached"; status=1; }
}

audit flow 'model sym nu=2 p=20 H=10 sigma=0.1; flow run T=1 points=20'
audit ascent 'model sym nu=4 p=30 H=10 sigma=0.2; ascent run T=-1 seeds=3; blowup'
audit series 'model asym nu=3 p=6 H=4 sigma=0.3; series N=5; sum T=1; solutions; export csv /dev/stdout'
audit diagrams 'model sym nu=2 p=6 H=3; diagrams 3; diagram 3.2; show poly 2'
audit sweep 'model sym nu=2 p=40 H=20 sigma=0.1; scaling a=1 b=-1; sweep p=16,32 T=0.5'
audit map 'model sym nu=2 p=8 H=4; map a=0:1:3 b=-1:0:3 N=3'
cd "$tmp" || exit 1 # the files below are written here
audit files 'model sym nu=4 p=10 H=5 kappa4=2.5 seed=3; regime a=1 b=-1 N=2; flow run T=0.2 points=30; save s.gfd; export csv f.csv; export gnuplot g; plot text=yes'
audit borel 'model sym nu=4 p=200 H=1 sigma=0.1; scaling a=0 b=-3/2; series source=limit N=12; sum method=borel T=-0.05; series analyze'
exit $status
