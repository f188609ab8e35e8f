/* test-jpeg.c — core/image/jpeg.c makes real baseline JPEG streams with the
 * standard tables, read back from the bytes here without libjpeg:
 *  - DQT: the ITU-T T.81 Annex K tables (typed below from the standard, in
 *    natural order) scaled by the IJG quality formula (q < 50: 5000 / q,
 *    else 200 - 2q; (t * s + 50) / 100 clamped to 1..255), stored in zigzag
 *    order, for several qualities;
 *  - SOF0 (baseline): 3 components 2x2, 1x1, 1x1 (4:2:0) for colour, one for
 *    gray; DHT: the standard luminance DC table (Annex K.3);
 *  - decoding: quality orders the error, the 8x8 grid shows in the result,
 *    truncated or mismatched streams are refused, bad arguments too. */
#include "image-test.h"
#include "image/jpeg.h"

#include <math.h>

static const int annex_k_luma[64] = {
    16, 11, 10, 16, 24,  40,  51,  61,  12, 12, 14, 19, 26,  58,  60,  55,
    14, 13, 16, 24, 40,  57,  69,  56,  14, 17, 22, 29, 51,  87,  80,  62,
    18, 22, 37, 56, 68,  109, 103, 77,  24, 35, 55, 64, 81,  104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
static const int annex_k_chroma[64] = {
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
    24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};
/* zigzag position k -> natural index (T.81 figure 5) */
static const int zigzag[64] = {
    0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,  12, 19, 26, 33, 40, 48,
    41, 34, 27, 20, 13, 6,  7,  14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23,
    30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

static int ijg_scaled(int t, int q) {
    int s = q < 50 ? 5000 / q : 200 - 2 * q;
    int v = (t * s + 50) / 100;
    return v < 1 ? 1 : v > 255 ? 255 : v;
}

/* A smooth colour image with an edge: real content for the codec. */
static void make_image(uint8_t *px, int w, int h, int C) {
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            for (int c = 0; c < C; c++) {
                double v = 120 + 60 * sin(x * 0.13 + c) * cos(y * 0.09) + (x > w / 2 ? 40 : -20);
                px[((size_t)y * w + x) * C + c] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
            }
}

static double psnr(const uint8_t *a, const uint8_t *b, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; i++) s += (double)(a[i] - b[i]) * (a[i] - b[i]);
    return 10 * log10(255.0 * 255.0 * n / s);
}

/* Walk the markers up to SOS; check tables and frame. */
static void check_stream(const uint8_t *d, size_t n, int C, int q) {
    CHECK(n > 4 && d[0] == 0xff && d[1] == 0xd8, "no SOI");
    CHECK(d[n - 2] == 0xff && d[n - 1] == 0xd9, "no EOI at the end");
    int tables = 0, sof = 0, dc_luma = 0;
    size_t i = 2;
    while (i + 4 <= n && d[i] == 0xff && d[i + 1] != 0xda) {
        int m = d[i + 1];
        size_t len = (size_t)d[i + 2] << 8 | d[i + 3];
        const uint8_t *p = d + i + 4, *end = d + i + 2 + len;
        if (m == 0xdb) { /* DQT: Pq/Tq, 64 zigzag values (8-bit: baseline) */
            while (p < end) {
                int pq = p[0] >> 4, tq = p[0] & 15;
                CHECK(pq == 0, "DQT precision %d (baseline is 8-bit)", pq);
                const int *base = tq == 0 ? annex_k_luma : annex_k_chroma;
                for (int k = 0; k < 64; k++) {
                    int want = ijg_scaled(base[zigzag[k]], q);
                    CHECK(p[1 + k] == want, "q %d table %d zigzag %d: %d, Annex K scaled %d", q, tq,
                          k, p[1 + k], want);
                }
                tables++;
                p += 65;
            }
        } else if (m == 0xc0) { /* SOF0: P, Y, X, Nf, {C, H<<4|V, Tq} */
            sof = 1;
            CHECK(p[0] == 8 && p[5] == C, "SOF0 precision %d, %d components", p[0], p[5]);
            for (int c = 0; c < p[5]; c++) {
                int hv = p[6 + 3 * c + 1], want = C == 3 && c == 0 ? 0x22 : 0x11;
                CHECK(hv == want, "component %d sampling %02x, expected %02x", c, hv, want);
            }
        } else if (m >= 0xc1 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
            CHECK(0, "frame type %02x is not baseline", m);
        } else if (m == 0xc4) { /* DHT: standard luminance DC counts (K.3) */
            static const int bits[16] = {0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
            if (p[0] == 0x00) {
                dc_luma = 1;
                for (int k = 0; k < 16; k++) CHECK(p[1 + k] == bits[k], "DC luma bits[%d] %d", k, p[1 + k]);
            }
        }
        i += 2 + len;
    }
    CHECK(tables == (C == 3 ? 2 : 1), "%d quantisation tables", tables);
    CHECK(sof && dc_luma, "SOF0 %d, standard DC table %d", sof, dc_luma);
}

int main(void) {
    int w = 45, h = 37; /* not multiples of 8 or 16: partial blocks */
    static uint8_t img[45 * 37 * 3], out[45 * 37 * 3], out2[45 * 37 * 3];
    mambair_error err;
    for (int C = 1; C <= 3; C += 2) {
        make_image(img, w, h, C);
        double prev = 0;
        const int qs[] = {5, 10, 30, 50, 75, 95};
        for (int k = 0; k < 6; k++) {
            uint8_t *d;
            size_t n;
            int q = qs[k];
            CHECK(mb_jpeg_encode_u8(img, w, h, C, q, &d, &n, &err) == MAMBAIR_OK, "encode: %s", err.message);
            check_stream(d, n, C, q);
            int pw, ph, pc;
            CHECK(mb_jpeg_probe(d, n, &pw, &ph, &pc, &err) == MAMBAIR_OK && pw == w && ph == h && pc == C,
                  "probe %dx%dx%d", pw, ph, pc);
            CHECK(mb_jpeg_decode_u8(d, n, w, h, C, out, &err) == MAMBAIR_OK, "decode: %s", err.message);
            CHECK(mb_jpeg_roundtrip_u8(img, w, h, C, q, out2, &err) == MAMBAIR_OK &&
                      !memcmp(out, out2, (size_t)w * h * C),
                  "roundtrip differs from encode + decode");
            double p = psnr(img, out, (size_t)w * h * C);
            CHECK(p > prev, "C %d q %d: PSNR %.2f not above q %d's %.2f", C, q, p, k ? qs[k - 1] : 0, prev);
            printf("C %d q %2d: %zu bytes, PSNR %.2f dB\n", C, q, n, p);
            prev = p;
            /* a truncated stream is refused, not padded */
            CHECK(mb_jpeg_decode_u8(d, n / 2, w, h, C, out2, &err) != MAMBAIR_OK, "truncated accepted");
            CHECK(mb_jpeg_decode_u8(d, n, w + 1, h, C, out2, &err) != MAMBAIR_OK, "wrong size accepted");
            CHECK(mb_jpeg_decode_u8(d, n, w, h, 4 - C, out2, &err) != MAMBAIR_OK, "wrong channels accepted");
            free(d);
        }
    }
    /* the 8x8 grid: at q 10, a smooth ramp (no edge) steps more across block
     * boundaries than inside blocks */
    {
        enum { S = 64 };
        static uint8_t r[S * S], o[S * S];
        for (int y = 0; y < S; y++)
            for (int x = 0; x < S; x++) r[y * S + x] = (uint8_t)(40 + 2 * x + y);
        CHECK(mb_jpeg_roundtrip_u8(r, S, S, 1, 10, o, &err) == MAMBAIR_OK, "%s", err.message);
        double across = 0, inside = 0;
        int na = 0, ni = 0;
        for (int y = 0; y < S; y++)
            for (int x = 0; x + 1 < S; x++) {
                double dd = fabs((double)o[y * S + x + 1] - o[y * S + x] - 2);
                if ((x + 1) % 8 == 0) across += dd, na++;
                else inside += dd, ni++;
            }
        across /= na;
        inside /= ni;
        CHECK(across > 2 * inside, "block grid not visible: %.3f across, %.3f inside", across, inside);
        printf("q 10 ramp: mean step error %.3f across block edges, %.3f inside\n", across, inside);
    }
    CHECK(mb_jpeg_encode_u8(img, w, h, 3, 0, &(uint8_t *){0}, &(size_t){0}, &err) != MAMBAIR_OK, "q 0");
    CHECK(mb_jpeg_encode_u8(img, w, h, 2, 50, &(uint8_t *){0}, &(size_t){0}, &err) != MAMBAIR_OK, "2 channels");
    CHECK(mb_jpeg_encode_u8(img, 0, h, 3, 50, &(uint8_t *){0}, &(size_t){0}, &err) != MAMBAIR_OK, "width 0");
    static const uint8_t junk[] = {0xff, 0xd8, 0xff, 0xe0, 0, 2, 'x', 'y', 1, 2, 3};
    int pw, ph, pc;
    CHECK(mb_jpeg_probe(junk, sizeof junk, &pw, &ph, &pc, &err) != MAMBAIR_OK, "junk probed");
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    else printf("JPEG streams: Annex K tables at the IJG quality scale, 4:2:0 / gray, baseline\n");
    return g_failures ? 1 : 0;
}
