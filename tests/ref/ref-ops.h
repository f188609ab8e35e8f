/*
 * ref-ops.h — naive reference operators, written straight from SPEC.md in
 * double precision with PyTorch's layouts (NCHW, explicit direction
 * sequences), to check the engine's kernels. Slow on purpose.
 */
#ifndef MB_REF_OPS_H
#define MB_REF_OPS_H

#include <stdint.h>

/* Conv2d (SPEC §3): x {cin, h, w}, weight {cout, cin/groups, k, k}, bias
 * {cout} or NULL, stride 1, zero padding `pad`, dilation `dil`. y {cout, h', w'}. */
void ref_conv2d_forward(const float *x, int cin, int h, int w, const float *weight,
                        const float *bias, int cout, int k, int groups, int pad, int dil,
                        double *y);

/* LayerNorm over the last axis: x {rows, c} (SPEC §3). */
void ref_layernorm_forward(const float *x, int64_t rows, int64_t c, const float *g,
                           const float *b, double eps, double *y);

/* y {m, n} = x {m, k} · wᵀ (w {n, k}) + bias */
void ref_linear_forward(const float *x, int64_t m, int64_t k, const float *w, const float *bias,
                        int64_t n, double *y);

/* PixelShuffle(r) on NCHW: x {c*r*r, h, w} -> y {c, r*h, r*w} */
void ref_pixel_shuffle_forward(const float *x, int c, int h, int w, int r, double *y);

/* ChannelAttention (SPEC §6.3) on t {c, h, w}: y = t * sigmoid(W3 relu(W1 mean + b1) + b3) */
void ref_channel_attention_forward(const float *t, int c, int h, int w, int q, const float *w1,
                                   const float *b1, const float *w3, const float *b3, double *y);

/* Activations in double (SPEC §3). */
double ref_gelu(double x);
double ref_silu(double x);
double ref_softplus(double x);

/* The 4-direction selective scan of SPEC §6.2/§6.4, built the way the SPEC
 * states it: gather each direction's sequence s_k from row-major positions,
 * run the recurrence along it, map back (un-flip / un-transpose), sum.
 * Per-position inputs (row-major p = y*W + x):
 *   u[p*din + d], dt_raw[(p*4 + k)*din + d] (before bias),
 *   bc[(p*4 + k)*2n + i] (B: i < n, C: n <= i < 2n)
 * Parameters: dt_bias[k*din+d], a_log[(k*din+d)*n + i] (A = -exp(a_log)), ds[k*din+d].
 * y[p*din + d] = Y1 + Y2 + Y3 + Y4. */
void ref_scan4_forward(int h, int w, int din, int n, const float *u, const float *dt_raw,
                       const float *bc, const float *dt_bias, const float *a_log,
                       const float *ds, double *y);

#endif
