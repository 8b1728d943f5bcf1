/* scaling_hull.c - the Pareto polygon (upper convex hull) of the exponent points
 * of one order, projected on a plane of two exponents, and its text drawing. */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static gfd_rat rat_int(long v) { return gfd_rat_make(v, 1); }

void gfd_hull_init(gfd_hull *h) { memset(h, 0, sizeof *h); }

void gfd_hull_free(gfd_hull *h) {
  free(h->x);
  free(h->y);
  free(h->coef);
  free(h->vertex);
  free(h->leading);
  free(h->v);
  gfd_hull_init(h);
}

/* (x, y) of monomial m in the plane, and its weight-direction slope. */
static int project(const gfd_scaling *sc, gfd_plane plane, const gfd_mono *m, gfd_rat *x,
                   gfd_rat *y) {
  gfd_rat t, acc = rat_int(m->np);
  gfd_rat fold = plane == GFD_PLANE_E ? sc->a : sc->b;
  int fk = plane == GFD_PLANE_E ? m->nH : m->ne;
  if (gfd_rat_mul(fold, rat_int(fk), &t) || gfd_rat_add(acc, t, &acc) ||
      gfd_rat_mul(sc->c, rat_int(m->ny), &t) || gfd_rat_add(acc, t, &acc))
    return GFD_EOVERFLOW;
  *x = rat_int(plane == GFD_PLANE_E ? m->ne : m->nH);
  *y = acc;
  return GFD_OK;
}

/* cross product of (b - a) x (c - a), exact sign */
static int cross_sign(gfd_rat ax, gfd_rat ay, gfd_rat bx, gfd_rat by, gfd_rat cx, gfd_rat cy) {
  gfd_rat ux, uy, vx, vy, l, r;
  ax.num = -ax.num;
  ay.num = -ay.num;
  if (gfd_rat_add(bx, ax, &ux) || gfd_rat_add(by, ay, &uy) || gfd_rat_add(cx, ax, &vx) ||
      gfd_rat_add(cy, ay, &vy) || gfd_rat_mul(ux, vy, &l) || gfd_rat_mul(uy, vx, &r)) {
    double d = (gfd_rat_to_double(bx) + gfd_rat_to_double(ax)) *
                   (gfd_rat_to_double(cy) + gfd_rat_to_double(ay)) -
               (gfd_rat_to_double(by) + gfd_rat_to_double(ay)) *
                   (gfd_rat_to_double(cx) + gfd_rat_to_double(ax));
    return d > 0 ? 1 : d < 0 ? -1 : 0;
  }
  return gfd_scaling_rat_cmp(l, r);
}

typedef struct pt {
  gfd_rat x, y;
  long double c;
} pt;

static int pt_cmp(const void *p, const void *q) {
  const pt *a = p, *b = q;
  int c = gfd_scaling_rat_cmp(a->x, b->x);
  return c ? c : gfd_scaling_rat_cmp(a->y, b->y);
}

