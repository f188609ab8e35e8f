/*
 * test-grad-ops.c — every backward kernel of the trainer against central
 * finite differences in double precision (h = 1e-6), on small odd sizes.
 *
 * For an op y = f(x, w) and a fixed random weighting r, the scalar
 * S = sum(r * y) has dS/dx = backward(gy = r). Every input and parameter
 * entry is perturbed (sizes are small), and the worst relative error
 * |analytic - fd| / max(1, |fd|)-scaled is printed per op; tolerance 1e-7.
 */
#include "ops/ops.h"
#include "train/kern.h"
#include "train/rng.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fails;
static tr_rng rng;

static double *rnd(int64_t n, double lo, double hi) {
    double *p = malloc(sizeof(double) * (size_t)(n ? n : 1));
    for (int64_t i = 0; i < n; i++) p[i] = lo + (hi - lo) * tr_rng_uniform(&rng);
    return p;
}

static double *zeros(int64_t n) { return calloc((size_t)(n ? n : 1), sizeof(double)); }

/* The op under test: fills y from the current inputs. */
typedef void (*fwd_fn)(void *ctx, double *y);

static double weighted(fwd_fn f, void *ctx, double *y, const double *r, int64_t ny) {
    f(ctx, y);
    double s = 0;
    for (int64_t i = 0; i < ny; i++) s += r[i] * y[i];
    return s;
}

/* Compare analytic gradient g of input x (n entries) with central differences. */
static double fd_check(const char *op, const char *what, fwd_fn f, void *ctx, double *x, int64_t n,
                       const double *g, const double *r, int64_t ny) {
    double *y = zeros(ny), worst = 0, h = 1e-6;
    int64_t at = -1;
    double scale = 0;
    for (int64_t i = 0; i < n; i++) scale = fmax(scale, fabs(g[i]));
    if (scale < 1e-3) scale = 1e-3;
    for (int64_t i = 0; i < n; i++) {
        double keep = x[i];
        x[i] = keep + h;
        double sp = weighted(f, ctx, y, r, ny);
        x[i] = keep - h;
        double sm = weighted(f, ctx, y, r, ny);
        x[i] = keep;
        double fd = (sp - sm) / (2 * h), e = fabs(fd - g[i]) / scale;
        if (e > worst) {
            worst = e;
            at = i;
        }
    }
    bool bad = !(worst <= 1e-7);
    printf("%s %-28s %-6s %5lld entries, max |d|/max|g| %.2e%s\n", bad ? "FAIL" : "ok  ", op, what,
           (long long)n, worst, bad ? "" : "");
    if (bad) {
        printf("     at %lld: analytic %.12g\n", (long long)at, g[at]);
        fails++;
    }
    free(y);
    return worst;
}

/* ---------------------------------------------------------------- conv */
typedef struct { int B, H, W, Ci, Co, ks, dil; double *x, *w, *b, *col; } conv_ctx;
static void conv_f(void *p, double *y) {
    conv_ctx *c = p;
    tr_conv_forward_f64(c->B, c->H, c->W, c->Ci, c->Co, c->ks, c->x, c->w, c->b, y, c->col);
}
static void dw_f(void *p, double *y) {
    conv_ctx *c = p;
    tr_dwconv_forward_f64(c->B, c->H, c->W, c->Ci, c->dil, c->x, c->w, c->b, y);
}

