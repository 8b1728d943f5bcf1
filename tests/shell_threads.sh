#!/bin/sh
# shell_threads.sh - `set threads auto` (the default): one OpenBLAS thread for
# small models, the machine's count for large ones, and an environment
# OPENBLAS_NUM_THREADS always wins; a number turns auto off.
: "${GFD:?GFD must name the gfd program}"
status=0
check() { # name, got, want
  if [ "$2" = "$3" ]; then echo "ok   $1: $2"; else echo "FAIL $1: got '$2' want '$3'"; status=1; fi
}
g() { "$GFD" --no-init -q --csv "$@"; }
val() { sed -n 's/^threads[ ,]//p'; }
small='model sym nu=2 p=100 H=50'   # H^2 p = 2.5e5, far below the 2e7 threshold
large='model sym nu=2 p=2000 H=200' # H^2 p = 8e7, above it

unset OPENBLAS_NUM_THREADS
check "default, small model" "$(g -c "$small; show threads" | val)" "auto (1)"
big=$(g -c "$large; show threads" | val)
case $big in "auto ("[1-9]*")") echo "ok   large model: $big" ;; *) echo "FAIL large model: '$big'"; status=1 ;; esac
check "back to small" "$(g -c "$large; $small; show threads" | val)" "auto (1)"
check "asym counts nu blocks" "$(g -c 'model asym nu=4 p=2000 H=50; show threads' | val)" \
  "$(g -c "$large; show threads" | val)"
check "sym: nu does not count" "$(g -c 'model sym nu=4 p=2000 H=50; show threads' | val)" "auto (1)"
check "a number turns auto off" "$(g -c "set threads 1; $large; show threads" | val)" "1"
check "set threads auto again" "$(g -c "set threads 1; $large; set threads auto; show threads" | val)" "$big"
check "a bad value changes nothing" "$(g --no-bail -c 'set threads 0' -c 'show threads' 2>/dev/null | val)" "auto (1)"
check "OPENBLAS_NUM_THREADS=1 wins on a large model" \
  "$(OPENBLAS_NUM_THREADS=1 g -c "$large; show threads" | val)" "auto (1)"
check "OPENBLAS_NUM_THREADS=2 wins on a small model" \
  "$(OPENBLAS_NUM_THREADS=2 g -c "$small; show threads" | val)" "auto (2)"
exit $status
