/*
 * test-ops.c — every kernel of core/ops against the naive references of
 * tests/ref on odd sizes (1, 3, 7, 17, a SIMD width plus a tail), non-square
 * images, 1 and 2 threads, and every SIMD variant this CPU runs.
 * Failures print the op, its parameters, max |Δ| and where.
 */
#include "ops/gemm.h"
#include "ops/ops.h"
#include "ref-ops.h"
#include "thread/pool.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures, checks;

static float *rnd(int64_t n, float lo, float hi, unsigned *s) {
    float *p = malloc((size_t)(n > 0 ? n : 1) * sizeof(float));
    for (int64_t i = 0; i < n; i++) {
        *s = *s * 1664525u + 1013904223u;
        p[i] = lo + (hi - lo) * (float)(*s >> 8) / 16777216.0f;
    }
    return p;
}

/* compare engine output (channels-last {hw, c} when cl, else flat) with a
   reference (planar {c, hw} when cl) */
static void check(const char *what, const float *got, const double *ref, int64_t c, int64_t hw,
                  bool cl, double tol) {
    double m = 0;
    int64_t at = 0;
    for (int64_t i = 0; i < c; i++)
        for (int64_t p = 0; p < hw; p++) {
            double g = cl ? got[p * c + i] : got[i * hw + p];
            double d = fabs(g - ref[i * hw + p]);
            if (!(d <= m)) {
                m = isnan(d) ? INFINITY : d;
                at = i * hw + p;
            }
        }
    checks++;
    if (!(m <= tol)) {
        failures++;
        printf("FAIL %s: max |d| %.3g at channel %lld position %lld (tol %.1g)\n", what, m,
               (long long)(at / hw), (long long)(at % hw), tol);
    }
}

static void to_cl(const float *planar, int64_t c, int64_t hw, float *cl) {
    for (int64_t i = 0; i < c; i++)
        for (int64_t p = 0; p < hw; p++) cl[p * c + i] = planar[i * hw + p];
}

/* ------------------------------------------------------------ conv3x3 */
typedef struct conv_ctx {
    const float *x, *wp, *b;
    float *pad, *tmp, *y;
    int h, w;
    int64_t cin, cout;
} conv_ctx;
static void c_pad(void *p, int64_t b, int64_t e) {
    conv_ctx *c = p;
    op_conv3x3_pad(c->x, c->h, c->w, c->cin, c->pad, (int)b, (int)e);
}
static void c_gemm(void *p, int64_t b, int64_t e) {
    conv_ctx *c = p;
    op_conv3x3_gemm(c->pad, c->h, c->w, c->cin, c->wp, c->cout, c->tmp, b, e);
}
static void c_unpad(void *p, int64_t b, int64_t e) {
    conv_ctx *c = p;
    op_conv3x3_unpad(c->tmp, c->h, c->w, c->cout, c->b, MB_ACT_NONE, c->y, (int)b, (int)e);
}

static void test_conv3x3(int h, int w, int cin, int cout, int nth, unsigned *s) {
    int64_t hw = (int64_t)h * w;
    float *x = rnd(cin * hw, -1, 1, s), *wt = rnd((int64_t)cout * cin * 9, -1, 1, s);
    float *b = rnd(cout, -1, 1, s), *xcl = malloc(sizeof(float) * cin * hw);
    to_cl(x, cin, hw, xcl);
    float *wp = malloc(sizeof(float) * cout * cin * 9);
    op_conv3x3_repack(wt, cout, cin, wp);
    float *pad = malloc(sizeof(float) * op_conv3x3_pad_rows(h, w) * cin);
    float *tmp = malloc(sizeof(float) * h * (w + 2) * cout), *y = malloc(sizeof(float) * hw * cout);
    double *ref = malloc(sizeof(double) * hw * cout);
    conv_ctx c = {xcl, wp, b, pad, tmp, y, h, w, cin, cout};
    mb_pool_for(nth, h, c_pad, &c);
    mb_pool_for(nth, (int64_t)h * (w + 2), c_gemm, &c);
    mb_pool_for(nth, h, c_unpad, &c);
    ref_conv2d_forward(x, cin, h, w, wt, b, cout, 3, 1, 1, 1, ref);
    char what[128];
    snprintf(what, sizeof what, "conv3x3 %dx%d %d->%d, %d thread(s)", h, w, cin, cout, nth);
    check(what, y, ref, cout, hw, true, 1e-4 * sqrt(cin * 9.0));
    free(x), free(wt), free(b), free(xcl), free(wp), free(pad), free(tmp), free(y), free(ref);
}

