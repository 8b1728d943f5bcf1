#!/bin/sh
# mpi_identical.sh - the MPI runner against the serial one (issue 19).  In a
# build with MPI (configure found mpicc): `mpirun -n 2` must give the same
# standard output and standard error, byte for byte, as one process for an
# ensemble (flow run and ascent run seeds=K with blow-ups), sweeps (one of
# fewer values than ranks: its seeds spread over the ranks), a
# regime map, an ascent phase diagram (phase, CSV and text, and figure
# sym4-ascent panel=phase) and figure replays (curves x seeds as units, with
# a blow-up); `show mpi` must show that rank 1 really computed units (else
# the comparison would prove nothing); SIGINT to rank 0 must stop every rank
# with exit 130 and the partial rows kept; a rank killed under mpirun
# --enable-recovery must be named with its units, which are rerun: the output
# is still the serial one; without --enable-recovery (Open MPI ends the job)
# rank 0 must still name the units that were lost with it.  A build with MPI whose mpirun is
# missing fails here (it is not skipped).  In a build without MPI `show mpi`
# must say that MPI is not built in and the scripts still run.
# Not under valgrind (.ci/reliability runs named shell tests only): Open MPI's
# own start-up leaks and uninitialised reads would drown gfd's.
: "${GFD:?GFD must name the gfd program}" "${GFD_SRCDIR:?}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

cat > "$tmp/ensemble.gfd" << 'EOF'
model sym nu=4 p=30 H=6 sigma=0.3
flow run T=0.5 seeds=5 points=31 observe=norms,distance
model sym nu=4 p=12 H=4 sigma=0.15
ascent run T=-3 seeds=5 points=41 seed=3
show blowup
ascent run T=-3 seeds=3 points=41 method=rk8pd
show blowup
EOF
cat > "$tmp/sweep.gfd" << 'EOF'
model sym nu=2 p=16 H=4 sigma=0.3
set points 21
sweep p=8,12,16,20 T=0.5 seeds=2
scaling a=1 b=-1
sweep p=16,24,32 T=0.5
sweep p=24 T=0.5 seeds=3
EOF
cat > "$tmp/map.gfd" << 'EOF'
model asym nu=2 p=8 H=4
map a=0:3:7 b=-3:0:7
map a=0:2:5 b=-2:0:5 of=excess
EOF
cat > "$tmp/phase.gfd" << 'EOF'
phase p=4 theta=1.1:20:4 rho=0.05:2:4 seeds=3
set format text
phase p=4 theta=1.1:20:3 rho=0.05:2:3 seeds=2 seed=7
set format csv
figure sym4-ascent panel=phase size=small seeds=1
EOF
cat > "$tmp/figure.gfd" << 'EOF'
figure nu2-app size=small seeds=2
figure sym4-ascent panel=curves size=small
EOF

if [ "${GFD_MPI:-no}" != yes ]; then
  out=$("$GFD" -q --no-init -c 'show mpi' 2>&1)
  echo "$out" | grep -q 'MPI is not built in' || fail "serial build: show mpi says: $out"
  for t in ensemble sweep map phase figure; do
    "$GFD" -q --no-init --csv -f "$tmp/$t.gfd" > "$tmp/$t.out" 2>&1 || fail "serial build: $t.gfd failed"
  done
  exit $status
fi

[ -n "${MPIRUN:-}" ] && [ -x "$MPIRUN" ] || { echo "FAIL: built with MPI, but mpirun '${MPIRUN:-}' is missing"; exit 1; }
asroot=
[ "$(id -u)" = 0 ] && asroot=--allow-run-as-root
# In the sanitizer build (.ci/reliability): Open MPI's own leaks suppressed,
# found by full stacks (the fast unwinder stops inside its libraries).
mpi_env() {
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0" \
  LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$GFD_SRCDIR/tests/lsan-mpi.supp:print_suppressions=0" "$@"
}
mpi() { mpi_env "$MPIRUN" -n 2 --oversubscribe $asroot "$GFD" "$@"; }

