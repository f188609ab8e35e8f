/*
 * loss.h — the training losses, BasicSR definitions (reduction "mean"):
 *   L1:          mean |o - t|,              d/do = sign(o - t) / n (0 at 0)
 *   Charbonnier: mean sqrt((o - t)^2 + eps), d/do = (o - t) / sqrt(...) / n
 * BasicSR adds eps unsquared; the official denoising configs use eps = 1e-3.
 * The loss is summed in double; the gradient is written (not added) to g.
 *
 * Luma term ("BASE+luma:A", colour only): A times the same function of the
 * luma residual dY = 0.299 dR + 0.587 dG + 0.114 dB (BT.601) is added per
 * pixel, still divided by the number of values. The SR benchmarks score Y
 * alone and the eye sees luma detail before colour, so the term spends the
 * network's capacity where both look; the colour channels keep their own
 * term, so chroma is still learnt.
 */
#ifndef MB_TRAIN_LOSS_H
#define MB_TRAIN_LOSS_H

#include <stdint.h>

typedef enum tr_loss_kind { TR_LOSS_L1 = 0, TR_LOSS_CHARBONNIER } tr_loss_kind;

typedef struct tr_loss {
    tr_loss_kind kind;
    double eps;  /* Charbonnier only */
    double luma; /* weight of the luma term, 0: none */
} tr_loss;

/* Parse "l1", "charbonnier" (eps 1e-3) or "charbonnier:EPS", each optionally
 * followed by "+luma:A" (0 < A <= 100). 0 on success. */
int tr_loss_parse(const char *s, tr_loss *out);
/* "l1", "charbonnier:0.001", "charbonnier:0.1+luma:3" */
void tr_loss_describe(const tr_loss *l, char *buf, int size);

double tr_loss_f32(const tr_loss *l, int64_t n, const float *o, const float *t, float *g);
double tr_loss_f64(const tr_loss *l, int64_t n, const double *o, const double *t, double *g);
/* Part of a batch: sums over these n values but divides by `total` (the
 * whole batch's count); the parts' losses add up to the batch loss. */
double tr_loss_part_f32(const tr_loss *l, int64_t n, int64_t total, const float *o, const float *t,
                        float *g);

/* A chunk of n images, each planar {C, plane}: the base loss over every
 * value plus, when l->luma > 0 and C == 3, the luma term over every pixel;
 * divided by `total` values as tr_loss_part_f32. Without a luma term it is
 * tr_loss_part_f32 over n * C * plane values. */
double tr_loss_planar_part_f32(const tr_loss *l, int64_t n, int C, int64_t plane, int64_t total,
                               const float *o, const float *t, float *g);

#endif
