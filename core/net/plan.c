/*
 * plan.c — every scratch buffer of a forward, sized before the first op
 * (forward allocates nothing). Tokens {L, C} are channels-last; conv
 * scratch covers the largest convolution, the head's upscaled ones included.
 */
#include "net-impl.h"

#include "../ops/ops.h"
#include "../thread/pool.h"

typedef struct sizer {
    size_t used;
    bool ok;
} sizer;

/* reserve a*b floats, rounded to 64 bytes */
static size_t take(sizer *s, size_t a, size_t b) {
    size_t n;
    if (!mb_mul_size(a, b, &n) || !mb_add_size(n, 15, &n)) {
        s->ok = false;
        return 0;
    }
    n &= ~(size_t)15;
    size_t at = s->used;
    if (!mb_add_size(s->used, n, &s->used)) s->ok = false;
    return at;
}

static void conv_need(size_t *pad, size_t *tmp, int64_t h, int64_t w, int64_t cin, int64_t cout) {
    size_t p = (size_t)((h + 2) * (w + 2) + 2) * (size_t)cin;
    size_t t = (size_t)(h * (w + 2)) * (size_t)cout;
    if (p > *pad) *pad = p;
    if (t > *tmp) *tmp = t;
}

bool mb_plan_make(const mb_net *net, int h, int w, int n_threads, mb_plan *plan) {
    const mambair_config *cfg = &net->w.cfg;
    if (h < 1 || w < 1 || h > (1 << 20) || w > (1 << 20)) return false;
    size_t L = (size_t)h * (size_t)w;
    if (L > ((size_t)1 << 34)) return false;
    int64_t C = cfg->embed_dim, Din = cfg->d_inner, nb = cfg->dt_rank + 2 * cfg->d_state;
    int64_t Cin = cfg->in_chans, s = cfg->upscale;
    if (n_threads < 1) n_threads = 1;
    sizer sz = {0, true};
    plan->t = take(&sz, L, C);
    plan->f = take(&sz, L, C);
    plan->g0 = take(&sz, L, C);
    plan->xa = take(&sz, L, C);
    plan->xz = take(&sz, L, 2 * Din);
    plan->u = take(&sz, L, Din);
    plan->dbl = take(&sz, L, 4 * nb);
    plan->ys = take(&sz, L, Din);
    plan->ys2 = take(&sz, L, Din); /* directions 1 and 3 when threads split by direction */
    plan->h1 = take(&sz, L, C);
    plan->h2 = take(&sz, L, C);
    size_t pad = 0, tmp = 0;
    conv_need(&pad, &tmp, h, w, Cin, C); /* stem */
    conv_need(&pad, &tmp, h, w, C, C);   /* group convs, conv_after_body, CAB */
    size_t e = (size_t)Cin;              /* head buffers, channels-last */
    switch (cfg->head) {
    case MAMBAIR_HEAD_PIXELSHUFFLE: {
        conv_need(&pad, &tmp, h, w, C, 64);
        int64_t hh = h, ww = w, r = s == 3 ? 3 : 2;
        for (int st = 0; st < (s == 4 ? 2 : 1); st++) {
            conv_need(&pad, &tmp, hh, ww, 64, 64 * r * r);
            hh *= r;
            ww *= r;
        }
        conv_need(&pad, &tmp, hh, ww, 64, Cin);
        e = 64;
        break;
    }
    case MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT: conv_need(&pad, &tmp, h, w, C, s * s * Cin); break;
    default: conv_need(&pad, &tmp, h, w, C, Cin); break;
    }
    plan->pad = take(&sz, pad, 1);
    plan->tmp = take(&sz, tmp, 1);
    plan->e1 = take(&sz, L * (size_t)(s * s), e);
    plan->e2 = take(&sz, L * (size_t)(s * s), e);
    plan->gate = take(&sz, (size_t)C, 1);
    plan->mean = take(&sz, (size_t)C, 1);
    /* per-thread channel sums (doubles) for as many threads as the pool may
       run, so a workspace sized for fewer threads is still large enough */
    (void)n_threads;
    plan->ca_sum = take(&sz, (size_t)MB_POOL_MAX_THREADS * (size_t)C, 2);
    plan->total_floats = sz.used;
    return sz.ok;
}

size_t mb_net_workspace_size(const mb_net *net, int h, int w, int n_threads) {
    mb_plan p;
    if (!net || !mb_plan_make(net, h, w, n_threads < 1 ? mb_cpu_count() : n_threads, &p))
        return 0;
    size_t bytes;
    if (!mb_mul_size(p.total_floats, sizeof(float), &bytes)) return 0;
    return bytes + 64; /* room to align the start */
}
