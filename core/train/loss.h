/*
 * loss.h — the training losses, BasicSR definitions (reduction "mean"):
 *   L1:          mean |o - t|,              d/do = sign(o - t) / n (0 at 0)
 *   Charbonnier: mean sqrt((o - t)^2 + eps), d/do = (o - t) / sqrt(...) / n
 * BasicSR adds eps unsquared; the official denoising configs use eps = 1e-3.
 * The loss is summed in double; the gradient is written (not added) to g.
 */
#ifndef MB_TRAIN_LOSS_H
#define MB_TRAIN_LOSS_H

#include <stdint.h>

typedef enum tr_loss_kind { TR_LOSS_L1 = 0, TR_LOSS_CHARBONNIER } tr_loss_kind;

typedef struct tr_loss {
    tr_loss_kind kind;
    double eps; /* Charbonnier only */
} tr_loss;

/* Parse "l1", "charbonnier" (eps 1e-3) or "charbonnier:EPS". 0 on success. */
int tr_loss_parse(const char *s, tr_loss *out);
/* "l1" or "charbonnier:0.001" */
void tr_loss_describe(const tr_loss *l, char *buf, int size);

double tr_loss_f32(const tr_loss *l, int64_t n, const float *o, const float *t, float *g);
double tr_loss_f64(const tr_loss *l, int64_t n, const double *o, const double *t, double *g);
/* Part of a batch: sums over these n values but divides by `total` (the
 * whole batch's count); the parts' losses add up to the batch loss. */
double tr_loss_part_f32(const tr_loss *l, int64_t n, int64_t total, const float *o, const float *t,
                        float *g);

#endif
