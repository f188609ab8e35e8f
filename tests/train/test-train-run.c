/*
 * test-train-run.c — end to end on a tiny model and synthetic images:
 *  1. the training loss falls (mean of the last 10 of 60 steps below 0.7x
 *     the first 10), for SR (L1), denoising and JPEG artefacts (Charbonnier);
 *  2. resume is exact: 8 steps straight give bit-identical parameters, Adam
 *     moments and random state to 4 steps + checkpoint file + resume + 4,
 *     for SR and for JPEG artefact removal (JPEG coding inside the sampler).
 *  3. the same run twice (same seed) is bit-identical; validation PSNR runs.
 *  4. fine-tuning x3 from a x2 checkpoint: body copied, head re-initialised.
 *  5. data: every sampled LR crop matches the 2x2 box average of its HR
 *     target (same crop, same flips/transposes), on a smooth image; noise
 *     for denoising has the requested sigma; JPEG inputs: the same seed gives
 *     the same batch, the error grows as the quality drops, and each input
 *     is the JPEG of a region holding its target (found by search).
 *  6. DropPath: with per-image scales {0, 2} on every block, the whole-net
 *     double backward matches central finite differences.
 *  7. chunks: a step's gradient, computed in chunks of TR_CHUNK images per
 *     part, equals one forward/backward of the whole batch (with DropPath).
 *  8. LR from the crop: with lr_from_crop every training input is, exactly,
 *     the uint8 bicubic of its HR target under one of the 8 flips/transposes
 *     (undone, resized, redone), and the validation input the bicubic of its
 *     HR crop; without it (LR cut from the whole image) they are not.
 *  9. growing: a model fine-tuned into more residual groups holds the
 *     file's tensors, zero closing convolutions in the new groups, and
 *     computes the same output as the file's model (then trains: the new
 *     groups' convolutions move); a file with more groups is refused.
 */
#include "train/loss.h"
#include "train/net-train.h"
#include "train/trainer.h"

#include "image/jpeg.h"
#include "image/resize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fails;

static void tiny_config(mambair_config *c, int scale) {
    memset(c, 0, sizeof *c);
    c->in_chans = 3;
    c->embed_dim = 30;
    c->n_groups = 1;
    c->depths[0] = 1;
    c->d_state = 4;
    c->d_inner = 36;
    c->dt_rank = 2;
    c->upscale = scale;
    c->head = scale > 1 ? MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT : MAMBAIR_HEAD_RESIDUAL;
    c->light_cab = scale > 1;
}

static void make_data(tr_data *d, int scale, double sigma) {
    tr_data_init(d, scale, 3, sigma, sigma);
    tr_rng r;
    tr_rng_seed(&r, 5);
    int w = 64, h = 56;
    uint8_t *px = malloc((size_t)w * h * 3);
    for (int img = 0; img < 3; img++) {
        /* smooth shapes: learnable structure */
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++) {
                    double v = 0.5 + 0.35 * sin(x * 0.21 * (img + 1) + c) * cos(y * 0.17 + img);
                    px[((size_t)y * w + x) * 3 + c] = (uint8_t)lrint(255 * v);
                }
        int added;
        mambair_error err;
        if (tr_data_add(d, px, w, h, 3, 16, &added, &err) || !added) {
            printf("FAIL: tr_data_add\n");
            exit(1);
        }
    }
    free(px);
}

static double make_ema; /* tr_options.ema of the trainers make() creates */

/* A trainer of cfg with the tests' options; seed 0: the default seed. */
static tr_trainer *make_cfg(const mambair_config *cfg, tr_loss_kind lk, uint64_t seed) {
    tr_options o;
    tr_options_default(&o);
    if (seed) o.seed = seed;
    o.batch = 2;
    o.patch = 12;
    o.steps = 100;
    o.threads = 2;
    o.val_patch = 16;
    o.loss.kind = lk;
    o.loss.eps = 1e-3;
    o.adam.lr = 2e-3;
    o.sched.kind = TR_SCHED_COSINE;
    o.ema = make_ema;
    tr_trainer *t;
    mambair_error err;
    if (tr_trainer_create(cfg, &o, &t, &err)) {
        printf("FAIL: %s\n", err.message);
        exit(1);
    }
    return t;
}

static tr_trainer *make(int scale, tr_loss_kind lk) {
    mambair_config cfg;
    tiny_config(&cfg, scale);
    return make_cfg(&cfg, lk, 0);
}

static void test_loss_falls(int scale, tr_loss_kind lk, double sigma, int jpeg_q) {
    tr_data d;
    make_data(&d, scale, sigma);
    if (jpeg_q) tr_data_set_jpeg(&d, jpeg_q, jpeg_q);
    tr_trainer *t = make(scale, lk);
    double first = 0, last = 0, l;
    for (int i = 0; i < 60; i++) {
        tr_trainer_step(t, &d, &l);
        if (i < 10) first += l / 10;
        if (i >= 50) last += l / 10;
    }
    double psnr;
    mambair_error err;
    if (tr_trainer_validate(t, &d, &psnr, &err) || !(psnr > 5 && psnr < 100)) {
        printf("FAIL: validation PSNR %g\n", psnr);
        fails++;
    }
    bool ok = last < 0.7 * first && isfinite(last);
    printf("%s x%d %s%s: loss %.4f (steps 1-10) -> %.4f (51-60), val PSNR %.2f dB\n",
           ok ? "ok  " : "FAIL", scale, lk == TR_LOSS_L1 ? "l1" : "charbonnier",
           jpeg_q ? " jpeg" : "", first, last, psnr);
    if (!ok) fails++;
    tr_trainer_free(t);
    tr_data_free(&d);
}

static bool same(const tr_trainer *a, const tr_trainer *b) {
    size_t n = (size_t)a->lay.total * sizeof(float);
    return a->step == b->step && !memcmp(a->p, b->p, n) && !memcmp(a->m, b->m, n) &&
           !memcmp(a->v, b->v, n) && !memcmp(&a->rng, &b->rng, sizeof a->rng) &&
           !a->ema == !b->ema && (!a->ema || !memcmp(a->ema, b->ema, n));
}

enum { DATA_PLAIN, DATA_JPEG, DATA_DEGRADE };

