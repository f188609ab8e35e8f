/* grad-scan-avx512.h — AVX-512 reverse pass of the float scan backward, one
 * chunk of up to 16 channels of one image and direction (grad-scan.inc). */
#ifndef MB_TRAIN_GRAD_SCAN_AVX512_H
#define MB_TRAIN_GRAD_SCAN_AVX512_H

#include <stdint.h>
#include <stdlib.h>

#define TR_SCAN_AVX512_MAX_N 16

typedef struct tr_scan_chunk_args {
    int N, Din, nc;        /* states, channels per row, channels in this chunk (<= 16) */
    int64_t L, b0, ld;     /* steps, first row of the image, dbl row stride */
    const int32_t *order;  /* row of each step (NULL: row l at step l) */
    int64_t su, sdl;       /* row strides of u/gy/gu/y and of delta/gdelta */
    const float *u, *delta, *gy, *dbl; /* already offset to the chunk / direction */
    const float *A, *D;    /* At {N, Din} of the direction, D, offset to the chunk */
    const float *hs;       /* recomputed states {L, N, nc} */
    float *gu, *gdelta, *gdbl, *gA, *gD;
    const float *as;       /* decay factors exp(delta A) {L, N, nc} */
} tr_scan_chunk_args;

void tr_scan_bwd_chunk_avx512(const tr_scan_chunk_args *c);

/* Forward of one chunk with the states in registers: y (offset to the chunk,
 * may be NULL) += the direction's output; with hs/as not NULL the states and
 * decay factors of every step are stored {L, N, nc} for the reverse pass. */
void tr_scan_fwd_chunk_avx512(const tr_scan_chunk_args *c, float *y, float *hs, float *as);
/* 1 when the CPU has AVX-512F/DQ and MAMBAIR_NO_SIMD is not set. */
int tr_scan_avx512_available(void);

#endif