static void test_conv(int ks, int B, int H, int W, int Ci, int Co) {
    conv_ctx c = {B, H, W, Ci, Co, ks, 1, NULL, NULL, NULL, NULL};
    int64_t nx = (int64_t)B * H * W * Ci, nw = (int64_t)Co * Ci * ks * ks, ny = (int64_t)B * H * W * Co;
    c.x = rnd(nx, -1, 1);
    c.w = rnd(nw, -1, 1);
    c.b = rnd(Co, -1, 1);
    c.col = zeros(tr_conv_col_size_f64(H, W, Ci > Co ? Ci : Co, ks) + 1);
    double *r = rnd(ny, -1, 1), *gx = zeros(nx), *gw = zeros(nw), *gb = zeros(Co);
    tr_conv_backward_f64(B, H, W, Ci, Co, ks, c.x, c.w, r, gx, gw, gb, c.col);
    char name[64];
    snprintf(name, sizeof name, "conv %dx%d %d->%d %dx%dx%d", ks, ks, Ci, Co, B, H, W);
    fd_check(name, "x", conv_f, &c, c.x, nx, gx, r, ny);
    fd_check(name, "w", conv_f, &c, c.w, nw, gw, r, ny);
    fd_check(name, "b", conv_f, &c, c.b, Co, gb, r, ny);
    free(c.x); free(c.w); free(c.b); free(c.col); free(r); free(gx); free(gw); free(gb);
}

static void test_dwconv(int dil, int B, int H, int W, int C) {
    conv_ctx c = {B, H, W, C, C, 3, dil, NULL, NULL, NULL, NULL};
    int64_t nx = (int64_t)B * H * W * C, nw = (int64_t)C * 9;
    c.x = rnd(nx, -1, 1);
    c.w = rnd(nw, -1, 1);
    c.b = rnd(C, -1, 1);
    double *r = rnd(nx, -1, 1), *gx = zeros(nx), *gw = zeros(nw), *gb = zeros(C);
    tr_dwconv_backward_f64(B, H, W, C, dil, c.x, c.w, r, gx, gw, gb);
    char name[64];
    snprintf(name, sizeof name, "dwconv dil %d C %d %dx%dx%d", dil, C, B, H, W);
    fd_check(name, "x", dw_f, &c, c.x, nx, gx, r, nx);
    fd_check(name, "w", dw_f, &c, c.w, nw, gw, r, nx);
    fd_check(name, "b", dw_f, &c, c.b, C, gb, r, nx);
    free(c.x); free(c.w); free(c.b); free(r); free(gx); free(gw); free(gb);
}

/* ---------------------------------------------------------------- layernorm */
typedef struct { int64_t n; int C; double *x, *g, *b, *m, *s; } ln_ctx;
static void ln_f(void *p, double *y) {
    ln_ctx *c = p;
    tr_ln_forward_f64(c->n, c->C, c->x, c->g, c->b, y, c->m, c->s);
}
static void test_ln(int64_t n, int C) {
    ln_ctx c = {n, C, rnd(n * C, -2, 2), rnd(C, 0.5, 1.5), rnd(C, -1, 1), zeros(n), zeros(n)};
    double *r = rnd(n * C, -1, 1), *y = zeros(n * C), *gx = zeros(n * C), *gg = zeros(C), *gb = zeros(C);
    ln_f(&c, y);
    tr_ln_backward_f64(n, C, c.x, c.m, c.s, c.g, r, gx, gg, gb);
    char name[64];
    snprintf(name, sizeof name, "layernorm %lldx%d", (long long)n, C);
    fd_check(name, "x", ln_f, &c, c.x, n * C, gx, r, n * C);
    fd_check(name, "gamma", ln_f, &c, c.g, C, gg, r, n * C);
    fd_check(name, "beta", ln_f, &c, c.b, C, gb, r, n * C);
    free(c.x); free(c.g); free(c.b); free(c.m); free(c.s); free(r); free(y); free(gx); free(gg); free(gb);
}

