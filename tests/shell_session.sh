#!/bin/sh
# shell_session.sh - save/load round trips, load refusing bad files with the
# state unchanged, export csv of the last table, and state=yes resuming a
# stepped run exactly.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
status=0
fail() { echo "FAIL: $*"; status=1; }
g() { "$GFD" --no-init "$@"; }

setup='model asym nu=3 p=7 H=3 sigma=0.35 target=teacher r=2 tseed=5 kappa=0.5 seed=11'
settings='set points 37; set method rkf45; set rtol 1e-9; set budget 512M; set timelimit 90'

# --- save, then load in a fresh gfd: same model and settings
g -c "$setup" -c "$settings" -c 'save s1.gfd' > /dev/null 2> err || fail "save: $(cat err)"
[ -s s1.gfd ] || fail "save wrote nothing"
g --csv -q -c "$setup" -c "$settings" -c 'show model; show' > want
g --csv -q -c 'load s1.gfd' -c 'show model; show' > got
cmp -s want got || { fail "load did not restore model and settings"; diff want got; }

# --- CSV output: stdout carries tables only; the model summary goes to
# stderr (none with -q, except for a bare `model`, which asks for it)
g --csv -c "$setup" -c 'series N=2' > out 2> err
[ "$(head -n 1 out)" = 'n,coef,coef_se' ] && [ "$(wc -l < out)" -eq 4 ] ||
  fail "--csv: stdout is not just the series table: $(head -n 2 out)"
grep -q 'parameters' err || fail "--csv: the model summary is not on stderr: $(cat err)"
g --csv -q -c "$setup" -c 'series N=2' > out 2> err
[ "$(head -n 1 out)" = 'n,coef,coef_se' ] && [ ! -s err ] || fail "--csv -q: stdout $(head -n 1 out), stderr $(cat err)"
g --csv -q -c "$setup" -c 'model; show format' > out 2> err
grep -q 'parameters' err && [ "$(cat out)" = "$(printf 'setting,value\nformat,csv')" ] ||
  fail "--csv: bare model to stderr, show KEY as a table: stdout $(cat out), stderr $(cat err)"
g -q -c "$setup" > out
grep -q 'parameters' out || fail "text mode: the model summary left stdout"

# --- load refuses bad files, runs nothing, changes nothing
g --csv -q -c "$setup" -c 'show model' > before
for bad in missing dir binary huge badline badkey; do
  case $bad in
    missing) f=nosuch.gfd ;;
    dir) mkdir -p adir; f=adir ;;
    binary) printf 'model sym\000\001\002\n' > bin.gfd; f=bin.gfd ;;
    huge) head -c 17000000 /dev/zero | tr '\0' '#' > huge.gfd; f=huge.gfd ;;
    badline) printf 'model sym nu=2 p=5 H=2 sigma=0.2\necho loaded\nfrobnicate\n' > bl.gfd; f=bl.gfd ;;
    badkey) printf 'model sym nu=2 p=5 H=2 sigma=0.2\nmodel nosuchkey=1\n' > bk.gfd; f=bk.gfd ;;
  esac
  g --csv -q --no-bail -c "$setup" -c "load $f" -c 'show model' > out 2> err
  rc=$?
  [ "$rc" -eq 1 ] || fail "load $bad: exit $rc, want 1"
  [ "$(wc -l < err)" -eq 1 ] || { fail "load $bad: want one error line, got:"; cat err; }
  cmp -s before out || { fail "load $bad changed the state or ran commands:"; diff before out; }
done
grep -q 'bl.gfd:3: error: unknown command: frobnicate' err 2>/dev/null ||
  { g -c "load bl.gfd" 2>&1 | grep -q 'bl.gfd:3: error' || fail "load names FILE:LINE of the bad line"; }

# --- save to an unwritable place: one line, exit 1
g -c 'save /nonexistent/dir/s.gfd' > out 2> err
[ $? -eq 1 ] && [ "$(wc -l < err)" -eq 1 ] && grep -q 'cannot write /nonexistent/dir/s.gfd' err ||
  fail "save to an unwritable path: $(cat err)"

