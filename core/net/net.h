/*
 * net.h — the MambaIR v1 network on one image (or one tile), no tiling.
 *
 * mb_net_create() detects the configuration from the tensor names and shapes
 * (core/model/config.c), checks every tensor's shape, and repacks the weights
 * once into the layouts the kernels want. The net is immutable afterwards:
 * forward takes it const and may run in several threads at once, each with
 * its own workspace.
 *
 * Data: input and output are planar float (Cin x H x W, Cin x sH x sW),
 * values not clamped. All scratch memory lives in the caller's workspace of
 * mb_net_workspace_size() bytes: forward allocates nothing.
 */
#ifndef MB_NET_H
#define MB_NET_H

#include "../io/tensordict.h"

typedef struct mb_net mb_net;

/* Detect the configuration only (names and shapes, SPEC §2, §8). */
mambair_status mb_config_detect(const mb_tensordict *td, mambair_config *cfg, mambair_error *err);

mambair_status mb_net_create(const mb_tensordict *td, mb_net **out, mambair_error *err);
void mb_net_free(mb_net *net);
const mambair_config *mb_net_config(const mb_net *net);

/* Progress inside one forward: called after each of n_steps steps (stem,
 * each residual block, each group conv, head). Return non-zero to cancel;
 * forward then returns MAMBAIR_ERR_CANCELLED promptly. */
typedef int (*mb_step_fn)(void *user, int step, int n_steps);
int mb_net_n_steps(const mb_net *net);

/* Smallest view (input px, square) on which the network restores a picture
 * as well as on the whole of it; 0 when any tile of MB_TILE_AUTO_MIN px
 * does. The photo models (trained on photo degradations: metadata
 * "degrade" = "photo") judge how blurred, noisy and compressed the picture
 * is from what they see: on 64-128 px tiles they judge each tile apart and
 * lost 0.2 dB on the photo-degraded Kodak24 at x2 (1.3 dB on one picture)
 * against 192 px or the whole picture; the other built-in models, the
 * denoisers and the JPEG model included, measured the same on any tile. */
#define MB_NET_CONTEXT_PHOTO 192
int mb_net_context_px(const mb_net *net);

/* Bytes of workspace for a forward of an h x w input (0 if too large). The
 * size does not depend on n_threads: one workspace serves any thread count. */
size_t mb_net_workspace_size(const mb_net *net, int h, int w, int n_threads);

mambair_status mb_net_forward(const mb_net *net, const float *in, int h, int w, float *out,
                              void *workspace, int n_threads, mb_step_fn step, void *step_user,
                              mambair_error *err);

/* Tests only: when set, forward reports named intermediates of the first
 * block and of the head (the names of the golden intermediates, SPEC §12),
 * in the engine's own layout: tokens {L, C} channels-last, except
 * "31_output" (planar). Not thread-safe; NULL turns it off. */
typedef void (*mb_net_debug_fn)(void *user, const char *name, const float *data, int64_t n);
void mb_net_set_debug(mb_net_debug_fn fn, void *user);

#endif /* MB_NET_H */