for t in ensemble sweep map phase figure; do
  "$GFD" -q --no-init --csv -f "$tmp/$t.gfd" > "$tmp/$t.ser" 2> "$tmp/$t.ser.err" || fail "$t: the serial run failed"
  mpi -q --no-init --csv -f "$tmp/$t.gfd" -c 'show mpi' > "$tmp/$t.mpi" 2> "$tmp/$t.mpi.err" ||
    { fail "$t: the mpirun run failed"; cat "$tmp/$t.mpi.err"; continue; }
  # show mpi: the header and one row per rank, after the script's output
  n=$(wc -l < "$tmp/$t.mpi")
  head -n $((n - 3)) "$tmp/$t.mpi" > "$tmp/$t.mpi.body"
  tail -n 3 "$tmp/$t.mpi" > "$tmp/$t.mpi.ranks"
  cmp -s "$tmp/$t.ser" "$tmp/$t.mpi.body" || { fail "$t: standard output differs"; diff "$tmp/$t.ser" "$tmp/$t.mpi.body" | head -n 10; }
  cmp -s "$tmp/$t.ser.err" "$tmp/$t.mpi.err" || { fail "$t: standard error differs"; diff "$tmp/$t.ser.err" "$tmp/$t.mpi.err" | head -n 10; }
  [ -s "$tmp/$t.ser" ] || fail "$t: no output to compare"
  head -n 1 "$tmp/$t.mpi.ranks" | grep -q '^rank,host,units$' || fail "$t: show mpi has no table: $(cat "$tmp/$t.mpi.ranks")"
  u1=$(sed -n 's/^1,[^,]*,\([0-9][0-9]*\)$/\1/p' "$tmp/$t.mpi.ranks")
  [ -n "$u1" ] && [ "$u1" -gt 0 ] || fail "$t: rank 1 computed no units: $(cat "$tmp/$t.mpi.ranks")"
done

# Ctrl-C: SIGINT to rank 0 (a terminal's Ctrl-C reaches it alone: it is the
# foreground group) stops the workers' units too; exit 130, rows kept.
# (mpirun itself in the background, not the mpi function's subshell: rank 0 is its child)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0" \
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$GFD_SRCDIR/tests/lsan-mpi.supp:print_suppressions=0" \
"$MPIRUN" -n 2 --oversubscribe $asroot "$GFD" -q --no-init --csv \
  -c 'model sym nu=2 p=100 H=100 sigma=0.1 seed=2; flow run T=1e6 seeds=4 points=1000' \
  -c 'echo after' > "$tmp/int.out" 2> "$tmp/int.err" &
mp=$!
r0=
n=0
while [ -z "$r0" ] && [ $n -lt 200 ]; do
  sleep 0.1
  n=$((n + 1))
  for p in $(ps -o pid= --ppid $mp 2> /dev/null); do
    tr '\0' '\n' < /proc/$p/environ 2> /dev/null | grep -qx 'OMPI_COMM_WORLD_RANK=0' && r0=$p
  done
done
# wait_mpirun SECONDS MESSAGE: poll until mpirun $mp has ended; past SECONDS
# fail with MESSAGE and kill it (the caller then waits for its status)
wait_mpirun() {
  n=0
  while kill -0 $mp 2> /dev/null && [ $n -lt $(($1 * 10)) ]; do
    sleep 0.1
    n=$((n + 1))
  done
  kill -0 $mp 2> /dev/null && { fail "$2"; kill -KILL $mp; }
  return 0
}
if [ -z "$r0" ]; then
  fail "interrupt: rank 0 not found among mpirun's children"
  kill $mp 2> /dev/null
else
  sleep 2
  kill -INT "$r0"
  wait_mpirun 60 "interrupt: mpirun still running 60 s after SIGINT to rank 0"
fi
wait $mp
rc=$?
[ "$rc" -eq 130 ] || fail "interrupt: exit $rc, want 130: $(head -c 300 "$tmp/int.err")"
grep -q '^0,' "$tmp/int.out" || fail "interrupt: the partial rows are missing"
grep -q '^after$' "$tmp/int.out" && fail "interrupt: a command after the interrupt ran"
grep -q 'interrupted' "$tmp/int.err" || fail "interrupt: no message: $(head -c 300 "$tmp/int.err")"

