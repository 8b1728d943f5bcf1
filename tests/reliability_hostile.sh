#!/bin/sh
# reliability_hostile.sh - the hostile-input table (tests/hostile/cases.tsv).
# Each case runs in one batch run with --no-bail between two snapshots of the
# session (show model, show state, show, show scaling) and must
#  - exit with the expected code (never a signal: no crash, no sanitizer abort),
#  - print exactly one line on stderr, "gfd: FILE:LINE: error: ...", that
#    contains the expected substring (the problem and the offending token),
#  - leave both snapshots identical (a failed command changes nothing).
# Cases `opt:ARGS` pass ARGS to gfd itself (bad options: exit 2).
: "${GFD:?GFD must name the gfd program}" "${GFD_SRCDIR:?}"
table=$GFD_SRCDIR/tests/hostile/cases.tsv
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

# fixtures for `load`: binary garbage, a file over the 16 MiB limit, a script
# with an unknown command on its second line (checked before anything runs)
awk 'BEGIN { for (i = 0; i < 4096; i++) printf "%c", (i * 73 + 11) % 256 }' > garbage.bin
yes 'echo x' | head -c 17000000 > huge.gfd
printf 'model p=7\nfrobnicate\n' > bad.gfd
# a session with some state: a model, a run, a series, a scaling, a budget
cat > setup.gfd <<'END'
model sym nu=2 p=6 H=3 sigma=0.3 seed=5
flow run T=0.1 points=3
series N=4
scaling a=1 b=-1
set budget 16M
END
printf 'echo ==snap==\nshow model\nshow state\nshow\nshow scaling\necho ==end==\n' > snap.gfd

# {S*N} -> S repeated N times
expand() {
  awk '{ while (match($0, /\{[^{}*]*\*[0-9]+\}/)) {
           m = substr($0, RSTART + 1, RLENGTH - 2); k = index(m, "*")
           s = substr(m, 1, k - 1); n = substr(m, k + 1) + 0; r = ""
           for (i = 0; i < n; i++) r = r s
           $0 = substr($0, 1, RSTART - 1) r substr($0, RSTART + RLENGTH) }
         print }'
}

# the snapshot blocks of out: snap1, snap2
snapshots() {
  rm -f snap1 snap2
  awk '/^==snap==$/ { n++; on = 1; next } /^==end==$/ { on = 0; next } on { print > ("snap" n) }' out
}

status=0 count=0 failed=0
tab=$(printf '\t')
while IFS="$tab" read -r want sub input; do
  case $want in ''|'#'*) continue ;; esac
  count=$((count + 1))
  ok=1
  case $input in
  opt:*)
    # shellcheck disable=SC2086
    "$GFD" ${input#opt:} < /dev/null > out 2> err
    rc=$?
    pat='^gfd: '
    ;;
  *)
    printf '%s\n' "$input" | expand > line.txt
    printf '%b\n' "$(cat line.txt)" > case.gfd
    "$GFD" -q --no-init --no-bail -f setup.gfd -f snap.gfd -f case.gfd -f snap.gfd > out 2> err
    rc=$?
    pat='^gfd: [^ ]*:[0-9][0-9]*: error: '
    snapshots
    if [ ! -s snap1 ] || ! cmp -s snap1 snap2; then
      echo "FAIL: '$input': the state changed (or a snapshot is missing):"
      diff snap1 snap2 | head -n 10
      ok=0
    fi
    ;;
  esac
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL: '$input': exit $rc, want $want"
    ok=0
  fi
  lines=$(wc -l < err)
  if [ "$lines" -ne 1 ] || ! grep -q "$pat" err || ! grep -q -F -e "$sub" err; then
    echo "FAIL: '$input': want one line matching '$pat' with '$sub', got $lines:"
    head -c 600 err; echo
    ok=0
  fi
  [ $ok -eq 1 ] || { failed=$((failed + 1)); status=1; }
done < "$table"
echo "$count hostile inputs, $failed failed"
[ "$count" -ge 60 ] || { echo "FAIL: the table has fewer than 60 cases"; status=1; }
exit $status
