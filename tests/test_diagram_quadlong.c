/* test_diagram_quadlong.c - long check: test_diagram_quad with the largest
 * quadrature grids included (see there). */
#define DIAGRAM_QUAD_LONG 1
#include "test_diagram_quad.c"
