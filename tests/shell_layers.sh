#!/bin/sh
# shell_layers.sh - the program's layering, measured on the build: the
# framework (src/gfd/shell) includes no area's header and, main.c aside,
# links to no symbol that an area (src/gfd/commands) or a view
# (src/gfd/views) defines; and no link circle among the program's object
# files (file A uses a symbol file B defines) spans more than 4 files.
: "${GFD_SRCDIR:?GFD_SRCDIR must name the source tree}"
: "${GFD:?GFD must name the gfd program}"
build=$(cd "$(dirname "$GFD")/../.." && pwd)
status=0
fail() { echo "FAIL: $*"; status=1; }

# --- includes: the framework's files name no area header
for f in "$GFD_SRCDIR"/src/gfd/shell/*.[ch]; do
  bad=$(sed -n 's/^#include "\(.*\)"/\1/p' "$f" |
        grep -E '^(cmd_.*|.*_provider|view.*)\.h$')
  [ -z "$bad" ] || fail "$(basename "$f") includes $bad"
done

# --- links: one line per object, "file U sym" and "file D sym"
objs=$(ls "$build"/src/gfd/shell/gfd-*.o "$build"/src/gfd/commands/gfd-*.o \
          "$build"/src/gfd/views/gfd-*.o 2>/dev/null)
[ -n "$objs" ] || { echo "FAIL: no object files under $build/src/gfd"; exit 1; }
syms=$(mktemp) || exit 1
trap 'rm -f "$syms"' EXIT
for o in $objs; do
  dir=$(basename "$(dirname "$o")")
  name=$(basename "$o" .o | sed 's/^gfd-//')
  # an object left over from a source file that was moved or removed
  [ -f "$GFD_SRCDIR/src/gfd/$dir/$name.c" ] || continue
  nm "$o" | awk -v f="$dir/$name.c" '
    NF == 2 && $1 == "U" { print f, "U", $2 }
    NF == 3 && $2 ~ /^[TDRBC]$/ { print f, "D", $3 }'
done > "$syms"

awk -v max=4 '
  $2 == "D" { def[$3] = $1; files[$1] = 1 }
  $2 == "U" { use[++nu] = $1 " " $3; files[$1] = 1 }
  END {
    n = 0
    for (f in files) { id[f] = ++n; name[n] = f }
    for (k = 1; k <= nu; k++) {
      split(use[k], u, " ")
      d = def[u[2]]
      if (d == "" || d == u[1]) continue
      r[id[u[1]], id[d]] = 1
      if (u[1] ~ /^shell\// && u[1] != "shell/main.c" && d !~ /^shell\//) {
        print "FAIL: " u[1] " uses " u[2] " of " d; bad = 1
      }
    }
    # reachability (Warshall), then each file with the files it shares a circle with
    for (k = 1; k <= n; k++)
      for (i = 1; i <= n; i++)
        if (r[i, k]) for (j = 1; j <= n; j++) if (r[k, j]) r[i, j] = 1
    for (i = 1; i <= n; i++) {
      size = 1; members = name[i]; first = 1
      for (j = 1; j <= n; j++)
        if (j != i && r[i, j] && r[j, i]) {
          size++; members = members " " name[j]
          if (j < i) first = 0
        }
      if (size > max && first) { print "FAIL: a link circle of " size " files: " members; bad = 1 }
    }
    exit bad
  }' "$syms" || status=1
exit $status