/* ------------------------------------------------------------ depthwise */
static void test_dw(int h, int w, int c, int dil, mb_act act, unsigned *s) {
    int64_t hw = (int64_t)h * w;
    int64_t ldx = c + 3; /* a row stride wider than c, as in SS2D's x half */
    float *x = rnd(c * hw, -2, 2, s), *wt = rnd((int64_t)c * 9, -1, 1, s), *b = rnd(c, -1, 1, s);
    float *xcl = calloc((size_t)(hw * ldx), sizeof(float)), *wp = malloc(sizeof(float) * 9 * c);
    for (int64_t p = 0; p < hw; p++)
        for (int i = 0; i < c; i++) xcl[p * ldx + i] = x[i * hw + p];
    op_conv_dw3x3_repack(wt, c, wp);
    float *y = malloc(sizeof(float) * hw * c);
    double *ref = malloc(sizeof(double) * hw * c);
    op_conv_dw3x3_forward(xcl, ldx, h, w, c, wp, b, dil, act, y, c, 0, h);
    ref_conv2d_forward(x, c, h, w, wt, b, c, 3, c, dil, dil, ref);
    for (int64_t i = 0; i < hw * c; i++)
        ref[i] = act == MB_ACT_GELU ? ref_gelu(ref[i]) : act == MB_ACT_SILU ? ref_silu(ref[i]) : ref[i];
    char what[128];
    snprintf(what, sizeof what, "depthwise %dx%d c %d dilation %d act %d (%s)", h, w, c, dil,
             (int)act, mb_isa_name(mb_cpu_isa()));
    check(what, y, ref, c, hw, true, 2e-5);
    free(x), free(wt), free(b), free(xcl), free(wp), free(y), free(ref);
}

/* ------------------------------------------------------------ scan */
typedef struct scan_ctx {
    const mb_scan_args *a;
    int64_t chunk;
} scan_ctx;
static void scan_part(void *p, int64_t b, int64_t e) {
    scan_ctx *c = p;
    int64_t c1 = e * c->chunk < c->a->din ? e * c->chunk : c->a->din;
    op_scan_forward(c->a, b * c->chunk, c1);
}

static void test_scan(int h, int w, int din, int n, int r, int nth, bool ref_kernel, unsigned *s) {
    int64_t L = (int64_t)h * w, nb = r + 2 * n;
    float *u = rnd(L * din, -1, 1, s), *dtw = rnd(4 * r * din, -1, 1, s);
    float *dbl = rnd(L * 4 * nb, -1, 1, s), *bias = rnd(4 * din, -1, 1.5f, s);
    float *alog = rnd(4 * din * n, -1, 2.5f, s), *ds = rnd(4 * din, -1, 1, s);
    /* a few steps past the softplus threshold and deep into underflow */
    dbl[0] = 30.0f;
    if (L > 1) dbl[4 * nb] = -40.0f;
    /* the reference takes dt itself: dt[p, k, d] = Σ_r dtr[p, k, r] · dt_w[k, r, d] */
    float *dt = malloc(sizeof(float) * L * 4 * din);
    for (int64_t p = 0; p < L; p++)
        for (int k = 0; k < 4; k++)
            for (int d = 0; d < din; d++) {
                double v = 0;
                for (int j = 0; j < r; j++) v += (double)dbl[p * 4 * nb + k * nb + j] * dtw[((int64_t)k * r + j) * din + d];
                dt[(p * 4 + k) * din + d] = (float)v;
            }
    float *a = malloc(sizeof(float) * 4 * n * din), *y = malloc(sizeof(float) * L * din);
    for (int k = 0; k < 4; k++)
        for (int d = 0; d < din; d++)
            for (int i = 0; i < n; i++) a[((int64_t)k * n + i) * din + d] = -expf(alog[((int64_t)k * din + d) * n + i]);
    float *bc = malloc(sizeof(float) * L * 4 * 2 * n); /* the reference's B/C layout */
    for (int64_t p = 0; p < L; p++)
        for (int k = 0; k < 4; k++)
            for (int i = 0; i < 2 * n; i++) bc[(p * 4 + k) * 2 * n + i] = dbl[p * 4 * nb + k * nb + r + i];
    mb_scan_args sa = {h, w, din, n, r, u, din, dbl, 4 * nb, dtw, bias, a, ds, y, din, 0, 0};
    if (ref_kernel) {
        op_scan_forward_ref(&sa, 0, din);
    } else if (nth == 2 && din % 2) {
        /* the split the forward uses with an even thread count: directions
           0, 2 into y and 1, 3 into y2, summed afterwards */
        float *y2 = malloc(sizeof(float) * L * din);
        mb_scan_args s1 = sa, s2 = sa;
        s1.o_end = 2;
        s2.o_begin = 2;
        s2.o_end = 4;
        s2.y = y2;
        op_scan_forward(&s1, 0, din);
        op_scan_forward(&s2, 0, din);
        for (int64_t i = 0; i < L * din; i++) y[i] += y2[i];
        free(y2);
    } else {
        int64_t chunk = op_scan_chunk();
        scan_ctx c = {&sa, chunk};
        mb_pool_for(nth, (din + chunk - 1) / chunk, scan_part, &c);
    }
    double *ref = malloc(sizeof(double) * L * din);
    ref_scan4_forward(h, w, din, n, u, dt, bc, bias, alog, ds, ref);
    char what[160];
    snprintf(what, sizeof what, "scan %dx%d Din %d N %d R %d, %s kernel, %s", h, w, din, n, r,
             ref_kernel ? "reference" : mb_isa_name(mb_cpu_isa()),
             nth == 1 ? "1 thread" : din % 2 ? "split by direction" : "2 threads");
    /* values reach ~|sum over L| of state terms: relative 2e-6 of their scale */
    double scale = 1;
    for (int64_t i = 0; i < L * din; i++) scale = fmax(scale, fabs(ref[i]));
    check(what, y, ref, 1, L * din, false, 3e-6 * scale);
    free(u), free(dt), free(dtw), free(dbl), free(bias), free(alog), free(ds), free(a), free(y),
        free(bc), free(ref);
}

