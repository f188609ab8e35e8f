/* jpeg-settings.c — the JPEG quality in GIMP's "jpeg-settings" parasite (see jpeg-settings.h). */
#include "jpeg-settings.h"

#include <stdint.h>

#include "mambair.h"

int mb_pl_jpeg_settings_quality(const unsigned char *data, size_t size) {
    if (!data || size < 4) return 0;
    int quality = data[1], components = data[2], tables = data[3];
    if (components > 4 || tables > 4) return 0;
    size_t need = 4 + (size_t)components * 2 + (size_t)tables * 128;
    if (size < need) return 0;
    if (tables > 0) {
        const unsigned char *t = data + 4 + (size_t)components * 2;
        uint16_t steps[64];
        for (int i = 0; i < 64; i++) steps[i] = (uint16_t)(t[2 * i] << 8 | t[2 * i + 1]);
        return mambair_jpeg_quality(steps);
    }
    return quality >= 1 && quality <= 100 ? quality : 0;
}
