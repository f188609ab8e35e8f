/* ref-ops.c — naive reference operators (see ref-ops.h). */
#include "ref-ops.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void ref_conv2d_forward(const float *x, int cin, int h, int w, const float *weight,
                        const float *bias, int cout, int k, int groups, int pad, int dil,
                        double *y) {
    int oh = h + 2 * pad - dil * (k - 1), ow = w + 2 * pad - dil * (k - 1);
    int cg = cin / groups, og = cout / groups;
    for (int o = 0; o < cout; o++) {
        int g = o / og;
        for (int yy = 0; yy < oh; yy++)
            for (int xx = 0; xx < ow; xx++) {
                double s = bias ? bias[o] : 0.0;
                for (int i = 0; i < cg; i++)
                    for (int ky = 0; ky < k; ky++)
                        for (int kx = 0; kx < k; kx++) {
                            int sy = yy + dil * ky - pad, sx = xx + dil * kx - pad;
                            if (sy < 0 || sy >= h || sx < 0 || sx >= w) continue;
                            s += (double)weight[((o * cg + i) * k + ky) * k + kx] *
                                 x[((g * cg + i) * h + sy) * w + sx];
                        }
                y[((int64_t)o * oh + yy) * ow + xx] = s;
            }
    }
}

void ref_layernorm_forward(const float *x, int64_t rows, int64_t c, const float *g,
                           const float *b, double eps, double *y) {
    for (int64_t r = 0; r < rows; r++) {
        double m = 0, v = 0;
        for (int64_t i = 0; i < c; i++) m += x[r * c + i];
        m /= (double)c;
        for (int64_t i = 0; i < c; i++) v += (x[r * c + i] - m) * (x[r * c + i] - m);
        v /= (double)c;
        for (int64_t i = 0; i < c; i++) y[r * c + i] = (x[r * c + i] - m) / sqrt(v + eps) * g[i] + b[i];
    }
}

void ref_linear_forward(const float *x, int64_t m, int64_t k, const float *w, const float *bias,
                        int64_t n, double *y) {
    for (int64_t i = 0; i < m; i++)
        for (int64_t j = 0; j < n; j++) {
            double s = bias ? bias[j] : 0.0;
            for (int64_t p = 0; p < k; p++) s += (double)x[i * k + p] * w[j * k + p];
            y[i * n + j] = s;
        }
}

void ref_pixel_shuffle_forward(const float *x, int c, int h, int w, int r, double *y) {
    for (int ch = 0; ch < c; ch++)
        for (int yy = 0; yy < h; yy++)
            for (int xx = 0; xx < w; xx++)
                for (int i = 0; i < r; i++)
                    for (int j = 0; j < r; j++)
                        y[((int64_t)ch * r * h + r * yy + i) * r * w + r * xx + j] =
                            x[((int64_t)(ch * r * r + i * r + j) * h + yy) * w + xx];
}

double ref_gelu(double x) { return 0.5 * x * (1.0 + erf(x / sqrt(2.0))); }
double ref_silu(double x) { return x / (1.0 + exp(-x)); }
double ref_softplus(double x) { return x > 20.0 ? x : log1p(exp(x)); }

void ref_channel_attention_forward(const float *t, int c, int h, int w, int q, const float *w1,
                                   const float *b1, const float *w3, const float *b3, double *y) {
    int64_t hw = (int64_t)h * w;
    double *mean = calloc((size_t)c, sizeof(double)), *hid = calloc((size_t)q, sizeof(double));
    for (int i = 0; i < c; i++) {
        for (int64_t p = 0; p < hw; p++) mean[i] += t[i * hw + p];
        mean[i] /= (double)hw;
    }
    for (int j = 0; j < q; j++) {
        double s = b1[j];
        for (int i = 0; i < c; i++) s += w1[j * c + i] * mean[i];
        hid[j] = s > 0 ? s : 0;
    }
    for (int i = 0; i < c; i++) {
        double s = b3[i];
        for (int j = 0; j < q; j++) s += w3[i * q + j] * hid[j];
        double gate = 1.0 / (1.0 + exp(-s));
        for (int64_t p = 0; p < hw; p++) y[i * hw + p] = t[i * hw + p] * gate;
    }
    free(mean);
    free(hid);
}

/* pixel index (row-major) visited at step l of direction k (SPEC §6.2) */
static int64_t pixel_of(int k, int64_t l, int h, int w) {
    int64_t L = (int64_t)h * w;
    switch (k) {
    case 0: return l;                                  /* l = y*W + x          */
    case 1: return (l % h) * w + (l / h);              /* l = x*H + y          */
    case 2: return L - 1 - l;                          /* flip of direction 0  */
    default: {                                         /* flip of direction 1  */
        int64_t m = L - 1 - l;
        return (m % h) * w + (m / h);
    }
    }
}

void ref_scan4_forward(int h, int w, int din, int n, const float *u, const float *dt_raw,
                       const float *bc, const float *dt_bias, const float *a_log,
                       const float *ds, double *y) {
    int64_t L = (int64_t)h * w;
    double *seq_y = malloc((size_t)L * sizeof(double)), *hs = malloc((size_t)n * sizeof(double));
    memset(y, 0, (size_t)L * din * sizeof(double));
    for (int k = 0; k < 4; k++)
        for (int d = 0; d < din; d++) {
            for (int i = 0; i < n; i++) hs[i] = 0.0;
            for (int64_t l = 0; l < L; l++) { /* in the direction's own order */
                int64_t p = pixel_of(k, l, h, w);
                double uu = u[p * din + d];
                double delta = ref_softplus((double)dt_raw[(p * 4 + k) * din + d] + dt_bias[k * din + d]);
                const float *bv = bc + (p * 4 + k) * 2 * n, *cv = bv + n;
                double acc = (double)ds[k * din + d] * uu;
                for (int i = 0; i < n; i++) {
                    double A = -exp((double)a_log[((int64_t)k * din + d) * n + i]);
                    hs[i] = exp(delta * A) * hs[i] + delta * bv[i] * uu;
                    acc += cv[i] * hs[i];
                }
                seq_y[l] = acc;
            }
            /* back to row-major: Y[p] = y_k[l] where pixel_of(k, l) = p */
            for (int64_t l = 0; l < L; l++) y[pixel_of(k, l, h, w) * din + d] += seq_y[l];
        }
    free(seq_y);
    free(hs);
}
