/*
 * test-adam.c — Adam against the PyTorch oracle (golden-grad/README.md §2):
 * 3 steps of torch.optim.Adam(lr 2e-4, betas (0.9, 0.99), eps 1e-8) on
 * tiny_sr_x2_ps with the L1 loss, same input each step, eval mode.
 *  1. optimizer alone, double: fed the oracle's gradients, parameters and
 *     both moments after step 3 within 1e-15 absolute;
 *  2. whole loop in double (our forward, backward and Adam): losses before
 *     each step within 1e-12, parameters after step 3 within 1e-12;
 *  3. whole loop in float: parameters within 1e-5 (the oracle's own
 *     float32 rerun ends 5e-7 away).
 * Also checks the MultiStepLR / cosine schedules on a few steps.
 * Reads $MAMBAIR_SHARED (11 MB, not copied); skipped when absent.
 */
#include "train/adam.h"
#include "train/layout.h"
#include "train/loss.h"
#include "train/net-train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../test-util.h"

static int fails;

static void load(const char *path, mb_tensordict *td) {
    mambair_error err;
    if (mb_tensordict_load_file(path, td, &err)) {
        fprintf(stderr, "FAIL: %s\n", err.message);
        exit(1);
    }
}

/* max |x - ref| over the layout, ref from td under prefix+name (F64). */
static double compare(const tr_layout *lay, const double *x, const mb_tensordict *td,
                      const char *prefix, char *worst, size_t wsize) {
    double mx = 0;
    char nm[256];
    for (int64_t i = 0; i < lay->count; i++) {
        const tr_param *pr = &lay->params[i];
        snprintf(nm, sizeof nm, "%s%s", prefix, pr->name);
        const mb_tensor *t = mb_tensordict_find(td, nm);
        if (!t || t->numel != pr->numel || t->dtype != MB_DTYPE_F64) {
            printf("FAIL: oracle tensor %s missing or not F64\n", nm);
            fails++;
            continue;
        }
        for (int64_t j = 0; j < pr->numel; j++) {
            double d = fabs(x[pr->offset + j] - ((const double *)t->data)[j]);
            if (d > mx) {
                mx = d;
                snprintf(worst, wsize, "%s[%lld]", nm, (long long)j);
            }
        }
    }
    return mx;
}

static void check(const char *what, double v, double tol, const char *where) {
    bool bad = !(v <= tol);
    printf("%s %s: max|d| %.3g (tol %.g)%s%s\n", bad ? "FAIL" : "ok  ", what, v, tol,
           where && *where ? " at " : "", where ? where : "");
    if (bad) fails++;
}

static void test_schedules(void) {
    tr_schedule s = {0};
    if (tr_schedule_parse("multistep:2,4", &s) || s.n_milestones != 2) {
        printf("FAIL: parse multistep\n");
        fails++;
        return;
    }
    s.base_lr = 1;
    s.gamma = 0.5;
    /* PyTorch MultiStepLR stepped once per iteration: lr of iteration t
     * (1-based) halves after each milestone m < t. */
    double want[6] = {1, 1, 0.5, 0.5, 0.25, 0.25};
    for (int t = 1; t <= 6; t++)
        if (tr_schedule_lr(&s, t) != want[t - 1]) {
            printf("FAIL: multistep lr(%d) = %g, expected %g\n", t, tr_schedule_lr(&s, t), want[t - 1]);
            fails++;
        }
    tr_schedule c = {.kind = TR_SCHED_COSINE, .base_lr = 2, .total = 10, .min_lr = 0};
    if (fabs(tr_schedule_lr(&c, 1) - 2) > 1e-15 || fabs(tr_schedule_lr(&c, 6) - 1) > 1e-15) {
        printf("FAIL: cosine lr %g %g\n", tr_schedule_lr(&c, 1), tr_schedule_lr(&c, 6));
        fails++;
    }
}