static void test_resume(int scale, int kind) {
    tr_data d;
    if (kind == DATA_DEGRADE) {
        tr_data_init(&d, scale, 3, 0, 0);
        tr_data_set_degrade(&d);
        tr_data tmp;
        make_data(&tmp, scale, 0); /* the same images, added to d */
        mambair_error err;
        int added;
        for (int i = 0; i < tmp.count; i++) {
            const tr_image *im = &tmp.hr[i];
            tr_data_add(&d, im->px, im->width, im->height, 3, 16, &added, &err);
        }
        tr_data_free(&tmp);
    } else {
        make_data(&d, scale, 0);
    }
    if (kind == DATA_JPEG) tr_data_set_jpeg(&d, 10, 90);
    tr_trainer *a = make(scale, TR_LOSS_L1), *b = make(scale, TR_LOSS_L1), *c = make(scale, TR_LOSS_L1);
    for (int i = 0; i < 8; i++) tr_trainer_step(a, &d, NULL);
    for (int i = 0; i < 8; i++) tr_trainer_step(c, &d, NULL);
    if (!same(a, c)) {
        printf("FAIL: two identical runs differ\n");
        fails++;
    }
    for (int i = 0; i < 4; i++) tr_trainer_step(b, &d, NULL);
    char path[] = "/tmp/mambair-test-resume-XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0) close(fd);
    mambair_error err;
    if (tr_checkpoint_save(b, path, true, NULL, &err)) {
        printf("FAIL: save: %s\n", err.message);
        fails++;
        return;
    }
    tr_trainer_free(b);
    mb_tensordict td = {0};
    b = make(scale, TR_LOSS_L1);
    if (mb_tensordict_load_file(path, &td, &err) || tr_checkpoint_resume(b, &td, &err)) {
        printf("FAIL: resume: %s\n", err.message);
        fails++;
        return;
    }
    mambair_config cfg;
    if (tr_config_from_dict(&td, &cfg, &err) || cfg.upscale != scale || cfg.embed_dim != 30) {
        printf("FAIL: checkpoint config not detected\n");
        fails++;
    }
    mb_tensordict_free(&td);
    unlink(path);
    for (int i = 0; i < 4; i++) tr_trainer_step(b, &d, NULL);
    bool ok = same(a, b);
    printf("%s resume%s: 8 steps == 4 + save + resume + 4 (bit-identical params, moments, rng%s)\n",
           ok ? "ok  " : "FAIL", kind == DATA_JPEG ? " (JPEG task)" : kind == DATA_DEGRADE ? " (photo degradations)" : "",
           a->ema ? ", moving average" : "");
    if (!ok) {
        double mx = 0;
        for (int64_t i = 0; i < a->lay.total; i++) mx = fmax(mx, fabs(a->p[i] - b->p[i]));
        printf("     max |dp| %.3g, steps %lld vs %lld\n", mx, (long long)a->step, (long long)b->step);
        fails++;
    }
    tr_trainer_free(a);
    tr_trainer_free(b);
    tr_trainer_free(c);
    tr_data_free(&d);
}

/* The moving average of the weights follows its definition, recomputed here
 * in double from the weights after each step: e0 = p0, e_k = d_k e_(k-1) +
 * (1 - d_k) p_k with d_k = min(decay, (1 + k) / (10 + k)). */
static void test_ema(void) {
    tr_data d;
    make_data(&d, 2, 0);
    make_ema = 0.25;
    tr_trainer *t = make(2, TR_LOSS_L1);
    make_ema = 0;
    int64_t n = t->lay.total;
    double *e = malloc(sizeof(double) * n), worst = 0, moved = 0;
    for (int64_t i = 0; i < n; i++) e[i] = t->p[i];
    for (int k = 1; k <= 6; k++) {
        tr_trainer_step(t, &d, NULL);
        double dk = fmin(0.25, (1.0 + k) / (10.0 + k));
        for (int64_t i = 0; i < n; i++) e[i] = dk * e[i] + (1 - dk) * t->p[i];
    }
    for (int64_t i = 0; i < n; i++) {
        worst = fmax(worst, fabs(e[i] - t->ema[i]));
        moved = fmax(moved, fabs(t->p[i] - t->ema[i]));
    }
    bool ok = worst < 1e-6 && moved > 1e-5;
    printf("%s moving average: max |ema - definition| %.2g after 6 steps (weights - ema up to %.2g)\n",
           ok ? "ok  " : "FAIL", worst, moved);
    if (!ok) fails++;
    /* swap exchanges weights and average, twice restores */
    float *p = t->p, *a = t->ema;
    tr_trainer_swap_ema(t);
    ok = t->p == a && t->ema == p;
    tr_trainer_swap_ema(t);
    ok &= t->p == p && t->ema == a;
    printf("%s moving average: swap for validation and back\n", ok ? "ok  " : "FAIL");
    if (!ok) fails++;
    free(e);
    tr_trainer_free(t);
    tr_data_free(&d);
}

/* a trainer's checkpoint file, read back */
static bool save_load(tr_trainer *t, mb_tensordict *td) {
    char path[] = "/tmp/mambair-test-ckpt-XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0) close(fd);
    mambair_error err;
    bool ok = !tr_checkpoint_save(t, path, false, NULL, &err) && !mb_tensordict_load_file(path, td, &err);
    unlink(path);
    if (!ok) printf("FAIL: checkpoint round trip: %s\n", err.message);
    return ok;
}

static void test_finetune_scale(void) {
    tr_data d2, d3;
    make_data(&d2, 2, 0);
    make_data(&d3, 3, 0);
    tr_trainer *a = make(2, TR_LOSS_L1);
    for (int i = 0; i < 3; i++) tr_trainer_step(a, &d2, NULL);
    mambair_error err;
    mb_tensordict td = {0};
    mambair_config cfg;
    if (!save_load(a, &td)) {
        fails++;
        return;
    }
    if (tr_config_from_dict(&td, &cfg, &err)) {
        printf("FAIL: x2 checkpoint: %s\n", err.message);
        fails++;
        return;
    }
    tr_trainer *b = make(3, TR_LOSS_L1), *fresh = make(3, TR_LOSS_L1);
    if (tr_trainer_load(b, &td, true, &err)) {
        printf("FAIL: fine-tune load: %s\n", err.message);
        fails++;
        return;
    }
    int bad = 0;
    for (int64_t i = 0; i < b->lay.count; i++) {
        const tr_param *pb = &b->lay.params[i];
        bool head = tr_param_is_head(&b->lay, i);
        const float *want = head ? fresh->p + pb->offset
                                 : a->p + a->lay.params[tr_layout_find(&a->lay, pb->name)].offset;
        if (memcmp(b->p + pb->offset, want, (size_t)pb->numel * 4)) bad++;
    }
    double l;
    tr_trainer_step(b, &d3, &l);
    bool ok = bad == 0 && cfg.upscale == 2 && isfinite(l);
    printf("%s fine-tune x3 from x2: body copied, head fresh (%d tensors differ), step loss %.4f\n",
           ok ? "ok  " : "FAIL", bad, l);
    if (!ok) fails++;
    mb_tensordict_free(&td);
    tr_trainer_free(a);
    tr_trainer_free(b);
    tr_trainer_free(fresh);
    tr_data_free(&d2);
    tr_data_free(&d3);
}

