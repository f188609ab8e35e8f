/*
 * test-steps.c — progress steps, cancel, and "forward allocates nothing"
 * on the golden tiny_sr_x3_ps model (2 groups, 3 blocks).
 */
#include "net-test.h"

typedef struct counter {
    int calls, last, n_steps, cancel_at;
    bool monotonic;
} counter;

static int on_step(void *user, int step, int n_steps) {
    counter *c = user;
    c->calls++;
    if (step != c->last + 1) c->monotonic = false;
    c->last = step;
    c->n_steps = n_steps;
    return c->cancel_at > 0 && step >= c->cancel_at;
}

int main(void) {
    char path[1024];
    golden_path(path, sizeof path, "tiny_sr_x3_ps", "model.safetensors");
    mb_net *net = load_net(path);
    if (!net) return 1;
    int h = 17, w = 23, fails = 0;
    int64_t n_in, n_ref;
    golden_path(path, sizeof path, "tiny_sr_x3_ps", "input.bin");
    float *in = read_f32(path, &n_in);
    golden_path(path, sizeof path, "tiny_sr_x3_ps", "output.bin");
    float *ref = read_f32(path, &n_ref);
    if (!in || !ref) return 1;
    size_t ws_size = mb_net_workspace_size(net, h, w, 2);
    void *ws = malloc(ws_size);
    float *out = malloc((size_t)n_ref * sizeof(float));
    int expect_steps = mb_net_n_steps(net); /* stem + 3 blocks + 2 group convs + head */
    mambair_error err = {0};

    /* every step reported once, in order; no allocation inside forward */
    counter c = {0, 0, 0, 0, true};
    mb_alloc_fail_after(1);
    mambair_status st = mb_net_forward(net, in, h, w, out, ws, 2, on_step, &c, &err);
    mb_alloc_fail_after(0);
    int64_t at;
    double d = st == MAMBAIR_OK ? max_abs_diff(out, ref, n_ref, &at) : INFINITY;
    printf("full run: status %d, %d steps reported (expected %d, n_steps %d), max |d| %.3g\n", st,
           c.calls, expect_steps, c.n_steps, d);
    if (st != MAMBAIR_OK || c.calls != expect_steps || c.n_steps != expect_steps || !c.monotonic ||
        expect_steps != 7 || !(d <= 1e-4))
        fails++;

    /* cancel after step 2: stops right there */
    counter k = {0, 0, 0, 2, true};
    st = mb_net_forward(net, in, h, w, out, ws, 2, on_step, &k, &err);
    printf("cancel at step 2: status %d (%s), %d steps reported\n", st, err.message, k.calls);
    if (st != MAMBAIR_ERR_CANCELLED || k.calls != 2) fails++;

    /* the workspace query grows with the image and refuses absurd sizes */
    size_t small = mb_net_workspace_size(net, 8, 8, 1), big = mb_net_workspace_size(net, 64, 64, 1);
    size_t absurd = mb_net_workspace_size(net, 1 << 30, 1 << 30, 1);
    printf("workspace: 8x8 %zu B, 64x64 %zu B, 2^30 x 2^30 %zu B\n", small, big, absurd);
    if (!(small > 0 && big > small && absurd == 0)) fails++;

    /* fail the Nth allocation of mb_net_create: a clean NO_MEMORY each time */
    mb_tensordict td = {0};
    golden_path(path, sizeof path, "tiny_sr_x3_ps", "model.safetensors");
    if (mb_tensordict_load_file(path, &td, &err) != MAMBAIR_OK) return 1;
    int oom_ok = 0, n_try;
    for (n_try = 1; n_try < 50; n_try++) {
        mb_net *n2 = NULL;
        mb_alloc_fail_after(n_try);
        st = mb_net_create(&td, &n2, &err);
        mb_alloc_fail_after(0);
        if (st == MAMBAIR_OK) {
            mb_net_free(n2);
            break;
        }
        if (st != MAMBAIR_ERR_NO_MEMORY || n2) {
            printf("allocation %d failing: status %d (%s)\n", n_try, st, err.message);
            fails++;
        } else {
            oom_ok++;
        }
    }
    printf("create with allocation n failing: %d clean refusals, succeeds from n = %d\n", oom_ok, n_try);
    if (oom_ok < 2) fails++;
    mb_tensordict_free(&td);

    free(ws), free(out), free(in), free(ref);
    mb_net_free(net);
    return fails ? 1 : 0;
}
