/* test-lr-shipped.c — our uint8 MATLAB bicubic, applied to the HR files of
 * Set5 and Set14 (modcrop, then imresize 1/s), gives exactly the official
 * benchmark LR files at x2, x3 and x4, every pixel. Reads $MAMBAIR_SHARED/data
 * (not redistributed here); skips when it is absent. */
#include "image-test.h"
#include "image-io.h"
#include "image/resize.h"

#include <dirent.h>
#include <limits.h>
#include <math.h>

static uint8_t *load_u8(const char *path, int *w, int *h, int *ch) {
    image img;
    char msg[1024];
    if (!image_load(path, &img, msg, sizeof msg)) {
        fprintf(stderr, "%s\n", msg);
        return NULL;
    }
    CHECK(img.type == IMAGE_U8, "%s: not 8-bit (%s)", path, image_type_name(img.type));
    uint8_t *px = image_to_u8(&img);
    *w = img.width, *h = img.height, *ch = img.channels;
    image_free(&img);
    return px;
}

int main(void) {
    const char *shared = getenv("MAMBAIR_SHARED");
    char root[PATH_MAX];
    snprintf(root, sizeof root, "%s/data/sr", shared ? shared : "");
    DIR *probe = shared ? opendir(root) : NULL;
    if (!probe) {
        printf("SKIP: %s not found (set MAMBAIR_SHARED to the shared reference data)\n", root);
        return 77;
    }
    closedir(probe);
    char msg[256];
    if (!image_io_init(msg, sizeof msg)) {
        printf("SKIP: %s\n", msg);
        return 77;
    }
    const char *sets[] = {"Set5", "Set14"};
    int files = 0;
    for (int si = 0; si < 2; si++) {
        char hr_dir[PATH_MAX + 32];
        snprintf(hr_dir, sizeof hr_dir, "%s/%s/HR", root, sets[si]);
        DIR *d = opendir(hr_dir);
        CHECK(d != NULL, "cannot open %s", hr_dir);
        if (!d) continue;
        struct dirent *e;
        while ((e = readdir(d))) {
            const char *dot = strrchr(e->d_name, '.');
            if (!dot || strcmp(dot, ".png")) continue;
            char hp[PATH_MAX * 2];
            snprintf(hp, sizeof hp, "%s/%s", hr_dir, e->d_name);
            int w, h, ch;
            uint8_t *hr = load_u8(hp, &w, &h, &ch);
            CHECK(hr != NULL, "cannot read %s", hp);
            if (!hr) continue;
            for (int s = 2; s <= 4; s++) {
                char lp[PATH_MAX * 2];
                snprintf(lp, sizeof lp, "%s/%s/LR_bicubic/X%d/%.*sx%d.png", root, sets[si], s,
                         (int)(dot - e->d_name), e->d_name, s);
                int lw, lh, lch;
                uint8_t *want = load_u8(lp, &lw, &lh, &lch);
                CHECK(want != NULL, "cannot read %s", lp);
                if (!want) continue;
                int mw = w / s * s, mh = h / s * s;
                uint8_t *mod = malloc((size_t)mw * mh * ch);
                for (int y = 0; y < mh; y++) memcpy(mod + (size_t)y * mw * ch, hr + (size_t)y * w * ch, (size_t)mw * ch);
                int ow = mb_resize_out_len(mw, 1.0 / s), oh = mb_resize_out_len(mh, 1.0 / s);
                CHECK(ow == lw && oh == lh && ch == lch, "%s: ours %dx%dx%d, shipped %dx%dx%d", lp, ow, oh, ch, lw, lh, lch);
                if (ow == lw && oh == lh && ch == lch) {
                    uint8_t *got = malloc((size_t)ow * oh * ch);
                    mambair_error err;
                    CHECK(mb_resize_bicubic_u8(mod, ch, mh, mw, 1.0 / s, got, &err) == MAMBAIR_OK, "%s", err.message);
                    size_t bad = 0, first = 0, n = (size_t)ow * oh * ch;
                    int worst = 0;
                    for (size_t i = 0; i < n; i++)
                        if (got[i] != want[i]) {
                            if (!bad++) first = i;
                            int dd = abs((int)got[i] - (int)want[i]);
                            if (dd > worst) worst = dd;
                        }
                    CHECK(bad == 0, "%s: %zu of %zu values differ (max %d), first at (x %zu, y %zu, c %zu)", lp, bad, n,
                          worst, first / ch % ow, first / ch / ow, first % ch);
                    files++;
                    free(got);
                }
                free(mod);
                free(want);
            }
            free(hr);
        }
        closedir(d);
    }
    printf("%d LR files compared\n", files);
    CHECK(files == 57, "compared %d LR files, expected 57 (19 images x 3 scales)", files);
    image_io_exit();
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    return g_failures ? 1 : 0;
}
