/* trainer.c — training steps and validation (see trainer.h). */
#include "trainer.h"

#include "../image/metrics.h"
#include "../ops/gemm.h"
#include "../thread/pool.h"

#include <math.h>
#include <string.h>

void tr_options_default(tr_options *o) {
    memset(o, 0, sizeof *o);
    o->batch = 16;
    o->patch = 48;
    o->steps = 100000;
    o->loss.kind = TR_LOSS_L1;
    tr_adam_default(&o->adam);
    o->sched.kind = TR_SCHED_MULTISTEP;
    o->sched.gamma = 0.5;
    o->sched.n_milestones = -1; /* -1: 50/80/90/95 % of steps, as the official ratios */
    o->seed = 1;
    o->threads = 0;
    o->val_patch = 96;
}

void tr_trainer_free(tr_trainer *t) {
    if (!t) return;
    for (int i = 0; i < t->nparts; i++) {
        tr_net_free_f32(t->net[i]);
        mb_free(t->gpart[i]);
        mb_free(t->drop[i]);
        mb_free(t->dropc[i]);
    }
    tr_net_free_f32(t->vnet);
    mb_free(t->p);
    mb_free(t->g);
    mb_free(t->m);
    mb_free(t->v);
    mb_free(t->in);
    mb_free(t->ema);
    mb_free(t->target);
    mb_free(t->out);
    mb_free(t->gout);
    mb_free(t->vin);
    mb_free(t->vtarget);
    mb_free(t->vout);
    tr_layout_free(&t->lay);
    mb_free(t);
}

mambair_status tr_trainer_create(const mambair_config *cfg, const tr_options *opt,
                                 tr_trainer **out, mambair_error *err) {
    *out = NULL;
    if (opt->batch < 1 || opt->batch > 1024 || opt->patch < 4 || opt->patch > 1024)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "batch %d, patch %d", opt->batch,
                            opt->patch);
    tr_trainer *t = mb_calloc(1, sizeof *t);
    if (!t) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "trainer");
    t->opt = *opt;
    if (t->opt.threads <= 0) t->opt.threads = mb_cpu_count();
    tr_schedule *s = &t->opt.sched;
    s->base_lr = opt->adam.lr;
    s->total = opt->steps;
    if (s->kind == TR_SCHED_MULTISTEP && s->n_milestones < 0) {
        static const double frac[4] = {0.5, 0.8, 0.9, 0.95};
        s->n_milestones = 0;
        for (int i = 0; i < 4; i++) {
            int64_t m = (int64_t)(frac[i] * (double)opt->steps);
            if (m >= 1 && (s->n_milestones == 0 || m > s->milestones[s->n_milestones - 1]))
                s->milestones[s->n_milestones++] = m;
        }
    }
    mambair_status st = tr_layout_build(cfg, &t->lay, err);
    if (st) {
        mb_free(t);
        return st;
    }
    size_t n = (size_t)t->lay.total;
    int C = cfg->in_chans, sc = cfg->upscale;
    size_t nin = (size_t)opt->batch * C * opt->patch * opt->patch, nout = nin * sc * sc;
    t->p = mb_calloc(n, sizeof(float));
    t->g = mb_calloc(n, sizeof(float));
    t->m = mb_calloc(n, sizeof(float));
    t->v = mb_calloc(n, sizeof(float));
    t->in = mb_calloc(nin, sizeof(float));
    t->target = mb_calloc(nout, sizeof(float));
    t->out = mb_calloc(nout, sizeof(float));
    t->gout = mb_calloc(nout, sizeof(float));
    if (!t->p || !t->g || !t->m || !t->v || !t->in || !t->target || !t->out || !t->gout) {
        tr_trainer_free(t);
        return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "trainer state");
    }
    t->nparts = MB_MIN(MB_MIN(t->opt.threads, opt->batch), TR_MAX_PARTS);
    for (int i = 0; i <= t->nparts; i++) t->part_b0[i] = (int)((int64_t)opt->batch * i / t->nparts);
    for (int i = 0; i < t->nparts; i++) {
        int nb = t->part_b0[i + 1] - t->part_b0[i];
        st = tr_net_create_f32(&t->lay, MB_MIN(nb, TR_CHUNK), opt->patch, opt->patch, 1, &t->net[i], err);
        if (!st && i > 0 && !(t->gpart[i] = mb_calloc(n, sizeof(float))))
            st = mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "trainer gradients");
        if (!st && opt->drop_path > 0) {
            if (!(t->drop[i] = mb_calloc((size_t)t->lay.n_blocks * nb, sizeof(float))) ||
                !(t->dropc[i] = mb_calloc((size_t)t->lay.n_blocks * TR_CHUNK, sizeof(float))))
                st = mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "trainer DropPath");
            else
                tr_net_set_drop_path_f32(t->net[i], t->dropc[i]);
        }
        if (st) {
            tr_trainer_free(t);
            return st;
        }
    }
    tr_layout_init(&t->lay, t->p, opt->seed, false);
    if (opt->ema > 0) {
        if (!(t->ema = mb_calloc(n, sizeof(float)))) {
            tr_trainer_free(t);
            return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "trainer moving average");
        }
        tr_trainer_ema_reset(t);
    }
    tr_rng_seed(&t->rng, opt->seed ^ 0xda7a5eedull);
    *out = t;
    return MAMBAIR_OK;
}

