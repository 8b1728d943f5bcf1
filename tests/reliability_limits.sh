#!/bin/sh
# reliability_limits.sh - the memory budget and the time limit (issue 7, item 5).
# Budget: each kind of large allocation (a model with a dense target, the
# diagram tables, an ensemble, the regime map, a Taylor series) is refused
# with one error naming what would need how much, and the same command runs
# once the budget allows it (so the refusal came from the budget).
# Time limit: every long computation stops with "time limit reached" and the
# session goes on (--no-bail: the next command runs).  Nothing here times
# anything: the commands would run for minutes without the limit, and a
# guard of 120 s only catches a limit that is not honoured at all.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0

guard() { # run with a 120 s guard when timeout(1) exists
  if command -v timeout > /dev/null 2>&1; then timeout 120 "$@"; else "$@"; fi
}

# budget SMALL SHOWN BIG WHAT CMDS: refused under SMALL (shown as SHOWN; the
# message names WHAT), runs under BIG
budget() {
  small=$1 shown=$2 big=$3 what=$4 cmds=$5
  guard "$GFD" -q --no-init -c "set budget $small" -c "$cmds" > "$tmp/out" 2> "$tmp/err"
  rc=$?
  if [ "$rc" -ne 1 ] || [ "$(wc -l < "$tmp/err")" -ne 1 ] ||
     ! grep -q "error: $what would need .*, over the memory budget of $shown" "$tmp/err"; then
    echo "FAIL: budget $small, '$cmds': exit $rc, want 1 and one line '$what would need ..., over the memory budget of $shown':"
    cat "$tmp/err"; status=1
  fi
  guard "$GFD" -q --no-init -c "set budget $big" -c "$cmds" > "$tmp/out" 2> "$tmp/err"
  rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "FAIL: budget $big, '$cmds': exit $rc, want 0:"; cat "$tmp/err"; status=1
  fi
}

budget 16K '16.0 KiB' 4M 'the diagram tables' 'model sym nu=2 p=4 H=3 sigma=0.3; diagrams 4'
budget 16K '16.0 KiB' 4M 'the diagram tables' 'model sym nu=2 p=4 H=3 sigma=0.3; show poly 4'
budget 64K '64.0 KiB' 16M 'this model (parameters and workspace)' 'model target=teacher r=50 p=100 H=10'
budget 1M '1.0 MiB' 16M 'this model (parameters and workspace)' 'model nu=3 target=modadd p=50000 H=1 sigma=0.01'
budget 100K '100.0 KiB' 64M 'this ensemble (parameters of every seed)' 'model p=6 H=3; flow run T=0.1 seeds=1000 points=2'
budget 10K '10.0 KiB' 16M 'the Taylor series of order 60' 'model p=6 H=3; series N=60'
budget 20K '20.0 KiB' 16M 'the regime map' 'scaling a=1 b=-1; map a=0:2:12 b=-2:0:12 N=2'
budget 100K '100.0 KiB' 64M 'this ensemble (parameters of every seed)' 'model p=6 H=3; sweep p=6,8 T=0.1 seeds=1000'
# the report rows of a run count too (many points, many seeds of a tiny model)
budget 1M '1.0 MiB' 64M 'this ensemble (parameters of every seed)' 'model p=2 H=1; flow run T=1e-3 points=100000'
budget 1M '1.0 MiB' 64M 'this ensemble (parameters of every seed)' 'model p=2 H=1; flow run T=1e-4 seeds=5000 points=40'
budget 1M '1.0 MiB' 64M 'this step (parameters and rows of every seed)' 'model p=2 H=1; flow run T=0.1 points=2; flow step 0.1 points=100000'

# timelimit CMDS: stops with "time limit reached", then `echo alive` runs
timelimit() {
  cmds=$1
  guard "$GFD" -q --no-init --no-bail -c 'set timelimit 0.3' -c "$cmds" -c 'echo alive' \
    > "$tmp/out" 2> "$tmp/err"
  rc=$?
  if [ "$rc" -ne 1 ] || [ "$(wc -l < "$tmp/err")" -ne 1 ] || ! grep -q 'error: .*time limit reached' "$tmp/err" ||
     [ "$(tail -n 1 "$tmp/out")" != alive ]; then
    echo "FAIL: timelimit, '$cmds': exit $rc (want 1), stderr:"; cat "$tmp/err"
    echo "  last line of stdout: $(tail -n 1 "$tmp/out")"; status=1
  fi
}
timelimit 'model sym nu=2 p=100 H=100 sigma=0.1; flow run T=1e6 points=1000'
timelimit 'model sym nu=2 p=200 H=100 sigma=0.06; ascent run T=-1e5 seeds=4'
timelimit 'model sym nu=2 p=100 H=50 sigma=0.1; series N=40 source=ensemble seeds=100000'
timelimit 'model sym nu=2 p=1000 H=500 sigma=0.03; series N=60'
timelimit 'model sym nu=2 p=3 H=2 sigma=0.3; diagrams 12'
timelimit 'scaling a=1 b=-1; map a=0:2:200 b=-2:0:200 N=6'
timelimit 'model sym nu=2 p=100 H=100 sigma=0.1; sweep p=100,200,300 T=1e5'
# a run stopped by the limit keeps and prints its partial results: the t=0 row
guard "$GFD" -q --no-init --csv -c 'set timelimit 0.3' \
  -c 'model sym nu=2 p=100 H=100 sigma=0.1 seed=2; flow run T=1e6 points=1000' > "$tmp/out" 2> "$tmp/err"
if ! grep -q '^t,loss,loss_se,excess,excess_se$' "$tmp/out" || ! grep -q '^0,' "$tmp/out"; then
  echo "FAIL: a flow run stopped by the time limit printed no partial table:"; head -n 5 "$tmp/out"; status=1
fi
[ $status -eq 0 ] && echo "budget and time limit checks passed"
exit $status
