/* figure_provider.h - what the figure area (cmd_figure.c, cmd_figure_out.c)
 * offers the others: `export gnuplot` of a figure draws all its panels. */
#ifndef GFD_FIGURE_PROVIDER_H
#define GFD_FIGURE_PROVIDER_H

#include "shell.h"

/* If the plot shows a figure (`figure` set the newest curves), write its
 * gnuplot script (all panels, the paper's axes) to path and its data to
 * path.dat: 1 written, 0 no figure on the plot (the caller exports the
 * plot), -1 after sh_error. */
int figure_export_gnuplot(session *s, const char *path);

#endif
