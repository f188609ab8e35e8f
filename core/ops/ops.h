/*
 * ops.h — the kernels of the network, one family per file.
 *
 * Activations inside the body are channels-last tokens: x {L, C} with
 * L = H*W row-major (SPEC §9), so every per-pixel op reads a contiguous row
 * and 3x3 convolutions become GEMMs over channels. Each op works on a range of
 * its outer independent dimension ([begin, end) rows or channels) so the
 * caller can split it over the pool; ops never allocate.
 */
#ifndef MB_OPS_H
#define MB_OPS_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* ------------------------------------------------------------ activations.c
 * SPEC §3: exact-erf GELU, softplus with threshold 20, LeakyReLU 0.01. */
static inline float mb_gelu(float x) { return 0.5f * x * (1.0f + erff(x * 0.70710678118654752f)); }
static inline float mb_sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }
static inline float mb_silu(float x) { return x / (1.0f + expf(-x)); }
static inline float mb_softplus(float x) { return x > 20.0f ? x : log1pf(expf(x)); }
static inline float mb_leaky_relu(float x) { return x > 0.0f ? x : 0.01f * x; }
static inline float mb_relu(float x) { return x > 0.0f ? x : 0.0f; }

typedef enum mb_act {
    MB_ACT_NONE = 0,
    MB_ACT_GELU,
    MB_ACT_SILU,
    MB_ACT_SIGMOID,
    MB_ACT_LEAKY_RELU,
    MB_ACT_RELU
} mb_act;

/* y[i] = act(x[i]) for i in [begin, end); y may equal x. */
void op_act_forward(mb_act act, const float *x, float *y, int64_t begin, int64_t end);

/* ------------------------------------------------------------ layernorm.c
 * y {rows, c} = LN(x) over the last axis, eps as given (1e-5, SPEC §1).
 * x and y may alias. Rows [begin, end). */
void op_layernorm_forward(const float *x, float *y, int64_t c, const float *gamma,
                          const float *beta, float eps, int64_t begin, int64_t end);

/* The same on x + x2 (x2 may be NULL; the scan's two partial sums), followed
 * by y *= SiLU(z), z {rows, ldz}: SS2D's out_norm and gate in one pass
 * (SPEC §6.1). */
void op_layernorm_gate_forward(const float *x, const float *x2, float *y, int64_t c,
                               const float *gamma,
                               const float *beta, float eps, const float *z, int64_t ldz,
                               int64_t begin, int64_t end);
/* Scalar references of the two (the dispatching versions above use SIMD). */
void op_layernorm_forward_ref(const float *x, const float *x2, float *y, int64_t c,
                              const float *gamma,
                              const float *beta, float eps, const float *z, int64_t ldz,
                              int64_t begin, int64_t end);

/* ------------------------------------------------------------ linear.c
 * y {M, N} (ldy) = x {M, K} (ldx) * W^T + bias, W {N, K} (PyTorch layout).
 * bias may be NULL. Rows [begin, end) of x / y; calls mb_sgemm, so it must
 * not run inside a parallel region unless BLAS is single-threaded. */
void op_linear_forward(const float *x, int64_t ldx, const float *w, const float *bias, float *y,
                       int64_t ldy, int64_t n, int64_t k, int64_t begin, int64_t end);

/* y {M, N} += x · Wᵀ (accumulates into y: saves a zeroing pass and the add) */
void op_linear_accumulate_forward(const float *x, int64_t ldx, const float *w, float *y,
                                  int64_t ldy, int64_t n, int64_t k, int64_t begin, int64_t end);

/* ------------------------------------------------------------ conv2d.c
 * Dense 3x3 convolution, pad 1, channels-last, as nine shifted GEMMs over a
 * zero-padded copy of the input (see conv2d.c).
 *   wp {9, cin, cout}: tap-major repack of PyTorch's {cout, cin, 3, 3}
 *   pad {conv3x3_pad_rows(h, w), cin}, tmp {h*(w+2), cout}: scratch
 * op_conv3x3_pad fills pad from x {h*w, cin} (rows of the image [y0, y1));
 * op_conv3x3_gemm computes padded-grid rows [r0, r1) of tmp;
 * op_conv3x3_unpad writes y {h*w, cout} = tmp + bias for image rows [y0, y1). */
int64_t op_conv3x3_pad_rows(int h, int w);
void op_conv3x3_repack(const float *w_oihw, int64_t cout, int64_t cin, float *wp);
void op_conv3x3_pad(const float *x, int h, int w, int64_t cin, float *pad, int y0, int y1);
void op_conv3x3_gemm(const float *pad, int h, int w, int64_t cin, const float *wp, int64_t cout,
                     float *tmp, int64_t r0, int64_t r1);
void op_conv3x3_unpad(const float *tmp, int h, int w, int64_t cout, const float *bias, mb_act act,
                      float *y, int y0, int y1);

/* Depthwise 3x3, channels-last, padding = dilation (1 or 2), bias, then act.
 *   x {h*w, ldx}, first c channels used; wp {9, c} tap-major; y {h*w, ldy}.
 * Image rows [y0, y1). */
void op_conv_dw3x3_forward(const float *x, int64_t ldx, int h, int w, int64_t c, const float *wp,
                           const float *bias, int dilation, mb_act act, float *y, int64_t ldy,
                           int y0, int y1);
