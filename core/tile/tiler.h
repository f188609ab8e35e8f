/*
 * tiler.h — run the network on an image of any size: tiles with overlap
 * blending, memory budget, threads, progress, cancel, self-ensemble.
 */
#ifndef MB_TILER_H
#define MB_TILER_H

#include "../net/net.h"

/* Same contract as mambair_run() (options already defaulted by the caller). */
mambair_status mb_tiler_run(const mb_net *net, const float *in, int width, int height,
                            float *out, const mambair_run_options *opt, mambair_error *err);

size_t mb_tiler_memory_estimate(const mb_net *net, int width, int height,
                                const mambair_run_options *opt);

#endif /* MB_TILER_H */