static tr_trainer *make_groups(int n_groups) {
    mambair_config cfg;
    tiny_config(&cfg, 2);
    cfg.n_groups = n_groups;
    for (int g = 0; g < n_groups; g++) cfg.depths[g] = 1;
    /* not make()'s seed: the new groups' blocks differ from the file's */
    return make_cfg(&cfg, TR_LOSS_L1, 7);
}

static void test_grow(void) {
    tr_data d;
    make_data(&d, 2, 0);
    tr_trainer *a = make(2, TR_LOSS_L1), *b = make_groups(3);
    for (int i = 0; i < 3; i++) tr_trainer_step(a, &d, NULL);
    mb_tensordict td = {0};
    mambair_error err;
    if (!save_load(a, &td)) {
        fails++;
        return;
    }
    if (tr_trainer_load_grown(b, &td, false, 1, &err)) {
        printf("FAIL: grow 1 group into 3: %s\n", err.message);
        fails++;
        return;
    }
    int copied = 0, zero = 0, bad = 0;
    for (int64_t i = 0; i < b->lay.count; i++) {
        const tr_param *pb = &b->lay.params[i];
        int64_t ia = tr_layout_find(&a->lay, pb->name);
        const float *x = b->p + pb->offset;
        if (ia >= 0) {
            if (memcmp(x, a->p + a->lay.params[ia].offset, (size_t)pb->numel * 4)) bad++;
            else copied++;
        } else if (strstr(pb->name, ".conv.")) { /* layers.G.conv: the new group's closing conv */
            for (int64_t j = 0; j < pb->numel; j++)
                if (x[j] != 0) bad++;
            zero++;
        }
    }
    /* the same output: two inputs of 12x12 through both networks, one at a
     * time (the trainers' networks hold one image: 2 threads, batch 2) */
    int64_t nin = 3 * 12 * 12, nout = nin * 4;
    float *in = malloc(nin * sizeof *in), *oa = malloc(nout * sizeof *oa), *ob = malloc(nout * sizeof *ob);
    double worst = 0, mag = 0;
    for (int k = 0; k < 2; k++) {
        for (int64_t i = 0; i < nin; i++) in[i] = 0.5f + 0.4f * sinf((float)i * (0.37f + 0.2f * k));
        tr_net_set_batch_f32(a->net[0], 1);
        tr_net_set_batch_f32(b->net[0], 1);
        tr_net_forward_f32(a->net[0], a->p, in, oa);
        tr_net_forward_f32(b->net[0], b->p, in, ob);
        for (int64_t i = 0; i < nout; i++) {
            double d = fabs(oa[i] - ob[i]);
            worst = d <= worst ? worst : d; /* a NaN counts */
            mag = fmax(mag, fabs(oa[i]));
        }
    }
    bool ok = bad == 0 && copied == (int)a->lay.count && zero == 4 && worst == 0 && mag > 0.1;
    printf("%s grow 1 group into 3: %d tensors copied, %d zero, output max |diff| %.2g\n",
           ok ? "ok  " : "FAIL", copied, zero, worst);
    if (!ok) fails++;
    /* it trains: the closing convolutions leave zero */
    double l;
    for (int i = 0; i < 2; i++) tr_trainer_step(b, &d, &l);
    double moved = 0;
    for (int g = 1; g < 3; g++)
        for (int64_t j = 0; j < 30 * 30 * 9; j++) moved = fmax(moved, fabs(b->p[b->lay.group_w[g] + j]));
    ok = isfinite(l) && moved > 1e-5;
    printf("%s grown model trains: new groups' convolutions up to %.2g after 2 steps\n", ok ? "ok  " : "FAIL",
           moved);
    if (!ok) fails++;
    /* a 3-group file does not load as "1 group, then more" */
    mb_tensordict t3 = {0};
    tr_trainer *c = make_groups(3);
    ok = save_load(b, &t3) && tr_trainer_load_grown(c, &t3, false, 1, &err) != MAMBAIR_OK;
    printf("%s grow refuses a file with more groups than it says: %s\n", ok ? "ok  " : "FAIL",
           ok ? err.message : "loaded");
    if (!ok) fails++;
    free(in);
    free(oa);
    free(ob);
    mb_tensordict_free(&td);
    mb_tensordict_free(&t3);
    tr_trainer_free(a);
    tr_trainer_free(b);
    tr_trainer_free(c);
    tr_data_free(&d);
}

/* One network's output for two 12x12 inputs: the largest difference from
 * another's, and the largest magnitude. */
static void compare_outputs(tr_trainer *a, tr_trainer *b, double *worst, double *mag) {
    int64_t nin = 3 * 12 * 12, nout = nin * 4;
    float *in = malloc(nin * sizeof *in), *oa = malloc(nout * sizeof *oa), *ob = malloc(nout * sizeof *ob);
    *worst = *mag = 0;
    for (int k = 0; k < 2; k++) {
        for (int64_t i = 0; i < nin; i++) in[i] = 0.5f + 0.4f * sinf((float)i * (0.37f + 0.2f * k));
        tr_net_set_batch_f32(a->net[0], 1);
        tr_net_set_batch_f32(b->net[0], 1);
        tr_net_forward_f32(a->net[0], a->p, in, oa);
        tr_net_forward_f32(b->net[0], b->p, in, ob);
        for (int64_t i = 0; i < nout; i++) {
            double d = fabs(oa[i] - ob[i]);
            *worst = d <= *worst ? *worst : d; /* a NaN counts */
            *mag = fmax(*mag, fabs(oa[i]));
        }
    }
    free(in);
    free(oa);
    free(ob);
}

