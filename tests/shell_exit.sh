#!/bin/sh
# shell_exit.sh - the exit-code contract of gfd(1): 0 success, 1 a command
# failed (batch stops there unless --no-bail), 2 bad options, 130 interrupted;
# and the FILE:LINE of batch error messages.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

# run ARGS...: sets rc, out, err (stdin from /dev/null unless redirected)
run() {
  "$GFD" --no-init "$@" > "$tmp/out" 2> "$tmp/err" < "${STDIN:-/dev/null}"
  rc=$?
  out=$(cat "$tmp/out")
  err=$(cat "$tmp/err")
}

# --- options
run --bogus
[ "$rc" -eq 2 ] || fail "--bogus: exit $rc, want 2"
[ "$(wc -l < "$tmp/err")" -eq 1 ] && echo "$err" | grep -q -- '--bogus' || fail "--bogus: want one line naming it, got: $err"
[ -z "$out" ] || fail "--bogus printed on stdout"
run -x
[ "$rc" -eq 2 ] && echo "$err" | grep -q -- '-x' || fail "-x: exit $rc ($err)"
run -c
[ "$rc" -eq 2 ] && echo "$err" | grep -q 'needs an argument' || fail "-c without argument: exit $rc ($err)"
run --help
[ "$rc" -eq 0 ] && echo "$out" | grep -q '^Usage: gfd' || fail "--help: exit $rc"
run --version
[ "$rc" -eq 0 ] && echo "$out" | grep -Eq '^gfd [0-9]+\.[0-9]+' || fail "--version: exit $rc ($out)"

# --- batch: stop at the first failure, or not with --no-bail
run -c 'echo a; nosuch; echo b'
[ "$rc" -eq 1 ] && [ "$out" = a ] || fail "-c stops at the failure: exit $rc, out '$out'"
[ "$err" = 'gfd: -c:1: error: unknown command: nosuch (try help)' ] || fail "message: $err"
run -c 'echo a' -c 'nosuch' -c 'echo b'
[ "$rc" -eq 1 ] && [ "$out" = a ] || fail "-c -c -c stops: exit $rc, out '$out'"
run --no-bail -c 'echo a' -c 'nosuch' -c 'echo b'
[ "$rc" -eq 1 ] && [ "$(echo $out)" = 'a b' ] || fail "--no-bail goes on and exits 1: exit $rc, out '$out'"
# --no-bail also holds between ';'-separated commands of one line (unknown
# command, bad key, failed run), still exit 1
run --no-bail -c 'echo a; nosuch; echo b; model sym nu=99; echo c; echo d nokey=1 ; show model bad=1; echo e'
[ "$rc" -eq 1 ] && [ "$(echo $out)" = 'a b c d nokey=1 e' ] || fail "--no-bail on one line: exit $rc, out '$out'"
[ "$(grep -c 'error:' "$tmp/err")" -eq 3 ] || fail "--no-bail on one line: want 3 errors, got: $err"
run -c 'echo a; model sym nu=99; echo b'
[ "$rc" -eq 1 ] && [ "$out" = a ] || fail "bail on one line stops at a failed run: exit $rc, out '$out'"
run -c 'echo a
echo b
nosuch'
[ "$err" = 'gfd: -c:3: error: unknown command: nosuch (try help)' ] || fail "-c line numbers: $err"
run -c 'echo a; quit; echo b'
[ "$rc" -eq 0 ] && [ "$out" = a ] || fail "quit: exit $rc, out '$out'"
run -c 'echo a; exit' -c 'echo b'
[ "$rc" -eq 0 ] && [ "$out" = a ] || fail "exit ends every source: exit $rc, out '$out'"

# --- batch input is never recorded in the history
GFD_HISTORY=$tmp/history run -c 'echo x'
[ ! -e "$tmp/history" ] || fail "batch mode wrote the history"

# --- stdin and files
printf 'echo x\n\n# comment\nnosuch\necho y\n' > "$tmp/script.gfd"
STDIN=$tmp/script.gfd run
[ "$rc" -eq 1 ] && [ "$out" = x ] || fail "stdin: exit $rc, out '$out'"
[ "$err" = 'gfd: stdin:4: error: unknown command: nosuch (try help)' ] || fail "stdin message: $err"
run -f "$tmp/script.gfd"
[ "$err" = "gfd: $tmp/script.gfd:4: error: unknown command: nosuch (try help)" ] || fail "-f message: $err"
# a file (-f FILE or FILE) is checked whole first: its bad line 4 means none
# of its lines runs (stdin, read as it comes, ran line 1 above)
[ "$rc" -eq 1 ] && [ -z "$out" ] || fail "-f with a bad line ran lines: exit $rc, out '$out'"
run "$tmp/script.gfd"
[ "$rc" -eq 1 ] && [ -z "$out" ] || fail "FILE argument: exit $rc, out '$out'"
run -f "$tmp/missing.gfd"
[ "$rc" -eq 1 ] && echo "$err" | grep -q 'cannot read' || fail "missing -f file: exit $rc ($err)"
printf 'echo ok\n' > "$tmp/ok.gfd"
run -f "$tmp/ok.gfd" -c 'echo then'
[ "$rc" -eq 0 ] && [ "$(echo $out)" = 'ok then' ] || fail "sources run in order: '$out'"

# --- interrupted: Ctrl-C (SIGINT) during a long computation -> 130 with the
# rows computed so far (the run below would take many minutes)
"$GFD" --no-init --csv -c 'model sym nu=2 p=200 H=200 sigma=0.1' \
  -c 'flow run T=1000 points=50 method=rk4 steps=1000000000' > "$tmp/out" 2> "$tmp/err" &
pid=$!
sleep 2
kill -INT $pid
wait $pid
rc=$?
[ "$rc" -eq 130 ] || fail "SIGINT: exit $rc, want 130 ($(cat "$tmp/err"))"
grep -q '^t,loss' "$tmp/out" && grep -q '^0,' "$tmp/out" || fail "SIGINT: partial rows missing"

[ "$status" -eq 0 ] && echo "exit-code checks passed"
exit $status
