/*
 * cost.h — how long the network takes on one tile, predicted from its
 * configuration, so the planner (budget.c) can compare tilings by time.
 *
 * The model (docs/tiling.md "Cost model"): a forward of an h x w tile costs
 *   L * (multiply-adds * k_mac + scan updates * k_scan) / threads
 * + L * bytes streamed per pixel * k_byte(working set)
 * + pool barriers * k_sync,
 * with L = h * w. Every count comes from the configuration (channels, depth,
 * d_state, head, scale); the constants k_* are the machine's, fitted to
 * bench/bench-tiles on the 2-core AVX-512 machine of the README. k_byte rises
 * smoothly from a cache value to a memory value as the working set (the
 * workspace) outgrows the caches: that is what makes large tiles slower per
 * pixel. The unit is seconds, but only the ratios between plans matter.
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
