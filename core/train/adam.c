/* adam.c — PyTorch's Adam and the learning-rate schedules (see adam.h). */
#include "adam.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void tr_adam_default(tr_adam *a) {
    a->lr = 2e-4;
    a->beta1 = 0.9;
    a->beta2 = 0.99;
    a->eps = 1e-8;
}

/* Same operation order as torch: the bias corrections are computed in double
 * (Python floats), the per-element arithmetic in the tensor's type. */
#define ADAM_BODY(T, SQRT)                                                      \
    double bc1 = 1 - pow(a->beta1, (double)t), bc2 = 1 - pow(a->beta2, (double)t); \
    T step = (T)(lr / bc1), bc2s = (T)sqrt(bc2), b1 = (T)a->beta1, b2 = (T)a->beta2; \
    T eps = (T)a->eps;                                                          \
    for (int64_t i = 0; i < n; i++) {                                           \
        T gi = g[i];                                                            \
        m[i] = m[i] * b1 + gi * (1 - b1);                                       \
        v[i] = v[i] * b2 + gi * gi * (1 - b2);                                  \
        p[i] -= step * (m[i] / (SQRT(v[i]) / bc2s + eps));                      \
    }

void tr_adam_step_f32(const tr_adam *a, double lr, int64_t t, int64_t n, float *p, const float *g,
                      float *m, float *v) {
    ADAM_BODY(float, sqrtf)
}

void tr_adam_step_f64(const tr_adam *a, double lr, int64_t t, int64_t n, double *p,
                      const double *g, double *m, double *v) {
    ADAM_BODY(double, sqrt)
}

double tr_schedule_lr(const tr_schedule *s, int64_t t) {
    if (s->kind == TR_SCHED_COSINE) {
        if (s->total <= 1) return s->base_lr;
        double x = (double)(t - 1) / (double)s->total;
        if (x > 1) x = 1;
        return s->min_lr + (s->base_lr - s->min_lr) * 0.5 * (1 + cos(M_PI * x));
    }
    double lr = s->base_lr;
    /* MultiStepLR: the lr of step t (1-based) counts milestones m < t. */
    for (int i = 0; i < s->n_milestones; i++)
        if (t > s->milestones[i]) lr *= s->gamma;
    return lr;
}

int tr_schedule_parse(const char *str, tr_schedule *s) {
    if (strcmp(str, "cosine") == 0) {
        s->kind = TR_SCHED_COSINE;
        return 0;
    }
    if (strncmp(str, "multistep", 9) != 0) return -1;
    s->kind = TR_SCHED_MULTISTEP;
    s->n_milestones = 0;
    const char *q = str + 9;
    if (*q == 0) return 0;
    if (*q++ != ':') return -1;
    while (*q) {
        char *end;
        long long v = strtoll(q, &end, 10);
        if (end == q || v < 1 || s->n_milestones == TR_MAX_MILESTONES) return -1;
        if (s->n_milestones && v <= s->milestones[s->n_milestones - 1]) return -1;
        s->milestones[s->n_milestones++] = v;
        q = end;
        if (*q == ',') q++;
        else if (*q) return -1;
    }
    return 0;
}
