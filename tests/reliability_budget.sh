#!/bin/sh
# reliability_budget.sh - the default memory budget follows the machine
# (issue 18, item 6): under an address-space limit of 2 GB (ulimit -v) the
# budget is below 2 GiB and `show budget` names RLIMIT_AS; a model whose run
# would need more is refused before anything is allocated, with the figures
# and where the budget came from (never "out of memory" from inside the
# integrator); `set budget auto` goes back to the machine's figure and a
# saved session replays with it.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }

"$GFD" -q --no-init -c 'show budget' > out 2> err || fail "show budget: $(cat err)"
grep -q '^budget .* (auto: .*margin' out || fail "show budget does not say where it came from: $(cat out)"

(ulimit -v 2000000 2> /dev/null || exit 3
 exec "$GFD" -q --no-init -c 'show budget') > out 2> err
rc=$?
if [ $rc -eq 3 ]; then
  echo "note: ulimit -v is not available, the 2 GB case is skipped"
elif grep -q 'AddressSanitizer' err; then
  echo "note: a sanitizer build cannot run under ulimit -v, the 2 GB case is skipped"
else
  grep -q '^budget [0-9.]* \(MiB\|GiB\) (auto: RLIMIT_AS' out || fail "under ulimit -v 2000000: $(cat out)"
  case $(cat out) in *GiB*) v=$(sed 's/^budget \([0-9.]*\) GiB.*/\1/' out)
    awk -v v="$v" 'BEGIN { exit !(v < 2.0) }' || fail "budget $v GiB under a 2 GB limit" ;; esac
  (ulimit -v 2000000; exec "$GFD" -q --no-init \
     -c 'model sym nu=2 p=4000 H=4000 sigma=0.1; flow run T=0.01') > out 2> err
  rc=$?
  [ "$rc" -eq 1 ] || fail "the 2 GB run: exit $rc, want 1"
  [ "$(wc -l < err)" -eq 1 ] &&
    grep -q 'would need [0-9.]* GiB, over the memory budget of [0-9.]* \(MiB\|GiB\).*auto budget: RLIMIT_AS' err ||
    { fail "the 2 GB run is not refused up front with the figures:"; cat err; }
  grep -qi 'out of memory' err && fail "the 2 GB run ran out of memory instead of being refused"
fi

# set budget SIZE, then auto; save writes auto
"$GFD" -q --no-init -c 'set budget 1M' -c 'show budget' -c 'set budget auto' -c 'show budget' \
  -c 'save s.gfd' > out 2> err || fail "set budget auto: $(cat err)"
[ "$(sed -n 1p out)" = 'budget 1.0 MiB' ] && sed -n 2p out | grep -q '(auto: ' ||
  fail "set budget auto: $(cat out)"
grep -q '^set budget auto$' s.gfd || fail "save does not keep the auto budget"
"$GFD" -q --no-init -c 'load s.gfd' -c 'show budget' > out 2> err && grep -q '(auto: ' out ||
  fail "load of an auto budget: $(cat out) $(cat err)"

[ $status -eq 0 ] && echo "budget: follows the address-space limit, refuses up front"
exit $status
