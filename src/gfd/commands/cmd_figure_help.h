/* cmd_figure_help.h - the text of `help figure` (one string, kept apart from
 * the code because it is long: the decisions gfd made where the paper's
 * figures leave a parameter open or differ from its formulas). */
#ifndef GFD_CMD_FIGURE_HELP_H
#define GFD_CMD_FIGURE_HELP_H

#define FIGURE_HELP                                                                                 \
  "Replays the experiment figures of the method's paper (Yarotsky, Golikov,\n"                     \
  "Gusev, arXiv 2602.04548).  `figure` alone lists them with the estimated\n"                      \
  "time of a replay at the paper's size and at size=small.  `figure ID` runs\n"                    \
  "every panel of figure ID (panel=NAME one of them): the theory curves from\n"                    \
  "gfd's own solutions and one simulation per curve (seeds=K: the mean of K\n"                     \
  "seeds from seed=, default 1, with a band of -+ one standard error).\n"                          \
  "Figures and panels:\n"                                                                          \
  "  nu2-main                  SYM nu=2, p sigma^2 = 0.01, H = 2p, p, p/2, L/(p/2)\n"              \
  "  nu2-app noisy-under, noisy-over, lownoise-under, general   SYM nu=2 at\n"                     \
  "                            (H/p, p sigma^2) = (1/4,16), (8,10), (1/8,0.01), (1,1)\n"           \
  "  asym3-free over, under    ASYM nu=3 free evolution, L/L(0), c = 1, 1/2, 1/4\n"                \
  "  sym4-free                 SYM nu=4 free evolution, H = 4p^2, p^2, p^2/4\n"                    \
  "  sym4-free-app under, over SYM nu=4 free evolution, c = 1/4\n"                                 \
  "  sym4-ascent phase, curves SYM nu=4 ascent: divergence rate over theta, rho;\n"                \
  "                            high- and low-noise runs at theta = 10\n"                            \
  "Time: the paper integrates du/dt = -(1/T) grad L, so its time is T times\n"                     \
  "gfd's; every x here is the paper's time t (gfd runs to t/T).  T= replaces\n"                    \
  "the paper's T = 1 of the nu=2 figures.  y is the panel's quantity:\n"                           \
  "L/(p/2), L/L(0) (the run's own L(0)) or L.\n"                                                   \
  "Output: one table panel,curve,x,y with curves `theory`, `theory TAG` and\n"                     \
  "`sim TAG` (TAG as the paper's legend: H=1024, p=8 H=2, c=1/2, high-noise),\n"                   \
  "at least 200 points each.  The live plot shows the (last) panel with the\n"                     \
  "paper's axes: log y where the paper is, and the nu=4 free-evolution\n"                          \
  "panels (sym4-free, sym4-free-app) on log-log axes against 1 + c t (decade\n"                    \
  "ticks; the CSV keeps x = t).  The view is titled with the figure, panel\n"                      \
  "and sizes drawn (size=small and the paper's sizes when smaller), not the\n"                     \
  "session's model; space and r do not step there (a figure is a replay:\n"                        \
  "`flow run`, then `plot`, steps your model).  `plot text=yes` draws the\n"                       \
  "same axes, and `export gnuplot FILE` (or gnuplot=FILE) writes all panels\n"                     \
  "as the paper draws them.\n"                                                                      \
  "Size: the paper's wherever a replay takes at most ~10 min on this machine,\n"                   \
  "else size=small: the same H/p and p sigma^2 (nu=2), H = p^3 or H/p^2\n"                         \
  "(free evolution) and theta, rho (ascent) at smaller p, said in a note.\n"                       \
  "The estimate (gradients x flops of one gradient) comes first; over\n"                           \
  "limit= seconds (default 600) or the memory budget the replay is refused\n"                      \
  "with the figures.  Ctrl-C keeps the curves already finished.\n"                                 \
  "Panel phase: the paper's 16 x 16 log grid (theta in [1.1, 100], rho in\n"                      \
  "[0.02, 2.5]) with seeds= runs a cell (default the paper's 10), by the same\n"                  \
  "library as the `phase` command (any grid, any even nu), at p = 64 or\n"                        \
  "size=small p = 6; table theta,rho,rate,runs then theta,rho_star rows.\n"                       \
  "Beyond one CPU: the paper ran sym4-ascent curves at p = 256, H = 196608\n"                      \
  "(an H x H Gram matrix of 300 GB, ~3e16 flops a gradient), sym4-free at\n"                       \
  "p = 64, H = 16384 and asym3-free over at p = 32, H = 32768 (hours here);\n"                     \
  "these default to size=small.\n"                                                                 \
  "The phase panel at p = 64 (H up to 135168 at theta = 100) is estimated at\n"                    \
  "~92 days of one core (2e17 flops; its dearest run, theta = 100, ~4.6 h):\n"                     \
  "it needs a cluster through the MPI runner, where every seeded run of a\n"                       \
  "cell is a work unit, e.g. `mpirun -n 256 gfd -c 'figure sym4-ascent\n"                          \
  "panel=phase size=paper limit=1e7'` or `mpirun -n 256 gfd -c 'phase p=64\n"                      \
  "max=140000'` (limit= and max= count the CPU time of one core: with K\n"                         \
  "ranks the wall time is about 92/K days, at least the dearest run).  On\n"                       \
  "one machine the small-theta columns are cheap (theta = 1.1: H = 137, 16\n"                      \
  "cells x 10 runs in ~4 s); `phase p=16` (~41 min) runs the whole grid.\n"                        \
  "Where the paper is silent or differs, gfd follows the formulas:\n"                              \
  " - asym3-free, sym4-free, sym4-free-app plot the loss normalised to\n"                          \
  "   E L(0) = 1: zero-target runs (with the identity target L(0) >= p/2);\n"                      \
  "   sigma is chosen with E L(0) = 1 and T from the paper's c.  The\n"                            \
  "   zero-target flow is homogeneous, so the curves do not depend on sigma\n"                     \
  "   (sym4-free gives no sigma: T = 96 p^3 sigma^6 makes it drop out).\n"                         \
  " - asym3-free over (H = p^3) is the lazy (NTK) law L(0) exp(-2 k t),\n"                         \
  "   k = 3 H sigma^4: the paper's exp(-c t), c = 6 H sigma^4 / T.\n"                               \
  " - sym4-free theory uses the exact-moment constant (p+2)[(p+4)(p+6)+3(H-1)]\n"                  \
  "   (exact in expectation at t = 0); the paper's theta p^3 = p^3 + 3Hp is\n"                     \
  "   its large-p form, used for the axis 1 + c t, c = theta/4.\n"                                 \
  " - sym4-free-app over: the paper's c = 72 p H sigma^6 / T = 1/4 leaves out\n"                   \
  "   the p^3 of p^3 + 3Hp; the finite-p rate is 1/4 + 1/(12p).  The theory\n"                     \
  "   curve is the limit law (1 + t/4)^(-4/3).\n"                                                  \
  " - time ranges the paper does not state: sym4-free t in [0, 40],\n"                             \
  "   sym4-free-app t in [0, 400].\n"                                                              \
  " - sym4-ascent: kappa4 = sigma^4 (p^3 + 3(H-1)p), the finite-size form of\n"                    \
  "   theta p^3 sigma^4; the paper's L range [127, 130] at p = 256 is\n"                           \
  "   [p/2 - 1, p/2 + 2] at every p (L - p/2 = 3 rho Lnorm when H = 3p^2).\n"                      \
  " - typos of the paper gfd does not copy: E[D_6] for SYM nu=3 is\n"                              \
  "   (p^3 + 6p^2 + 8p) H sigma^6; the NTK decay is 1 - exp(-nu eta t); for\n"                     \
  "   nu >= 4, c_m = (m-1)!! p sigma^m.\n"                                                         \
  "Examples: figure;  figure nu2-app panel=general size=small seeds=4;\n"                          \
  "figure sym4-ascent panel=curves; export gnuplot fig.gp"

#endif
