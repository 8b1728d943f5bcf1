#!/bin/sh
# view_text.sh - the views when not on a terminal: `plot` prints an ASCII
# frame (axes, tick labels, legend with glyphs) of COLUMNS x LINES;
# `export gnuplot FILE` writes FILE.dat with the curves and FILE, a script
# that reads it; bad requests are one error line and change nothing.
set -u
: "${GFD:?GFD must point to the gfd program}"
tmp=${TMPDIR:-/tmp}/gfd-view-text.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
  echo "FAIL: $*"
  fail=1
}

MODEL='model sym nu=2 p=20 H=10 sigma=0.2'
# the frame is the last LINES lines of the output
COLUMNS=100 LINES=30 "$GFD" -q --no-init -c "$MODEL; flow run T=1 seeds=3; series N=8; plot" \
  </dev/null >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] || bad "plot after flow run: exit $rc ($(cat "$tmp/err"))"
tail -n 30 "$tmp/out" >"$tmp/frame"
[ "$(wc -l <"$tmp/frame")" -eq 30 ] || bad "frame is not 30 lines"
# every line within COLUMNS, and ASCII only (a dumb-terminal plot)
awk 'length($0) > 100 { exit 1 }' "$tmp/frame" || bad "a frame line is wider than COLUMNS=100"
if LC_ALL=C grep -q '[^ -~]' "$tmp/frame"; then bad "non-ASCII characters in the text plot"; fi
# the x axis: a corner, dashes and tick marks over most of the width
axis=$(grep -n '^ *+[-+]*$' "$tmp/frame" | head -n 1)
[ -n "$axis" ] || bad "no x axis line"
row=${axis%%:*}
len=$(sed -n "${row}p" "$tmp/frame" | tr -d ' ' | wc -c)
[ "$len" -gt 80 ] || bad "x axis only $len characters wide"
# tick labels under the axis: the run goes from 0 to 1
labels=$(sed -n "$((row + 1))p" "$tmp/frame")
echo "$labels" | grep -q ' 0 ' || bad "no 0 tick label under the axis: '$labels'"
echo "$labels" | grep -Eq ' 1(\.0+)?$' || bad "no 1 tick label at the end of the axis: '$labels'"
# the y axis: tick marks with numeric labels on several rows
ny=$(grep -c '^ *[-0-9.e]\{1,\}+' "$tmp/frame")
[ "$ny" -ge 3 ] || bad "only $ny labelled y ticks"
# the legend: a glyph sample and a name per curve, the series with its order
grep -q '\*\*\* [^ ]' "$tmp/frame" || bad "no legend entry for the first curve"
grep -q 'series order 8/8 (instance)' "$tmp/frame" || bad "no legend entry for the series"
# the curve itself: '*' glyphs inside the plot area
nstar=$(head -n $((row - 1)) "$tmp/frame" | tr -cd '*' | wc -c)
[ "$nstar" -ge 20 ] || bad "only $nstar curve glyphs in the plot area"

# order= shows a lower truncation; above the computed order is an error
"$GFD" -q --no-init -c "$MODEL; series N=8; plot order=3" </dev/null >"$tmp/out3" 2>&1 ||
  bad "plot order=3 failed: $(cat "$tmp/out3")"
grep -q 'series order 3/8' "$tmp/out3" || bad "plot order=3 legend"
"$GFD" -q --no-init -c "$MODEL; series N=8; plot order=9" </dev/null >"$tmp/out4" 2>"$tmp/err4"
[ $? -eq 1 ] || bad "plot order=9 above N=8 must fail with exit 1"
[ "$(wc -l <"$tmp/err4")" -eq 1 ] || bad "plot order=9: not one error line: $(cat "$tmp/err4")"

# nothing to plot, an empty window: one error line each, exit 1
"$GFD" -q --no-init -c "$MODEL; plot" </dev/null >/dev/null 2>"$tmp/err5"
[ $? -eq 1 ] || bad "plot with nothing to draw must fail"
grep -q 'nothing to plot' "$tmp/err5" || bad "plot with nothing: $(cat "$tmp/err5")"
"$GFD" -q --no-init -c "$MODEL; series N=4; plot tmin=2 tmax=1" </dev/null >/dev/null 2>"$tmp/err6"
[ $? -eq 1 ] || bad "plot tmin=2 tmax=1 must fail"
[ "$(wc -l <"$tmp/err6")" -eq 1 ] || bad "tmin>tmax: not one error line"

