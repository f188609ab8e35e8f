/* grad-scan-simd.h — SIMD kernels of the float scan (grad-scan.inc): the
 * forward and the backward of one image and direction, in vectors of 16
 * (AVX-512) or 8 (AVX2) channels (grad-scan-kernel.inc). The backward walks
 * the steps by segments of TR_SCAN_SEG, last first, recomputing each from
 * the state h before it: the checkpoints. */
#ifndef MB_TRAIN_GRAD_SCAN_SIMD_H
#define MB_TRAIN_GRAD_SCAN_SIMD_H

#include <stdint.h>
#include <stdlib.h>

#define TR_SCAN_SIMD_MAX_N 16

/* Steps per segment of the backward. */
#ifndef TR_SCAN_SEG
#define TR_SCAN_SEG 16
#endif

/* Step l of the scan reads row order[l] of every array (pointers at row 0 of
 * the image; row strides su for u, gy, y, gu, sdl for delta, gdelta, sbc for
 * the 2N floats B then C and their gradient). */
typedef struct tr_scan_args {
    int N, Din;         /* states, channels */
    int64_t L;          /* steps */
    const int32_t *order;
    int64_t su, sdl, sbc;
    const float *u, *delta, *gy, *bc;
    float *y, *gu, *gdelta, *gbc;     /* y: = (+= when y_add), gu +=, gdelta =, gbc += */
    int y_add;
    const float *A, *D; /* At {N, Din} of the direction and D */
    float *gA, *gD;     /* += the sums over the steps, same layout */
    float *work;        /* work_floats(N, Din, L) floats, 64-byte aligned */
    float *ck;          /* ckpt_floats(N, Din, L) floats, or NULL */
} tr_scan_args;

typedef struct tr_scan_kernels {
    int lanes;
    /* Forward: y gets the direction's output; with ck, the checkpoints too. */
    void (*fwd)(const tr_scan_args *c);
    /* Backward: gu, gdelta, gbc, gA, gD. Reads the checkpoints from ck,
     * stored by the forward of the same inputs; without ck, a forward pass
     * rebuilds them (in work). */
    void (*bwd)(const tr_scan_args *c);
    int64_t (*work_floats)(int N, int Din, int64_t L);
    /* The checkpoints of one image and direction: the state before every
     * segment but the first (zero), {segments - 1, ceil(Din / lanes), N,
     * lanes}. */
    int64_t (*ckpt_floats)(int N, int Din, int64_t L);
} tr_scan_kernels;

/* The kernels of the widest instruction set this CPU runs (mb_cpu_isa, so
 * MAMBAIR_ISA=avx2 picks the AVX2 ones on an AVX-512 CPU), or NULL: no
 * SIMD kernels, or MAMBAIR_NO_SIMD is set (the portable loops). */
const tr_scan_kernels *tr_scan_simd(void);

#endif
