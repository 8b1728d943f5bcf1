#!/bin/sh
# bench_mpi.sh - the issue-19 goal: an ensemble of seeds=8 at SYM nu=4 p=300
# H=60 on 2 MPI ranks against one process: wall time of each, their ratio
# (goal <= 0.7) and whether the outputs are identical byte for byte.
# Usage: bench/bench_mpi.sh [RANKS] [T] [CASE]   (defaults 2, 20, ensemble;
# run from the build tree, or set GFD and MPIRUN).  `make bench-mpi` runs it.
# CASE figure: `figure sym4-ascent panel=curves size=small seeds=4` (2 curves
# x 4 seeds as units); CASE sweep: a one-value sweep at the ensemble's size,
# `sweep p=300 T=T seeds=8` (fewer values than ranks: its seeds spread).
# The 1-minute load average is printed before and after: on a shared machine
# the wall-time ratio says little unless the cores were free, so the CPU
# time of each rank (GFD_MPI_STATS) is printed too, and the ratio the run
# would have on free cores: the busiest rank's CPU plus its waiting, over the
# serial run's CPU.  Ranks are not bound to cores (--bind-to none): on a
# shared machine a bound rank waits for its one core while others are idle.
ranks=${1:-2}
T=${2:-20}
case=${3:-ensemble}
GFD=${GFD:-./src/gfd/gfd}
MPIRUN=${MPIRUN:-mpirun}
command -v "$MPIRUN" > /dev/null 2>&1 || { echo "bench_mpi: $MPIRUN not found (a build with MPI is needed)"; exit 1; }
asroot=
[ "$(id -u)" = 0 ] && asroot=--allow-run-as-root
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
case $case in
ensemble) printf 'model sym nu=4 p=300 H=60\nflow run T=%s seeds=8\nshow blowup\n' "$T" > "$tmp/ens.gfd"
  what="flow run T=$T seeds=8 at SYM nu=4 p=300 H=60" ;;
figure) echo 'figure sym4-ascent panel=curves size=small seeds=4' > "$tmp/ens.gfd"
  what="figure sym4-ascent panel=curves size=small seeds=4" ;;
sweep) printf 'model sym nu=4 p=300 H=60\nsweep p=300 T=%s seeds=8\n' "$T" > "$tmp/ens.gfd"
  what="sweep p=300 T=$T seeds=8 at SYM nu=4 H=60" ;;
*) echo "bench_mpi: CASE is ensemble, figure or sweep, not '$case'"; exit 1 ;;
esac
now() { date +%s.%N; }
load() { cut -d' ' -f1 /proc/loadavg; }
export OPENBLAS_NUM_THREADS=1
echo "bench_mpi: $what; load average $(load)"
cpu() { awk '{print $14 / 100}' "/proc/$1/stat"; } # utime in clock ticks (100 Hz)
t0=$(now)
"$GFD" -q --no-init --csv -f "$tmp/ens.gfd" > "$tmp/serial.out" 2> "$tmp/serial.err" &
pid=$!
scpu=0
while kill -0 $pid 2> /dev/null; do c=$(cpu $pid 2> /dev/null) && scpu=$c; sleep 0.05; done
wait $pid || { echo "bench_mpi: the serial run failed"; cat "$tmp/serial.err"; exit 1; }
t1=$(now)
GFD_MPI_STATS=1 "$MPIRUN" -n "$ranks" --bind-to none --oversubscribe $asroot -x GFD_MPI_STATS "$GFD" -q --no-init --csv \
  -f "$tmp/ens.gfd" > "$tmp/mpi.out" 2> "$tmp/mpi.err" ||
  { echo "bench_mpi: the mpirun run failed"; cat "$tmp/mpi.err"; exit 1; }
t2=$(now)
same=identical
cmp -s "$tmp/serial.out" "$tmp/mpi.out" || same=DIFFERENT
grep '^gfd: mpi: rank' "$tmp/mpi.err" | sed 's/^gfd: mpi:/bench_mpi:/'
busiest=$(sed -n 's/^gfd: mpi: rank [0-9]*: [0-9]* units, \([0-9.]*\) s CPU, \([0-9.]*\) s waiting$/\1 \2/p' "$tmp/mpi.err" |
  awk '{t = $1 + $2; if (t > m) m = t} END {print m + 0}')
awk -v a="$t0" -v b="$t1" -v c="$t2" -v r="$ranks" -v s="$same" -v l="$(load)" -v sc="$scpu" -v bz="$busiest" 'BEGIN {
  ser = b - a; par = c - b
  printf "bench_mpi: serial %.2f s (%.2f s CPU), %d ranks %.2f s, ratio %.2f (goal <= 0.70), output %s; load average %s\n",
         ser, sc, r, par, par / ser, s, l
  if (sc > 0) printf "bench_mpi: on free cores: busiest rank %.2f s (CPU + waiting) / serial CPU %.2f s = %.2f\n", bz, sc, bz / sc }'
[ "$same" = identical ]