# width=/height= and log=yes: decade labels on a log axis
"$GFD" -q --no-init -c "$MODEL; flow run T=4; plot log=yes width=60 height=20" </dev/null \
  >"$tmp/out7" 2>&1 || bad "plot log=yes failed: $(cat "$tmp/out7")"
tail -n 20 "$tmp/out7" >"$tmp/frame7"
awk 'length($0) > 60 { exit 1 }' "$tmp/frame7" || bad "width=60 not honoured"
grep -q 'log y' "$tmp/frame7" || bad "log=yes not shown in the title"

# export gnuplot: the data of the flow run, block 0 = the run's table
"$GFD" -q --no-init -c "$MODEL; flow run T=1 seeds=2; export csv $tmp/flow.csv; series N=6; export gnuplot $tmp/p.gp" \
  </dev/null >"$tmp/out8" 2>&1 || bad "export gnuplot failed: $(cat "$tmp/out8")"
[ -s "$tmp/p.gp" ] || bad "no script written"
[ -s "$tmp/p.gp.dat" ] || bad "no data written"
grep -q "$tmp/p.gp.dat" "$tmp/p.gp" || bad "the script does not name its data file"
grep -q '^plot ' "$tmp/p.gp" || bad "the script has no plot command"
grep -q '^poly(t) = ' "$tmp/p.gp" || bad "the script does not define the truncated series"
grep -q '^series(x) = (poly(x \* 1) + 0) / 1$' "$tmp/p.gp" || bad "the series is not drawn in t and L units"
grep -q 'index 0 using 1:2' "$tmp/p.gp" || bad "the script does not plot block 0"
# block 0 holds the same times as the run's table (all 17 digits)
awk '/^#/ { next } /^$/ { exit } { print $1 }' "$tmp/p.gp.dat" >"$tmp/t_dat"
tail -n +2 "$tmp/flow.csv" | cut -d, -f1 >"$tmp/t_csv"
if [ -s "$tmp/t_csv" ]; then
  awk 'NR == FNR { a[NR] = $1; n = NR; next } { if ($1 + 0 != a[FNR] + 0) bad = 1; m = FNR }
       END { exit (bad || m != n) }' "$tmp/t_csv" "$tmp/t_dat" ||
    bad "block 0 of the data differs from the flow table ($(wc -l <"$tmp/t_dat") vs $(wc -l <"$tmp/t_csv") rows)"
else
  bad "flow run wrote no table to compare with"
fi
# and the loss (the curve holds the excess; the plot adds ||y||^2/2 back:
# rounding of that sum only, 1e-12 relative)
awk '/^#/ { next } /^$/ { exit } { print $2 }' "$tmp/p.gp.dat" >"$tmp/y_dat"
tail -n +2 "$tmp/flow.csv" | cut -d, -f2 >"$tmp/y_csv"
awk 'NR == FNR { a[NR] = $1; next } { d = $1 - a[FNR]; if (d < 0) d = -d; if (d > 1e-12 * (a[FNR] < 0 ? -a[FNR] : a[FNR])) bad = 1 }
     END { exit bad }' "$tmp/y_csv" "$tmp/y_dat" || bad "block 0's loss differs from the flow table's"
# gnuplot must accept the script (bootstrap installs gnuplot-nox: no skipping)
if ! command -v gnuplot >/dev/null 2>&1; then
  bad "gnuplot is not installed (./bootstrap installs gnuplot-nox)"
else
  (cd "$tmp" && gnuplot -e 'set terminal dumb' p.gp >/dev/null 2>"$tmp/gperr") ||
    bad "gnuplot rejects the script: $(cat "$tmp/gperr")"
fi

# an unwritable path: one error line, exit 1, nothing left behind
"$GFD" -q --no-init -c "$MODEL; series N=4; export gnuplot $tmp/no/such/dir/p" </dev/null \
  >/dev/null 2>"$tmp/err9"
[ $? -eq 1 ] || bad "export to an unwritable path must fail"
[ "$(wc -l <"$tmp/err9")" -eq 1 ] || bad "unwritable path: not one error line: $(cat "$tmp/err9")"
grep -q 'cannot write' "$tmp/err9" || bad "unwritable path message: $(cat "$tmp/err9")"

exit $fail
