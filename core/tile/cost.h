/*
 * cost.h — how long the network takes on one tile, predicted from its
 * configuration, so the planner (budget.c) can compare tilings by time.
 *
 * The model (docs/tiling.md "Cost model"): a forward of an h x w tile costs
 *   L * (multiply-adds * k_mac + scan updates * k_scan) / threads
 * + L * bytes streamed per pixel * k_byte(working set)
 * + pool barriers * k_sync,
 * with L = h * w, and a run adds first touching the memory it allocates
 * (mb_tile_cost_touch) and assembling the output. Every count comes from the
 * configuration (channels, depths, d_state, d_inner, dt_rank, head, scale);
 * the constants k_* are a machine's, fitted to bench/bench-tiles and
 * `mambair bench --sweep` on the 2-core AVX-512 VM of the README's photo
 * rows. k_byte rises smoothly from a cache value to a memory value as the
 * working set (the workspace) outgrows the caches, past ~128 MB. What made
 * the whole image and large tiles slow there was mostly the first touch of
 * their memory. The unit is seconds; only the ratios between plans matter.
 */
#ifndef MB_TILE_COST_H
#define MB_TILE_COST_H

#include "../base.h"

/* Predicted seconds of one forward on an h x w tile with n_threads. */
double mb_tile_cost_forward(const mambair_config *cfg, int h, int w, int n_threads);

/* Predicted seconds to first touch `bytes` of freshly allocated memory (page
 * faults): paid once per run for the workspace and buffers. */
double mb_tile_cost_touch(size_t bytes);

/* Predicted seconds to blend tiles into `out_floats` output values and stage
 * them (in RAM, or through a temporary file). */
double mb_tile_cost_assemble(double out_floats, bool file);

#endif
