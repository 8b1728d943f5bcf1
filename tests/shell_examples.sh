#!/bin/sh
# shell_examples.sh - every example script of share/gfd/examples runs in
# batch mode with exit status 0, with its title listed by `tour`, and
# `tour NAME` runs it the same way in batch mode.
: "${GFD:?GFD must name the gfd program}" "${GFD_SRCDIR:?}"
dir=$GFD_SRCDIR/share/gfd/examples
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0
n=0
GFD_DATADIR=$GFD_SRCDIR/share/gfd "$GFD" --no-init -c tour > "$tmp/tours" 2>&1 ||
  { echo "FAIL: tour (list)"; cat "$tmp/tours"; status=1; }
for f in "$dir"/*.gfd; do
  name=$(basename "$f" .gfd)
  (cd "$tmp" && "$GFD" --no-init -f "$f" > "$tmp/$name.out" 2>&1)
  rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "FAIL: $name.gfd exited $rc:"; tail -n 20 "$tmp/$name.out"; status=1
  fi
  title=$(sed -n 's/^# *Tour: *//p' "$f" | head -n 1)
  [ -n "$title" ] || { echo "FAIL: $name.gfd has no '# Tour: TITLE' first line"; status=1; }
  line=$(printf '  %-20s %s' "$name" "$title")
  grep -qxF "$line" "$tmp/tours" || { echo "FAIL: tour does not list $name: $title"; status=1; }
  n=$((n + 1))
done
# the tour command in batch mode runs the script like -f (the same lines;
# the contents differ in the timings that runs report)
first=$(ls "$dir"/*.gfd | head -n 1)
name=$(basename "$first" .gfd)
(cd "$tmp" && GFD_DATADIR=$GFD_SRCDIR/share/gfd "$GFD" --no-init -c "tour $name" > "$tmp/tour.out" 2>&1) ||
  { echo "FAIL: tour $name"; status=1; }
# numbers masked (timings differ from run to run); any other difference is
# shown, so that a failure on a loaded machine can be read from the log
# (a run's cost, "N steps, N gradients, N s", goes on the summary line or on
# a line of its own depending on how many digits the timing has: joined here)
mask() {
  sed -E 's/[0-9][0-9.e+-]*/N/g' "$1" |
    awk '/^  N steps, N gradients, N s$/ && n { sub(/^  /, ""); line[n] = line[n] "; " $0; next } { line[++n] = $0 }
         END { for (i = 1; i <= n; i++) print line[i] }'
}
mask "$tmp/$name.out" > "$tmp/f.masked"
mask "$tmp/tour.out" > "$tmp/t.masked"
cmp -s "$tmp/f.masked" "$tmp/t.masked" ||
  { echo "FAIL: tour $name prints other lines than -f:"; diff "$tmp/f.masked" "$tmp/t.masked" | head -n 20; status=1; }
[ "$n" -ge 3 ] || { echo "FAIL: only $n examples"; status=1; }
[ "$status" -eq 0 ] && echo "$n examples ran"
exit $status
