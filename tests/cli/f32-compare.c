/* f32-compare.c — compare two raw float32 files: same size, max |a - b| <= TOL.
 * Usage: f32-compare GOT EXPECTED TOL; prints the max |Δ| and where. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../test-util.h"

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: f32-compare GOT EXPECTED TOL\n");
        return 2;
    }
    size_t na, nb;
    float *a = test_read_f32(argv[1], &na), *b = test_read_f32(argv[2], &nb);
    if (!a || !b || na != nb) {
        if (a && b) printf("%s: %zu floats, expected %zu\n", argv[1], na, nb);
        free(a);
        free(b);
        return 1;
    }
    double m = 0, tol = atof(argv[3]);
    size_t at = 0;
    for (size_t i = 0; i < na; i++) {
        double d = fabs((double)a[i] - (double)b[i]);
        if (!(d <= m)) {
            m = isnan(d) ? INFINITY : d;
            at = i;
        }
    }
    printf("%s: %zu floats, max |d| %.3g at %zu (tol %.2g)\n", argv[1], na, m, at, tol);
    free(a);
    free(b);
    return m <= tol ? 0 : 1;
}
