/* gfd/series.h - placeholder: defined by the solution area. */
#ifndef GFD_SERIES_H
#define GFD_SERIES_H
#include "gfd/common.h"
#endif