/* ---------------------------------------------------------------- dt projection */
/* delta = softplus(dbl_k[:, 0:R] W_k^T + b) per direction k (the fused op). */
typedef struct { int64_t rows; int Din, R, N; double *dbl, *w, *b, *wt, *dtp; } dt_ctx;
static void dt_f(void *p, double *y) {
    dt_ctx *c = p;
    tr_dtproj_transpose_f64(c->Din, c->R, c->w, c->wt);
    tr_dtproj_forward_f64(c->rows, c->Din, c->R, 4 * (c->R + 2 * c->N), c->R + 2 * c->N, c->dbl,
                          c->wt, c->b, c->dtp, y);
}
static void test_dtproj(int64_t rows, int Din, int R, int N) {
    int64_t xw = 4 * (R + 2 * N), nd = rows * 4 * Din, nw = 4 * (int64_t)Din * R;
    dt_ctx c = {rows, Din, R, N, rnd(rows * xw, -1, 1), rnd(nw, -1, 1), rnd(4 * Din, -3, 3),
                zeros(nw), zeros(nd)};
    double *r = rnd(nd, -1, 1), *y = zeros(nd), *g = zeros(nd), *gdbl = zeros(rows * xw),
           *gwt = zeros(nw), *gw = zeros(nw), *gb = zeros(4 * Din);
    dt_f(&c, y);
    memcpy(g, r, sizeof(double) * (size_t)nd);
    tr_dtproj_backward_f64(rows, Din, R, xw, R + 2 * N, c.dbl, c.wt, c.dtp, g, gdbl, gwt, gb);
    tr_dtproj_add_grad_f64(Din, R, gwt, gw);
    /* only the dt columns of dbl have a gradient here (B, C go to the scan) */
    for (int64_t i = 0; i < rows * xw; i++)
        if (i % xw % (R + 2 * N) >= R && gdbl[i] != 0) {
            printf("FAIL dt projection wrote a B/C column\n");
            fails++;
            break;
        }
    char name[64];
    snprintf(name, sizeof name, "dt proj+softplus %lldx%d R %d", (long long)rows, Din, R);
    fd_check(name, "dbl", dt_f, &c, c.dbl, rows * xw, gdbl, r, nd);
    fd_check(name, "w", dt_f, &c, c.w, nw, gw, r, nd);
    fd_check(name, "bias", dt_f, &c, c.b, 4 * Din, gb, r, nd);
    free(c.dbl); free(c.w); free(c.b); free(c.wt); free(c.dtp);
    free(r); free(y); free(g); free(gdbl); free(gwt); free(gw); free(gb);
}

/* ---------------------------------------------------------------- pointwise */
typedef struct { int64_t n; int kind; double *x; } pw_ctx;
static void pw_f(void *p, double *y) {
    pw_ctx *c = p;
    if (c->kind == 0) tr_silu_forward_f64(c->n, c->x, y);
    if (c->kind == 1) tr_gelu_forward_f64(c->n, c->x, y);
    if (c->kind == 2) tr_lrelu_forward_f64(c->n, 0.01, c->x, y);
    if (c->kind == 3)
        for (int64_t i = 0; i < c->n; i++) y[i] = tr_softplus_f64(c->x[i]);
}
static void test_pointwise(void) {
    static const char *names[4] = {"silu", "gelu (erf)", "leaky relu 0.01", "softplus (thr 20)"};
    int64_t n = 37;
    for (int k = 0; k < 4; k++) {
        pw_ctx c = {n, k, rnd(n, -6, 6)};
        if (k == 3) c.x[0] = 25, c.x[1] = -30, c.x[2] = 19.5; /* both sides of the threshold */
        double *r = rnd(n, -1, 1), *g = zeros(n);
        if (k == 0) tr_silu_backward_f64(n, c.x, r, g);
        if (k == 1) tr_gelu_backward_f64(n, c.x, r, g);
        if (k == 2) tr_lrelu_backward_f64(n, 0.01, c.x, r, g);
        if (k == 3)
            for (int64_t i = 0; i < n; i++) g[i] = r[i] * tr_softplus_grad_f64(c.x[i]);
        fd_check(names[k], "x", pw_f, &c, c.x, n, g, r, n);
        free(c.x); free(r); free(g);
    }
}