static void test_widen(void) {
    tr_data d;
    make_data(&d, 2, 0);
    /* 45 channels: the light conv block's C/2 (22 -> 45) and the attention's
     * C/30 (1 -> 3) grow by more than twice, the rest doubles */
    mambair_config narrow, wide;
    tiny_config(&narrow, 2);
    narrow.embed_dim = 45;
    narrow.n_groups = 2;
    narrow.depths[0] = narrow.depths[1] = 1;
    wide = narrow;
    wide.embed_dim = 90;
    wide.d_inner = 2 * narrow.d_inner;
    tr_trainer *a = make_cfg(&narrow, TR_LOSS_L1, 0), *b = make_cfg(&wide, TR_LOSS_L1, 7);
    for (int i = 0; i < 3; i++) tr_trainer_step(a, &d, NULL);
    mb_tensordict td = {0};
    mambair_error err;
    if (!save_load(a, &td)) {
        fails++;
        return;
    }
    if (tr_trainer_load_widened(b, &td, &err)) {
        printf("FAIL: widen 45 channels into 90: %s\n", err.message);
        fails++;
        return;
    }
    double worst, mag;
    compare_outputs(a, b, &worst, &mag);
    /* the copies of a channel hold the source's values: conv_first's output
     * rows exactly, in_proj's weights over a pair of inputs sum to the
     * source's one, but differ (so that the copies can part) */
    const float *fa = a->p + a->lay.conv_first_w, *fb = b->p + b->lay.conv_first_w;
    int bad = 0;
    for (int o = 0; o < 90; o++)
        for (int j = 0; j < 27; j++) bad += fb[o * 27 + j] != fa[o / 2 * 27 + j];
    const float *ia = a->p + a->lay.blocks[0].inproj, *ib = b->p + b->lay.blocks[0].inproj;
    double sum_err = 0, spread = 0;
    for (int r = 0; r < 2 * wide.d_inner; r++)
        for (int c = 0; c < 45; c++) {
            const float *pair = ib + (int64_t)r * 90 + 2 * c;
            sum_err = fmax(sum_err, fabs(pair[0] + pair[1] - ia[(int64_t)(r / 2) * 45 + c]));
            spread = fmax(spread, fabs(pair[0] - pair[1]));
        }
    bool ok = worst < 2e-5 && mag > 0.1 && bad == 0 && sum_err < 1e-6 && spread > 1e-4;
    printf("%s widen 45 channels into 90: output max |diff| %.2g, conv_first rows %s, in_proj pairs sum to "
           "the source's (%.2g) and differ by up to %.2g\n",
           ok ? "ok  " : "FAIL", worst, bad ? "differ" : "copied", sum_err, spread);
    if (!ok) fails++;
    /* it trains, and the two copies of a channel part */
    double l;
    for (int i = 0; i < 2; i++) tr_trainer_step(b, &d, &l);
    double parted = 0;
    for (int o = 0; o < 90; o += 2)
        for (int j = 0; j < 27; j++) parted = fmax(parted, fabs(fb[o * 27 + j] - fb[(o + 1) * 27 + j]));
    ok = isfinite(l) && parted > 1e-5;
    printf("%s widened model trains: copies of conv_first's rows differ by up to %.2g after 2 steps\n",
           ok ? "ok  " : "FAIL", parted);
    if (!ok) fails++;
    /* only twice the width, the rest the same: a 2-group file does not widen
     * into a 1-group network, nor 45 channels into 45 */
    mambair_config other = wide;
    other.n_groups = 1;
    tr_trainer *c = make_cfg(&other, TR_LOSS_L1, 0), *e = make_cfg(&narrow, TR_LOSS_L1, 0);
    ok = tr_trainer_load_widened(c, &td, &err) != MAMBAIR_OK && tr_trainer_load_widened(e, &td, &err) != MAMBAIR_OK;
    printf("%s widen refuses what is not twice the width: %s\n", ok ? "ok  " : "FAIL", ok ? err.message : "loaded");
    if (!ok) fails++;
    mb_tensordict_free(&td);
    tr_trainer_free(a);
    tr_trainer_free(b);
    tr_trainer_free(c);
    tr_trainer_free(e);
    tr_data_free(&d);
}

