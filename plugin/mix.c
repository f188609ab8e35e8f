/* mix.c — the denoise blend of models and original (see mix.h). */
#include "mix.h"

static double clamp01(double v) { return v < 0 ? 0 : v > 1 ? 1 : v; }

void mb_mix_plan(double sigma, double strength, const int *levels, int n_levels, mb_mix *m) {
    double s = clamp01(strength);
    m->n = 1;
    m->model[0] = m->model[1] = 0;
    m->weight[1] = 0;
    if (n_levels <= 1) {
        m->weight[0] = (float)s;
        m->weight_orig = (float)(1 - s);
        return;
    }
    if (sigma >= levels[n_levels - 1]) {
        m->model[0] = n_levels - 1;
        m->weight[0] = (float)s;
        m->weight_orig = (float)(1 - s);
        return;
    }
    if (sigma <= levels[0]) {
        /* between the original (σ 0) and the weakest model */
        double t = sigma <= 0 ? 0 : sigma / levels[0];
        m->weight[0] = (float)(s * t);
        m->weight_orig = (float)(1 - s * t);
        return;
    }
    int k = 0;
    while (k + 2 < n_levels && sigma >= levels[k + 1]) k++;
    double t = (sigma - levels[k]) / (double)(levels[k + 1] - levels[k]);
    if (t <= 0) {
        m->model[0] = k;
        m->weight[0] = (float)s;
    } else {
        m->n = 2;
        m->model[0] = k;
        m->model[1] = k + 1;
        m->weight[0] = (float)(s * (1 - t));
        m->weight[1] = (float)(s * t);
    }
    m->weight_orig = (float)(1 - s);
}

void mb_mix_apply(const mb_mix *m, const float *orig, const float *const *results, size_t n,
                  float *out) {
    for (size_t i = 0; i < n; i++) {
        float v = m->weight_orig * orig[i];
        for (int k = 0; k < m->n; k++) v += m->weight[k] * results[k][i];
        out[i] = v;
    }
}
