/* net-impl.h — what forward.c and plan.c share: the net and its scratch plan. */
#ifndef MB_NET_IMPL_H
#define MB_NET_IMPL_H

#include "../model/model.h"
#include "net.h"

struct mb_net {
    mb_weights w;
    int context_px; /* mb_net_context_px() */
};

/* Scratch of one forward, as float offsets into the workspace. */
typedef struct mb_plan {
    size_t t, f, g0, xa, xz, u, dbl, ys, ys2, h1, h2, pad, tmp, e1, e2, gate, mean, ca_sum;
    size_t total_floats;
} mb_plan;

/* false when the sizes overflow */
bool mb_plan_make(const mb_net *net, int h, int w, int n_threads, mb_plan *plan);

#endif