static void test_data_pairs(void) {
    tr_data d;
    tr_data_init(&d, 2, 3, 0, 0);
    int w = 64, h = 48;
    uint8_t *px = malloc((size_t)w * h * 3);
    /* smooth, steep (a one-pixel shift moves values by > 0.01), asymmetric in x, y, c */
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            for (int c = 0; c < 3; c++)
                px[((size_t)y * w + x) * 3 + c] =
                    (uint8_t)lrint(5 + 2.5 * x + 1.5 * y + 5 * c + 3 * sin(x * 0.05 + y * 0.03));
    int added;
    mambair_error err;
    tr_data_add(&d, px, w, h, 3, 16, &added, &err);
    tr_rng r;
    tr_rng_seed(&r, 9);
    int B = 16, p = 10, hp = 20;
    float *in = malloc(sizeof(float) * B * 3 * p * p), *tg = malloc(sizeof(float) * B * 3 * hp * hp);
    tr_data_sample(&d, &r, B, p, in, tg, &err);
    double worst = 0;
    for (int b = 0; b < B; b++)
        for (int c = 0; c < 3; c++)
            for (int y = 1; y < p - 1; y++)
                for (int x = 1; x < p - 1; x++) {
                    const float *t = tg + ((size_t)(b * 3 + c) * hp) * hp;
                    double box = (t[(2 * y) * hp + 2 * x] + t[(2 * y) * hp + 2 * x + 1] +
                                  t[(2 * y + 1) * hp + 2 * x] + t[(2 * y + 1) * hp + 2 * x + 1]) / 4;
                    worst = fmax(worst, fabs(box - in[((size_t)(b * 3 + c) * p + y) * p + x]));
                }
    bool ok = worst < 0.008;
    printf("%s data: LR crop vs 2x2 box average of its HR target, max |d| %.4f (8-bit rounding ~0.004; a one-pixel shift > 0.01)\n",
           ok ? "ok  " : "FAIL", worst);
    if (!ok) fails++;
    tr_data_free(&d);
    /* denoising noise level */
    tr_data_init(&d, 1, 3, 25, 25);
    tr_data_add(&d, px, w, h, 3, 16, &added, &err);
    tr_data_sample(&d, &r, B, p, in, tg, &err);
    double s2 = 0;
    int64_t n = (int64_t)B * 3 * p * p;
    for (int64_t i = 0; i < n; i++) s2 += (double)(in[i] - tg[i]) * (in[i] - tg[i]);
    double sigma = sqrt(s2 / n) * 255;
    ok = fabs(sigma - 25) < 1.5;
    printf("%s data: noise sigma %.2f (expected 25)\n", ok ? "ok  " : "FAIL", sigma);
    if (!ok) fails++;
    /* unclipped noise leaves the pixel range; clip_frac 1 keeps every input in
     * it, clip_frac 0.5 about half of the samples (sigma 200: every unclipped
     * sample has pixels outside 0..1) */
    d.sigma_min = d.sigma_max = 200;
    tr_data_sample(&d, &r, B, p, in, tg, &err);
    int outside = 0;
    for (int64_t i = 0; i < n; i++) outside += in[i] < 0 || in[i] > 1;
    d.clip_frac = 1;
    tr_data_sample(&d, &r, B, p, in, tg, &err);
    int outside_clipped = 0;
    for (int64_t i = 0; i < n; i++) outside_clipped += in[i] < 0 || in[i] > 1;
    ok = outside > 0 && outside_clipped == 0;
    printf("%s data: %d noisy inputs outside 0..1 unclipped, %d with clip_frac 1 (expected > 0, 0)\n",
           ok ? "ok  " : "FAIL", outside, outside_clipped);
    if (!ok) fails++;
    d.clip_frac = 0.5;
    int clipped_samples = 0, draws = 0;
    for (int rep = 0; rep < 16; rep++) {
        tr_data_sample(&d, &r, B, p, in, tg, &err);
        for (int b = 0; b < B; b++, draws++) {
            bool any = false;
            for (int64_t i = 0; i < n / B; i++) any |= in[b * (n / B) + i] < 0 || in[b * (n / B) + i] > 1;
            clipped_samples += !any;
        }
    }
    ok = clipped_samples > draws / 4 && clipped_samples < 3 * draws / 4;
    printf("%s data: clip_frac 0.5 clipped %d of %d samples\n", ok ? "ok  " : "FAIL", clipped_samples, draws);
    if (!ok) fails++;
    /* luminance noise: gray_frac 1 gives every sample the same noise in
     * the three channels, gray_frac 0 independent noise in each; 0.5 about
     * half of the samples (sigma 25, unclipped) */
    d.sigma_min = d.sigma_max = 25;
    d.clip_frac = 0;
    int gray_samples[3] = {0};
    const double fracs[3] = {0, 0.5, 1};
    for (int f = 0; f < 3; f++) {
        d.gray_frac = fracs[f];
        for (int rep = 0; rep < 4; rep++) {
            tr_data_sample(&d, &r, B, p, in, tg, &err);
            for (int b = 0; b < B; b++) {
                size_t plane = (size_t)p * p, base = (size_t)b * 3 * plane;
                bool same = true;
                for (size_t i = 0; i < plane && same; i++) {
                    double e0 = in[base + i] - tg[base + i];
                    for (int c = 1; c < 3; c++)
                        same &= fabs(in[base + c * plane + i] - tg[base + c * plane + i] - e0) < 1e-5;
                }
                gray_samples[f] += same;
            }
        }
    }
    ok = gray_samples[0] == 0 && gray_samples[1] > B && gray_samples[1] < 3 * B && gray_samples[2] == 4 * B;
    printf("%s data: samples with the same noise in every channel: gray_frac 0: %d, 0.5: %d, 1: %d of %d\n",
           ok ? "ok  " : "FAIL", gray_samples[0], gray_samples[1], gray_samples[2], 4 * B);
    if (!ok) fails++;
    tr_data_free(&d);
    free(px);
    free(in);
    free(tg);
}

/* Find where target (planar {C, p, p}, one of the 8 flips/transposes of a
 * crop of img) sits in img; then check the input is that crop of the JPEG of
 * some MCU-aligned region around it: the sampler's region starts at
 * (x - ox, y - oy) for an offset 0..7 and has side R (data.c). */
static bool input_is_jpeg_of_target(const tr_image *img, const float *in, const float *tg, int p,
                                    int q, int R, bool *aligned) {
    int C = img->channels, W = img->width, H = img->height;
    uint8_t *reg = malloc((size_t)R * R * C), *dec = malloc((size_t)R * R * C);
    bool found = false;
    for (int y0 = 0; y0 + p <= H && !found; y0++)
        for (int x0 = 0; x0 + p <= W && !found; x0++)
            for (int aug = 0; aug < 8 && !found; aug++) {
                int hf = aug & 1, vf = aug >> 1 & 1, tp = aug >> 2;
                /* does target == aug(crop at x0, y0)? */
                bool match = true;
                for (int y = 0; y < p && match; y++)
                    for (int x = 0; x < p && match; x++) {
                        int sy = tp ? x : y, sx = tp ? y : x;
                        if (vf) sy = p - 1 - sy;
                        if (hf) sx = p - 1 - sx;
                        for (int c = 0; c < C && match; c++)
                            match = lrintf(tg[((size_t)c * p + y) * p + x] * 255) ==
                                    img->px[((size_t)(y0 + sy) * W + x0 + sx) * C + c];
                    }
                if (!match) continue;
                for (int oy = 0; oy < 8 && !found; oy++)
                    for (int ox = 0; ox < 8 && !found; ox++) {
                        int rx = x0 - ox, ry = y0 - oy;
                        if (rx < 0 || ry < 0 || rx + R > W || ry + R > H) continue;
                        for (int y = 0; y < R; y++)
                            memcpy(reg + (size_t)y * R * C, img->px + ((size_t)(ry + y) * W + rx) * C,
                                   (size_t)R * C);
                        mambair_error err;
                        if (mb_jpeg_roundtrip_u8(reg, R, R, C, q, dec, &err)) continue;
                        bool same_in = true;
                        for (int y = 0; y < p && same_in; y++)
                            for (int x = 0; x < p && same_in; x++) {
                                int sy = tp ? x : y, sx = tp ? y : x;
                                if (vf) sy = p - 1 - sy;
                                if (hf) sx = p - 1 - sx;
                                for (int c = 0; c < C && same_in; c++)
                                    same_in = lrintf(in[((size_t)c * p + y) * p + x] * 255) ==
                                              dec[((size_t)(oy + sy) * R + ox + sx) * C + c];
                            }
                        if (same_in) {
                            found = true;
                            *aligned = ox == 0 && oy == 0;
                        }
                    }
            }
    free(reg);
    free(dec);
    return found;
}

