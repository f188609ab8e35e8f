/*
 * preview-region.h — what the dialog's preview computes and shows, as plain
 * C (no GIMP, GEGL or GLib) so tests/gimp/test-preview-region.c checks it
 * without GIMP.
 *
 * The preview shows pixels of the *result* (the enlarged image for
 * super-resolution, the restored one for denoising) at a zoom the user
 * picks, 100 % by default: one screen pixel is one pixel of the final image.
 * A vertical split divides it: left of the split "before" (for enlarging,
 * the same pixels enlarged by GIMP's best interpolation; for denoising, the
 * original), right of it "after" (the network's result). The user drags the
 * split, and pans by dragging elsewhere.
 *
 * The network reads the input pixels under the shown window plus `pad`
 * pixels of context on each side (clipped to the drawable), as the full run
 * would see them.
 */
#ifndef MAMBAIR_PREVIEW_REGION_H
#define MAMBAIR_PREVIEW_REGION_H

#include <stdint.h>

/* Which part of the result a view of vw x vh screen pixels shows at `zoom`
 * (screen pixels per result pixel), centred on (cx, cy) in result
 * coordinates of an rw x rh result. */
typedef struct {
    double x0, y0;       /* result coordinate at the view's top-left corner;
                            negative when the result is smaller than the view
                            (it is then centred)                             */
    double cx, cy;       /* the centre, kept where the whole view has pixels */
    int ox, oy, ow, oh;  /* result pixels at least partly visible            */
} mb_pv_view;

void mb_pv_view_for(int rw, int rh, int vw, int vh, double zoom, double cx, double cy,
                    mb_pv_view *v);

typedef struct {
    int s;              /* scale: 1 denoise, 2..4 super-resolution          */
    int ox, oy, ow, oh; /* shown window of the result, result coordinates  */
    int px, py, pw, ph; /* input read (with context), drawable coordinates */
    int cx, cy;         /* (ox, oy) inside the network's {ph*s, pw*s} output */
} mb_pv_region;

/* Geometry for a dw x dh drawable, scale s and the window (ox, oy, ow, oh)
 * of the dw*s x dh*s result, which must lie inside the result. Returns 0, or
 * -1 when a size is not positive or the window is not inside the result. */
int mb_pv_region_for(int dw, int dh, int s, int pad, int ox, int oy, int ow, int oh,
                     mb_pv_region *r);

/* "After": the window of the network's output, planar {cc, ph*s, pw*s}, with
 * the enlarged alpha {ph*s, pw*s} (NULL if none) -> interleaved
 * {oh, ow, cc + (alpha != NULL)}. */
void mb_pv_after(const mb_pv_region *r, const float *net, int cc, const float *alpha,
                 float *out);

/* "Before" when nothing is enlarged (s = 1): the window of the input read,
 * interleaved {ph, pw, nc} -> {oh, ow, nc}. */
void mb_pv_before_crop(const mb_pv_region *r, const float *in, int nc, float *out);

/* Where the selection mask (0..255 per pixel, {h, w}) is 0 the run changes
 * nothing: after = before there, blended along soft edges. */
void mb_pv_apply_mask(float *after, const float *before, const uint8_t *mask, int w, int h,
                      int nc);

/* Interleaved perceptual floats {h, w, cc + has_alpha} (cc 1 or 3) ->
 * 0x00RRGGBB words for the screen, transparency shown over a grey
 * checkerboard of 8-pixel squares aligned to result pixel (x0, y0). */
void mb_pv_to_screen(const float *px, int w, int h, int cc, int has_alpha, int x0, int y0,
                     uint32_t *out);

#endif /* MAMBAIR_PREVIEW_REGION_H */
