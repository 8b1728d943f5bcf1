/* series_analyze.h - `series analyze` (series_analyze.c), called by the
 * series command of the taylor area. */
#ifndef GFD_SERIES_ANALYZE_H
#define GFD_SERIES_ANALYZE_H
#include "area.h"
/* The analysis of the session's last series as a key,value table; 0, or -1
 * after sh_error. */
int series_analyze(session *s);
#endif