static void test_jpeg_data(void) {
    mambair_error err;
    int B = 12, p = 12, q = 20;
    float *in = malloc(sizeof(float) * B * 3 * p * p), *tg = malloc(sizeof(float) * B * 3 * p * p);
    float *in2 = malloc(sizeof(float) * B * 3 * p * p), *tg2 = malloc(sizeof(float) * B * 3 * p * p);
    /* one image (so the search knows where to look), noisy enough that a
     * crop's position and flips are unique */
    tr_data d;
    tr_data_init(&d, 1, 3, 0, 0);
    int w = 40, h = 36;
    uint8_t *px = malloc((size_t)w * h * 3);
    tr_rng r;
    tr_rng_seed(&r, 77);
    for (int i = 0; i < w * h * 3; i++)
        px[i] = (uint8_t)(100 + 60 * sin(i * 0.01) + 40 * tr_rng_uniform(&r));
    int added;
    tr_data_add(&d, px, w, h, 3, tr_data_min_side(&d, p), &added, &err);
    tr_data_set_jpeg(&d, q, q);
    tr_rng_seed(&r, 3);
    tr_data_sample(&d, &r, B, p, in, tg, &err);
    int found = 0, aligned = 0;
    for (int b = 0; b < B; b++) {
        bool al = false;
        if (input_is_jpeg_of_target(&d.hr[0], in + (size_t)b * 3 * p * p, tg + (size_t)b * 3 * p * p,
                                    p, q, 32, &al))
            found++, aligned += al;
    }
    bool ok = found == B && aligned > 0 && aligned < B;
    printf("%s jpeg data: %d of %d inputs are the q%d JPEG of a region holding their target (%d on the grid)\n",
           ok ? "ok  " : "FAIL", found, B, q, aligned);
    if (!ok) fails++;
    /* same seed, same batch */
    tr_rng_seed(&r, 3);
    tr_data_sample(&d, &r, B, p, in2, tg2, &err);
    ok = !memcmp(in, in2, sizeof(float) * B * 3 * p * p) && !memcmp(tg, tg2, sizeof(float) * B * 3 * p * p);
    printf("%s jpeg data: the same seed gives the same batch\n", ok ? "ok  " : "FAIL");
    if (!ok) fails++;
    /* error against quality, on smooth images */
    tr_data_free(&d);
    make_data(&d, 1, 0);
    double e[2];
    int qs[2] = {10, 90};
    for (int k = 0; k < 2; k++) {
        tr_data_set_jpeg(&d, qs[k], qs[k]);
        tr_rng_seed(&r, 4);
        tr_data_sample(&d, &r, B, p, in, tg, &err);
        double s = 0;
        for (int i = 0; i < B * 3 * p * p; i++) s += fabs(in[i] - tg[i]);
        e[k] = s / (B * 3 * p * p) * 255;
    }
    ok = e[0] > 2 * e[1] && e[1] > 0;
    printf("%s jpeg data: mean |JPEG - clean| %.2f at q10, %.2f at q90 (of 255)\n", ok ? "ok  " : "FAIL", e[0], e[1]);
    if (!ok) fails++;
    tr_data_free(&d);
    free(px);
    free(in);
    free(tg);
    free(in2);
    free(tg2);
}

/* Photo degradations: the same seed gives the same batch; the LR inputs are
 * not the bicubic LR; validation pairs are fixed per image. */
static void test_degrade_data(void) {
    mambair_error err;
    tr_data a, b;
    make_data(&a, 2, 0); /* bicubic LR */
    tr_data_init(&b, 2, 3, 0, 0);
    tr_data_set_degrade(&b);
    int added;
    for (int i = 0; i < a.count; i++)
        tr_data_add(&b, a.hr[i].px, a.hr[i].width, a.hr[i].height, 3, 16, &added, &err);
    int B = 6, p = 12, hp = 24;
    size_t nin = (size_t)B * 3 * p * p, nt = (size_t)B * 3 * hp * hp;
    float *in1 = malloc(nin * 4), *in2 = malloc(nin * 4), *in3 = malloc(nin * 4), *t1 = malloc(nt * 4),
          *t2 = malloc(nt * 4), *t3 = malloc(nt * 4);
    tr_rng r1, r2, r3;
    tr_rng_seed(&r1, 21);
    tr_rng_seed(&r2, 21);
    tr_rng_seed(&r3, 21);
    /* one thread, then two: the same batch (each crop has its own seed) */
    b.threads = 1;
    bool ok = !tr_data_sample(&b, &r1, B, p, in1, t1, &err);
    b.threads = 2;
    ok = ok && !tr_data_sample(&b, &r2, B, p, in2, t2, &err) && !tr_data_sample(&a, &r3, B, p, in3, t3, &err);
    /* the first crop is drawn alike (later ones differ: a seed is drawn per crop) */
    ok = ok && !memcmp(in1, in2, nin * 4) && !memcmp(t1, t2, nt * 4) && !memcmp(t1, t3, nt / B * 4);
    double d = 0;
    for (size_t i = 0; i < nin / B; i++) d += fabs(in1[i] - in3[i]) / (nin / B) * 255;
    ok = ok && d > 2 && b.lr == NULL;
    printf("%s degrade data: same seed same batch on 1 and 2 threads, first HR crop as the bicubic data's, its LR differs by %.2f of 255\n",
           ok ? "ok  " : "FAIL", d);
    if (!ok) fails++;
    int w, h;
    ok = !tr_data_val_pair(&b, 0, 10, in1, t1, &w, &h, &err) && !tr_data_val_pair(&b, 0, 10, in2, t2, &w, &h, &err) &&
         !memcmp(in1, in2, (size_t)3 * w * h * 4);
    printf("%s degrade data: validation pair fixed per image (%dx%d)\n", ok ? "ok  " : "FAIL", w, h);
    if (!ok) fails++;
    tr_data_free(&a);
    tr_data_free(&b);
    free(in1);
    free(in2);
    free(in3);
    free(t1);
    free(t2);
    free(t3);
}

/* Crops moved to the border: on an image whose red and green values are the
 * pixel's x and y (times 4), a crop touches the left or right edge when its
 * red (or, transposed, green) values reach 0 or the last column. */
