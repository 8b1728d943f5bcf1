/* gfd/ensemble.h - placeholder: defined by the flow area. */
#ifndef GFD_ENSEMBLE_H
#define GFD_ENSEMBLE_H
#include "gfd/common.h"
#endif
