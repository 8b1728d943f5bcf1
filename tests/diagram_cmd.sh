#!/bin/sh
# diagram_cmd.sh - the diagram commands end to end: series source=diagrams
# against gfd-theory(7)'s reference values, the CSV layout of `diagrams`, shares that
# sum to one, values that sum to `show poly`, the text rendering, the NTK and
# zero families, and errors (bad target, bad ids) that exit 1.
# Numbers are checked against gfd-theory(7) or against another route, never against
# stored outputs of gfd.
: "${GFD:?GFD must name the gfd program}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; fail=1; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }
# (with --csv, stdout carries the tables only: no model summary to skip)
g() { "$GFD" -q --no-init --csv -c "$1"; }

# gfd-theory(7) section 3 spot values: SYM nu=2, p = H = 2, s = sigma^2 = 0.7:
# E L^(0..4) = 3.1, -130.368, 10512.2, -1.33853e6, 2.48466e8 (5-6 digits given)
M='model sym nu=2 p=2 H=2 sigma=0.83666002653407554798 target=identity'
g "$M; series source=diagrams N=4" > "$tmp/ser.csv" 2> "$tmp/err" || bad "series source=diagrams exits 0"
check "series header" '[ "$(head -n 1 "$tmp/ser.csv")" = "n,coef,coef_se" ]'
check "series: 5 rows" '[ "$(tail -n +2 "$tmp/ser.csv" | wc -l)" -eq 5 ]'
check "series: coef_n n! = gfd-theory(7) spot values to 5e-6" \
  '[ "$(tail -n +2 "$tmp/ser.csv" | awk -F, "BEGIN {v[0]=3.1; v[1]=-130.368; v[2]=10512.2; v[3]=-1.33853e6; v[4]=2.48466e8; f=1}
     {if (\$1 > 0) f *= \$1; d = \$2 * f - v[\$1]; if (d < 0) d = -d; a = v[\$1]; if (a < 0) a = -a;
      if (d > 5e-6 * a || \$3 != 0) print}" | wc -l)" -eq 0 ]'

# diagrams: layout, shares sum to 1, values sum to the polynomial's value
g "$M; diagrams 2" > "$tmp/d2.csv" || bad "diagrams 2 exits 0"
check "diagrams header" '[ "$(head -n 1 "$tmp/d2.csv")" = "id,mult,n_p,n_H,n_e,n_y,value,share,shape" ]'
check "diagrams 2: 27 classes (gfd-theory(7): 27)" '[ "$(tail -n +2 "$tmp/d2.csv" | wc -l)" -eq 27 ]'
check "diagrams 2: ids are 2.k and mults exact integers" \
  '[ "$(tail -n +2 "$tmp/d2.csv" | awk -F, "\$1 !~ /^2\\.[0-9]+\$/ || \$2 !~ /^-?[0-9]+\$/" | wc -l)" -eq 0 ]'
check "diagrams 2: shares sum to 1 (1e-12)" \
  '[ "$(tail -n +2 "$tmp/d2.csv" | awk -F, "{s += \$8} END {d = s - 1; if (d < 0) d = -d; print (d < 1e-12)}")" = 1 ]'
check "diagrams 2: values sum to E L^(2) = 10512.2 (gfd-theory(7))" \
  '[ "$(tail -n +2 "$tmp/d2.csv" | awk -F, "{s += \$7} END {d = s - 10512.2; if (d < 0) d = -d; print (d < 0.06)}")" = 1 ]'
check "diagrams 2: sorted by decreasing |value|" \
  '[ "$(tail -n +2 "$tmp/d2.csv" | awk -F, "{a = \$7; if (a < 0) a = -a; if (NR > 1 && a > prev) print; prev = a}" | wc -l)" -eq 0 ]'
check "diagrams 2: mult * p^n_p H^n_H s^n_e kappa^n_y = value" \
  '[ "$(tail -n +2 "$tmp/d2.csv" | awk -F, "{w = \$2 * 2^\$3 * 2^\$4 * 0.7^\$5; d = w - \$7; if (d < 0) d = -d; a = w < 0 ? -w : w; if (d > 1e-9 * a) print}" | wc -l)" -eq 0 ]'