static void test_border_crops(void) {
    enum { S = 64, P = 16, B = 32 };
    uint8_t *px = malloc(S * S * 3);
    for (int y = 0; y < S; y++)
        for (int x = 0; x < S; x++) {
            px[(y * S + x) * 3] = (uint8_t)(4 * x);
            px[(y * S + x) * 3 + 1] = (uint8_t)(4 * y);
            px[(y * S + x) * 3 + 2] = 0;
        }
    float *in = malloc(sizeof(float) * B * 3 * P * P), *tg = malloc(sizeof(float) * B * 3 * P * P);
    for (int pass = 0; pass < 2; pass++) {
        tr_data d;
        tr_data_init(&d, 1, 3, 0, 0);
        d.border_frac = pass ? 1 : 0;
        int added;
        mambair_error err;
        tr_data_add(&d, px, S, S, 3, P, &added, &err);
        tr_rng r;
        tr_rng_seed(&r, 11);
        tr_data_sample(&d, &r, B, P, in, tg, &err);
        int at_edge = 0;
        for (int b = 0; b < B; b++) {
            bool both = true;
            for (int c = 0; c < 2; c++) {
                float lo = 1, hi = 0;
                for (int i = 0; i < P * P; i++) {
                    float v = tg[((size_t)b * 3 + c) * P * P + i];
                    lo = fminf(lo, v), hi = fmaxf(hi, v);
                }
                both &= lo < 0.5f / 255 || hi > (4.0f * (S - 1) - 0.5f) / 255;
            }
            at_edge += both;
        }
        bool ok = pass ? at_edge == B : at_edge < B / 4;
        printf("%s data: border_frac %d: %d of %d crops touch an edge along both axes (expected %s)\n",
               ok ? "ok  " : "FAIL", pass, at_edge, B, pass ? "all" : "few");
        if (!ok) fails++;
        tr_data_free(&d);
    }
    free(px);
    free(in);
    free(tg);
}

/* out (n x n, planar C) = src under crop_aug's flips: out(y, x) = src(sy, sx)
 * with (sy, sx) = (x, y) if transposed, then mirrored by vf and hf. undo: the
 * inverse (src from out). */
static void dihedral(const float *src, float *out, int n, int C, int hf, int vf, int tp, bool undo) {
    for (int c = 0; c < C; c++)
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++) {
                int sy = tp ? x : y, sx = tp ? y : x;
                if (vf) sy = n - 1 - sy;
                if (hf) sx = n - 1 - sx;
                size_t o = ((size_t)c * n + y) * n + x, i = ((size_t)c * n + sy) * n + sx;
                if (undo) out[i] = src[o];
                else out[o] = src[i];
            }
}

/* Is in (p x p) the uint8 bicubic (1/s) of the HR crop tg (s*p square) under
 * some flip/transpose? */
static bool is_lr_of(const float *tg, const float *in, int p, int s, int C) {
    int hp = p * s;
    float *orig = malloc(sizeof(float) * C * hp * hp), *lrf = malloc(sizeof(float) * C * p * p),
          *want = malloc(sizeof(float) * C * p * p);
    uint8_t *h8 = malloc((size_t)C * hp * hp), *l8 = malloc((size_t)C * p * p);
    bool found = false;
    for (int f = 0; f < 8 && !found; f++) {
        int hf = f & 1, vf = f >> 1 & 1, tp = f >> 2;
        dihedral(tg, orig, hp, C, hf, vf, tp, true);
        for (int c = 0; c < C; c++)
            for (int j = 0; j < hp * hp; j++) h8[(size_t)j * C + c] = (uint8_t)lrintf(orig[(size_t)c * hp * hp + j] * 255);
        mambair_error err;
        if (mb_resize_bicubic_u8(h8, C, hp, hp, 1.0 / s, l8, &err)) break;
        for (int c = 0; c < C; c++)
            for (int j = 0; j < p * p; j++) lrf[(size_t)c * p * p + j] = l8[(size_t)j * C + c] * (1.0f / 255);
        dihedral(lrf, want, p, C, hf, vf, tp, false);
        found = memcmp(want, in, sizeof(float) * C * p * p) == 0;
    }
    free(orig), free(lrf), free(want), free(h8), free(l8);
    return found;
}

static void test_lr_from_crop(void) {
    enum { W = 70, H = 54, S = 2, P = 9, B = 12, C = 3 };
    uint8_t *px = malloc(W * H * C);
    tr_rng r;
    tr_rng_seed(&r, 5);
    for (int i = 0; i < W * H * C; i++) px[i] = (uint8_t)tr_rng_int(&r, 256); /* texture to the edges */
    float *in = malloc(sizeof(float) * B * C * P * P), *tg = malloc(sizeof(float) * B * C * P * P * S * S);
    for (int pass = 0; pass < 2; pass++) {
        tr_data d;
        tr_data_init(&d, S, C, 0, 0);
        d.lr_from_crop = pass == 1;
        int added;
        mambair_error err;
        tr_data_add(&d, px, W, H, C, P, &added, &err);
        tr_rng_seed(&r, 6);
        mambair_status st = tr_data_sample(&d, &r, B, P, in, tg, &err);
        int match = 0;
        for (int b = 0; b < B && !st; b++)
            match += is_lr_of(tg + (size_t)b * C * P * P * S * S, in + (size_t)b * C * P * P, P, S, C);
        int w = 0, h = 0;
        bool vmatch = false;
        if (!st) st = tr_data_val_pair(&d, 0, P, in, tg, &w, &h, &err);
        if (!st) vmatch = w == P && h == P && is_lr_of(tg, in, P, S, C);
        bool ok = !st && (pass ? match == B && vmatch : match == 0 && !vmatch);
        printf("%s data: lr_from_crop %d: %d of %d training inputs and %s validation input are the bicubic of their HR crop (expected %s)\n",
               ok ? "ok  " : "FAIL", pass, match, B, vmatch ? "the" : "not the", pass ? "all" : "none");
        if (!ok) fails++;
        tr_data_free(&d);
    }
    free(px), free(in), free(tg);
}

