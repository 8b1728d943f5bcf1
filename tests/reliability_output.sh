#!/bin/sh
# reliability_output.sh - faults of standard output (issue 18, item 4).
# A write error (ENOSPC: >/dev/full) ends the run with one message and exit
# status 1, for a short output (flushed at exit) and a long one (failing in
# the middle); a reader that goes away (`gfd ... | head -1`) ends it quietly,
# whether SIGPIPE kills the program (the default) or is ignored (EPIPE: exit
# 141, as the signal would give), and soon, not after the whole run.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }
long='model sym nu=2 p=6 H=3 sigma=0.3; flow run T=1 points=20000'

if [ -w /dev/full ]; then
  for cmds in 'help' "$long"; do
    "$GFD" -q --no-init -c "$cmds" -c 'echo after' > /dev/full 2> err
    rc=$?
    [ "$rc" -eq 1 ] || fail "'$cmds' >/dev/full: exit $rc, want 1"
    [ "$(wc -l < err)" -eq 1 ] && grep -q '^gfd: error writing standard output: No space left on device$' err ||
      { fail "'$cmds' >/dev/full: want one line 'error writing standard output: ...', got:"; cat err; }
  done
  "$GFD" --help > /dev/full 2> err
  [ $? -eq 1 ] && grep -q 'No space left' err || fail "gfd --help >/dev/full: $(cat err)"
else
  echo "note: no /dev/full here, the ENOSPC case is skipped"
fi
# any other write error the same way: here a closed standard output (EBADF);
# the results must not land in a file gfd opens meanwhile (the descriptor
# would be reused)
"$GFD" -q --no-init -c 'save s.gfd; help; save s.gfd' >&- 2> err
rc=$?
[ "$rc" -eq 1 ] && grep -q '^gfd: error writing standard output: Bad file descriptor$' err ||
  { fail "closed standard output: exit $rc"; cat err; }
grep -q 'help' s.gfd && fail "with standard output closed, results went into s.gfd"

# EPIPE: quiet; the first line arrives and the run stops early
for mode in default ignored; do
  start=$(date +%s)
  { if [ $mode = ignored ]; then (trap '' PIPE; exec "$GFD" -q --no-init --csv -c "$long" -c "$long" -c "$long" 2> err)
    else "$GFD" -q --no-init --csv -c "$long" -c "$long" -c "$long" 2> err; fi
    echo $? > rc; } | head -n 1 > first
  rc=$(cat rc)
  [ "$(cat first)" = 't,loss,loss_se,excess,excess_se' ] || fail "SIGPIPE $mode: first line '$(cat first)'"
  [ -s err ] && { fail "SIGPIPE $mode: not quiet:"; cat err; }
  [ "$rc" -eq 141 ] || fail "SIGPIPE $mode: exit $rc, want 141 (128 + SIGPIPE)"
  [ $(( $(date +%s) - start )) -lt 60 ] || fail "SIGPIPE $mode: took over a minute"
done

[ $status -eq 0 ] && echo "standard output: ENOSPC reported (exit 1), EPIPE quiet (141)"
exit $status