# order 0: the multiplicities are exact halves or integers (the 1/2 of
# L = 1/2 ||f - y||^2 is genuine: 1/2 K_{2,2} terms and the point p/2), and
# mult * weight sums to E L^(0) = 3.1 (gfd-theory(7)); help and gfd(1) say so
g "$M; diagrams 0" > "$tmp/d0.csv" || bad "diagrams 0 exits 0"
check "diagrams 0: mults are integers or halves, at least one half" \
  '[ "$(tail -n +2 "$tmp/d0.csv" | awk -F, "\$2 !~ /^-?[0-9]+(\/2)?\$/" | wc -l)" -eq 0 ] && grep -q ",1/2," "$tmp/d0.csv"'
check "diagrams 0: sum of mult * weight = E L^(0) = 3.1 (gfd-theory(7))" \
  '[ "$(tail -n +2 "$tmp/d0.csv" | awk -F, "{split(\$2, q, \"/\"); m = q[1] / (q[2] ? q[2] : 1); s += m * 2^\$3 * 2^\$4 * 0.7^\$5} END {d = s - 3.1; if (d < 0) d = -d; print (d < 1e-12)}")" = 1 ]'
"$GFD" -q --no-init -c 'help diagrams' > "$tmp/hd.txt"
check "help diagrams: integers for n >= 1, halves at n = 0" \
  'grep -q "integer for n >= 1" "$tmp/hd.txt" && grep -q "at n = 0 halves can occur" "$tmp/hd.txt"'

g "$M; diagrams 2 sort=mult top=3" > "$tmp/d2m.csv" || bad "diagrams sort=mult top=3 exits 0"
check "top=3: 3 rows" '[ "$(tail -n +2 "$tmp/d2m.csv" | wc -l)" -eq 3 ]'
check "sort=mult: decreasing |mult|" \
  '[ "$(tail -n +2 "$tmp/d2m.csv" | awk -F, "{a = \$2; if (a < 0) a = -a; if (NR > 1 && a > prev) print; prev = a}" | wc -l)" -eq 0 ]'
check "sort=mult keeps the ids of sort=value" \
  '[ "$(cut -d, -f1,2 "$tmp/d2m.csv" | tail -n +2 | while IFS= read -r l; do grep -c "^$l," "$tmp/d2.csv"; done | grep -c 1)" -eq 3 ]'

# show poly (CSV: monomials): sum coef p^a H^b s^c kappa^d = E L^(2)
g "$M; show poly 2" > "$tmp/p2.csv" || bad "show poly exits 0"
check "show poly header" '[ "$(head -n 1 "$tmp/p2.csv")" = "n_p,n_H,n_e,n_y,coef" ]'
check "show poly 2 at the sizes = 10512.2 (gfd-theory(7))" \
  '[ "$(tail -n +2 "$tmp/p2.csv" | awk -F, "{split(\$5, q, \"/\"); c = q[1] / (q[2] ? q[2] : 1); s += c * 2^\$1 * 2^\$2 * 0.7^\$3} END {d = s - 10512.2; if (d < 0) d = -d; print (d < 0.06)}")" = 1 ]'
# text mode names the polynomial
"$GFD" -q --no-init -c "$M; show poly 1" > "$tmp/p1.txt" || bad "show poly text exits 0"
check "show poly 1 text: gfd-theory(7)'s E L^(1) monomial -16 s^3 p H" 'grep -q -- "- 16 s^3 p H " "$tmp/p1.txt"'

# families: NTK = full at n <= 1; zero family = zero-target model
g "$M; show poly 1 family=ntk" > "$tmp/n1.csv"
g "$M; show poly 1" > "$tmp/f1.csv"
check "family=ntk equals full at n = 1" 'cmp -s "$tmp/n1.csv" "$tmp/f1.csv"'
g "$M; show poly 3 family=zero" > "$tmp/z3.csv"
g "model sym nu=2 p=2 H=2 sigma=0.5 target=zero; show poly 3" > "$tmp/zt3.csv"
check "family=zero equals the zero-target model" 'cmp -s "$tmp/z3.csv" "$tmp/zt3.csv"'

