/*
 * preview-region.h — what the dialog's preview computes, as plain C (no GIMP,
 * GEGL or GLib) so tests/gimp/test-preview-region.c checks it without GIMP.
 *
 * The preview widget shows a window (vx, vy, vw, vh) of the drawable. The
 * preview always shows pixels of the *result* at 1:1:
 *   - denoise (s = 1): the restored window itself;
 *   - super-resolution (s > 1): a vw x vh window of the enlarged result,
 *     centred on the centre of the preview's window, so one screen pixel is
 *     one pixel of the final image. Its left half is the network's result,
 *     its right half the same pixels enlarged by repeating each input pixel
 *     s x s times (what Image > Scale Image with no interpolation gives), with
 *     a one-pixel grey line between them, so the gain is visible at a glance.
 * The network reads the input pixels under the window plus `pad` pixels of
 * context on each side (clipped to the drawable), as the full run would see
 * them.
 */
#ifndef MAMBAIR_PREVIEW_REGION_H
#define MAMBAIR_PREVIEW_REGION_H

typedef struct {
    int s;              /* scale: 1 denoise, 2..4 super-resolution          */
    int ox, oy, ow, oh; /* shown window of the result, result coordinates  */
    int px, py, pw, ph; /* input read (with context), drawable coordinates */
    int cx, cy;         /* (ox, oy) inside the network's {ph*s, pw*s} output */
    int split;          /* first column of the comparison half; ow if none */
} mb_pv_region;

/* Geometry for a dw x dh drawable and the preview window (vx, vy, vw, vh),
 * which must lie inside the drawable. Returns 0, or -1 when the sizes are
 * not positive or the window is outside the drawable. */
int mb_pv_region_for(int dw, int dh, int s, int pad, int vx, int vy, int vw, int vh,
                     mb_pv_region *r);

/* The shown window as interleaved {oh, ow, cc + has_alpha} floats:
 *   net   the network's output for the input read, planar {cc, ph*s, pw*s};
 *   in    the input read, interleaved {ph, pw, cc + has_alpha};
 *   alpha the enlarged alpha of the input read {ph*s, pw*s} (NULL if none);
 * left of r->split from `net`, from column r->split + 1 on the input pixel
 * repeated s x s times, the split column mid-grey and opaque. */
void mb_pv_compose(const mb_pv_region *r, const float *net, const float *in, int cc,
                   int has_alpha, const float *alpha, float *out);

#endif /* MAMBAIR_PREVIEW_REGION_H */
