/* gfd/solution.h - placeholder: defined by the solution area. */
#ifndef GFD_SOLUTION_H
#define GFD_SOLUTION_H
#include "gfd/common.h"
#endif
