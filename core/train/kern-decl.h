/*
 * kern-decl.h — declarations of the trainer's kernels for one precision.
 * Included twice by kern.h (float, then double); see real.h.
 *
 * Layout: every activation is channels-last, rows are tokens of a batch,
 * x {B, H, W, C} stored as B*H*W rows of C. Weights keep their state-dict
 * (PyTorch) layout so checkpoints need no repacking.
 *
 * Gradient convention: every backward ADDS into its input gradient (gx) and
 * parameter gradients; callers zero them first. This makes residual sums and
 * the four scan directions free.
 */
#include "real.h"
#include <stdbool.h>
#include <stdint.h>

/* C = alpha op(A) op(B) + beta C, row-major (float: OpenBLAS; double: plain loops). */
void TR(tr_gemm)(bool ta, bool tb, int64_t m, int64_t n, int64_t k, real alpha, const real *a,
                 int64_t lda, const real *b, int64_t ldb, real beta, real *c, int64_t ldc);

/* Dense conv, kernel ks (1 or 3), pad ks/2, stride 1, with bias.
 * x {B,H,W,Cin}, w {Cout,Cin,ks,ks}, b {Cout}, y {B,H,W,Cout} (overwritten).
 * col: scratch of tr_conv_col_size(H, W, max(Cin, Cout), ks) reals (the
 * backward's input gradient uses Cout columns per tap; unused for ks == 1). */
int64_t TR(tr_conv_col_size)(int H, int W, int Cin, int ks);
void TR(tr_conv_forward)(int B, int H, int W, int Cin, int Cout, int ks, const real *x,
                         const real *w, const real *b, real *y, real *col);
/* gx (may be NULL) += dL/dx, gw += dL/dw, gb += dL/db. */
void TR(tr_conv_backward)(int B, int H, int W, int Cin, int Cout, int ks, const real *x,
                          const real *w, const real *gy, real *gx, real *gw, real *gb, real *col);

/* Depthwise 3x3 conv, dilation dil, pad dil, with bias. x, y {B,H,W,C}, w {C,1,3,3}. */
void TR(tr_dwconv_forward)(int B, int H, int W, int C, int dil, const real *x, const real *w,
                           const real *b, real *y);
void TR(tr_dwconv_backward)(int B, int H, int W, int C, int dil, const real *x, const real *w,
                            const real *gy, real *gx, real *gw, real *gb);

/* LayerNorm over the last axis (eps 1e-5, SPEC §3), rows x {n, C}; keeps mean
 * and 1/std per row for the backward. */
void TR(tr_ln_forward)(int64_t n, int C, const real *x, const real *g, const real *b, real *y,
                       real *mean, real *rstd);
void TR(tr_ln_backward)(int64_t n, int C, const real *x, const real *mean, const real *rstd,
                        const real *g, const real *gy, real *gx, real *gg, real *gb);

/* Pointwise activations: y = f(x); gx += f'(x) gy. */
void TR(tr_silu_forward)(int64_t n, const real *x, real *y);
void TR(tr_silu_backward)(int64_t n, const real *x, const real *gy, real *gx);
void TR(tr_gelu_forward)(int64_t n, const real *x, real *y);
void TR(tr_gelu_backward)(int64_t n, const real *x, const real *gy, real *gx);
void TR(tr_lrelu_forward)(int64_t n, real slope, const real *x, real *y);
void TR(tr_lrelu_backward)(int64_t n, real slope, const real *x, const real *gy, real *gx);
real TR(tr_softplus)(real x);
real TR(tr_softplus_grad)(real x); /* d softplus / dx, PyTorch threshold 20 */

/* SS2D dt projection fused with bias and softplus (grad-dtproj.inc).
 * dbl {rows, xw}: direction k's R dt inputs at column k*sk; w {4,Din,R};
 * wt {4,R,Din} its transpose (tr_dtproj_transpose); delta {rows,4Din} =
 * softplus(dt); dsp {rows,4Din} = softplus'(dt), kept for the backward. */