/* ---------------------------------------------------------------- shuffle */
typedef struct { int B, h, w, c, r; double *x; } ps_ctx;
static void ps_f(void *p, double *y) {
    ps_ctx *c = p;
    tr_shuffle_forward_f64(c->B, c->h, c->w, c->c, c->r, c->x, y);
}
static void test_shuffle(int r) {
    ps_ctx c = {2, 3, 5, 3, r, NULL};
    int64_t n = (int64_t)2 * 3 * 5 * 3 * r * r;
    c.x = rnd(n, -1, 1);
    double *rr = rnd(n, -1, 1), *g = zeros(n);
    tr_shuffle_backward_f64(2, 3, 5, 3, r, rr, g);
    char name[64];
    snprintf(name, sizeof name, "pixel shuffle r=%d", r);
    fd_check(name, "x", ps_f, &c, c.x, n, g, rr, n);
    free(c.x); free(rr); free(g);
}

/* ---------------------------------------------------------------- channel attention */
typedef struct { int B; int64_t L; int C, q; double *t, *w1, *b1, *w3, *b3, *v, *a, *s; } ca_ctx;
static void ca_f(void *p, double *y) {
    ca_ctx *c = p;
    tr_ca_forward_f64(c->B, c->L, c->C, c->q, c->t, c->w1, c->b1, c->w3, c->b3, y, c->v, c->a, c->s);
}
static void test_ca(void) {
    int B = 2, C = 7, q = 3;
    int64_t L = 15, n = B * L * C;
    ca_ctx c = {B, L, C, q, rnd(n, -1, 1), rnd(q * C, -1, 1), rnd(q, -0.3, 0.5), rnd(C * q, -1, 1),
                rnd(C, -1, 1), zeros(B * C), zeros(B * q), zeros(B * C)};
    double *r = rnd(n, -1, 1), *y = zeros(n), *gt = zeros(n), *g1 = zeros(q * C), *gb1 = zeros(q),
           *g3 = zeros(C * q), *gb3 = zeros(C);
    ca_f(&c, y);
    int alive = 0;
    for (int i = 0; i < B * q; i++) alive += c.a[i] > 0;
    tr_ca_backward_f64(B, L, C, q, c.t, c.w1, c.w3, c.v, c.a, c.s, r, gt, g1, gb1, g3, gb3);
    printf("     channel attention: %d of %d hidden units alive\n", alive, B * q);
    fd_check("channel attention", "t", ca_f, &c, c.t, n, gt, r, n);
    fd_check("channel attention", "w1", ca_f, &c, c.w1, q * C, g1, r, n);
    fd_check("channel attention", "b1", ca_f, &c, c.b1, q, gb1, r, n);
    fd_check("channel attention", "w3", ca_f, &c, c.w3, C * q, g3, r, n);
    fd_check("channel attention", "b3", ca_f, &c, c.b3, C, gb3, r, n);
    free(c.t); free(c.w1); free(c.b1); free(c.w3); free(c.b3); free(c.v); free(c.a); free(c.s);
    free(r); free(y); free(gt); free(g1); free(gb1); free(g3); free(gb3);
}

