/* jpeg-quality.c — the quality a JPEG was saved at, from its luminance
 * quantisation table, and which built-in enlargement model suits it. */
#include "base.h"

/* ITU-T T.81 Annex K.1, the luminance table every libjpeg-based encoder
 * scales by its quality setting; natural (row-major) order. */
static const uint16_t annex_k_luma[64] = {
    16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
    14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
    18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};

/* One entry of the table libjpeg makes for `quality` (jpeg_quality_scaling,
 * then jpeg_add_quant_table with force_baseline): the IJG formula. */
static int ijg_entry(int base, int quality) {
    int scale = quality < 50 ? 5000 / quality : 200 - 2 * quality;
    long v = ((long)base * scale + 50) / 100;
    return v < 1 ? 1 : v > 255 ? 255 : (int)v;
}

int mambair_jpeg_quality(const uint16_t table[64]) {
    if (!table) return 0;
    for (int i = 0; i < 64; i++)
        if (table[i] == 0) return 0; /* no JPEG encoder writes a zero step */
    /* the setting whose table is nearest: the exact setting for libjpeg's
     * own tables, the equivalent one for an encoder with tables of its own
     * (cameras, other libraries); from 100 down, so a tie keeps the higher */
    int best = 100;
    long best_d = -1;
    for (int q = 100; q >= 1; q--) {
        long d = 0;
        for (int i = 0; i < 64; i++) d += labs((long)table[i] - ijg_entry(annex_k_luma[i], q));
        if (best_d < 0 || d < best_d) {
            best_d = d;
            best = q;
        }
    }
    return best;
}

int mambair_photo_max_jpeg_quality(int scale) {
    switch (scale) {
    case 2: return MAMBAIR_PHOTO_MAX_JPEG_QUALITY_X2;
    case 3: return MAMBAIR_PHOTO_MAX_JPEG_QUALITY_X3;
    case 4: return MAMBAIR_PHOTO_MAX_JPEG_QUALITY_X4;
    default: return 0;
    }
}

mambair_source mambair_source_for_jpeg_quality(int quality, int scale) {
    return quality >= 1 && quality <= mambair_photo_max_jpeg_quality(scale) ? MAMBAIR_SOURCE_PHOTO
                                                                            : MAMBAIR_SOURCE_CLEAN;
}
