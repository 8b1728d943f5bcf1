#!/bin/sh
# reliability_writes.sh - every file gfd writes is replaced atomically
# (issue 18, item 3): a failed save or export leaves the old file byte for
# byte, no temporary is left behind, and the command fails with exit 1 and
# one line naming the path and the system's reason.  Failures tried: a file
# size limit (ulimit -f, SIGXFSZ ignored so that the write fails with EFBIG),
# /dev/full (ENOSPC), a read-only directory (as root with the override
# capability dropped).  A successful write keeps the old file's mode
# and replaces what a symbolic link names, not the link.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }
g() { "$GFD" -q --no-init "$@"; }

small='model sym nu=2 p=6 H=3 sigma=0.3 seed=2; flow run T=1 points=20'
big='model sym nu=2 p=6 H=3 sigma=0.3 seed=2; flow run T=1 points=3000'
mkdir d
g -c "$small" -c 'export csv d/keep.csv' -c 'export gnuplot d/keep' -c 'save d/keep.gfd' > /dev/null ||
  fail "the first writes failed"
for f in keep.csv keep keep.dat keep.gfd; do cp "d/$f" "$f.orig"; done

# intact: the files in d are the originals and nothing else is there
intact() {
  for f in keep.csv keep keep.dat keep.gfd; do
    cmp -s "d/$f" "$f.orig" || fail "$1: d/$f changed"
  done
  extra=$(ls -A d | grep -v -x -e keep.csv -e keep -e keep.dat -e keep.gfd)
  [ -z "$extra" ] || fail "$1: left behind: $extra"
}

# a file size limit of 8 blocks (4-8 kB): the new table (~200 kB) cannot be
# written; a session file is small: no file at all may grow for save
for cmd in 'export csv d/keep.csv' 'export gnuplot d/keep' 'save d/keep.gfd state=yes'; do
  lim=8
  case $cmd in save*) lim=0 ;; esac
  # stderr through a pipe (a regular file would fall under the limit too),
  # the exit status as the pipe's last line
  { (trap '' XFSZ; ulimit -f $lim; exec "$GFD" -q --no-init -c "$big" -c "$cmd") 2>&1 > /dev/null
    echo "rc=$?"; } | cat > err.all
  rc=$(sed -n 's/^rc=//p' err.all)
  grep -v '^rc=' err.all > err
  [ "$rc" -eq 1 ] || fail "'$cmd' under ulimit -f: exit $rc, want 1"
  [ "$(wc -l < err)" -eq 1 ] && grep -q "error: cannot write d/keep.*: File too large" err ||
    { fail "'$cmd' under ulimit -f: want one line naming the path and 'File too large':"; cat err; }
  intact "'$cmd' under ulimit -f"
done

# /dev/full: written directly (a device is never renamed over), ENOSPC reported
if [ -w /dev/full ]; then
  g -c "$big" -c 'export csv /dev/full' > /dev/null 2> err
  rc=$?
  [ "$rc" -eq 1 ] && grep -q 'cannot write /dev/full: No space left on device' err ||
    { fail "export csv /dev/full: exit $rc"; cat err; }
  [ -c /dev/full ] || fail "/dev/full is no longer a device"
fi
# /dev/null stays a device too
g -c "$small" -c 'export csv /dev/null' > /dev/null 2> err || fail "export csv /dev/null: $(cat err)"
[ -c /dev/null ] || fail "/dev/null is no longer a device"

# a read-only directory.  Root writes there anyway (CAP_DAC_OVERRIDE): as
# root the commands run with that capability dropped (setpriv), so that the
# permission is checked as for any user.
ro=""
[ "$(id -u)" = 0 ] && ro="setpriv --bounding-set -dac_override,-dac_read_search,-fowner"
chmod a-w d
if $ro touch d/probe 2> /dev/null; then
  rm -f d/probe
  fail "the directory stays writable (setpriv could not drop the override capability)"
else
  for cmd in 'export csv d/keep.csv' 'export gnuplot d/keep' 'save d/keep.gfd'; do
    $ro "$GFD" -q --no-init -c "$big" -c "$cmd" > /dev/null 2> err
    rc=$?
    [ "$rc" -eq 1 ] && grep -q 'cannot write d/keep.*Permission denied' err ||
      { fail "'$cmd' in a read-only directory: exit $rc"; cat err; }
  done
  intact "read-only directory"
fi
chmod u+w d

# success: the mode of the old file stays, a symbolic link stays a link
chmod 640 d/keep.csv
g -c "$big" -c 'export csv d/keep.csv' > /dev/null 2> err || fail "export csv: $(cat err)"
[ "$(stat -c %a d/keep.csv)" = 640 ] || fail "the replaced file's mode is $(stat -c %a d/keep.csv), want 640"
[ "$(wc -l < d/keep.csv)" -gt 1000 ] || fail "export csv did not write the new table"
ln -s d/keep.csv link.csv
g -c "$small" -c 'export csv link.csv' > /dev/null 2> err || fail "export csv link.csv: $(cat err)"
[ -L link.csv ] && cmp -s d/keep.csv keep.csv.orig || fail "export through a link replaced the link"
# a new file gets the usual mode (umask 022: 644)
(umask 022; "$GFD" -q --no-init -c "$small" -c 'export csv new.csv') > /dev/null
[ "$(stat -c %a new.csv)" = 644 ] || fail "a new file has mode $(stat -c %a new.csv), want 644"

[ $status -eq 0 ] && echo "atomic writes: old files intact after failed writes"
exit $status
