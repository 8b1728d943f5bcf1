#!/bin/sh
# shell_errors.sh - bad input (issue 2, item 8): each bad command prints one
# line on stderr, `gfd: -c:1: error: ...` naming the problem, gfd exits 1,
# and the session is unchanged (`show model` before and after agree).
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0
setup='model sym nu=3 p=12 H=4 sigma=0.3 target=identity kappa=1 seed=7'

# check BAD WORD: BAD fails with one error line that contains WORD
check() {
  bad=$1 word=$2
  "$GFD" -q --no-init --no-bail --csv -c "$setup" -c "show model; echo ----" -c "$bad" \
    -c "show model" > "$tmp/out" 2> "$tmp/err"
  rc=$?
  lines=$(wc -l < "$tmp/err")
  if [ "$rc" -ne 1 ]; then
    echo "FAIL: '$bad' exited $rc, want 1"; status=1
  fi
  if [ "$lines" -ne 1 ] || ! grep -q "^gfd: -c:1: error: .*$word" "$tmp/err"; then
    echo "FAIL: '$bad': want one line 'gfd: -c:1: error: ...$word...', got:"; cat "$tmp/err"; status=1
  fi
  # with --csv stdout holds only the two show model tables (-q: no model
  # summary on stderr either)
  sed -n '1,/^----$/p' "$tmp/out" | sed '$d' > "$tmp/before"
  sed -n '/^----$/,$p' "$tmp/out" | sed '1d' > "$tmp/after"
  if [ ! -s "$tmp/before" ] || ! cmp -s "$tmp/before" "$tmp/after"; then
    echo "FAIL: '$bad' changed the model:"; diff "$tmp/before" "$tmp/after"; status=1
  fi
}

check 'frobnicate' 'unknown command: frobnicate'
check 'model foo=1' 'unknown key foo='
check 'model nu=9' 'nu=9'
check 'model nu=1' 'nu=1'
check 'model p=0' 'p=0'
check 'model H=0' 'H=0'
check 'model sigma=-0.5' 'sigma=-0.5'
check 'model sigma=nan' 'sigma=nan'
check 'model sigma=inf' 'sigma=inf'
check 'model sigma=1e999' 'sigma=1e999'
check 'model p=1e6 H=1e6' 'budget'
check 'model p=1e12' 'p'
check 'set budget 1K; model p=100' 'budget'
check 'model nu=2 target=modadd' 'modadd'
check 'model target=teacher r=0' 'r=0'
check 'model target=nosuch' 'target=nosuch'
check 'model kind=sym' 'unknown key kind='
check 'model sym p=2.5' 'p=2.5'
check 'model seed=-1' 'seed=-1'
check 'model p=20 nu=3 p=30' 'repeated key p='
check 'model tri' "unknown model kind 'tri'"
check 'set points 0' 'points 0'
check 'flow run T=nan' 'T=nan'
check 'model "sym' 'unterminated'
# sum builds its seed list itself: the same seed rule as flow run
check 'sum T=1 seed=0' 'seed=0: seeds must lie in 1..4294967295'
check 'sum T=1 seed=4294967295 seeds=3' 'seed=4294967295 with this many seeds'

# a script that cannot be read (here a directory) is an error with status 1,
# never a silent success (reliability_files.sh tries the other special files)
"$GFD" -q --no-init -f "$tmp" > /dev/null 2> "$tmp/err.dir"
rc=$?
[ "$rc" -eq 1 ] || { echo "FAIL: gfd -f DIRECTORY exited $rc, want 1"; status=1; }
grep -q "error: cannot read $tmp: it is a directory" "$tmp/err.dir" ||
  { echo "FAIL: gfd -f DIRECTORY: no read error reported:"; cat "$tmp/err.dir"; status=1; }

# gfd -f checks the whole file before its first line runs, like load
printf 'echo line-one-ran\nfrobnicate\n' > "$tmp/bad.gfd"
"$GFD" -q --no-init -f "$tmp/bad.gfd" > "$tmp/out.bad" 2> "$tmp/err.bad"
rc=$?
[ "$rc" -eq 1 ] || { echo "FAIL: gfd -f with a bad line 2 exited $rc, want 1"; status=1; }
grep -q 'line-one-ran' "$tmp/out.bad" && { echo "FAIL: gfd -f ran line 1 of a script with a bad line 2"; status=1; }
grep -q "bad.gfd:2: error: unknown command: frobnicate" "$tmp/err.bad" ||
  { echo "FAIL: gfd -f bad script: error does not name line 2:"; cat "$tmp/err.bad"; status=1; }

# nothing crashed: a crash would have given an exit status above 128 above
echo "bad-input checks done"
exit $status
