#!/bin/sh
# shell_datadir.sh - gfd finds its tours wherever it is run from: from the
# build tree when started in another directory (no GFD_DATADIR), next to the
# binary when the tree has moved (PREFIX/bin/gfd finds PREFIX/share/gfd),
# and GFD_DATADIR overrides both.
: "${GFD:?GFD must name the gfd program}" "${GFD_SRCDIR:?}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }
unset GFD_DATADIR

# the build tree, run from elsewhere
(cd "$tmp" && "$GFD" -q --no-init -c tour) > "$tmp/list" 2>&1 || fail "tour from another directory: $(cat "$tmp/list")"
grep -q "in $GFD_SRCDIR/share/gfd/examples" "$tmp/list" || fail "tour did not find the source tree's examples: $(head -3 "$tmp/list")"
grep -q '^  blowup ' "$tmp/list" || fail "tour does not list blowup from another directory"

# GFD_DATADIR overrides
mkdir -p "$tmp/data/examples"
printf '# Tour: a tour of my own\necho hello-from-mine\n' > "$tmp/data/examples/mine.gfd"
(cd "$tmp" && GFD_DATADIR=$tmp/data "$GFD" -q --no-init -c tour) > "$tmp/list" 2>&1 || fail "tour with GFD_DATADIR"
grep -q '^  mine  *a tour of my own' "$tmp/list" || fail "GFD_DATADIR's tour not listed: $(cat "$tmp/list")"
grep -q '^  blowup ' "$tmp/list" && fail "GFD_DATADIR did not override the build tree"
(cd / && GFD_DATADIR=$tmp/data "$GFD" -q --no-init -c 'tour mine') > "$tmp/out" 2>&1 || fail "tour mine"
grep -q '^hello-from-mine' "$tmp/out" || fail "tour mine did not run: $(cat "$tmp/out")"

# a moved tree: PREFIX/bin/gfd next to PREFIX/share/gfd/examples (the
# libtool wrapper's real binary is copied, with its library found by path)
dir=$(dirname "$GFD")
if [ -x "$dir/.libs/gfd" ]; then bin=$dir/.libs/gfd; else bin=$GFD; fi
mkdir -p "$tmp/prefix/bin" "$tmp/prefix/share/gfd/examples"
cp "$bin" "$tmp/prefix/bin/gfd" || fail "cannot copy the binary"
printf '# Tour: the moved tree\necho hello-from-prefix\n' > "$tmp/prefix/share/gfd/examples/moved.gfd"
(cd "$tmp" && LD_LIBRARY_PATH=$dir/../lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} \
  "$tmp/prefix/bin/gfd" -q --no-init -c tour) > "$tmp/list" 2>&1 || fail "tour in a moved tree: $(cat "$tmp/list")"
grep -q '^  moved  *the moved tree' "$tmp/list" || fail "the moved binary did not find its share/gfd: $(cat "$tmp/list")"

[ $status -eq 0 ] && echo "data directory checks passed"
exit $status