# A rank that dies: under mpirun --enable-recovery the job goes on; rank 0
# finds rank 1 silent (no heartbeat for GFD_MPI_TIMEOUT = 2 s), names the
# units it held and reruns them itself: the output is the serial one and
# rank 0 computed every unit.  Rank 1 is killed once it has used 0.5 s of
# CPU, inside its first unit (a high-noise seed, ~2 s).
dead_cmd='figure sym4-ascent panel=curves size=small seeds=2'
"$GFD" -q --no-init --csv -c "$dead_cmd" > "$tmp/dead.ser" 2>&1 || fail "rank death: the serial run failed"
# kill_busy_rank1 NAME: kill -9 mpirun $mp's rank 1 once it has 0.5 s of CPU,
# wait for mpirun (at most 120 s); $rc its exit status
kill_busy_rank1() {
  r1=
  n=0
  while [ -z "$r1" ] && [ $n -lt 600 ]; do
    sleep 0.1
    n=$((n + 1))
    for p in $(ps -o pid= --ppid $mp 2> /dev/null); do
      tr '\0' '\n' < /proc/$p/environ 2> /dev/null | grep -qx 'OMPI_COMM_WORLD_RANK=1' || continue
      ticks=$(awk '{print $14 + $15}' /proc/$p/stat 2> /dev/null)
      [ -n "$ticks" ] && [ "$ticks" -ge 50 ] && r1=$p
    done
  done
  if [ -z "$r1" ]; then
    fail "$1: rank 1 never computed (0.5 s of CPU)"
    kill $mp 2> /dev/null
  else
    kill -KILL "$r1"
    wait_mpirun 120 "$1: mpirun still running 120 s after rank 1 was killed"
  fi
  wait $mp
  rc=$?
}
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0" \
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$GFD_SRCDIR/tests/lsan-mpi.supp:print_suppressions=0" \
"$MPIRUN" -n 2 --oversubscribe $asroot --enable-recovery -x GFD_MPI_TIMEOUT=2 "$GFD" -q --no-init --csv \
  -c "$dead_cmd" -c 'show mpi' > "$tmp/dead.out" 2> "$tmp/dead.err" &
mp=$!
kill_busy_rank1 "rank death"
[ "$rc" -eq 0 ] || fail "rank death: exit $rc, want 0: $(head -c 600 "$tmp/dead.err")"
grep -q '^gfd: mpi: rank 1 (.*) gave no sign of life for [0-9]* s: taken as dead; its units 0, 1 (of 4, figure runs) are rerun on the other ranks$' "$tmp/dead.err" ||
  fail "rank death: the lost units are not named: $(head -c 600 "$tmp/dead.err")"
n=$(wc -l < "$tmp/dead.out")
head -n $((n - 3)) "$tmp/dead.out" | cmp -s - "$tmp/dead.ser" || fail "rank death: the output differs from the serial one"
grep -q '^0,[^,]*,4$' "$tmp/dead.out" || fail "rank death: rank 0 did not compute all 4 units: $(tail -n 3 "$tmp/dead.out")"

# Without --enable-recovery Open MPI ends the job: rank 0 names the units
# that were in flight on the dead rank as soon as mpirun warns it (SIGCONT).
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0" \
LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$GFD_SRCDIR/tests/lsan-mpi.supp:print_suppressions=0" \
"$MPIRUN" -n 2 --oversubscribe $asroot "$GFD" -q --no-init --csv -c "$dead_cmd" > "$tmp/abort.out" 2> "$tmp/abort.err" &
mp=$!
kill_busy_rank1 "rank death, no recovery"
[ "$rc" -ne 0 ] || fail "rank death, no recovery: exit 0 although the job was ended"
grep -q '^gfd: mpi: Open MPI is ending the job .*units of figure runs lost with their ranks, never counted: 0 (rank 1) 1 (rank 1)$' "$tmp/abort.err" ||
  fail "rank death, no recovery: the lost units are not named: $(head -c 900 "$tmp/abort.err")"
exit $status
