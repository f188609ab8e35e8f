/*
 * paper-tiles.h — the fixed tiling of the official test script (SPEC §10),
 * which the paper's PSNR/SSIM were measured with. Because the state-space scan
 * is global, a different tiling gives (slightly) different numbers, so `eval`
 * uses this one to reproduce the tables.
 *
 * nh = H / 200 + 1 tiles down (nw likewise across); reflect-pad bottom/right to
 * multiples of nh, nw; tile size sh = H'/nh, overlap oh = sh / 10; each tile
 * runs alone; output block (i, j) is cut from tile (i, j) without blending;
 * finally cropped to H*s x W*s.
 */
#ifndef MB_IMAGE_PAPER_TILES_H
#define MB_IMAGE_PAPER_TILES_H

#include "base.h"

/* Runs the network on one tile: in {C, h, w} planar -> out {C, h*s, w*s}. */
typedef mambair_status (*mb_paper_tile_fn)(void *user, const float *in, int width, int height,
                                           float *out, mambair_error *err);

/* in {C, H, W} planar -> out {C, H*scale, W*scale}. tile = 200 for the paper. */
mambair_status mb_paper_tiles_run(const float *in, int channels, int width, int height, int scale,
                                  int tile, mb_paper_tile_fn fn, void *user, float *out,
                                  mambair_error *err);

#endif