int main(void) {
    test_schedules();
    const char *sh = getenv("MAMBAIR_SHARED");
    char dir[1024], path[1200];
    snprintf(dir, sizeof dir, "%s/golden-grad", sh ? sh : "");
    snprintf(path, sizeof path, "%s/tiny_sr_x2_ps/adam/params_step3.safetensors", dir);
    struct stat st;
    if (!sh || stat(path, &st) != 0) {
        printf("SKIP: %s not found (reference data absent)\n", path);
        return fails ? 1 : 77;
    }
    mb_tensordict model = {0}, p3 = {0}, s3 = {0}, gs[3] = {{0}};
    snprintf(path, sizeof path, "%s/safetensors/tiny_sr_x2_ps.safetensors", dir);
    load(path, &model);
    snprintf(path, sizeof path, "%s/tiny_sr_x2_ps/adam/params_step3.safetensors", dir);
    load(path, &p3);
    snprintf(path, sizeof path, "%s/tiny_sr_x2_ps/adam/state_step3.safetensors", dir);
    load(path, &s3);
    for (int k = 0; k < 3; k++) {
        snprintf(path, sizeof path, "%s/tiny_sr_x2_ps/adam/grads_step%d.safetensors", dir, k + 1);
        load(path, &gs[k]);
    }
    mambair_error err;
    mambair_config cfg;
    tr_layout lay;
    if (tr_config_from_dict(&model, &cfg, &err) || tr_layout_build(&cfg, &lay, &err)) {
        fprintf(stderr, "FAIL: %s\n", err.message);
        return 1;
    }
    size_t n = (size_t)lay.total;
    double *p = calloc(n, 8), *g = calloc(n, 8), *m = calloc(n, 8), *v = calloc(n, 8);
    tr_adam adam;
    tr_adam_default(&adam);
    char worst[300] = "";

    /* 1. optimizer alone */
    tr_layout_load(&lay, &model, p, true, false, &err);
    for (int k = 0; k < 3; k++) {
        tr_layout_load(&lay, &gs[k], g, true, false, &err);
        tr_adam_step_f64(&adam, adam.lr, k + 1, (int64_t)n, p, g, m, v);
    }
    check("adam alone: params after 3 steps", compare(&lay, p, &p3, "", worst, sizeof worst), 1e-15, worst);
    check("adam alone: exp_avg", compare(&lay, m, &s3, "exp_avg.", worst, sizeof worst), 1e-15, worst);
    check("adam alone: exp_avg_sq", compare(&lay, v, &s3, "exp_avg_sq.", worst, sizeof worst), 1e-15, worst);

    /* 2./3. whole loop */
    int Cin = cfg.in_chans, H = 20, W = 28, s = cfg.upscale;
    size_t nin = (size_t)Cin * H * W, nout = nin * s * s, sz;
    snprintf(path, sizeof path, "%s/golden/tiny_sr_x2_ps/input.bin", sh);
    float *in32 = test_try_read_file(path, &sz);
    if (!in32 || sz != nin * 4) { printf("FAIL: %s\n", path); return 1; }
    snprintf(path, sizeof path, "%s/tiny_sr_x2_ps/target.bin", dir);
    float *tg32 = test_try_read_file(path, &sz);
    if (!tg32 || sz != nout * 4) { printf("FAIL: %s\n", path); return 1; }
    static const double losses[3] = {0.3267323103233182, 0.29652370935463956, 0.28659731400576416};
    tr_loss l1 = {TR_LOSS_L1, 0, 0};
    {
        double *in = malloc(nin * 8), *tg = malloc(nout * 8), *out = malloc(nout * 8), *go = malloc(nout * 8);
        for (size_t i = 0; i < nin; i++) in[i] = in32[i];
        for (size_t i = 0; i < nout; i++) tg[i] = tg32[i];
        tr_net_f64 *net;
        tr_net_create_f64(&lay, 1, H, W, 1, &net, &err);
        memset(m, 0, n * 8);
        memset(v, 0, n * 8);
        tr_layout_load(&lay, &model, p, true, false, &err);
        double lmax = 0;
        for (int k = 0; k < 3; k++) {
            memset(g, 0, n * 8);
            tr_net_forward_f64(net, p, in, out);
            double L = tr_loss_f64(&l1, (int64_t)nout, out, tg, go);
            lmax = fmax(lmax, fabs(L - losses[k]));
            tr_net_backward_f64(net, p, go, g, NULL);
            tr_adam_step_f64(&adam, adam.lr, k + 1, (int64_t)n, p, g, m, v);
        }
        check("loop f64: losses before steps 1-3", lmax, 1e-12, "");
        check("loop f64: params after 3 steps", compare(&lay, p, &p3, "", worst, sizeof worst), 1e-12, worst);
        tr_net_free_f64(net);
        free(in); free(tg); free(out); free(go);
    }
    {
        float *pf = calloc(n, 4), *gf = calloc(n, 4), *mf = calloc(n, 4), *vf = calloc(n, 4);
        float *out = malloc(nout * 4), *go = malloc(nout * 4);
        tr_net_f32 *net;
        tr_net_create_f32(&lay, 1, H, W, 2, &net, &err);
        tr_layout_load(&lay, &model, pf, false, false, &err);
        for (int k = 0; k < 3; k++) {
            memset(gf, 0, n * 4);
            tr_net_forward_f32(net, pf, in32, out);
            tr_loss_f32(&l1, (int64_t)nout, out, tg32, go);
            tr_net_backward_f32(net, pf, go, gf, NULL);
            tr_adam_step_f32(&adam, adam.lr, k + 1, (int64_t)n, pf, gf, mf, vf);
        }
        for (size_t i = 0; i < n; i++) p[i] = pf[i];
        check("loop f32: params after 3 steps", compare(&lay, p, &p3, "", worst, sizeof worst), 1e-5, worst);
        tr_net_free_f32(net);
        free(pf); free(gf); free(mf); free(vf); free(out); free(go);
    }
    free(in32); free(tg32); free(p); free(g); free(m); free(v);
    tr_layout_free(&lay);
    mb_tensordict_free(&model);
    mb_tensordict_free(&p3);
    mb_tensordict_free(&s3);
    for (int k = 0; k < 3; k++) mb_tensordict_free(&gs[k]);
    printf(fails ? "%d failures\n" : "all ok\n", fails);
    return fails ? 1 : 0;
}
