#!/bin/sh
# bench_mpi.sh - the issue-19 goal: an ensemble of seeds=8 at SYM nu=4 p=300
# H=60 on 2 MPI ranks against one process: wall time of each, their ratio
# (goal <= 0.7) and whether the outputs are identical byte for byte.
# Usage: bench/bench_mpi.sh [RANKS] [T]   (defaults 2 and 20; run from the
# build tree, or set GFD and MPIRUN).  `make bench-mpi` runs it.
# The 1-minute load average is printed before and after: on a shared machine
# the ratio says little unless the cores were free.
ranks=${1:-2}
T=${2:-20}
GFD=${GFD:-./src/gfd/gfd}
MPIRUN=${MPIRUN:-mpirun}
command -v "$MPIRUN" > /dev/null 2>&1 || { echo "bench_mpi: $MPIRUN not found (a build with MPI is needed)"; exit 1; }
asroot=
[ "$(id -u)" = 0 ] && asroot=--allow-run-as-root
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/ens.gfd" << EOF2
model sym nu=4 p=300 H=60
flow run T=$T seeds=8
show blowup
EOF2
now() { date +%s.%N; }
load() { cut -d' ' -f1 /proc/loadavg; }
export OPENBLAS_NUM_THREADS=1
echo "bench_mpi: flow run T=$T seeds=8 at SYM nu=4 p=300 H=60; load average $(load)"
t0=$(now)
"$GFD" -q --no-init --csv -f "$tmp/ens.gfd" > "$tmp/serial.out" 2>&1 || { echo "bench_mpi: the serial run failed"; exit 1; }
t1=$(now)
"$MPIRUN" -n "$ranks" --oversubscribe $asroot "$GFD" -q --no-init --csv -f "$tmp/ens.gfd" > "$tmp/mpi.out" 2>&1 ||
  { echo "bench_mpi: the mpirun run failed"; cat "$tmp/mpi.out"; exit 1; }
t2=$(now)
same=identical
cmp -s "$tmp/serial.out" "$tmp/mpi.out" || same=DIFFERENT
awk -v a="$t0" -v b="$t1" -v c="$t2" -v r="$ranks" -v s="$same" -v l="$(load)" 'BEGIN {
  ser = b - a; par = c - b
  printf "bench_mpi: serial %.2f s, %d ranks %.2f s, ratio %.2f (goal <= 0.70), output %s; load average %s\n",
         ser, r, par, par / ser, s, l }'
[ "$same" = identical ]
