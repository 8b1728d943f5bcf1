/* cmd_kappa4.c - `model ... kappa4=K`.  SYM nu=4 gradient ascent in the
 * mean-field limit has one control parameter,
 *   kappa4 = sigma^4 (p^3 + 3 (H - 1) p) / kappa,
 * whose threshold kappa_c = 2.0778 separates convergence from blow-up; the
 * 3 (H - 1) p part is the coherent pull of the other H - 1 units.  Setting
 * the model by kappa4 saves the user from solving for sigma by hand (the
 * tours used to print sigma = 0.00392569 and the like). */
#include <config.h>
#include <math.h>
#include <stdlib.h>
#include "cmd_kappa4.h"

double kappa4_of(const gfd_spec *sp) {
  double p = (double)sp->p, H = (double)sp->H, s2 = sp->sigma * sp->sigma;
  return s2 * s2 * (p * p * p + 3 * (H - 1) * p) / sp->kappa;
}

int kappa4_apply(session *s, const args *a, gfd_spec *sp) {
  if (!args_has(a, "kappa4")) return 0;
  int off = args_off(a, "kappa4");
  const char *v = args_str(a, "kappa4");
  char *end;
  double k4 = strtod(v, &end);
  if (end == v || *end || !isfinite(k4)) return sh_error(s, off, "kappa4=%s is not a number", v);
  if (!(k4 > 0)) return sh_error(s, off, "kappa4=%s must be positive", v);
  if (sp->kind != GFD_SYM || sp->nu != 4)
    return sh_error(s, off, "kappa4= sets sigma of a SYM nu=4 model only (this one is %s nu=%d)",
                    gfd_kind_name(sp->kind), sp->nu);
  if (sp->target != GFD_TGT_IDENTITY)
    return sh_error(s, off, "kappa4= needs target=identity (its amplitude kappa enters kappa4; the target is %s)",
                    gfd_target_name(sp->target));
  if (args_has(a, "sigma")) return sh_error(s, off, "give sigma= or kappa4=, not both");
  if (!(sp->kappa > 0))
    return sh_error(s, off, "kappa4= needs a positive target amplitude kappa (kappa = %g)", sp->kappa);
  double p = (double)sp->p, H = (double)sp->H;
  double sigma = pow(k4 * sp->kappa / (p * p * p + 3 * (H - 1) * p), 0.25);
  if (!(sigma > 0) || !isfinite(sigma)) return sh_error(s, off, "kappa4=%s gives no finite sigma at these sizes", v);
  sp->sigma = sigma;
  return 0;
}
