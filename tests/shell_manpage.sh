#!/bin/sh
# shell_manpage.sh - man/gfd.1 documents every command of the command table,
# every option of `gfd --help` and every setting, and formats without groff
# warnings; man/gfd-theory.7, the mathematics that code, help and gfd.1 cite
# as "gfd-theory(7) 5.1", has every numbered section 0 to 5.5, names every
# regime the program prints, formats without warnings and fits 80 columns.
: "${GFD:?GFD must name the gfd program}" "${GFD_SRCDIR:?}"
man=$GFD_SRCDIR/man/gfd.1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0
# the page as plain text: font escapes and \- removed
sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\(dq/"/g' -e 's/\\(aq/'"'"'/g' \
    -e 's/^\.[A-Z][A-Z]* *//' -e 's/"//g' "$man" > "$tmp/page"
# the page joined into one line per paragraph is overkill: words of a command
# name must appear together on one source line
"$GFD" --no-init -c help > "$tmp/help" || { echo "FAIL: help"; exit 1; }
# the topic lines of `help`: "  topic     name, name, ..." (continued lines
# indented by 12); the names are the comma-separated items
sed -n '/^  [a-z]/,/^$/p' "$tmp/help" | sed '/^$/d' | cut -c13- | tr ',' '\n' |
  sed 's/^ *//; s/ *$//' | sed '/^$/d' > "$tmp/names"
n=0
while IFS= read -r name; do
  n=$((n + 1))
  grep -qF -- "$name" "$tmp/page" || { echo "FAIL: gfd.1 does not document '$name'"; status=1; }
done < "$tmp/names"
[ "$n" -ge 20 ] || { echo "FAIL: only $n commands found in help"; status=1; }
# and each has an entry of its own: a .TP item whose tag starts with the name
# (or lists it after a comma: "quit, exit"), i.e. a synopsis and a paragraph
awk '/^\.TP/ {getline; print}' "$man" | sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' \
  -e 's/^\.[A-Z][A-Z]* *//' -e 's/"//g' -e 's/  */ /g' > "$tmp/tags"
while IFS= read -r name; do
  awk -v c="$name" '{s = "," $0 ","; gsub(/ *, */, ",", s); if (index($0, c " ") == 1 || $0 == c || index(s, "," c ",") || index(s, "," c " ")) f = 1} END {exit !f}' "$tmp/tags" ||
    { echo "FAIL: gfd.1 has no entry (.TP tag) for '$name'"; status=1; }
done < "$tmp/names"
for opt in $("$GFD" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
  grep -qF -- "$opt" "$tmp/page" || { echo "FAIL: gfd.1 does not document $opt"; status=1; }
done
for st in $("$GFD" --no-init --csv -c show | sed 1d | cut -d, -f1); do
  grep -q "^$st " "$tmp/page" || { echo "FAIL: gfd.1 does not document the setting $st"; status=1; }
done
for word in GFD_HISTORY XDG_STATE_HOME XDG_CONFIG_HOME NO_COLOR OPENBLAS_NUM_THREADS mt19937 \
    'EXIT STATUS' 130 'coef_n = L^(n)(0)/n!' 'RANDOM NUMBERS' taus2 'seed+K-1' tseed= ENVIRONMENT FILES \
    'halves can' 'only tables'; do
  grep -qF -- "$word" "$tmp/page" || { echo "FAIL: gfd.1 does not mention $word"; status=1; }
done
# groff must format the page without warnings (bootstrap installs groff-base)
if ! command -v groff > /dev/null 2>&1; then
  echo "FAIL: groff is not installed (./bootstrap installs groff-base)"; status=1
else
  groff -man -ww -z "$man" > "$tmp/warn" 2>&1
  [ -s "$tmp/warn" ] && { echo "FAIL: groff warnings:"; cat "$tmp/warn"; status=1; }
fi
# gfd-theory(7): the section numbers are the ones cited ("gfd-theory(7) 5.1",
# "gfd-theory(7) section 4"), so they must all exist: 0..5 as .SH "N. TITLE",
# 5.1..5.5 as .SS "5.K TITLE"
theory=$GFD_SRCDIR/man/gfd-theory.7
if [ -r "$theory" ]; then
  for sec in 0 1 2 3 4 5; do
    grep -q "^\.SH \"$sec\. " "$theory" || { echo "FAIL: gfd-theory.7 has no section $sec"; status=1; }
  done
  for sec in 5.1 5.2 5.3 5.4 5.5; do
    grep -q "^\.SS \"$sec " "$theory" || { echo "FAIL: gfd-theory.7 has no section $sec"; status=1; }
  done
  sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' -e 's/\\ / /g' -e 's/\\&//g' \
      -e 's/^\.[A-Z][A-Z]* *//' -e 's/"//g' "$theory" > "$tmp/theory"
  # the regimes as `regime` and `map` print them (names and CSV keys)
  for word in 'free evolution' free ntk NTK mf-over mf-under proportional frozen multi-scale \
      undetermined 'mean-field over-parameterised' 'mean-field under-parameterised' \
      'balance line' 'Pareto polygon' kappa_c 2.077809448 'coef_n = L^(n)(0)/n!' Yarotsky 2602.04548; do
    grep -qF -- "$word" "$tmp/theory" || { echo "FAIL: gfd-theory.7 does not mention $word"; status=1; }
  done
  # the commands it explains exist
  for cmd in model series diagrams diagram 'show poly' scaling regime map sweep solutions sum blowup \
      'flow run' 'ascent run'; do
    grep -qF -- "$cmd" "$tmp/names" || { echo "FAIL: gfd-theory.7 names $cmd, not in help"; status=1; }
  done
  if command -v groff > /dev/null 2>&1; then
    groff -man -ww -z "$theory" > "$tmp/warn" 2>&1
    [ -s "$tmp/warn" ] && { echo "FAIL: groff warnings in gfd-theory.7:"; cat "$tmp/warn"; status=1; }
    # man(1) at MANWIDTH=80 formats with a line length of 78n
    groff -man -Tascii -P-bcu -rLL=78n "$theory" 2> /dev/null |
      awk 'length > 80 { print "FAIL: gfd-theory.7 line over 80 columns: " $0; bad = 1 } END { exit bad }' ||
      status=1
  fi
else
  echo "FAIL: no $theory"; status=1
fi
# gfd.1 points to it and no longer cites the unshipped THEORY
grep -q '^\.BR gfd\\-theory (7)' "$man" || { echo "FAIL: gfd.1 does not name gfd-theory(7)"; status=1; }
grep -n 'THEORY' "$man" && { echo "FAIL: gfd.1 cites THEORY (use gfd-theory(7))"; status=1; }
# and so does nothing the project ships: sources, headers, tours
cites=$(grep -rln 'THEORY\|DESIGN\.md' "$GFD_SRCDIR"/src "$GFD_SRCDIR"/include "$GFD_SRCDIR"/share \
  --include='*.c' --include='*.h' --include='*.gfd' 2> /dev/null)
[ -z "$cites" ] || { echo "FAIL: these cite the unshipped THEORY/DESIGN documents:"; echo "$cites"; status=1; }
[ "$status" -eq 0 ] && echo "gfd.1 documents all $n commands, the options and the settings; gfd-theory.7 has sections 0 to 5.5"
exit $status
