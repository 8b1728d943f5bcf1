#!/bin/sh
# view_curves.sh - choosing what the plot draws, in batch: `plot list` names
# every curve with its number, glyph and whether it shows; `plot hide` and
# `plot show` (by number, name, prefix, series, all) change only that;
# `plot clear` empties the plot; a curve keeps its glyph for its life (a new
# curve does not take the glyph of one before it); bad selections are one
# error line.
set -u
: "${GFD:?GFD must point to the gfd program}"
tmp=${TMPDIR:-/tmp}/gfd-view-curves.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
  echo "FAIL: $*"
  fail=1
}
run() { "$GFD" -q --no-init --csv -c "$1" </dev/null >"$tmp/out" 2>"$tmp/err"; }
MODEL='model sym nu=2 p=20 H=10 sigma=0.2'

# the list: the flow curve and the series, with their glyphs
run "$MODEL; flow run T=1 points=20; series N=6; plot list" || bad "plot list failed: $(cat "$tmp/err")"
grep -q '^n,name,kind,points,t_first,t_last,units,glyph,shown$' "$tmp/out" || bad "no plot list header"
grep -q '^1,flow,simulation,20,0,1,"\{0,1\}t, excess"\{0,1\},\*,yes$' "$tmp/out" || bad "flow row: $(cat "$tmp/out")"
grep -q '^2,.*,series,.*,#,yes$' "$tmp/out" || bad "series row: $(cat "$tmp/out")"

# hide by number, show by name prefix; the text plot follows
run "$MODEL; flow run T=1 points=20; series N=6; plot hide 1; plot list" || bad "plot hide 1 failed"
grep -q '^1,flow,.*,hidden$' "$tmp/out" || bad "plot hide 1 did not hide the flow: $(cat "$tmp/out")"
"$GFD" -q --no-init -c "$MODEL; flow run T=1 points=20; series N=6; plot hide 1; plot text=yes width=60 height=16" \
  </dev/null >"$tmp/plot" 2>&1
grep -q '^ \*\*\* flow' "$tmp/plot" && bad "a hidden curve is still in the legend"
grep -q '^ ### series' "$tmp/plot" || bad "the series left the legend when the flow was hidden: $(tail -3 "$tmp/plot")"
run "$MODEL; flow run T=1 points=20; series N=6; plot hide all; plot show fl; plot list" || bad "plot show fl failed"
grep -q '^1,flow,.*,yes$' "$tmp/out" || bad "plot show fl did not show the flow"
grep -q '^2,.*,hidden$' "$tmp/out" || bad "plot hide all did not hide the series"

# a curve keeps its glyph: hide the first, a new curve takes a free glyph,
# and the flow keeps * after a new run
run "$MODEL; flow run T=1 points=20; series N=6; flow run T=2 points=20; plot list" || bad "second run failed"
grep -q '^1,flow,.*,\*,yes$' "$tmp/out" || bad "the flow lost its glyph after a new run: $(cat "$tmp/out")"
grep -q '^2,.*,#,yes$' "$tmp/out" || bad "the series lost its glyph after a new run"

# clear: nothing left, the series hidden until shown again
run "$MODEL; flow run T=1 points=20; series N=6; plot clear; plot list" || bad "plot clear failed"
sed -n '/^n,name,kind/,$p' "$tmp/out" | grep -q '^[0-9]' && bad "plot clear left numbered curves: $(cat "$tmp/out")"
grep -q ',series,.*,hidden$' "$tmp/out" || bad "plot clear did not hide the series"
run "$MODEL; flow run T=1 points=20; plot clear; plot list" || bad "plot clear (no series) failed"
"$GFD" -q --no-init -c "$MODEL; flow run T=1 points=20; plot clear; plot list" </dev/null >"$tmp/out" 2>&1
grep -q '^no curves' "$tmp/out" || bad "plot list after clear: $(cat "$tmp/out")"

# bad selections: one error line, nothing changed
for sel in nosuch 7 0; do
  "$GFD" -q --no-init -c "$MODEL; flow run T=1 points=20; plot hide $sel" </dev/null >/dev/null 2>"$tmp/err" &&
    bad "plot hide $sel succeeded"
  [ "$(grep -c 'error' "$tmp/err")" -eq 1 ] || bad "plot hide $sel: $(cat "$tmp/err")"
done
"$GFD" -q --no-init -c "$MODEL; plot hide series" </dev/null >/dev/null 2>"$tmp/err" && bad "plot hide series without one succeeded"
grep -q 'no series' "$tmp/err" || bad "plot hide series without one: $(cat "$tmp/err")"

[ $fail -eq 0 ] && echo "plot list/hide/show/clear checks passed"
exit $fail