static void test_drop_path_fd(void) {
    mambair_config cfg;
    tiny_config(&cfg, 2);
    tr_layout lay;
    mambair_error err;
    if (tr_layout_build(&cfg, &lay, &err)) {
        printf("FAIL: %s\n", err.message);
        fails++;
        return;
    }
    int B = 2, H = 5, W = 6, C = 3;
    int64_t nin = (int64_t)B * C * H * W, nout = nin * 4, np = lay.total;
    float *pf = malloc(sizeof(float) * np);
    tr_layout_init(&lay, pf, 3, false);
    double *p = malloc(sizeof(double) * np), *g = calloc(np, sizeof(double));
    for (int64_t i = 0; i < np; i++) p[i] = pf[i];
    tr_rng r;
    tr_rng_seed(&r, 4);
    double *in = malloc(sizeof(double) * nin), *tg = malloc(sizeof(double) * nout),
           *out = malloc(sizeof(double) * nout), *go = malloc(sizeof(double) * nout);
    for (int64_t i = 0; i < nin; i++) in[i] = tr_rng_uniform(&r);
    for (int64_t i = 0; i < nout; i++) tg[i] = tr_rng_uniform(&r);
    double drop[2 * 8];
    for (int k = 0; k < lay.n_blocks; k++) drop[k * B] = 0, drop[k * B + 1] = 2;
    tr_net_f64 *net;
    tr_net_create_f64(&lay, B, H, W, 1, &net, &err);
    tr_net_set_drop_path_f64(net, drop);
    tr_loss l = {TR_LOSS_CHARBONNIER, 1e-3, 0};
    tr_net_forward_f64(net, p, in, out);
    tr_loss_f64(&l, nout, out, tg, go);
    tr_net_backward_f64(net, p, go, g, NULL);
    /* a few entries of every tensor of the first block's SS2D branch */
    double worst = 0;
    int checked = 0;
    for (int64_t t = 0; t < lay.count; t++) {
        const tr_param *pr = &lay.params[t];
        if (!strstr(pr->name, "self_attention") && !strstr(pr->name, "skip_scale")) continue;
        for (int64_t j = 0; j < pr->numel; j += 1 + pr->numel / 3) {
            int64_t i = pr->offset + j;
            double keep = p[i], h = 1e-6;
            p[i] = keep + h;
            tr_net_forward_f64(net, p, in, out);
            double lp = tr_loss_f64(&l, nout, out, tg, NULL);
            p[i] = keep - h;
            tr_net_forward_f64(net, p, in, out);
            double lm = tr_loss_f64(&l, nout, out, tg, NULL);
            p[i] = keep;
            double fd = (lp - lm) / (2 * h);
            worst = fmax(worst, fabs(fd - g[i]) / fmax(1e-4, fabs(fd)));
            checked++;
        }
    }
    bool ok = worst < 1e-5;
    printf("%s DropPath {0, 2}: %d gradient entries vs finite differences, worst rel %.2e\n",
           ok ? "ok  " : "FAIL", checked, worst);
    if (!ok) fails++;
    tr_net_free_f64(net);
    tr_layout_free(&lay);
    free(pf); free(p); free(g); free(in); free(tg); free(out); free(go);
}

/* The trainer runs each part's images in chunks (TR_CHUNK); the summed
 * gradient must be the whole batch's, DropPath columns included. */
static void test_chunks(void) {
    tr_data d;
    make_data(&d, 2, 0);
    mambair_config cfg;
    tiny_config(&cfg, 2);
    tr_options o;
    tr_options_default(&o);
    o.batch = 2 * TR_CHUNK + 1; /* chunks of TR_CHUNK and one of 1 image */
    o.patch = 12;
    o.threads = 1;
    o.drop_path = 0.5;
    o.adam.lr = 0; /* parameters unchanged by the step */
    tr_trainer *t;
    tr_net_f32 *net;
    mambair_error err;
    if (tr_trainer_create(&cfg, &o, &t, &err) ||
        tr_net_create_f32(&t->lay, o.batch, o.patch, o.patch, 1, &net, &err)) {
        printf("FAIL: %s\n", err.message);
        fails++;
        return;
    }
    double loss;
    tr_trainer_step(t, &d, &loss);
    int64_t nout = (int64_t)o.batch * 3 * o.patch * o.patch * 4, np = t->lay.total;
    float *out = calloc((size_t)nout, sizeof(float)), *gout = calloc((size_t)nout, sizeof(float));
    float *g = calloc((size_t)np, sizeof(float));
    tr_net_set_drop_path_f32(net, t->drop[0]);
    tr_net_forward_f32(net, t->p, t->in, out);
    double loss1 = tr_loss_part_f32(&o.loss, nout, nout, out, t->target, gout);
    tr_net_backward_f32(net, t->p, gout, g, NULL);
    double worst = 0, gmax = 0;
    int dropped = 0;
    for (int64_t i = 0; i < np; i++) gmax = fmax(gmax, fabs(g[i]));
    for (int64_t i = 0; i < np; i++) worst = fmax(worst, fabs(g[i] - t->g[i]) / gmax);
    for (int64_t i = 0; i < (int64_t)t->lay.n_blocks * o.batch; i++) dropped += t->drop[0][i] == 0;
    bool ok = worst < 1e-5 && fabs(loss - loss1) < 1e-6 * loss1 && gmax > 0 && dropped > 0;
    printf("%s chunks of %d: loss %.6f vs %.6f whole, max gradient difference %.2e of max|g|, "
           "%d images dropped\n",
           ok ? "ok  " : "FAIL", TR_CHUNK, loss, loss1, worst, dropped);
    if (!ok) fails++;
    free(out);
    free(gout);
    free(g);
    tr_net_free_f32(net);
    tr_trainer_free(t);
    tr_data_free(&d);
}

int main(void) {
    test_loss_falls(2, TR_LOSS_L1, 0, 0);
    test_loss_falls(1, TR_LOSS_CHARBONNIER, 25, 0);
    test_loss_falls(1, TR_LOSS_CHARBONNIER, 0, 10);
    test_resume(2, DATA_PLAIN);
    make_ema = 0.9; /* the same with a moving average in the checkpoint */
    test_resume(2, DATA_PLAIN);
    make_ema = 0;
    test_ema();
    test_resume(1, DATA_JPEG);
    test_resume(2, DATA_DEGRADE);
    test_jpeg_data();
    test_degrade_data();
    test_finetune_scale();
    test_grow();
    test_widen();
    test_data_pairs();
    test_drop_path_fd();
    test_border_crops();
    test_lr_from_crop();
    test_chunks();
    printf(fails ? "%d failures\n" : "all ok\n", fails);
    return fails ? 1 : 0;
}