/* ------------------------------------------------------------ the rest */
static void test_layernorm(int64_t rows, int64_t c, unsigned *s) {
    float *x = rnd(rows * c, -3, 5, s), *g = rnd(c, -1, 1, s), *b = rnd(c, -1, 1, s);
    float *y = malloc(sizeof(float) * rows * c);
    double *ref = malloc(sizeof(double) * rows * c);
    op_layernorm_forward(x, y, c, g, b, 1e-5f, 0, rows);
    ref_layernorm_forward(x, rows, c, g, b, 1e-5, ref);
    char what[64];
    snprintf(what, sizeof what, "layernorm rows %lld c %lld (%s)", (long long)rows, (long long)c,
             mb_isa_name(mb_cpu_isa()));
    check(what, y, ref, 1, rows * c, false, 1e-5);
    op_layernorm_forward(x, x, c, g, b, 1e-5f, 0, rows); /* in place */
    check("layernorm in place", x, ref, 1, rows * c, false, 1e-5);
    free(x), free(g), free(b), free(y), free(ref);
}

static void test_layernorm_gate(int64_t rows, int64_t c, unsigned *s) {
    int64_t ldz = c + 5;
    float *x = rnd(rows * c, -3, 5, s), *g = rnd(c, -1, 1, s), *b = rnd(c, -1, 1, s);
    float *z = rnd(rows * ldz, -6, 6, s), *y = malloc(sizeof(float) * rows * c);
    double *ref = malloc(sizeof(double) * rows * c);
    /* x given as two halves that the op adds first */
    float *xa = malloc(sizeof(float) * rows * c), *xb = malloc(sizeof(float) * rows * c);
    for (int64_t i = 0; i < rows * c; i++) {
        xa[i] = x[i] * 0.25f;
        xb[i] = x[i] - xa[i];
    }
    op_layernorm_gate_forward(xa, xb, y, c, g, b, 1e-5f, z, ldz, 0, rows);
    ref_layernorm_forward(x, rows, c, g, b, 1e-5, ref);
    free(xa);
    free(xb);
    for (int64_t r = 0; r < rows; r++)
        for (int64_t i = 0; i < c; i++) ref[r * c + i] *= ref_silu(z[r * ldz + i]);
    char what[96];
    snprintf(what, sizeof what, "layernorm + SiLU gate rows %lld c %lld (%s)", (long long)rows,
             (long long)c, mb_isa_name(mb_cpu_isa()));
    check(what, y, ref, 1, rows * c, false, 2e-5);
    free(x), free(g), free(b), free(z), free(y), free(ref);
}

