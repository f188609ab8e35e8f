/*
 * net-train.h — the whole MambaIR v1 network for training: a forward that
 * keeps every activation the backward needs, and the exact backward of
 * every parameter and of the input. Built in float (training) and double
 * (gradient checks); see real.h.
 *
 * A tr_net is made for one batch shape (B images of H x W, LR size) and owns
 * all activation and scratch memory, allocated once: a step allocates
 * nothing. Parameters and gradients are flat arrays in the tr_layout order;
 * the net only reads parameters, and ADDS into gradients (zero them first).
 *
 * Images are planar: in {B, Cin, H, W}, out {B, Cin, sH, sW}, gradients alike.
 * DropPath is off unless set (eval-mode semantics, as the gradient oracles).
 */
#ifndef MB_TRAIN_NET_H
#define MB_TRAIN_NET_H

#include "layout.h"

typedef struct tr_net_f32 tr_net_f32;
typedef struct tr_net_f64 tr_net_f64;

mambair_status tr_net_create_f32(const tr_layout *lay, int B, int H, int W, int n_threads,
                                 tr_net_f32 **out, mambair_error *err);
void tr_net_free_f32(tr_net_f32 *net);
/* Bytes of activations and scratch held by the net. */
size_t tr_net_bytes_f32(const tr_net_f32 *net);
void tr_net_forward_f32(tr_net_f32 *net, const float *p, const float *in, float *out);
/* After a forward with the same p and in: g += dL/dp, gin (may be NULL) = dL/din. */
void tr_net_backward_f32(tr_net_f32 *net, const float *p, const float *gout, float *g,
                         float *gin);

/* DropPath (stochastic depth) on the SS2D branch of each block (SPEC §5):
 * scale {n_blocks, B}, entry 0 (dropped) or 1/keep; NULL = off (eval mode,
 * the default). The array belongs to the caller and must stay valid. */
void tr_net_set_drop_path_f32(tr_net_f32 *net, const float *scale);

/* Run the next forward/backward on B images, 1 <= B <= the B the net was made
 * for (the buffers are sized for that): the last, smaller chunk of a batch. */
void tr_net_set_batch_f32(tr_net_f32 *net, int B);
void tr_net_set_drop_path_f64(tr_net_f64 *net, const double *scale);
void tr_net_set_batch_f64(tr_net_f64 *net, int B);

mambair_status tr_net_create_f64(const tr_layout *lay, int B, int H, int W, int n_threads,
                                 tr_net_f64 **out, mambair_error *err);
void tr_net_free_f64(tr_net_f64 *net);
size_t tr_net_bytes_f64(const tr_net_f64 *net);
void tr_net_forward_f64(tr_net_f64 *net, const double *p, const double *in, double *out);
void tr_net_backward_f64(tr_net_f64 *net, const double *p, const double *gout, double *g,
                         double *gin);

#endif
