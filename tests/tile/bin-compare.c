/*
 * bin-compare.c — compare two raw little-endian float32 files.
 *
 *   bin-compare A B max-abs LIMIT   fail when max |A - B| > LIMIT
 *   bin-compare A B psnr LOW HIGH   fail when PSNR(A vs B) is outside [LOW, HIGH]
 *                                   (peak = B's value range; identical = inf)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../test-util.h"

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: bin-compare A B max-abs LIMIT | psnr LOW HIGH\n");
        return 2;
    }
    size_t na = 0, nb = 0;
    float *a = test_read_f32(argv[1], &na), *b = test_read_f32(argv[2], &nb);
    if (!a || !b || na == 0 || na != nb) {
        printf("FAIL %s (%zu floats) vs %s (%zu floats): missing or different sizes\n", argv[1],
               na, argv[2], nb);
        free(a);
        free(b);
        return 1;
    }
    double maxd = 0, se = 0, lo = b[0], hi = b[0];
    size_t where = 0;
    for (size_t i = 0; i < na; i++) {
        double d = fabs((double)a[i] - b[i]);
        if (!(d <= maxd)) maxd = d, where = i; /* NaN counts as the worst */
        se += d * d;
        lo = fmin(lo, b[i]);
        hi = fmax(hi, b[i]);
    }
    double psnr = se > 0 ? 10 * log10((hi - lo) * (hi - lo) / (se / na)) : INFINITY;
    int ok;
    if (!strcmp(argv[3], "max-abs"))
        ok = maxd <= atof(argv[4]);
    else
        ok = argc > 5 && psnr >= atof(argv[4]) && psnr <= atof(argv[5]);
    printf("%s %s vs %s: %zu floats, max |d| %.3g at %zu, PSNR %.2f dB\n", ok ? "ok" : "FAIL",
           argv[1], argv[2], na, maxd, where, psnr);
    free(a);
    free(b);
    return ok ? 0 : 1;
}