/* ---------------------------------------------------------------- scan */
typedef struct { int B, H, W, Din, N, R; double *u, *dbl, *delta, *A, *D, *scratch; int nth; } sc_ctx;
static void sc_f(void *p, double *y) {
    sc_ctx *c = p;
    tr_scan_forward_f64(c->B, c->H, c->W, c->Din, c->N, c->R, c->u, c->dbl, c->delta, c->A, c->D, y,
                        c->scratch, c->nth);
}
static void test_scan(int B, int H, int W, int Din, int N, int R, int nth) {
    int64_t L = (int64_t)H * W, xw = 4 * (R + 2 * N);
    sc_ctx c = {B, H, W, Din, N, R, rnd(B * L * Din, -1, 1), rnd(B * L * xw, -1, 1),
                rnd(B * L * 4 * Din, 0.05, 1.5), rnd(4 * Din * N, -2, -0.2), rnd(4 * Din, -1, 1),
                NULL, nth};
    int64_t ss = tr_scan_scratch_size_f64(H, W, Din, N, true);
    c.scratch = zeros(ss * nth);
    int64_t ny = B * L * Din;
    double *r = rnd(ny, -1, 1), *gu = zeros(B * L * Din), *gdbl = zeros(B * L * xw),
           *gdl = zeros(B * L * 4 * Din), *gA = zeros(4 * Din * N), *gD = zeros(4 * Din);
    tr_scan_backward_f64(B, H, W, Din, N, R, c.u, c.dbl, c.delta, c.A, c.D, r, gu, gdbl, gdl, gA, gD,
                         c.scratch, nth);
    char name[80];
    snprintf(name, sizeof name, "scan %dx%dx%d Din %d N %d, %d thr", B, H, W, Din, N, nth);
    fd_check(name, "u", sc_f, &c, c.u, B * L * Din, gu, r, ny);
    /* dt columns of dbl do not enter the scan: their gradient must stay 0 */
    fd_check(name, "B,C", sc_f, &c, c.dbl, B * L * xw, gdbl, r, ny);
    fd_check(name, "delta", sc_f, &c, c.delta, B * L * 4 * Din, gdl, r, ny);
    fd_check(name, "A", sc_f, &c, c.A, 4 * Din * N, gA, r, ny);
    fd_check(name, "D", sc_f, &c, c.D, 4 * Din, gD, r, ny);
    free(c.u); free(c.dbl); free(c.delta); free(c.A); free(c.D); free(c.scratch);
    free(r); free(gu); free(gdbl); free(gdl); free(gA); free(gD);
}

/* float scan kernel (vectorised, polynomial exp) against the double one;
 * ckpt: the backward reads the checkpoints the forward kept (the trainer's
 * path) instead of rebuilding them */
static void test_scan_f32(int B, int H, int W, int Din, int N, int R, bool ckpt) {
    int64_t L = (int64_t)H * W, xw = 4 * (R + 2 * N), nu = B * L * Din, nb = B * L * xw,
            nd = B * L * 4 * Din, na = 4 * Din * N;
    double *u = rnd(nu, -1, 1), *dbl = rnd(nb, -1, 1), *dl = rnd(nd, 0.01, 3), *A = rnd(na, -8, -0.1),
           *D = rnd(4 * Din, -1, 1), *gy = rnd(nu, -1, 1);
    float *uf = malloc(4 * nu), *dblf = malloc(4 * nb), *dlf = malloc(4 * nd), *Af = malloc(4 * na),
          *Df = malloc(16 * Din), *gyf = malloc(4 * nu);
    for (int64_t i = 0; i < nu; i++) uf[i] = (float)u[i], gyf[i] = (float)gy[i], u[i] = uf[i], gy[i] = gyf[i];
    for (int64_t i = 0; i < nb; i++) dblf[i] = (float)dbl[i], dbl[i] = dblf[i];
    for (int64_t i = 0; i < nd; i++) dlf[i] = (float)dl[i], dl[i] = dlf[i];
    for (int64_t i = 0; i < na; i++) Af[i] = (float)A[i], A[i] = Af[i];
    for (int64_t i = 0; i < 4 * Din; i++) Df[i] = (float)D[i], D[i] = Df[i];
    int64_t ss = tr_scan_scratch_size_f64(H, W, Din, N, true);
    int64_t ssf = tr_scan_scratch_size_f32(H, W, Din, N, true);
    int64_t nck = ckpt ? tr_scan_ckpt_size_f32(B, H, W, Din, N) : 0;
    double *sd = zeros(ss * 2), *y = zeros(nu), *gu = zeros(nu), *gb = zeros(nb), *gd = zeros(nd),
           *gA = zeros(na), *gD = zeros(4 * Din);
    float *sf = calloc((size_t)ssf * 2, 4), *yf = calloc(nu, 4), *guf = calloc(nu, 4), *gbf = calloc(nb, 4),
          *gdf = calloc(nd, 4), *gAf = calloc(na, 4), *gDf = calloc(4 * Din, 4),
          *ck = nck ? calloc((size_t)nck, 4) : NULL;
    tr_scan_forward_f64(B, H, W, Din, N, R, u, dbl, dl, A, D, y, sd, 2);
    tr_scan_backward_f64(B, H, W, Din, N, R, u, dbl, dl, A, D, gy, gu, gb, gd, gA, gD, sd, 2);
    tr_scan_forward_ckpt_f32(B, H, W, Din, N, R, uf, dblf, dlf, Af, Df, yf, ck, sf, 2);
    tr_scan_backward_ckpt_f32(B, H, W, Din, N, R, uf, dblf, dlf, Af, Df, gyf, guf, gbf, gdf, gAf, gDf,
                              ck, sf, 2);
    struct { const char *n; double *d; float *f; int64_t k; } t[6] = {
        {"y", y, yf, nu}, {"gu", gu, guf, nu}, {"gB,gC", gb, gbf, nb}, {"gdelta", gd, gdf, nd}, {"gA", gA, gAf, na}, {"gD", gD, gDf, 4 * Din}};
    for (int i = 0; i < 6; i++) {
        double mx = 0, md = 0;
        for (int64_t j = 0; j < t[i].k; j++) {
            mx = fmax(mx, fabs(t[i].d[j]));
            md = fmax(md, fabs(t[i].d[j] - t[i].f[j]));
        }
        bool bad = !(md <= 1e-5 * fmax(mx, 1));
        printf("%s scan f32 vs f64 %dx%dx%d Din %d N %d%s: %-6s max|d| %.2e (max %.3g)\n",
               bad ? "FAIL" : "ok  ", B, H, W, Din, N, ckpt ? " ckpt" : "", t[i].n, md, mx);
        if (bad) fails++;
    }
    free(u); free(dbl); free(dl); free(A); free(D); free(gy);
    free(uf); free(dblf); free(dlf); free(Af); free(Df); free(gyf);
    free(sd); free(y); free(gu); free(gb); free(gd); free(gA); free(gD);
    free(sf); free(yf); free(guf); free(gbf); free(gdf); free(gAf); free(gDf); free(ck);
}

