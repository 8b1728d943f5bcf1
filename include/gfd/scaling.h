/* gfd/scaling.h - placeholder: defined by the scaling area. */
#ifndef GFD_SCALING_H
#define GFD_SCALING_H
#include "gfd/common.h"
#endif
