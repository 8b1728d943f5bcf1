/* gfd/gfd.h - the whole public interface of libgfd, the numerical core of gfd.
 * No function in libgfd prints, reads the terminal or exits. */
#ifndef GFD_GFD_H
#define GFD_GFD_H
#include "gfd/common.h"
#include "gfd/model.h"
#include "gfd/flow.h"
#include "gfd/ensemble.h"
#include "gfd/taylor.h"
#include "gfd/poly.h"
#include "gfd/diagram.h"
#include "gfd/scaling.h"
#include "gfd/series.h"
#include "gfd/solution.h"
#include "gfd/figure.h"
#include "gfd/phase.h"
#include "gfd/job.h"
#include "gfd/jobs.h"
#endif
