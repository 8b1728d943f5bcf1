#!/bin/sh
# shell_transcripts.sh - run every tests/transcripts/NAME.gfd through gfd (on
# standard input, so errors read "gfd: stdin:LINE: ...") and compare what it
# prints (stdout and stderr together) and its exit code with NAME.out.
# A line "#! args: ..." in the script gives extra options for gfd.
: "${GFD:?GFD must name the gfd program}" "${GFD_SRCDIR:?}"
dir=$GFD_SRCDIR/tests/transcripts
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0
count=0
for t in "$dir"/*.gfd; do
  name=$(basename "$t" .gfd)
  args=$(sed -n 's/^#! *args: *//p' "$t" | head -n 1)
  mkdir -p "$tmp/$name"
  # shellcheck disable=SC2086
  (cd "$tmp/$name" && XDG_CONFIG_HOME="$tmp/cfg" "$GFD" $args < "$t" > "$tmp/$name.got" 2>&1
   echo "[exit $?]" >> "$tmp/$name.got")
  if diff -u "$dir/$name.out" "$tmp/$name.got"; then
    count=$((count + 1))
  else
    echo "FAIL: transcript $name differs (expected - , got +)"
    status=1
  fi
done
echo "$count transcripts matched"
[ "$count" -gt 0 ] || status=1
exit $status
