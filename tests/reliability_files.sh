#!/bin/sh
# reliability_files.sh - what gfd reads as a script (issue 18, items 1-2).
# Only regular files are scripts: a directory, a FIFO with no writer, a
# character device (/dev/zero, /dev/null) and a socket are refused at once
# (each run has a 5 s guard; a refusal must take under a second) by -f,
# a positional FILE and load, with one line on stderr and exit 1.  A NUL
# byte or an over-long line is an error that runs nothing and quotes at
# most ~80 bytes of the line, in a file and on standard input alike.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }
guard() { if command -v timeout > /dev/null 2>&1; then timeout 5 "$@"; else "$@"; fi; }
now() { date +%s.%N 2>/dev/null || date +%s; }

mkdir adir
mkfifo fifo 2>/dev/null || fail "mkfifo"
sock=
if command -v python3 > /dev/null 2>&1 &&
   python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' sock 2>/dev/null; then
  sock=sock
fi

# refused FILE HOW WANT: gfd HOW FILE exits 1 within a second, one line naming WANT
refused() {
  f=$1 how=$2 want=$3
  t0=$(now)
  case $how in
    -f) guard "$GFD" -q --no-init -f "$f" > out 2> err ;;
    pos) guard "$GFD" -q --no-init "$f" > out 2> err ;;
    load) guard "$GFD" -q --no-init -c "load $f" -c 'echo ran-after' > out 2> err ;;
  esac
  rc=$?
  t1=$(now)
  slow=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a > 1.0) ? 1 : 0 }')
  [ "$rc" -eq 1 ] || fail "$how $f: exit $rc, want 1"
  [ "$slow" -eq 0 ] || fail "$how $f: took $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') s"
  [ "$(wc -l < err)" -eq 1 ] && grep -q "error: cannot read $f: it is $want" err ||
    { fail "$how $f: want one line 'cannot read $f: it is $want', got:"; cat err; }
  [ -s out ] && fail "$how $f: something ran: $(cat out)"
}
for how in -f pos load; do
  refused adir "$how" 'a directory'
  refused fifo "$how" 'a FIFO'
  refused /dev/zero "$how" 'a character device'
  refused /dev/null "$how" 'a character device'
  [ -n "$sock" ] && refused "$sock" "$how" 'a socket'
done
# `-` is standard input, which may be a pipe
echo 'echo from-stdin' | guard "$GFD" -q --no-init -f - > out 2> err
[ "$(cat out)" = from-stdin ] || fail "-f - did not read standard input: $(cat out) $(cat err)"

# a NUL byte: nothing runs, the line is named, the quote has no raw NUL
printf 'echo first\nshow\000 poly 2\n' > nul.gfd
for how in -f load; do
  if [ "$how" = -f ]; then guard "$GFD" -q --no-init -f nul.gfd > out 2> err
  else guard "$GFD" -q --no-init -c 'load nul.gfd' > out 2> err; fi
  rc=$?
  [ "$rc" -eq 1 ] && grep -q -e 'nul.gfd:2: error: line holds a NUL byte' -e 'line 2 holds a NUL byte' err && [ ! -s out ] ||
    { fail "$how nul.gfd: exit $rc, stdout '$(cat out)', stderr:"; cat err; }
done
# on standard input the NUL ends the run (nothing after it runs)
printf 'echo first\nshow\000 poly 2\necho after\n' | guard "$GFD" -q --no-init --no-bail > out 2> err
rc=$?
[ "$rc" -eq 1 ] && grep -q 'stdin:2: error: line holds a NUL byte' err && [ "$(cat out)" = first ] ||
  { fail "NUL on stdin: exit $rc, stdout '$(cat out)', stderr:"; cat err; }
# /dev/zero on standard input ends at once (no endless line)
guard "$GFD" -q --no-init < /dev/zero > out 2> err
rc=$?
[ "$rc" -eq 1 ] && grep -q 'NUL byte' err || fail "stdin from /dev/zero: exit $rc, $(cat err)"

# over-long lines and words: short messages
awk 'BEGIN { printf "echo "; for (i = 0; i < 1000000; i++) printf "a"; print "" }' > long.gfd
for how in -f load stdin; do
  case $how in
    -f) guard "$GFD" -q --no-init -f long.gfd > out 2> err ;;
    load) guard "$GFD" -q --no-init -c 'load long.gfd' > out 2> err ;;
    stdin) guard "$GFD" -q --no-init < long.gfd > out 2> err ;;
  esac
  rc=$?
  [ "$rc" -eq 1 ] && grep -q 'too long' err && [ "$(wc -c < err)" -lt 300 ] && [ ! -s out ] ||
    { fail "$how long.gfd: exit $rc, $(wc -c < err) bytes on stderr"; head -c 300 err; }
done
# a 60 kB word within the line limit: the error quotes ~80 bytes of it
awk 'BEGIN { printf "frob"; for (i = 0; i < 60000; i++) printf "x"; print "" }' > word.gfd
guard "$GFD" -q --no-init -f word.gfd > out 2> err
rc=$?
[ "$rc" -eq 1 ] && grep -q 'unknown command: frobxxx' err && [ "$(wc -c < err)" -lt 200 ] ||
  { fail "a 60 kB word: exit $rc, $(wc -c < err) bytes on stderr"; head -c 300 err; }
guard "$GFD" -q --no-init -c "model target=$(awk 'BEGIN { for (i = 0; i < 5000; i++) printf "y" }')" > out 2> err
[ "$(wc -c < err)" -lt 400 ] || fail "a 5 kB value: $(wc -c < err) bytes on stderr"

# a positional FILE with a bad line runs none of it, like -f and load
printf 'echo ran\nfrobnicate\n' > bad.gfd
guard "$GFD" -q --no-init bad.gfd > out 2> err
[ $? -eq 1 ] && [ ! -s out ] && grep -q 'bad.gfd:2: error: unknown command: frobnicate' err ||
  fail "gfd bad.gfd: stdout '$(cat out)', stderr $(cat err)"

[ $status -eq 0 ] && echo "script files: special files refused, NUL and long lines caught"
exit $status