# one class: with CSV output, its row of the diagrams table
g "$M; diagram 2.1" > "$tmp/one.csv" || bad "diagram 2.1 (CSV) exits 0"
check "diagram 2.1 (CSV): the header and the row of 2.1 in diagrams 2" \
  '[ "$(head -n 1 "$tmp/one.csv")" = "id,mult,n_p,n_H,n_e,n_y,value,share,shape" ] && [ "$(wc -l < "$tmp/one.csv")" -eq 2 ] && [ "$(tail -n 1 "$tmp/one.csv")" = "$(grep "^2\.1," "$tmp/d2.csv")" ]'

# one class, text rendering
"$GFD" -q --no-init -c "$M; diagram 2.1" > "$tmp/one.txt" || bad "diagram 2.1 exits 0"
check "diagram 2.1 shows multiplicity, p-nodes and a drawing" \
  'grep -q "^diagram 2.1: multiplicity" "$tmp/one.txt" && grep -q "p-nodes and the H-nodes" "$tmp/one.txt" && grep -q "drawing" "$tmp/one.txt"'
"$GFD" -q --no-init -c "model asym nu=3 p=3 H=2; diagram 1.5" > "$tmp/as.txt" || bad "ASYM diagram 1.5 exits 0"
check "ASYM classes show factor indices" 'grep -q "factor" "$tmp/as.txt"'

# shape: classes whose other columns agree exist at order 4 (SYM nu=2), and the
# shape tells every one of them apart; its degrees add up to n_e on both sides
g "$M; diagrams 4 top=0" > "$tmp/d4.csv"
check "diagrams 4: some classes agree in mult,n_p,n_H,n_e,n_y" \
  '[ "$(tail -n +2 "$tmp/d4.csv" | cut -d, -f2-6 | sort | uniq -d | wc -l)" -gt 0 ]'
check "diagrams 4: no two classes agree in mult,n_p,n_H,n_e,n_y and shape" \
  '[ "$(tail -n +2 "$tmp/d4.csv" | cut -d, -f2-6,9 | sort | uniq -d | wc -l)" -eq 0 ]'
check "diagrams 4: p-degrees and H-degrees of the shape each sum to n_e, n_p and n_H of them" \
  '[ "$(tail -n +2 "$tmp/d4.csv" | awk -F, "{split(\$9, w, \" \"); np = split(substr(w[1], 2), a, \".\"); nh = split(substr(w[2], 2), b, \".\");
      sa = 0; sb = 0; for (i in a) sa += a[i]; for (i in b) sb += b[i];
      if (sa != \$5 || sb != \$5 || np != \$3 || nh != \$4) print}" | wc -l)" -eq 0 ]'
"$GFD" -q --no-init -c "$M; diagram 2.4; diagram 2.20" > "$tmp/legs.txt"
check "diagram 2.4 (n_y = 2) draws two target legs, 2.20 (n_y = 0) none" \
  '[ "$(grep -c "target legs (kappa each, 2): y y " "$tmp/legs.txt")" -eq 1 ] && [ "$(grep -c "target legs" "$tmp/legs.txt")" -eq 1 ]'

# numeric mode (at=sizes) and the polynomial route give the same exact value
# (a rational: no tolerance), and the value of show poly agrees with it
M3='model sym nu=3 p=4 H=3 sigma=0.3 kappa=1.5 target=identity'
"$GFD" -q --no-init -c "$M3; show poly 3" > "$tmp/pa.txt" 2>&1
"$GFD" -q --no-init -c "$M3; show poly 3 at=sizes" > "$tmp/ps.txt" 2>&1
check "show poly 3 at=sizes: exact value = that of the polynomial route" \
  'grep -q "^exactly" "$tmp/pa.txt" && [ "$(grep "^exactly" "$tmp/pa.txt")" = "$(grep "^exactly" "$tmp/ps.txt")" ]'
check "show poly 3 at=sizes: a polynomial in s and kappa only" \
  'sed -n 2p "$tmp/ps.txt" | grep -q "s" && ! sed -n 2p "$tmp/ps.txt" | grep -Eq "(^| )(p|H)(\^| |\$)"'
check "show poly 3: the decimal value = the exact rational (1e-9)" \
  '[ "$(awk "/^at p=/ {v = \$NF} /^exactly/ {split(\$NF, q, \"/\"); r = q[1] / (q[2] ? q[2] : 1); d = v - r; if (d < 0) d = -d; if (r < 0) r = -r; print (d <= 1e-9 * r)}" "$tmp/pa.txt")" = 1 ]'