# --- export csv writes the last table exactly as --csv prints it
g -q -c "$setup" -c 'show model' -c 'export csv m.csv' > /dev/null
# (with --csv, stdout carries the tables only: no model summary line)
g -q --csv -c "$setup" -c 'show model' > m.want
cmp -s m.csv m.want || { fail "export csv differs from --csv output"; diff m.want m.csv; }
g -c 'export csv x.csv' > /dev/null 2> err
[ $? -eq 1 ] && grep -q 'no table' err || fail "export csv without a table: $(cat err)"
g -q -c 'show model' -c 'export csv /nonexistent/x.csv' > /dev/null 2> err
[ $? -eq 1 ] && [ "$(wc -l < err)" -eq 1 ] && grep -q 'cannot write /nonexistent/x.csv' err ||
  fail "export csv to an unwritable path: $(cat err)"

# --- state=yes: a stepped run resumes exactly where it stood
small='model sym nu=2 p=6 H=3 sigma=0.3 seed=4'
g -q --csv -c "$small" -c 'flow step 0.05 points=3; flow step 0.05 points=3' \
  -c 'save st.gfd state=yes' > /dev/null 2> err || fail "save state=yes: $(cat err)"
g -q --csv -c "$small" -c 'flow step 0.05 points=3; flow step 0.05 points=3' \
  -c 'flow step 0.1 points=3' | tail -n 1 > cont.want
g -q --csv -c 'load st.gfd' -c 'flow step 0.1 points=3' | tail -n 1 > cont.got
[ -s cont.want ] && cmp -s cont.want cont.got ||
  { fail "state=yes did not resume exactly"; cat cont.want cont.got; }

# equal steps (the plot's space and r take hundreds) are one line, replayed exactly
grep -qx 'flow step 0.05 points=3 repeat=2' st.gfd || { fail "two equal steps are not one repeat=2 line:"; grep flow st.gfd; }
g -q --csv -c "$small" -c 'flow step 0.01 points=3 repeat=40; flow step 0.01 points=3; save rep.gfd state=yes' > /dev/null 2>&1
[ "$(grep -c '^flow step' rep.gfd)" -eq 1 ] && grep -qx 'flow step 0.01 points=3 repeat=41' rep.gfd ||
  { fail "41 equal steps are not one repeat=41 line:"; grep flow rep.gfd; }
g -q --csv -c "$small" -c 'flow step 0.41 points=3' | tail -n 1 | cut -d, -f2 > rep.want
g -q --csv -c 'load rep.gfd' | tail -n 1 | cut -d, -f2 > rep.got
# 41 steps of 0.01 against one of 0.41: the same t by another path of the
# integrator (rtol 1e-10); measured 4e-13 relative, 1e-8 leaves room for
# other step-size choices
awk -v a="$(cat rep.want)" -v b="$(cat rep.got)" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= 1e-8 * (a < 0 ? -a : a)) }' ||
  fail "41 steps of 0.01 do not reach the loss of one step of 0.41: $(cat rep.want) vs $(cat rep.got)"
g -q -c "$small" -c 'flow step 0.1 repeat=0' > /dev/null 2> err && fail "repeat=0 is refused"
grep -q 'repeat' err || fail "repeat=0: the error names repeat: $(cat err)"

# numbers in a saved script read as typed, without %.17g noise (issue 16):
# T=3.1, not T=3.1000000000000001; still exact (replay above)
g -q -c "$small" -c 'flow run T=3.1 points=3; flow step 0.1 points=3; save noise.gfd state=yes' > /dev/null 2>&1
grep -q '^flow run T=3.1 .*rtol=1e-10 atol=1e-12' noise.gfd || { fail "saved flow run has noisy numbers:"; grep flow noise.gfd; }
grep -q '^flow step 0.1 points=3$' noise.gfd || { fail "saved flow step has noisy numbers:"; grep flow noise.gfd; }

[ "$status" -eq 0 ] && echo "session checks passed"
exit $status
