/* utf8.c — UTF-8 well-formedness (see utf8.h; table 3-7 of the Unicode standard). */
#include "utf8.h"

bool mb_utf8_valid(const uint8_t *s, size_t n, bool allow_surrogates, size_t *bad_at) {
    size_t i = 0;
    while (i < n) {
        const uint8_t b = s[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        int len;
        uint8_t lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
        if (b >= 0xC2 && b <= 0xDF) {
            len = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            len = 3;
            if (b == 0xE0) lo = 0xA0;                         /* overlong */
            if (b == 0xED && !allow_surrogates) hi = 0x9F;   /* U+D800..U+DFFF */
        } else if (b >= 0xF0 && b <= 0xF4) {
            len = 4;
            if (b == 0xF0) lo = 0x90; /* overlong */
            if (b == 0xF4) hi = 0x8F; /* above U+10FFFF */
        } else {
            goto bad; /* continuation byte, C0/C1 (overlong) or F5..FF */
        }
        if (n - i < (size_t)len || s[i + 1] < lo || s[i + 1] > hi) goto bad;
        for (int k = 2; k < len; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) goto bad;
        i += (size_t)len;
    }
    return true;
bad:
    if (bad_at) *bad_at = i;
    return false;
}