void op_conv_dw3x3_forward_ref(const float *x, int64_t ldx, int h, int w, int64_t c,
                               const float *wp, const float *bias, int dilation, mb_act act,
                               float *y, int64_t ldy, int y0, int y1);
/* {c, 1, 3, 3} -> {9, c} */
void op_conv_dw3x3_repack(const float *w_c133, int64_t c, float *wp);

/* ------------------------------------------------------------ shuffle.c
 * PixelShuffle(r) on channels-last data (SPEC §3):
 *   x {h, w, c*r*r} -> y {r*h, r*w, c}, y[r*y+i, r*x+j, c] = x[y, x, c*r*r + i*r + j].
 * Input rows [y0, y1). */
void op_pixel_shuffle_forward(const float *x, int h, int w, int64_t c, int r, float *y, int y0,
                              int y1);

/* ------------------------------------------------------------ attention.c
 * Channel attention (SPEC §6.3): v = sigmoid(W3 relu(W1 mean(t) + b1) + b3).
 * op_ca_partial_sum: per-channel sums of rows [begin, end) into sum {c}.
 * op_ca_gate: gate {c} from the per-channel mean; q = hidden channels.
 * op_ca_apply: t {rows, c} *= gate (rows [begin, end)). */
void op_ca_partial_sum(const float *t, int64_t c, int64_t begin, int64_t end, double *sum);
void op_ca_gate(const float *mean, int64_t c, int64_t q, const float *w1, const float *b1,
                const float *w3, const float *b3, float *gate);
void op_ca_apply(float *t, int64_t c, const float *gate, int64_t begin, int64_t end);

/* ------------------------------------------------------------ scan.c
 * The 4-direction selective scan of SPEC §6.2/§6.4, summed back in row-major
 * order. All position-indexed inputs are channels-last over row-major
 * positions p = y*W + x; the kernel walks p in each direction's order.
 */
typedef struct mb_scan_args {
    int h, w;               /* image; L = h*w                                     */
    int64_t din, n, r;      /* channels, state size, dt rank                      */
    const float *u;         /* u {L, ld_u}: SiLU(dwconv) output                   */
    int64_t ld_u;
    const float *dbl;       /* dbl {L, ld_dbl}: direction k at k*(r+2n): [dtr|B|C] */
    int64_t ld_dbl;
    const float *dt_w;      /* {4, r, din}: dt_projs_weight transposed; the scan
                               computes dt = dtr · dt_w itself (R is small, and
                               a GEMM with K = R would only move memory)      */
    const float *dt_bias;   /* {4, din}                                           */
    const float *a;         /* {4, n, din}: A = -exp(A_logs), state-major         */
    const float *d;         /* {4, din}                                           */
    float *y;               /* y {L, ld_y}: sum of the four directions            */
    int64_t ld_y;
    int o_begin, o_end;     /* which directions, as a range of the summation order
                               0, 2, 1, 3 (SPEC §6.2); 0, 0 means all four. The
                               first one in the range stores y, the others add.  */
} mb_scan_args;

/* Channels [c0, c1) of all four directions (threads own disjoint channel
 * ranges, so y needs no locking). Chooses the fastest kernel for the CPU. */
void op_scan_forward(const mb_scan_args *a, int64_t c0, int64_t c1);
/* The scalar reference kernel (same contract). */
void op_scan_forward_ref(const mb_scan_args *a, int64_t c0, int64_t c1);
/* Channels per SIMD chunk of the kernel in use: split ranges at multiples. */
int op_scan_chunk(void);

/* ------------------------------------------------------------ SIMD kernels
 * pointwise-avx2.c / pointwise-avx512.c (pointwise-kernel.h); callers go
 * through the dispatching ops above. */
#define MB_PW_DECLARE(sfx)                                                                      \
    void pw_dw3x3_##sfx(const float *x, int64_t ldx, int h, int w, int64_t c, const float *wp,   \
                        const float *bias, int dil, mb_act act, float *y, int64_t ldy, int y0,   \
                        int y1);                                                                 \
    void pw_layernorm_##sfx(const float *x, const float *x2, float *y, int64_t c, const float *g, \
                            const float *b,                                                      \
                            float eps, const float *z, int64_t ldz, int64_t begin, int64_t end); \
    void pw_bias_act_##sfx(const float *x, int64_t ldx, const float *bias, mb_act act, float *y, \
                           int64_t ldy, int64_t c, int64_t begin, int64_t end);
MB_PW_DECLARE(avx2)
MB_PW_DECLARE(avx512)

/* y {rows, ldy} = act(x {rows, ldx} + bias) on c channels; y may equal x. */
void op_bias_act_forward(const float *x, int64_t ldx, const float *bias, mb_act act, float *y,
                         int64_t ldy, int64_t c, int64_t begin, int64_t end);

/* ------------------------------------------------------------ cpu.c */
typedef enum mb_isa { MB_ISA_SCALAR = 0, MB_ISA_AVX2, MB_ISA_AVX512 } mb_isa;
mb_isa mb_cpu_isa(void);           /* best supported, or MAMBAIR_ISA=scalar|avx2|avx512 */
void mb_cpu_force_isa(mb_isa isa); /* tests: pick a kernel (clamped to what runs)      */
const char *mb_isa_name(mb_isa isa);
/* Flush denormals to zero on this thread (SPEC §6.4); returns the old state. */
unsigned mb_cpu_ftz_enter(void);
void mb_cpu_ftz_leave(unsigned old);

#endif /* MB_OPS_H */
