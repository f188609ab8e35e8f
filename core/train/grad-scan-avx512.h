/* grad-scan-avx512.h — AVX-512 kernels of the float scan (grad-scan.inc): the
 * forward and the backward of one image and direction. The backward walks
 * the steps by segments of TR_SCAN_SEG, last first, recomputing each from
 * the state h before it: the checkpoints. */
#ifndef MB_TRAIN_GRAD_SCAN_AVX512_H
#define MB_TRAIN_GRAD_SCAN_AVX512_H

#include <stdint.h>
#include <stdlib.h>

#define TR_SCAN_AVX512_MAX_N 16

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
    float *work;        /* tr_scan_work_floats(N, Din, L) floats, 64-byte aligned */
    float *ck;          /* tr_scan_ckpt_floats(N, Din, L) floats, or NULL */
} tr_scan_args;

/* Forward: y gets the direction's output; with ck, the checkpoints too. */
void tr_scan_fwd_avx512(const tr_scan_args *c);
/* Backward: gu, gdelta, gbc, gA, gD. Reads the checkpoints from ck, stored
 * by the forward of the same inputs; without ck, a forward pass rebuilds
 * them (in work). */
void tr_scan_bwd_avx512(const tr_scan_args *c);
int64_t tr_scan_work_floats(int N, int Din, int64_t L);
/* The checkpoints of one image and direction: the state before every
 * segment but the first (zero), {segments - 1, ceil(Din / 16), N, 16}. */
int64_t tr_scan_ckpt_floats(int N, int Din, int64_t L);

/* 1 when the CPU has AVX-512F/DQ and MAMBAIR_NO_SIMD is not set. */
int tr_scan_avx512_available(void);

#endif