static void test_bias_act(int64_t rows, int64_t c, unsigned *s) {
    const mb_act acts[] = {MB_ACT_NONE, MB_ACT_GELU, MB_ACT_SILU, MB_ACT_LEAKY_RELU};
    int64_t ldx = c + 2;
    float *x = rnd(rows * ldx, -8, 8, s), *b = rnd(c, -1, 1, s), *y = malloc(sizeof(float) * rows * c);
    double *ref = malloc(sizeof(double) * rows * c);
    for (size_t k = 0; k < sizeof acts / sizeof acts[0]; k++) {
        op_bias_act_forward(x, ldx, b, acts[k], y, c, c, 0, rows);
        for (int64_t r = 0; r < rows; r++)
            for (int64_t i = 0; i < c; i++) {
                double v = (double)x[r * ldx + i] + b[i];
                ref[r * c + i] = acts[k] == MB_ACT_GELU   ? ref_gelu(v)
                                 : acts[k] == MB_ACT_SILU ? ref_silu(v)
                                 : acts[k] == MB_ACT_LEAKY_RELU ? (v > 0 ? v : 0.01 * v)
                                                                : v;
            }
        char what[96];
        snprintf(what, sizeof what, "bias + act %d rows %lld c %lld (%s)", (int)acts[k],
                 (long long)rows, (long long)c, mb_isa_name(mb_cpu_isa()));
        check(what, y, ref, 1, rows * c, false, 4e-6);
    }
    free(x), free(b), free(y), free(ref);
}

static void test_linear(int64_t m, int64_t k, int64_t n, bool portable, unsigned *s) {
    float *x = rnd(m * k, -1, 1, s), *w = rnd(n * k, -1, 1, s), *b = rnd(n, -1, 1, s);
    float *y = malloc(sizeof(float) * m * n);
    double *ref = malloc(sizeof(double) * m * n);
    mb_gemm_force_portable(portable);
    op_linear_forward(x, k, w, b, y, n, n, k, 0, m);
    mb_gemm_force_portable(false);
    ref_linear_forward(x, m, k, w, b, n, ref);
    char what[96];
    snprintf(what, sizeof what, "linear %lldx%lld -> %lld (%s GEMM)", (long long)m, (long long)k,
             (long long)n, portable ? "portable" : "BLAS");
    check(what, y, ref, 1, m * n, false, 1e-5 * sqrt((double)k) + 1e-6);
    free(x), free(w), free(b), free(y), free(ref);
}

static void test_shuffle(int c, int h, int w, int r, unsigned *s) {
    int64_t hw = (int64_t)h * w, cin = (int64_t)c * r * r;
    float *x = rnd(cin * hw, -1, 1, s), *xcl = malloc(sizeof(float) * cin * hw);
    to_cl(x, cin, hw, xcl);
    float *y = malloc(sizeof(float) * cin * hw);
    double *ref = malloc(sizeof(double) * cin * hw);
    op_pixel_shuffle_forward(xcl, h, w, c, r, y, 0, h);
    ref_pixel_shuffle_forward(x, c, h, w, r, ref);
    char what[64];
    snprintf(what, sizeof what, "pixel shuffle c %d %dx%d r %d", c, h, w, r);
    check(what, y, ref, c, hw * r * r, true, 0);
    free(x), free(xcl), free(y), free(ref);
}

static void test_ca(int c, int h, int w, unsigned *s) {
    int q = c / 30, hw = h * w;
    float *t = rnd((int64_t)c * hw, -1, 2, s), *w1 = rnd(q * c, -1, 1, s), *b1 = rnd(q, -1, 1, s);
    float *w3 = rnd(c * q, -1, 1, s), *b3 = rnd(c, -1, 1, s);
    float *tcl = malloc(sizeof(float) * c * hw), mean[1024], gate[1024];
    double *ref = malloc(sizeof(double) * c * hw), sum[1024];
    to_cl(t, c, hw, tcl);
    op_ca_partial_sum(tcl, c, 0, hw, sum);
    for (int i = 0; i < c; i++) mean[i] = (float)(sum[i] / hw);
    op_ca_gate(mean, c, q, w1, b1, w3, b3, gate);
    op_ca_apply(tcl, c, gate, 0, hw);
    ref_channel_attention_forward(t, c, h, w, q, w1, b1, w3, b3, ref);
    char what[64];
    snprintf(what, sizeof what, "channel attention c %d %dx%d", c, h, w);
    check(what, tcl, ref, c, hw, true, 1e-5);
    free(t), free(w1), free(b1), free(w3), free(b3), free(tcl), free(ref);
}

