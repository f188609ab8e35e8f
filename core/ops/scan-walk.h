/* scan-walk.h — the order in which each scan direction visits positions
 * (SPEC §6.2), shared by the reference and the SIMD kernels. */
#ifndef MB_SCAN_WALK_H
#define MB_SCAN_WALK_H

#include "../base.h"

#include <stdint.h>

#define MB_SCAN_MAX_N 64 /* largest d_state the kernels keep on the stack */
#define MB_SCAN_CHECK(x) MB_ASSERT(x)

typedef struct mb_scan_walk {
    int64_t p0, n_outer, s_outer, n_inner, s_inner;
} mb_scan_walk;

/* Summation order of the official merge: dir0 + dir2 + dir1 + dir3. */
static const int mb_scan_order[4] = {0, 2, 1, 3};

static inline void mb_scan_range(const void *args_o_begin_end, int *ob, int *oe) {
    const int *r = args_o_begin_end; /* &args->o_begin, o_end follows */
    *ob = r[0];
    *oe = r[1] > 0 ? r[1] : 4;
}

static inline mb_scan_walk mb_scan_walk_of(int k, int h, int w) {
    int64_t last = (int64_t)h * w - 1;
    switch (k) {
    case 0: return (mb_scan_walk){0, h, w, w, 1};         /* rows, forward        */
    case 2: return (mb_scan_walk){last, h, -w, w, -1};    /* rows, backward       */
    case 1: return (mb_scan_walk){0, w, 1, h, w};         /* columns, forward     */
    default: return (mb_scan_walk){last, w, -1, h, -w};   /* columns, backward    */
    }
}

#endif
