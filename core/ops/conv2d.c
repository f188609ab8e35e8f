/*
 * conv2d.c — the convolutions of the network on channels-last data (SPEC §3).
 *
 * Dense 3x3 (pad 1) as nine shifted GEMMs: the input is copied into a
 * zero-bordered grid of (h+2) x (w+2) pixels. On that grid, output pixel
 * (y, x) is row p = y*(w+2) + x and tap (ky, kx) reads grid row
 * p + ky*(w+2) + kx, so each tap is ONE contiguous GEMM of all rows with a
 * shifted A pointer: tmp += pad[shift] * W_tap. Rows with x >= w are junk
 * that the unpad step drops (2 of w+2 columns). No im2col buffer is needed.
 *
 * Depthwise 3x3 (optionally dilated) is direct: the inner loop runs over the
 * contiguous channels.
 */
#include "ops.h"

#include "gemm.h"

#include <string.h>

int64_t op_conv3x3_pad_rows(int h, int w) {
    /* the last output row reads up to grid row (h+2)(w+2)+1 */
    return (int64_t)(h + 2) * (w + 2) + 2;
}

void op_conv3x3_repack(const float *w_oihw, int64_t cout, int64_t cin, float *wp) {
    for (int64_t o = 0; o < cout; o++)
        for (int64_t i = 0; i < cin; i++)
            for (int t = 0; t < 9; t++) wp[((int64_t)t * cin + i) * cout + o] = w_oihw[(o * cin + i) * 9 + t];
}

void op_conv3x3_pad(const float *x, int h, int w, int64_t cin, float *pad, int y0, int y1) {
    int64_t gw = w + 2;
    size_t row_bytes = (size_t)cin * sizeof(float);
    if (y0 == 0) memset(pad, 0, (size_t)gw * row_bytes); /* top border */
    if (y1 == h)                                          /* bottom border + 2 spare rows */
        memset(pad + (int64_t)(h + 1) * gw * cin, 0, (size_t)(gw + 2) * row_bytes);
    for (int y = y0; y < y1; y++) {
        float *g = pad + (int64_t)(y + 1) * gw * cin;
        memset(g, 0, row_bytes);
        memcpy(g + cin, x + (int64_t)y * w * cin, (size_t)w * row_bytes);
        memset(g + (int64_t)(w + 1) * cin, 0, row_bytes);
    }
}

void op_conv3x3_gemm(const float *pad, int h, int w, int64_t cin, const float *wp, int64_t cout,
                     float *tmp, int64_t r0, int64_t r1) {
    (void)h;
    if (r1 <= r0) return;
    int64_t gw = w + 2;
    for (int t = 0; t < 9; t++) {
        int64_t shift = (t / 3) * gw + (t % 3);
        mb_sgemm(false, false, r1 - r0, cout, cin, 1.0f, pad + (r0 + shift) * cin, cin,
                 wp + (int64_t)t * cin * cout, cout, t == 0 ? 0.0f : 1.0f, tmp + r0 * cout, cout);
    }
}

static inline float act_apply(mb_act act, float v) {
    switch (act) {
    case MB_ACT_GELU: return mb_gelu(v);
    case MB_ACT_SILU: return mb_silu(v);
    case MB_ACT_SIGMOID: return mb_sigmoid(v);
    case MB_ACT_LEAKY_RELU: return mb_leaky_relu(v);
    case MB_ACT_RELU: return mb_relu(v);
    default: return v;
    }
}

void op_conv3x3_unpad(const float *tmp, int h, int w, int64_t cout, const float *bias, mb_act act,
                      float *y, int y0, int y1) {
    (void)h;
    int64_t gw = w + 2;
    for (int yy = y0; yy < y1; yy++)
        op_bias_act_forward(tmp + (int64_t)yy * gw * cout, cout, bias, act,
                            y + (int64_t)yy * w * cout, cout, cout, 0, w);
}

void op_conv_dw3x3_repack(const float *w_c133, int64_t c, float *wp) {
    for (int64_t i = 0; i < c; i++)
        for (int t = 0; t < 9; t++) wp[(int64_t)t * c + i] = w_c133[i * 9 + t];
}

void op_conv_dw3x3_forward(const float *x, int64_t ldx, int h, int w, int64_t c, const float *wp,
                           const float *bias, int dilation, mb_act act, float *y, int64_t ldy,
                           int y0, int y1) {
    switch (mb_cpu_isa()) {
#if defined(__x86_64__)
    case MB_ISA_AVX512: pw_dw3x3_avx512(x, ldx, h, w, c, wp, bias, dilation, act, y, ldy, y0, y1); return;
    case MB_ISA_AVX2: pw_dw3x3_avx2(x, ldx, h, w, c, wp, bias, dilation, act, y, ldy, y0, y1); return;
#endif
    default: op_conv_dw3x3_forward_ref(x, ldx, h, w, c, wp, bias, dilation, act, y, ldy, y0, y1);
    }
}

void op_conv_dw3x3_forward_ref(const float *x, int64_t ldx, int h, int w, int64_t c,
                               const float *wp, const float *bias, int dilation, mb_act act,
                               float *y, int64_t ldy, int y0, int y1) {
    for (int yy = y0; yy < y1; yy++)
        for (int xx = 0; xx < w; xx++) {
            float *d = y + ((int64_t)yy * w + xx) * ldy;
            for (int64_t i = 0; i < c; i++) d[i] = bias[i];
            for (int ky = 0; ky < 3; ky++) {
                int sy = yy + (ky - 1) * dilation;
                if (sy < 0 || sy >= h) continue;
                for (int kx = 0; kx < 3; kx++) {
                    int sx = xx + (kx - 1) * dilation;
                    if (sx < 0 || sx >= w) continue;
                    const float *s = x + ((int64_t)sy * w + sx) * ldx;
                    const float *k = wp + (int64_t)(ky * 3 + kx) * c;
                    for (int64_t i = 0; i < c; i++) d[i] += s[i] * k[i];
                }
            }
            if (act != MB_ACT_NONE)
                for (int64_t i = 0; i < c; i++) d[i] = act_apply(act, d[i]);
        }
}