int gfd_scaling_hull(const gfd_poly *P, const gfd_scaling *sc, gfd_plane plane, int excess,
                     gfd_hull *out, gfd_err *e) {
  gfd_hull_init(out);
  gfd_lead lead;
  int rc = gfd_scaling_lead(P, sc, excess, &lead, e);
  if (rc) return rc;
  size_t n = P->n ? P->n : 1;
  pt *v = gfd_xcalloc(n, sizeof *v);
  if (!v) return gfd_err_set(e, GFD_ENOMEM, "out of memory for the Pareto polygon");
  size_t k = 0;
  for (size_t i = 0; i < P->n; i++) {
    const gfd_mono *m = &P->m[i];
    if (excess && m->ne == 0) continue;
    if (project(sc, plane, m, &v[k].x, &v[k].y)) {
      free(v);
      return gfd_err_set(e, GFD_EOVERFLOW, "exponent arithmetic overflowed");
    }
    v[k].c = gfd_scaling_term_coef(sc, P, i);
    k++;
  }
  qsort(v, k, sizeof *v, pt_cmp);
  /* merge points that project together; drop those whose sum cancels */
  size_t m = 0;
  for (size_t i = 0; i < k;) {
    size_t j = i;
    long double sum = 0, mag = 0;
    while (j < k && pt_cmp(&v[j], &v[i]) == 0) {
      sum += v[j].c;
      mag += fabsl(v[j].c);
      j++;
    }
    if (fabsl(sum) > 1e-15L * mag) {
      v[m] = v[i];
      v[m].c = sum;
      m++;
    }
    i = j;
  }
  out->n = m;
  size_t mm = m ? m : 1;
  out->x = gfd_xcalloc(mm, sizeof *out->x);
  out->y = gfd_xcalloc(mm, sizeof *out->y);
  out->coef = gfd_xcalloc(mm, sizeof *out->coef);
  out->vertex = gfd_xcalloc(mm, sizeof *out->vertex);
  out->leading = gfd_xcalloc(mm, sizeof *out->leading);
  out->v = gfd_xcalloc(mm, sizeof *out->v);
  if (!out->x || !out->y || !out->coef || !out->vertex || !out->leading || !out->v) {
    free(v);
    gfd_hull_free(out);
    return gfd_err_set(e, GFD_ENOMEM, "out of memory for the Pareto polygon");
  }
  for (size_t i = 0; i < m; i++) {
    out->x[i] = v[i].x;
    out->y[i] = v[i].y;
    out->coef[i] = (double)v[i].c;
  }
  free(v);
  /* upper hull by the monotone chain, left to right (points sorted by x, y):
   * for equal x only the highest point can be on the upper hull */
  size_t nv = 0;
  for (size_t i = 0; i < m; i++) {
    if (i + 1 < m && gfd_scaling_rat_cmp(out->x[i], out->x[i + 1]) == 0) continue;
    while (nv >= 2 && cross_sign(out->x[out->v[nv - 2]], out->y[out->v[nv - 2]],
                                 out->x[out->v[nv - 1]], out->y[out->v[nv - 1]], out->x[i],
                                 out->y[i]) >= 0)
      nv--;
    out->v[nv++] = i;
  }
  out->nv = nv;
  for (size_t i = 0; i < nv; i++) out->vertex[out->v[i]] = 1;
  /* the leading face: points whose weight y + slope x equals E (the lead) */
  if (!lead.zero) {
    gfd_rat slope = plane == GFD_PLANE_E ? sc->b : sc->a;
    for (size_t i = 0; i < m; i++) {
      gfd_rat t, w;
      if (gfd_rat_mul(slope, out->x[i], &t) || gfd_rat_add(out->y[i], t, &w)) continue;
      out->leading[i] = gfd_scaling_rat_cmp(w, lead.E) == 0;
    }
  }
  return GFD_OK;
}

static void plot(char *g, int cols, int rows, double fx, double fy, char ch) {
  int c = (int)lround(fx * (cols - 1)), r = (int)lround((1 - fy) * (rows - 1));
  if (c < 0 || c >= cols || r < 0 || r >= rows) return;
  char *cell = &g[r * (cols + 1) + c];
  /* precedence: '@' > '*' > 'o' > '.' > ' ' */
  static const char order[] = " .o*@";
  if (strchr(order, ch) - order > strchr(order, *cell) - order) *cell = ch;
}

char *gfd_hull_draw(const gfd_hull *h, int cols, int rows, char *buf, size_t n) {
  if (!n) return buf;
  buf[0] = '\0';
  if (cols < 4 || rows < 3 || (size_t)(cols + 1) * (size_t)rows + 1 > n || h->n == 0) return buf;
  double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
  for (size_t i = 0; i < h->n; i++) {
    double x = gfd_rat_to_double(h->x[i]), y = gfd_rat_to_double(h->y[i]);
    xmin = fmin(xmin, x);
    xmax = fmax(xmax, x);
    ymin = fmin(ymin, y);
    ymax = fmax(ymax, y);
  }
  double dx = xmax > xmin ? xmax - xmin : 1, dy = ymax > ymin ? ymax - ymin : 1;
  for (int r = 0; r < rows; r++) {
    memset(&buf[r * (cols + 1)], ' ', (size_t)cols);
    buf[r * (cols + 1) + cols] = r + 1 < rows ? '\n' : '\0';
  }
  for (size_t k = 0; k + 1 < h->nv; k++) {
    size_t i = h->v[k], j = h->v[k + 1];
    double x0 = (gfd_rat_to_double(h->x[i]) - xmin) / dx, y0 = (gfd_rat_to_double(h->y[i]) - ymin) / dy;
    double x1 = (gfd_rat_to_double(h->x[j]) - xmin) / dx, y1 = (gfd_rat_to_double(h->y[j]) - ymin) / dy;
    int steps = 4 * (cols + rows);
    for (int s = 0; s <= steps; s++) {
      double f = (double)s / steps;
      plot(buf, cols, rows, x0 + f * (x1 - x0), y0 + f * (y1 - y0), '.');
    }
  }
  for (size_t i = 0; i < h->n; i++) {
    char ch = h->leading[i] ? '@' : h->vertex[i] ? '*' : 'o';
    plot(buf, cols, rows, (gfd_rat_to_double(h->x[i]) - xmin) / dx,
         (gfd_rat_to_double(h->y[i]) - ymin) / dy, ch);
  }
  return buf;
}
