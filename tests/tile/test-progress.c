/*
 * test-progress.c — progress fractions, stage texts, cancel, failed
 * allocations. A run that does not succeed must leave `out` untouched.
 */
#include "fake-op.h"

#include "../test-util.h"

#include <string.h>

typedef struct record {
    int calls;
    double last, first_drop; /* first_drop: a fraction below its predecessor, or -1 */
    int after_one;           /* calls after 1.0 was reported                          */
    char first_stage[128], mid_stage[128], last_stage[128];
    double cancel_at;        /* return 1 (cancel) once fraction >= this              */
    volatile int *flag;      /* or set this flag instead                              */
    int cancelled_calls;     /* calls after asking to cancel                          */
    int asked;
} record;

static int on_progress(void *user, double f, const char *stage) {
    record *r = user;
    if (r->asked) r->cancelled_calls++;
    if (r->calls > 0 && f < r->last && r->first_drop < 0) r->first_drop = f;
    if (r->last == 1.0) r->after_one++;
    r->last = f;
    if (r->calls == 0) snprintf(r->first_stage, sizeof r->first_stage, "%s", stage);
    if (r->calls == 40) snprintf(r->mid_stage, sizeof r->mid_stage, "%s", stage);
    snprintf(r->last_stage, sizeof r->last_stage, "%s", stage);
    r->calls++;
    if (f >= r->cancel_at) {
        r->asked = 1;
        if (r->flag) {
            *r->flag = 1;
            return 0;
        }
        return 1;
    }
    return 0;
}

enum { W = 200, H = 150, C = 3, S = 2, STEPS = 24 };

static mambair_status run(fake_op *f, record *rec, int ensemble, const volatile int *cancel,
                          const float *in, float *out) {
    *f = (fake_op){.chans = C, .upscale = S, .n_steps = STEPS, .ws_per_pixel = 4};
    mb_tile_op op = fake_op_make(f);
    mambair_run_options opt;
    test_options_default(&opt);
    opt.tile_size = 64;
    opt.tile_overlap = 8;
    opt.ensemble = ensemble;
    opt.progress = on_progress;
    opt.progress_user = rec;
    opt.cancel = cancel;
    return mb_tiler_run_op(&op, in, W, H, out, &opt, NULL);
}

static int untouched(const float *out, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (out[i] != -7.0f) return 0;
    return 1;
}

int main(void) {
    const size_t n_in = (size_t)C * W * H, n_out = n_in * S * S;
    float *in = malloc(n_in * 4), *out = malloc(n_out * 4);
    fill_random(in, n_in, 1, 0, 1);
    const int tiles = mb_tile_count(W, 64, 8) * mb_tile_count(H, 64, 8);
    fake_op f;

    /* a full run: monotonic, at least once per step, exactly 1.0 at the end */
    for (int ens = 0; ens < 2; ens++) {
        record rec = {.first_drop = -1, .cancel_at = 2.0};
        mambair_status st = run(&f, &rec, ens, NULL, in, out);
        int views = ens ? 8 : 1;
        CHECK(st == MAMBAIR_OK, "ensemble %d: status %s", ens, mambair_status_string(st));
        CHECK(rec.first_drop < 0, "ensemble %d: fraction went down to %g", ens, rec.first_drop);
        CHECK(rec.last == 1.0, "ensemble %d: final fraction %.17g, not 1.0", ens, rec.last);
        CHECK(rec.after_one == 0, "ensemble %d: %d calls after 1.0", ens, rec.after_one);
        CHECK(rec.calls >= tiles * views * STEPS, "ensemble %d: %d calls for %d tiles x %d views "
              "x %d steps", ens, rec.calls, tiles, views, STEPS);
        char want[64];
        snprintf(want, sizeof want, "tile 1/%d", tiles);
        CHECK(strstr(rec.first_stage, want) && strstr(rec.first_stage, "block"),
              "first stage \"%s\" lacks \"%s\" or \"block\"", rec.first_stage, want);
        CHECK(!ens || strstr(rec.mid_stage, "view "), "ensemble stage \"%s\" lacks the view",
              rec.mid_stage);
        printf("ensemble %d: %d progress calls for %d tiles; e.g. \"%s\", last \"%s\"\n", ens,
               rec.calls, tiles, rec.mid_stage, rec.last_stage);
    }

    /* cancel from the callback at 10%: stops within the step, out untouched */
    for (int i = 0; i < 2; i++) {
        volatile int flag = 0;
        record rec = {.first_drop = -1, .cancel_at = 0.1, .flag = i ? &flag : NULL};
        for (size_t k = 0; k < n_out; k++) out[k] = -7.0f;
        mambair_status st = run(&f, &rec, 0, i ? &flag : NULL, in, out);
        CHECK(st == MAMBAIR_ERR_CANCELLED, "cancel %s: status %s",
              i ? "flag" : "callback", mambair_status_string(st));
        CHECK(untouched(out, n_out), "cancel %s: output was written", i ? "flag" : "callback");
        CHECK(rec.cancelled_calls == 0, "cancel %s: %d progress calls after cancelling",
              i ? "flag" : "callback", rec.cancelled_calls);
        CHECK(rec.last < 0.2, "cancel %s: ran on to %g", i ? "flag" : "callback", rec.last);
        printf("cancel by %s at %.3f: %d forwards started of %d\n", i ? "flag" : "callback",
               rec.last, f.calls, tiles);
    }
    /* a flag already set: nothing runs */
    {
        volatile int flag = 1;
        record rec = {.first_drop = -1, .cancel_at = 2.0};
        mambair_status st = run(&f, &rec, 1, &flag, in, out);
        CHECK(st == MAMBAIR_ERR_CANCELLED && f.calls == 0 && untouched(out, n_out),
              "preset cancel flag: status %s, %d forwards", mambair_status_string(st), f.calls);
    }

    /* every allocation failing in turn: NO_MEMORY, out untouched (ASan: no leak) */
    for (int ens = 0; ens < 2; ens++) {
        int n_fail = 0;
        for (long nth = 1; nth < 20; nth++) {
            record rec = {.first_drop = -1, .cancel_at = 2.0};
            for (size_t k = 0; k < n_out; k++) out[k] = -7.0f;
            mb_alloc_fail_after(nth);
            mambair_status st = run(&f, &rec, ens, NULL, in, out);
            mb_alloc_fail_after(0);
            if (st == MAMBAIR_OK) break;
            n_fail++;
            CHECK(st == MAMBAIR_ERR_NO_MEMORY && untouched(out, n_out),
                  "allocation %ld failing: status %s, output %s", nth, mambair_status_string(st),
                  untouched(out, n_out) ? "untouched" : "written");
        }
        CHECK(n_fail >= 5, "ensemble %d: only %d allocations to fail", ens, n_fail);
    }
    free(in);
    free(out);
    printf("%d failures\n", g_failures);
    return g_failures ? 1 : 0;
}
