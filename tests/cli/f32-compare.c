/* f32-compare.c — compare two raw float32 files: same size, max |a - b| <= TOL.
 * Usage: f32-compare GOT EXPECTED TOL; prints the max |Δ| and where. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static float *load(const char *path, long *n) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    float *d = malloc((size_t)size + 4);
    if (!d || fread(d, 1, (size_t)size, f) != (size_t)size) {
        fclose(f);
        free(d);
        return NULL;
    }
    fclose(f);
    *n = size / 4;
    return d;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: f32-compare GOT EXPECTED TOL\n");
        return 2;
    }
    long na, nb;
    float *a = load(argv[1], &na), *b = load(argv[2], &nb);
    if (!a || !b || na != nb) {
        if (a && b) printf("%s: %ld floats, expected %ld\n", argv[1], na, nb);
        free(a);
        free(b);
        return 1;
    }
    double m = 0, tol = atof(argv[3]);
    long at = 0;
    for (long i = 0; i < na; i++) {
        double d = fabs((double)a[i] - (double)b[i]);
        if (!(d <= m)) {
            m = isnan(d) ? INFINITY : d;
            at = i;
        }
    }
    printf("%s: %ld floats, max |d| %.3g at %ld (tol %.2g)\n", argv[1], na, m, at, tol);
    free(a);
    free(b);
    return m <= tol ? 0 : 1;
}
