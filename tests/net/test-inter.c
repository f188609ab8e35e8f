/*
 * test-inter.c — the 32 named intermediates of tiny_sr_x2_ps (block 0, stem
 * and head) against the engine's debug hook, so a golden mismatch points at
 * the first op that goes wrong. The engine reports tokens channels-last;
 * golden NCHW tensors are transposed here before comparing.
 */
#include "net-test.h"

typedef struct seen {
    int checked, failed;
    int h, w, s;
} seen;

/* golden files stored planar (C, H, W) although the engine keeps them {H*W, C} */
static const char *planar[] = {"01_conv_first", "06_b0_ss2d_dwconv_silu", "21_b0_cab_out",
                               "26_conv_after_body", "27_body_plus_skip",
                               "28_conv_before_upsample_lrelu", "29_upsample", "30_conv_last", NULL};
static const char *upscaled[] = {"29_upsample", "30_conv_last", NULL};

static bool in_list(const char **l, const char *name) {
    for (; *l; l++)
        if (!strcmp(*l, name)) return true;
    return false;
}

static void on_tensor(void *user, const char *name, const float *data, int64_t n) {
    seen *S = user;
    char path[1024], file[256];
    snprintf(file, sizeof file, "inter/%s.bin", name);
    golden_path(path, sizeof path, "tiny_sr_x2_ps", file);
    int64_t nr;
    float *ref = read_f32(path, &nr);
    if (!ref) {
        S->failed++;
        return;
    }
    S->checked++;
    if (nr != n) {
        printf("%-32s size %lld, golden %lld  FAIL\n", name, (long long)n, (long long)nr);
        S->failed++;
        free(ref);
        return;
    }
    float *mine = malloc((size_t)n * sizeof(float));
    if (in_list(planar, name)) {
        int64_t hw = (int64_t)S->h * S->w * (in_list(upscaled, name) ? S->s * S->s : 1);
        int64_t c = n / hw;
        for (int64_t p = 0; p < hw; p++)
            for (int64_t i = 0; i < c; i++) mine[i * hw + p] = data[p * c + i];
    } else {
        memcpy(mine, data, (size_t)n * sizeof(float));
    }
    int64_t at;
    double d = max_abs_diff(mine, ref, n, &at);
    bool ok = d <= 1e-4;
    printf("%-32s %7lld values  max |d| %.3g at %lld  %s\n", name, (long long)n, d, (long long)at,
           ok ? "ok" : "FAIL");
    if (!ok) S->failed++;
    free(mine);
    free(ref);
}

int main(void) {
    char path[1024];
    golden_path(path, sizeof path, "tiny_sr_x2_ps", "model.safetensors");
    mb_net *net = load_net(path);
    if (!net) return 1;
    int h = 20, w = 28;
    int64_t n_in;
    golden_path(path, sizeof path, "tiny_sr_x2_ps", "input.bin");
    float *in = read_f32(path, &n_in);
    if (!in || n_in != 3 * h * w) return 1;
    seen S = {0, 0, h, w, 2};
    mb_net_set_debug(on_tensor, &S);
    float *out = run_net(net, in, h, w, 2);
    mb_net_set_debug(NULL, NULL);
    printf("%d intermediates compared, %d failed\n", S.checked, S.failed);
    int rc = out && S.failed == 0 && S.checked >= 20 ? 0 : 1;
    free(out);
    free(in);
    mb_net_free(net);
    return rc;
}
