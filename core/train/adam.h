/*
 * adam.h — Adam exactly as torch.optim.Adam (1.13, single-tensor path,
 * amsgrad off, no weight decay), with t counted from 1:
 *     m = b1 m + (1 - b1) g;   v = b2 v + (1 - b2) g^2
 *     p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * and the learning-rate schedules of the official configs (MultiStepLR,
 * gamma 0.5) or cosine annealing.
 */
#ifndef MB_TRAIN_ADAM_H
#define MB_TRAIN_ADAM_H

#include <stdint.h>

typedef struct tr_adam {
    double lr, beta1, beta2, eps;
} tr_adam;

/* Official settings: lr 2e-4, betas (0.9, 0.99), eps 1e-8. */
void tr_adam_default(tr_adam *a);

/* One step t (>= 1) over n parameters. */
void tr_adam_step_f32(const tr_adam *a, double lr, int64_t t, int64_t n, float *p, const float *g,
                      float *m, float *v);
void tr_adam_step_f64(const tr_adam *a, double lr, int64_t t, int64_t n, double *p,
                      const double *g, double *m, double *v);

#define TR_MAX_MILESTONES 8

typedef enum tr_sched_kind { TR_SCHED_MULTISTEP = 0, TR_SCHED_COSINE } tr_sched_kind;

typedef struct tr_schedule {
    tr_sched_kind kind;
    double base_lr;
    int64_t total;                        /* steps of the run (cosine period) */
    int n_milestones;                     /* multistep: lr *= gamma at each   */
    int64_t milestones[TR_MAX_MILESTONES];
    double gamma;                         /* 0.5 in the official configs      */
    double min_lr;                        /* cosine floor                     */
} tr_schedule;

/* Learning rate for step t (1-based), as the schedulers set it before the step. */
double tr_schedule_lr(const tr_schedule *s, int64_t t);

/* Parse "multistep:M1,M2,..." (steps) or "cosine"; 0 on success. */
int tr_schedule_parse(const char *str, tr_schedule *s);

#endif