void TR(tr_dtproj_transpose)(int Din, int R, const real *w, real *wt);
void TR(tr_dtproj_forward)(int64_t rows, int Din, int R, int64_t xw, int64_t sk, const real *dbl,
                           const real *wt, const real *bias, real *dsp, real *delta);
/* g: dL/ddelta in, dL/ddtp out; gdbl (dt columns), gwt {4,R,Din}, gbias +=. */
void TR(tr_dtproj_backward)(int64_t rows, int Din, int R, int64_t xw, int64_t sk, const real *dbl,
                            const real *wt, const real *dsp, real *g, real *gdbl, real *gwt,
                            real *gbias);
/* gw {4,Din,R} += gwt transposed. */
void TR(tr_dtproj_add_grad)(int Din, int R, const real *gwt, real *gw);

/* PixelShuffle(r), channels-last: x {B,h,w,c*r*r} -> y {B,r*h,r*w,c} (SPEC §3). */
void TR(tr_shuffle_forward)(int B, int h, int w, int c, int r, const real *x, real *y);
void TR(tr_shuffle_backward)(int B, int h, int w, int c, int r, const real *gy, real *gx);

/* Channel attention (SPEC §6.3): out = t * sigmoid(W3 relu(W1 mean(t) + b1) + b3).
 * t, out {B,L,C}; w1 {q,C}, w3 {C,q}. Keeps v {B,C}, a1 {B,q}, s {B,C}. */
void TR(tr_ca_forward)(int B, int64_t L, int C, int q, const real *t, const real *w1,
                       const real *b1, const real *w3, const real *b3, real *out, real *v,
                       real *a1, real *s);
void TR(tr_ca_backward)(int B, int64_t L, int C, int q, const real *t, const real *w1,
                        const real *w3, const real *v, const real *a1, const real *s,
                        const real *gout, real *gt, real *gw1, real *gb1, real *gw3, real *gb3);

/* 4-direction selective scan (SPEC §6.2, §6.4) on B images of H x W.
 * u {B,L,Din}; dbl {B,L,4*(R+2N)} (per direction: dt (R) | B (N) | C (N));
 * delta {B,L,4*Din} (after softplus); A {4*Din,N} (negative, = -exp(A_logs));
 * D {4*Din}. y {B,L,Din} = sum of the four directions (overwritten).
 * scratch: tr_scan_scratch_size() reals per thread.
 * ckpt: states the forward keeps for the backward of the same inputs,
 * tr_scan_ckpt_size() reals (0 when the kernels in use keep none: double,
 * no AVX-512 or AVX2, N > 16), or NULL: the backward then recomputes them. The
 * results do not depend on it. */
int64_t TR(tr_scan_scratch_size)(int H, int W, int Din, int N, bool backward);
int64_t TR(tr_scan_ckpt_size)(int B, int H, int W, int Din, int N);
void TR(tr_scan_forward_ckpt)(int B, int H, int W, int Din, int N, int R, const real *u,
                              const real *dbl, const real *delta, const real *A, const real *D,
                              real *y, real *ckpt, real *scratch, int nth);
/* gu += dL/du; gdbl += dL/d(B,C) columns (dt columns untouched); gdelta =
 * dL/ddelta (overwritten); gA += dL/dA; gD += dL/dD. */
void TR(tr_scan_backward_ckpt)(int B, int H, int W, int Din, int N, int R, const real *u,
                               const real *dbl, const real *delta, const real *A, const real *D,
                               const real *gy, real *gu, real *gdbl, real *gdelta, real *gA,
                               real *gD, const real *ckpt, real *scratch, int nth);
/* The same with ckpt NULL. */
void TR(tr_scan_forward)(int B, int H, int W, int Din, int N, int R, const real *u,
                         const real *dbl, const real *delta, const real *A, const real *D,
                         real *y, real *scratch, int nth);
void TR(tr_scan_backward)(int B, int H, int W, int Din, int N, int R, const real *u,
                          const real *dbl, const real *delta, const real *A, const real *D,
                          const real *gy, real *gu, real *gdbl, real *gdelta, real *gA,
                          real *gD, real *scratch, int nth);
