#!/bin/sh
# shell_transcripts.sh - run every tests/transcripts/NAME.gfd through gfd (on
# standard input, so errors read "gfd: stdin:LINE: ...") and compare what it
# prints (stdout and stderr together) and its exit code with NAME.out.
# A line "#! args: ..." in the script gives extra options for gfd; a line
# "#! mask: REGEX" (sed -E) replaces what varies from run to run, such as
# the seconds a run took, with <masked> before the comparison.  BLAS runs on
# one thread, so that sums are added in the same order every time.
: "${GFD:?GFD must name the gfd program}" "${GFD_SRCDIR:?}"
dir=$GFD_SRCDIR/tests/transcripts
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0
count=0
for t in "$dir"/*.gfd; do
  name=$(basename "$t" .gfd)
  args=$(sed -n 's/^#! *args: *//p' "$t" | head -n 1)
  mask=$(sed -n 's/^#! *mask: *//p' "$t" | head -n 1)
  mkdir -p "$tmp/$name"
  # shellcheck disable=SC2086
  (cd "$tmp/$name" && XDG_CONFIG_HOME="$tmp/cfg" OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 "$GFD" $args < "$t" \
     > "$tmp/$name.raw" 2>&1
   echo "[exit $?]" >> "$tmp/$name.raw")
  # a delimiter that no regular expression holds (masks may use / and |)
  d=$(printf '\001')
  if [ -n "$mask" ]; then sed -E "s${d}${mask}${d}<masked>${d}g" "$tmp/$name.raw" > "$tmp/$name.got"
  else cp "$tmp/$name.raw" "$tmp/$name.got"; fi
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