# diagrams census: term and class counts of gfd-theory(7) section 3 (SYM nu=2:
# terms 2..6, reduced classes 4 10 27 67 192, plus the constant at n = 0), and
# monomials equal to the rows of `show poly n` (another route to the same count)
g "$M; diagrams census 4" > "$tmp/cen.csv" 2> "$tmp/err" || bad "diagrams census 4 exits 0"
check "census header" \
  '[ "$(head -n 1 "$tmp/cen.csv")" = "n,terms,monomials,memo_graphs,poly_s,classes,cancelled,class_states,classes_s,class_MiB" ]'
check "census: terms and classes of gfd-theory(7)" \
  '[ "$(tail -n +2 "$tmp/cen.csv" | cut -d, -f1,2,6 | tr "\n" " ")" = "0,2,5 1,3,10 2,4,27 3,5,67 4,6,192 " ]'
for n in 2 4; do
  g "$M; show poly $n" > "$tmp/poly$n.csv"
  check "census: monomials of order $n = rows of show poly $n" \
    '[ "$(awk -F, -v n=$n "\$1 == n {print \$3}" "$tmp/cen.csv")" -eq "$(tail -n +2 "$tmp/poly$n.csv" | wc -l)" ]'
done
check "census: every class comes from at least one state" \
  '[ "$(tail -n +2 "$tmp/cen.csv" | awk -F, "\$8 < \$6" | wc -l)" -eq 0 ]'
# a listing whose estimate is over the budget is refused before it starts
# (SYM nu=2 order 8 needs about 31 MiB; orders 6 and 7 peak at 1.4 and 6.6 MiB)
"$GFD" -q --no-init -c "set budget 20M; $M; diagrams 8" > /dev/null 2> "$tmp/e0"
rc=$?
check "diagrams 8 over a 20 MiB budget: exit 1, refused with the estimate" \
  '[ $rc -eq 1 ] && grep -q "order 8 would need about .* of diagram class tables.* nothing was allocated" "$tmp/e0"'
"$GFD" -q --no-init -c "model sym nu=3; diagrams census 40" > /dev/null 2> "$tmp/e5"
rc=$?
check "diagrams census 40 for nu=3: exit 1 naming the reach" '[ $rc -eq 1 ] && grep -q "order 28 at most" "$tmp/e5"'

# errors exit 1 with one clear line
"$GFD" -q --no-init -c "model sym nu=3 p=3 H=2 target=teacher; diagrams 1" > /dev/null 2> "$tmp/e1"
rc=$?
check "teacher target: exit 1" '[ $rc -eq 1 ]'
check "teacher target: the message names the restriction" 'grep -q "diagrams are available for identity and zero targets" "$tmp/e1"'
"$GFD" -q --no-init -c "$M; diagram 1.99" > /dev/null 2> "$tmp/e2"
rc=$?
check "diagram 1.99: exit 1 and the valid range" '[ $rc -eq 1 ] && grep -q "1.1 .. 1.10" "$tmp/e2"'
"$GFD" -q --no-init -c "$M; diagrams x" > /dev/null 2> "$tmp/e3"
rc=$?
check "diagrams x: exit 1 naming the token" '[ $rc -eq 1 ] && grep -q "x" "$tmp/e3"'
"$GFD" -q --no-init -c "$M; show poly 2 family=bogus" > /dev/null 2> "$tmp/e4"
rc=$?
check "family=bogus: exit 1" '[ $rc -eq 1 ]'

# set threads reaches the diagram engine: 1 and 2 threads print the same
# polynomials (SYM nu=3 to order 4, both routes)
T='model sym nu=3 p=7 H=5 sigma=0.1; show poly 4; show poly 4 at=sizes; show poly 3 family=ntk'
"$GFD" -q --no-init -c "set threads 1; $T" > "$tmp/t1" 2>&1
"$GFD" -q --no-init -c "set threads 2; $T" > "$tmp/t2" 2>&1
check "set threads 1 and 2: show poly prints the same text" \
  '[ -s "$tmp/t1" ] && cmp -s "$tmp/t1" "$tmp/t2" && grep -q "E\[L^(4)(0)\]" "$tmp/t1"'
exit $fail
