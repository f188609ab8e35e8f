/* loss.c — L1 and Charbonnier losses with their gradients (see loss.h). */
#include "loss.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* BT.601 luma weights; they sum to 1, so dY is in the channels' unit */
static const double LUMA_W[3] = {0.299, 0.587, 0.114};

static int parse_base(const char *s, tr_loss *out) {
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
        if (end == s + 12 || *end || !(e > 0) || e > 1) return -1;
        out->eps = e;
        return 0;
    }
    return -1;
}

int tr_loss_parse(const char *s, tr_loss *out) {
    char base[64];
    const char *plus = strchr(s, '+');
    size_t len = plus ? (size_t)(plus - s) : strlen(s);
    if (len >= sizeof base) return -1;
    memcpy(base, s, len);
    base[len] = 0;
    tr_loss l = {0};
    if (parse_base(base, &l)) return -1;
    if (plus) {
        if (strncmp(plus, "+luma:", 6) != 0) return -1;
        char *end;
        double a = strtod(plus + 6, &end);
        if (end == plus + 6 || *end || !(a > 0) || a > 100) return -1;
        l.luma = a;
    }
    *out = l;
    return 0;
}

void tr_loss_describe(const tr_loss *l, char *buf, int size) {
    int k;
    if (l->kind == TR_LOSS_L1)
        k = snprintf(buf, (size_t)size, "l1");
    else
        k = snprintf(buf, (size_t)size, "charbonnier:%.17g", l->eps);
    if (l->luma > 0 && k >= 0 && k < size) snprintf(buf + k, (size_t)(size - k), "+luma:%.17g", l->luma);
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

/* rho(d) and rho'(d) of the base loss */
static double base_value(const tr_loss *l, double d, double *deriv) {
    if (l->kind == TR_LOSS_L1) {
        *deriv = d > 0 ? 1 : d < 0 ? -1 : 0;
        return fabs(d);
    }
    double r = sqrt(d * d + l->eps);
    *deriv = d / r;
    return r;
}

double tr_loss_planar_part_f32(const tr_loss *l, int64_t n, int C, int64_t plane, int64_t total,
                               const float *o, const float *t, float *g) {
    double sum = tr_loss_part_f32(l, n * C * plane, total, o, t, g);
    if (!(l->luma > 0) || C != 3) return sum;
    double inv = 1.0 / (double)total, lsum = 0;
    for (int64_t b = 0; b < n; b++) {
        const float *ob = o + b * 3 * plane, *tb = t + b * 3 * plane;
        float *gb = g ? g + b * 3 * plane : NULL;
        for (int64_t i = 0; i < plane; i++) {
            double dy = 0, deriv;
            for (int c = 0; c < 3; c++) dy += LUMA_W[c] * ((double)ob[c * plane + i] - tb[c * plane + i]);
            lsum += base_value(l, dy, &deriv);
            if (gb)
                for (int c = 0; c < 3; c++) gb[c * plane + i] += (float)(l->luma * deriv * LUMA_W[c] * inv);
        }
    }
    return sum + l->luma * lsum * inv;
}