mambair_status tr_trainer_load(tr_trainer *t, const mb_tensordict *td, bool skip_head,
                               mambair_error *err) {
    mambair_status st = tr_layout_load(&t->lay, td, t->p, false, skip_head, err);
    tr_trainer_ema_reset(t);
    return st;
}

mambair_status tr_trainer_load_grown(tr_trainer *t, const mb_tensordict *td, bool skip_head,
                                     int n_src, mambair_error *err) {
    mambair_status st = tr_layout_load_grown(&t->lay, td, t->p, skip_head, n_src, err);
    tr_trainer_ema_reset(t);
    return st;
}

mambair_status tr_trainer_load_widened(tr_trainer *t, const mb_tensordict *td, mambair_error *err) {
    mambair_status st = tr_layout_load_widened(&t->lay, td, t->p, t->opt.seed ^ 0x77696465ull, err);
    tr_trainer_ema_reset(t);
    return st;
}

void tr_trainer_ema_reset(tr_trainer *t) {
    if (t->ema) memcpy(t->ema, t->p, (size_t)t->lay.total * sizeof(float));
}

void tr_trainer_swap_ema(tr_trainer *t) {
    if (!t->ema) return;
    float *p = t->p;
    t->p = t->ema;
    t->ema = p;
}

static void step_part(void *ctx, int ith, int nth) {
    tr_trainer *t = ctx;
    (void)nth;
    const tr_options *o = &t->opt;
    int C = t->lay.cfg.in_chans, s = t->lay.cfg.upscale;
    int64_t per_in = (int64_t)C * o->patch * o->patch, per_out = per_in * s * s;
    int64_t b0 = t->part_b0[ith], nb = t->part_b0[ith + 1] - b0;
    float *g = ith == 0 ? t->g : t->gpart[ith];
    memset(g, 0, (size_t)t->lay.total * sizeof(float));
    tr_net_f32 *net = t->net[ith];
    double loss = 0;
    for (int64_t c0 = 0; c0 < nb; c0 += TR_CHUNK) {
        int cb = (int)MB_MIN(TR_CHUNK, nb - c0);
        int64_t i0 = b0 + c0;
        if (t->drop[ith]) /* the chunk's columns of the part's {n_blocks, nb} scales */
            for (int k = 0; k < t->lay.n_blocks; k++)
                memcpy(t->dropc[ith] + (int64_t)k * cb, t->drop[ith] + k * nb + c0, (size_t)cb * sizeof(float));
        tr_net_set_batch_f32(net, cb);
        float *out = t->out + i0 * per_out, *gout = t->gout + i0 * per_out;
        tr_net_forward_f32(net, t->p, t->in + i0 * per_in, out);
        loss += tr_loss_planar_part_f32(&o->loss, cb, C, per_out / C, (int64_t)o->batch * per_out,
                                        out, t->target + i0 * per_out, gout);
        tr_net_backward_f32(net, t->p, gout, g, NULL);
    }
    t->part_loss[ith] = loss;
}

/* Sum of the parts' gradients into t->g, split over the threads by range. */
static void sum_parts(void *ctx, int ith, int nth) {
    tr_trainer *t = ctx;
    int64_t a, b;
    mb_split_range(t->lay.total, ith, nth, &a, &b);
    for (int i = 1; i < t->nparts; i++)
        for (int64_t j = a; j < b; j++) t->g[j] += t->gpart[i][j];
}

