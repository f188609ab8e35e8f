/* loss.c — L1 and Charbonnier losses with their gradients (see loss.h). */
#include "loss.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tr_loss_parse(const char *s, tr_loss *out) {
    if (strcmp(s, "l1") == 0) {
        out->kind = TR_LOSS_L1;
        out->eps = 0;
        return 0;
    }
    if (strncmp(s, "charbonnier", 11) == 0) {
        out->kind = TR_LOSS_CHARBONNIER;
        out->eps = 1e-3;
        if (s[11] == 0) return 0;
        if (s[11] != ':') return -1;
        char *end;
        double e = strtod(s + 12, &end);
        if (*end || !(e > 0) || e > 1) return -1;
        out->eps = e;
        return 0;
    }
    return -1;
}

void tr_loss_describe(const tr_loss *l, char *buf, int size) {
    if (l->kind == TR_LOSS_L1)
        snprintf(buf, (size_t)size, "l1");
    else
        snprintf(buf, (size_t)size, "charbonnier:%.17g", l->eps);
}

#define LOSS_BODY(T, SQRT, TOTAL)                                          \
    double sum = 0, inv = 1.0 / (double)(TOTAL);                           \
    for (int64_t i = 0; i < n; i++) {                                      \
        T d = o[i] - t[i];                                                 \
        if (l->kind == TR_LOSS_L1) {                                       \
            sum += fabs((double)d);                                        \
            if (g) g[i] = (T)(d > 0 ? inv : d < 0 ? -inv : 0);             \
        } else {                                                           \
            T r = SQRT(d * d + (T)l->eps);                                 \
            sum += r;                                                      \
            if (g) g[i] = (T)(d / r * (T)inv);                             \
        }                                                                  \
    }                                                                      \
    return sum * inv;

double tr_loss_f32(const tr_loss *l, int64_t n, const float *o, const float *t, float *g) {
    LOSS_BODY(float, sqrtf, n)
}

double tr_loss_part_f32(const tr_loss *l, int64_t n, int64_t total, const float *o, const float *t,
                        float *g) {
    LOSS_BODY(float, sqrtf, total)
}

double tr_loss_f64(const tr_loss *l, int64_t n, const double *o, const double *t, double *g) {
    LOSS_BODY(double, sqrt, n)
}