/* The float scan on every kernel this CPU runs (the widest first, then the
 * narrower ones forced), each with and without checkpoints: channel counts
 * with full vectors and tails of 8- and 16-lane chunks, step counts that
 * are and are not multiples of the 16-step segments. */
static void test_scan_f32_kernels(void) {
    mb_isa best = mb_cpu_isa();
    for (int isa = best; isa >= MB_ISA_SCALAR; isa--) {
        mb_cpu_force_isa((mb_isa)isa);
        printf("scan kernels: %s%s\n", mb_isa_name((mb_isa)isa),
               getenv("MAMBAIR_NO_SIMD") ? " (MAMBAIR_NO_SIMD: portable loops)" : "");
        for (int ck = 0; ck < 2; ck++) {
            test_scan_f32(2, 7, 9, 37, 5, 2, ck);  /* chunks and a 5-channel tail */
            test_scan_f32(1, 8, 4, 72, 8, 3, ck);  /* the built-in models' shape, L = 2 segments */
            test_scan_f32(3, 5, 5, 16, 16, 1, ck); /* no tail, the largest N */
        }
    }
    mb_cpu_force_isa(best);
}

int main(void) {
    tr_rng_seed(&rng, 42);
    test_conv(3, 2, 5, 3, 3, 4);
    test_conv(3, 1, 4, 7, 5, 2);
    test_conv(1, 2, 3, 5, 7, 3);
    test_dwconv(1, 2, 5, 3, 5);
    test_dwconv(2, 1, 6, 5, 3);
    test_ln(9, 7);
    test_dtproj(7, 5, 2, 3);
    test_pointwise();
    test_shuffle(2);
    test_shuffle(3);
    test_ca();
    test_scan(1, 3, 5, 3, 2, 1, 1);   /* non-square: directions 1 and 3 differ */
    test_scan(2, 4, 3, 5, 3, 2, 2);   /* two images on two threads */
    test_scan_f32_kernels();
    printf(fails ? "%d failures\n" : "all ok\n", fails);
    return fails ? 1 : 0;
}