mambair_status tr_trainer_step(tr_trainer *t, const tr_data *data, double *loss) {
    const tr_options *o = &t->opt;
    mambair_status st =
        tr_data_sample(data, &t->rng, o->batch, o->patch, t->in, t->target, &t->error);
    if (st) return st;
    if (o->drop_path > 0) {
        /* timm drop_path: per image, keep with probability 1 - rate, scale by
         * 1/keep; rates linspace(0, drop_path) over the blocks */
        int nbk = t->lay.n_blocks;
        for (int k = 0; k < nbk; k++) {
            double rate = nbk > 1 ? o->drop_path * k / (nbk - 1) : o->drop_path, keep = 1 - rate;
            for (int i = 0; i < t->nparts; i++) {
                int nb = t->part_b0[i + 1] - t->part_b0[i];
                for (int j = 0; j < nb; j++)
                    t->drop[i][(int64_t)k * nb + j] =
                        rate <= 0 ? 1.0f : tr_rng_uniform(&t->rng) < keep ? (float)(1 / keep) : 0.0f;
            }
        }
    }
    if (t->nparts > 1) {
        /* BLAS single-threaded inside our threads; never nested */
        mb_gemm_set_threads(1);
        mb_pool_run(t->nparts, step_part, t);
        mb_pool_run(t->nparts, sum_parts, t);
    } else {
        mb_gemm_set_threads(o->threads);
        step_part(t, 0, 1);
    }
    double l = 0;
    for (int i = 0; i < t->nparts; i++) l += t->part_loss[i];
    t->step++;
    double lr = tr_schedule_lr(&o->sched, t->step);
    tr_adam_step_f32(&o->adam, lr, t->step, t->lay.total, t->p, t->g, t->m, t->v);
    if (t->ema) {
        /* the decay ramps up over the first steps of the average (as
         * TensorFlow's), so a short run's average is not its initial weights */
        double d = MB_MIN(o->ema, (1.0 + (double)t->step) / (10.0 + (double)t->step));
        float a = (float)d, b = (float)(1 - d);
        for (int64_t i = 0; i < t->lay.total; i++) t->ema[i] = a * t->ema[i] + b * t->p[i];
    }
    t->last_loss = l;
    if (loss) *loss = l;
    return MAMBAIR_OK;
}

static uint8_t to_u8(float v) {
    v = v < 0 ? 0 : v > 1 ? 1 : v;
    return (uint8_t)lrintf(v * 255);
}

mambair_status tr_trainer_validate(tr_trainer *t, const tr_data *val, double *psnr,
                                   mambair_error *err) {
    int C = t->lay.cfg.in_chans, s = t->lay.cfg.upscale, vp = t->opt.val_patch;
    *psnr = 0;
    if (val->count == 0) return MAMBAIR_OK;
    if (!t->vnet) {
        mambair_status st = tr_net_create_f32(&t->lay, 1, vp, vp, t->opt.threads, &t->vnet, err);
        if (st) return st;
        size_t nin = (size_t)C * vp * vp, nout = nin * s * s;
        t->vin = mb_calloc(nin, sizeof(float));
        t->vtarget = mb_calloc(nout, sizeof(float));
        t->vout = mb_calloc(nout, sizeof(float));
        if (!t->vin || !t->vtarget || !t->vout)
            return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "validation buffers");
    }
    int ow = vp * s;
    size_t np = (size_t)ow * ow;
    uint8_t *a = mb_malloc(np * C), *b = mb_malloc(np * C);
    if (!a || !b) {
        mb_free(a);
        mb_free(b);
        return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "validation buffers");
    }
    double sum = 0;
    int n = 0;
    mb_gemm_set_threads(t->opt.threads);
    for (int i = 0; i < val->count; i++) {
        int w, h;
        mambair_status st = tr_data_val_pair(val, i, vp, t->vin, t->vtarget, &w, &h, err);
        if (st) {
            mb_free(a);
            mb_free(b);
            return st;
        }
        if (w != vp || h != vp) continue; /* tr_data_add keeps only large enough images */
        tr_net_forward_f32(t->vnet, t->p, t->vin, t->vout);
        for (size_t j = 0; j < np; j++)
            for (int c = 0; c < C; c++) {
                a[j * C + c] = to_u8(t->vout[c * np + j]);
                b[j * C + c] = to_u8(t->vtarget[c * np + j]);
            }
        double v;
        st = s > 1 ? mb_metric_psnr_y(a, b, ow, ow, C, s, &v, err)
                   : mb_metric_psnr_rgb(a, b, ow, ow, C, 0, &v, err);
        if (st) {
            mb_free(a);
            mb_free(b);
            return st;
        }
        if (isinf(v)) v = 100;
        sum += v;
        n++;
    }
    mb_free(a);
    mb_free(b);
    *psnr = n ? sum / n : 0;
    t->last_psnr = *psnr;
    return MAMBAIR_OK;
}
