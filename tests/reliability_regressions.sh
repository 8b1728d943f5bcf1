#!/bin/sh
# reliability_regressions.sh - replay every input kept under fuzz/regressions
# (each a fuzzer finding or a fixed fault) through the gfd program, as the
# fuzz targets run them: fuzz/regressions/command/* as a script
# (gfd --no-bail -f FILE), fuzz/regressions/load/* through `load`.  Each run
# must end normally with exit code 0 or 1 (no signal, no sanitizer report, no
# hang: the fuzzing limits are imitated with a budget and a time limit set
# first).  A file may start with the line "#! exit N" to require exit code N,
# and lines "#! stderr REGEX" require a line of stderr to match REGEX.
: "${GFD:?GFD must name the gfd program}" "${GFD_SRCDIR:?}"
dir=$GFD_SRCDIR/fuzz/regressions
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
limits='set budget 64M; set timelimit 30'
status=0 count=0

check() { # kind file rc
  kind=$1 f=$2 rc=$3
  want=$(sed -n '1s/^#! exit \([0-9]*\)$/\1/p' "$f")
  count=$((count + 1))
  if [ -n "$want" ] && [ "$rc" -ne "$want" ]; then
    echo "FAIL: $kind $(basename "$f"): exit $rc, want $want"; status=1
  elif [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    echo "FAIL: $kind $(basename "$f"): exit $rc (a crash or a signal)"; status=1
  fi
  sed -n 's/^#! stderr //p' "$f" > want.txt
  while IFS= read -r re; do
    grep -a -q -E -e "$re" err || { echo "FAIL: $kind $(basename "$f"): no stderr line matches '$re'"; status=1; }
  done < want.txt
  if grep -a -q -E 'runtime error|Sanitizer|==[0-9]+==ERROR' err; then
    echo "FAIL: $kind $(basename "$f"): sanitizer report:"; head -n 20 err; status=1
  fi
  rm -f ./* 2> /dev/null # files the input wrote
}

for f in "$dir"/command/*; do
  [ -f "$f" ] || continue
  "$GFD" -q --no-init --no-bail -c "$limits" -f "$f" < /dev/null > out 2> err
  check command "$f" $?
done
for f in "$dir"/load/*; do
  [ -f "$f" ] || continue
  cp "$f" in.gfd
  "$GFD" -q --no-init -c "$limits" -c 'load in.gfd' < /dev/null > out 2> err
  check load "$f" $?
done
echo "$count regression inputs replayed"
[ "$count" -gt 0 ] || { echo "FAIL: no regression inputs found in $dir"; status=1; }
exit $status
