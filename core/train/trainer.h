/*
 * trainer.h — one MambaIR training run in memory: parameters, Adam state,
 * the random stream, and the batch network. The tool feeds it images and
 * decides when to validate and save.
 *
 *     tr_trainer *t;
 *     tr_trainer_create(&cfg, &opt, &t, &err);      // fresh init from opt.seed
 *     tr_trainer_load(t, td, skip_head, &err);      // optional: fine-tune
 *     while (t->step < opt.steps) tr_trainer_step(t, &data, &loss);
 *     tr_checkpoint_save(t, "ckpt.safetensors", true, meta, &err);
 *
 * A checkpoint holds the weights under their state-dict names (loadable by
 * the inference engine), and with `with_optimizer` the Adam moments as
 * "optim.exp_avg.<name>" / "optim.exp_avg_sq.<name>" plus the step and the
 * random state in the metadata, so that tr_checkpoint_resume() continues the
 * run bit for bit.
 */
#ifndef MB_TRAIN_TRAINER_H
#define MB_TRAIN_TRAINER_H

#include "adam.h"
#include "data.h"
#include "layout.h"
#include "loss.h"
#include "net-train.h"
#include "rng.h"

typedef struct tr_options {
    int batch;          /* images per step; default 16                          */
    int patch;          /* LR crop side; default 48                             */
    int64_t steps;      /* total steps of the run                               */
    tr_loss loss;       /* L1 (SR) or Charbonnier 1e-3 (denoise)                */
    tr_adam adam;       /* lr 2e-4, betas (0.9, 0.99), eps 1e-8                  */
    tr_schedule sched;  /* multistep (milestones at 50/80/90/95 %) or cosine     */
    uint64_t seed;      /* initialisation and data                               */
    int threads;        /* default 0 = all cores                                 */
    int val_patch;      /* LR side of the validation crops; default 96          */
    double drop_path;   /* stochastic depth of the last block (0 .. rate linearly
                           over the blocks, as the official 0.1); default 0 = off */
    double ema;         /* decay of an exponential moving average of the weights,
                           kept beside them (e.g. 0.999); default 0 = none       */
} tr_options;

void tr_options_default(tr_options *o);

#define TR_MAX_PARTS 64
/* Images per forward/backward: 2-4 images of 48x48 measured 5% faster per
 * image than 16 at once (the tensors of a chunk are 1/4 the size). */
#define TR_CHUNK 4

typedef struct tr_trainer {
    tr_layout lay;
    tr_options opt;
    float *p, *g, *m, *v;  /* flat, lay.total each                  */
    float *ema;            /* moving average of p, or NULL (opt.ema 0) */
    int64_t step;          /* steps done                            */
    tr_rng rng;            /* data stream                           */
    /* The batch is split into one part per thread; each part runs forward
     * and backward on its own network with single-threaded BLAS, so every
     * op is parallel, and the gradients are summed in a fixed order. A part
     * runs its images in chunks of at most TR_CHUNK (forward and backward of
     * one chunk, then the next, gradients accumulated): the activations of a
     * chunk stay closer to the caches, and memory is a chunk's, not a part's. */
    int nparts;
    int part_b0[TR_MAX_PARTS + 1]; /* part i: images part_b0[i] .. part_b0[i+1]-1 */
    tr_net_f32 *net[TR_MAX_PARTS];
    float *gpart[TR_MAX_PARTS];    /* gradients of parts 1.. (part 0 uses g) */
    double part_loss[TR_MAX_PARTS];
    float *dropc[TR_MAX_PARTS];    /* DropPath scales of the running chunk */
    float *drop[TR_MAX_PARTS];     /* DropPath scales {n_blocks, part batch}, or NULL */
    float *in, *target, *out, *gout;
    tr_net_f32 *vnet;      /* validation (batch 1, val_patch), lazily */
    float *vin, *vtarget, *vout;
    double last_loss;      /* loss of the last step                 */
    double last_psnr;      /* last validation PSNR, 0 if none       */
    mambair_error error;   /* why the last tr_trainer_step failed   */
} tr_trainer;

mambair_status tr_trainer_create(const mambair_config *cfg, const tr_options *opt,
                                 tr_trainer **out, mambair_error *err);
void tr_trainer_free(tr_trainer *t);

/* Parameters from a loaded model (fine-tuning). With skip_head the head is
 * left at its fresh initialisation (another scale). */
mambair_status tr_trainer_load(tr_trainer *t, const mb_tensordict *td, bool skip_head,
                               mambair_error *err);
/* The same into a deeper model: td has the first n_src of t's groups, the
 * others start as the identity (see tr_layout_load_grown). */
mambair_status tr_trainer_load_grown(tr_trainer *t, const mb_tensordict *td, bool skip_head,
                                     int n_src, mambair_error *err);

/* The same into a model twice as wide (see tr_layout_load_widened). */
mambair_status tr_trainer_load_widened(tr_trainer *t, const mb_tensordict *td, mambair_error *err);

/* Restart the moving average at the current weights (after loading). */
void tr_trainer_ema_reset(tr_trainer *t);

/* Exchange the weights and their moving average, so that validation and
 * saving see the average; call again to swap back. No-op without EMA. */
void tr_trainer_swap_ema(tr_trainer *t);

/* One step: sample a batch, forward, loss, backward, Adam, moving average.
 * Fails (t->error says why, nothing changed but the random state) only when
 * memory runs out while making the batch. */
mambair_status tr_trainer_step(tr_trainer *t, const tr_data *data, double *loss);

/* Mean PSNR over the validation images (RGB, or Y for SR as BasicSR with
 * crop = scale), outputs clamped and rounded to 8 bits. */
mambair_status tr_trainer_validate(tr_trainer *t, const tr_data *val, double *psnr,
                                   mambair_error *err);

/* Save weights (+ optimizer and run state). meta: extra key/value pairs,
 * NULL-terminated list (may be NULL). Written atomically. */
mambair_status tr_checkpoint_save(const tr_trainer *t, const char *path, bool with_optimizer,
                                  const char *const *meta, mambair_error *err);

/* Restore weights, Adam moments, step and random state saved with the
 * optimizer. The trainer must have been created with the same configuration. */
mambair_status tr_checkpoint_resume(tr_trainer *t, const mb_tensordict *td, mambair_error *err);

#endif
