/* paper-tiles.c — the official test-time tiling (see paper-tiles.h, SPEC §10). */
#include "image/paper-tiles.h"

/* torch 'reflect' padding index: mirror without repeating the edge. */
static int reflect(int i, int n) {
    if (n == 1) return 0;
    int period = 2 * (n - 1);
    i %= period;
    if (i < 0) i += period;
    return i < n ? i : period - i;
}

mambair_status mb_paper_tiles_run(const float *in, int channels, int width, int height, int scale,
                                  int tile, mb_paper_tile_fn fn, void *user, float *out,
                                  mambair_error *err) {
    if (!in || !out || !fn || channels < 1 || width < 1 || height < 1 || scale < 1 || tile < 1)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "paper tiling: bad arguments");
    int nh = height / tile + 1, nw = width / tile + 1;
    int ph = height + (nh - height % nh) % nh, pw = width + (nw - width % nw) % nw;
    int sh = ph / nh, sw = pw / nw, oh = sh / 10, ow = sw / 10;
    if ((nh > 1 && (ph - height) >= height) || (nw > 1 && (pw - width) >= width))
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "paper tiling: image too small");
    int max_th = sh + 2 * oh, max_tw = sw + 2 * ow;
    size_t in_n, out_n;
    if (!mb_mul_size((size_t)channels * max_th, (size_t)max_tw, &in_n) ||
        !mb_mul_size(in_n, (size_t)scale * scale, &out_n))
        return mb_error_set(err, MAMBAIR_ERR_LIMIT, "paper tiling: tile too large");
    float *tin = mb_calloc(in_n, sizeof *tin), *tout = mb_calloc(out_n, sizeof *tout);
    mambair_status st = MAMBAIR_OK;
    if (!tin || !tout) {
        st = mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory for the tiles");
        goto done;
    }
    int OW = width * scale, OH = height * scale;
    for (int i = 0; i < nh && st == MAMBAIR_OK; i++)
        for (int j = 0; j < nw && st == MAMBAIR_OK; j++) {
            int y0 = i * sh - (i > 0 ? oh : 0), y1 = (i + 1) * sh + (i < nh - 1 ? oh : 0);
            int x0 = j * sw - (j > 0 ? ow : 0), x1 = (j + 1) * sw + (j < nw - 1 ? ow : 0);
            int th = y1 - y0, tw = x1 - x0;
            for (int c = 0; c < channels; c++)
                for (int y = 0; y < th; y++)
                    for (int x = 0; x < tw; x++)
                        tin[((size_t)c * th + y) * tw + x] =
                            in[((size_t)c * height + reflect(y0 + y, height)) * width +
                               reflect(x0 + x, width)];
            st = fn(user, tin, tw, th, tout, err);
            if (st != MAMBAIR_OK) break;
            int offy = (i > 0 ? oh : 0) * scale, offx = (j > 0 ? ow : 0) * scale;
            int tow = tw * scale, toh = th * scale;
            for (int c = 0; c < channels; c++)
                for (int y = 0; y < sh * scale; y++) {
                    int gy = i * sh * scale + y;
                    if (gy >= OH) break;
                    for (int x = 0; x < sw * scale; x++) {
                        int gx = j * sw * scale + x;
                        if (gx >= OW) break;
                        MB_ASSERT(offy + y < toh && offx + x < tow);
                        out[((size_t)c * OH + gy) * OW + gx] =
                            tout[((size_t)c * toh + offy + y) * tow + offx + x];
                    }
                }
        }
done:
    mb_free(tin);
    mb_free(tout);
    return st;
}