static void test_acts(unsigned *s) {
    int64_t n = 4001;
    float *x = rnd(n, -30, 30, s), *y = malloc(sizeof(float) * n);
    double *ref = malloc(sizeof(double) * n);
    struct { mb_act a; const char *name; } acts[] = {{MB_ACT_GELU, "gelu"}, {MB_ACT_SILU, "silu"},
        {MB_ACT_SIGMOID, "sigmoid"}, {MB_ACT_LEAKY_RELU, "leaky relu"}, {MB_ACT_RELU, "relu"}};
    for (size_t k = 0; k < sizeof acts / sizeof acts[0]; k++) {
        op_act_forward(acts[k].a, x, y, 0, n);
        for (int64_t i = 0; i < n; i++) {
            double v = x[i];
            switch (acts[k].a) {
            case MB_ACT_GELU: ref[i] = ref_gelu(v); break;
            case MB_ACT_SILU: ref[i] = ref_silu(v); break;
            case MB_ACT_SIGMOID: ref[i] = 1 / (1 + exp(-v)); break;
            case MB_ACT_LEAKY_RELU: ref[i] = v > 0 ? v : 0.01 * v; break;
            default: ref[i] = v > 0 ? v : 0; break;
            }
        }
        check(acts[k].name, y, ref, 1, n, false, 4e-6);
    }
    for (int64_t i = 0; i < n; i++) {
        y[i] = mb_softplus(x[i]);
        ref[i] = ref_softplus(x[i]);
    }
    check("softplus", y, ref, 1, n, false, 4e-6);
    free(x), free(y), free(ref);
}

int main(void) {
    unsigned s = 7;
    const int sizes[][2] = {{1, 1}, {1, 17}, {17, 1}, {3, 7}, {7, 3}, {17, 17}, {5, 19}};
    for (int nth = 1; nth <= 2; nth++)
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
            test_conv3x3(sizes[i][0], sizes[i][1], 3, 7, nth, &s);
            test_conv3x3(sizes[i][0], sizes[i][1], 17, 1, nth, &s);
            test_conv3x3(sizes[i][0], sizes[i][1], 1, 33, nth, &s);
        }
    /* per-pixel kernels and the scan: every variant this CPU runs */
    mb_isa best = mb_cpu_isa();
    const int64_t lns[] = {1, 3, 7, 17, 33, 180};
    for (int isa = MB_ISA_SCALAR; isa <= (int)best; isa++) {
        mb_cpu_force_isa((mb_isa)isa);
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
            for (int dil = 1; dil <= 2; dil++) {
                test_dw(sizes[i][0], sizes[i][1], 1, dil, MB_ACT_NONE, &s);
                test_dw(sizes[i][0], sizes[i][1], 17, dil, MB_ACT_GELU, &s);
                test_dw(sizes[i][0], sizes[i][1], 21, dil, MB_ACT_SILU, &s);
                test_dw(sizes[i][0], sizes[i][1], 40, dil, MB_ACT_NONE, &s);
            }
        for (size_t i = 0; i < sizeof lns / sizeof lns[0]; i++) {
            test_layernorm(13, lns[i], &s);
            test_layernorm_gate(5, lns[i], &s);
            test_bias_act(7, lns[i], &s);
        }
        test_conv3x3(5, 19, 17, 33, 2, &s);
        test_acts(&s);
    }
    mb_cpu_force_isa(best);
    const int dins[] = {1, 3, 7, 8, 17, 21, 33, 40};
    for (int isa = MB_ISA_SCALAR; isa <= (int)best; isa++) {
        mb_cpu_force_isa((mb_isa)isa);
        for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
            for (size_t d = 0; d < sizeof dins / sizeof dins[0]; d++)
                for (int nth = 1; nth <= 2; nth++)
                    test_scan(sizes[i][0], sizes[i][1], dins[d], d % 2 ? 3 : 16, 2, nth, false, &s);
    }
    mb_cpu_force_isa(best);
    test_scan(7, 3, 17, 4, 1, 1, true, &s);
    test_scan(4, 9, 40, 16, 3, 1, true, &s);
    for (int p = 0; p <= 1; p++) {
        test_linear(1, 1, 1, p, &s);
        test_linear(17, 7, 3, p, &s);
        test_linear(33, 60, 144, p, &s);
    }
    test_shuffle(3, 5, 7, 2, &s);
    test_shuffle(64, 3, 2, 2, &s);
    test_shuffle(1, 4, 3, 3, &s);
    test_shuffle(3, 1, 1, 4, &s);
    test_ca(30, 3, 7, &s);
    test_ca(61, 1, 1, &s);
    test_ca(180, 5, 4, &s);
    printf("%d checks, %d failed (scan kernels: scalar up to %s)\n", checks, failures, mb_isa_name(best));
    return failures ? 1 : 0;
}
