/*
 * pointwise-kernel.h — the per-pixel kernels (depthwise conv with fused
 * activation, LayerNorm, SiLU gate, activations) vectorised across the
 * contiguous channels of channels-last rows. Compiled per ISA like the scan
 * (pointwise-avx2.c, pointwise-avx512.c); the scalar references are the
 * plain C versions in conv2d.c, layernorm.c and activations.c.
 *
 * Rows shorter than one vector fall back to scalar code; a row with a tail
 * ends with one vector overlapping the previous one, which is harmless as
 * every lane is computed from inputs only (outputs never alias inputs
 * except in the in-place element-wise kernels, which handle tails scalar).
 */
#include "ops.h"

#define SIMD_VL PW_VL
#include "vmath.h"

static inline vf act_v(mb_act act, vf v) {
    switch (act) {
    case MB_ACT_GELU: return vgelu(v);
    case MB_ACT_SILU: return vsilu(v);
    case MB_ACT_SIGMOID: return 1.0f / (1.0f + vexp(-v));
    case MB_ACT_LEAKY_RELU: return vsel(v > 0.0f, v, v * 0.01f);
    case MB_ACT_RELU: return vsel(v > 0.0f, v, vsplat(0.0f));
    default: return v;
    }
}
static inline float act_s(mb_act act, float v) {
    vf t = vsplat(v);
    return act_v(act, t)[0];
}

#define PW_CAT2(a, b) a##_##b
#define PW_CAT(a, b) PW_CAT2(a, b)
#define PW(name) PW_CAT(name, PW_SUFFIX)

void PW(pw_dw3x3)(const float *x, int64_t ldx, int h, int w, int64_t c, const float *wp,
                  const float *bias, int dil, mb_act act, float *y, int64_t ldy, int y0, int y1) {
    for (int yy = y0; yy < y1; yy++)
        for (int xx = 0; xx < w; xx++) {
            const float *src[9], *wt[9];
            int nt = 0;
            for (int ky = 0; ky < 3; ky++) {
                int sy = yy + (ky - 1) * dil;
                if (sy < 0 || sy >= h) continue;
                for (int kx = 0; kx < 3; kx++) {
                    int sx = xx + (kx - 1) * dil;
                    if (sx < 0 || sx >= w) continue;
                    src[nt] = x + ((int64_t)sy * w + sx) * ldx;
                    wt[nt++] = wp + (int64_t)(ky * 3 + kx) * c;
                }
            }
            float *d = y + ((int64_t)yy * w + xx) * ldy;
            if (c < PW_VL) {
                for (int64_t i = 0; i < c; i++) {
                    float acc = bias[i];
                    for (int t = 0; t < nt; t++) acc += src[t][i] * wt[t][i];
                    d[i] = act_s(act, acc);
                }
                continue;
            }
            for (int64_t i0 = 0; i0 < c; i0 += PW_VL) {
                int64_t i = i0 + PW_VL <= c ? i0 : c - PW_VL;
                vf acc = vload(bias + i);
                for (int t = 0; t < nt; t++) acc += vload(src[t] + i) * vload(wt[t] + i);
                vstore(d + i, act_v(act, acc));
            }
        }
}

/* LayerNorm of rows [begin, end) of x (+ x2 when not NULL) {rows, c} into y
 * (may alias x); then, when z is not NULL, y *= SiLU(z) with z {rows, ldz}
 * (the SS2D gate). */
void PW(pw_layernorm)(const float *x, const float *x2, float *y, int64_t c, const float *g,
                      const float *b, float eps, const float *z, int64_t ldz, int64_t begin,
                      int64_t end) {
    int64_t cv = c / PW_VL * PW_VL;
    for (int64_t r = begin; r < end; r++) {
        const float *xr = x + r * c;
        float *yr = y + r * c;
        int rem = (int)(c - cv);
        if (x2) { /* the sum first, in the output row (it may be x's row; it stays in L1) */
            const float *x2r = x2 + r * c;
            for (int64_t i = 0; i < cv; i += PW_VL) vstore(yr + i, vload(xr + i) + vload(x2r + i));
            if (rem) vstore_part(yr + cv, vload_part(xr + cv, rem) + vload_part(x2r + cv, rem), rem);
            xr = yr;
        }
        vf s = vsplat(0.0f), xt = rem ? vload_part(xr + cv, rem) : s;
        float st = 0.0f;
        for (int64_t i = 0; i < cv; i += PW_VL) s += vload(xr + i);
        s += xt;
        float mean = (vhsum(s) + st) / (float)c;
        vf v = vsplat(0.0f);
        float vt = 0.0f;
        for (int64_t i = 0; i < cv; i += PW_VL) {
            vf d = vload(xr + i) - mean;
            v += d * d;
        }
        if (rem) {
            vi lanes;
            for (int l = 0; l < PW_VL; l++) lanes[l] = l;
            vf d = vsel(lanes < rem, xt - mean, vsplat(0.0f));
            v += d * d;
        }
        float rstd = 1.0f / sqrtf((vhsum(v) + vt) / (float)c + eps);
        const float *zr = z ? z + r * ldz : NULL;
        for (int64_t i = 0; i < cv; i += PW_VL) {
            vf o = (vload(xr + i) - mean) * rstd * vload(g + i) + vload(b + i);
            if (zr) o *= vsilu(vload(zr + i));
            vstore(yr + i, o);
        }
        if (rem) { /* the tail as one partial vector (one SiLU, not one per lane) */
            vf o = (xt - mean) * rstd * vload_part(g + cv, rem) + vload_part(b + cv, rem);
            if (zr) o *= vsilu(vload_part(zr + cv, rem));
            vstore_part(yr + cv, o, rem);
        }
    }
}

/* y = act(x + bias) over rows of c channels, x {rows, ldx} -> y {rows, ldy} */
void PW(pw_bias_act)(const float *x, int64_t ldx, const float *bias, mb_act act, float *y,
                     int64_t ldy, int64_t c, int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; r++) {
        const float *s = x + r * ldx;
        float *d = y + r * ldy;
        int64_t i = 0;
        for (; i + PW_VL <= c; i += PW_VL) vstore(d + i, act_v(act, vload(s + i) + vload(bias + i)));
        if (i < c) { /* tail: one partial vector */
            int rem = (int)(c - i);
            vstore_part(d + i, act_v(act, vload_part(s + i, rem) + vload_part(bias + i, rem)), rem);
        }
    }
}
