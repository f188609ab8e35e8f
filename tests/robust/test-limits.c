/*
 * test-limits.c — hostile sizes and values the readers and the engine must
 * refuse (or handle) with a clear message before any large allocation:
 * shape products that overflow, tensors declaring terabytes, duplicated keys
 * in a .pth, NaN/Inf weights (refused at load, naming the tensor), NaN/Inf
 * pixels (read as 0), finite weights beyond 3e38 (named as such), a tensor
 * the network does not use (refused by name), weights of 1e30 whose result
 * overflows (the run fails, the output untouched), and a memory budget the run
 * cannot meet.
 * What tests/io/test-bad.c already covers (deep pickles, lying zip sizes, ...)
 * is not repeated here.
 */
#include "robust-test.h"

#include <unistd.h>

#define MODEL "golden/tiny_sr_x2_ps/model.safetensors"

static void expect_refused(const char *what, const void *data, size_t n, mambair_status want,
                           const char *text) {
    mb_tensordict td;
    mambair_error err = {0};
    mambair_status st = mb_tensordict_load_memory(data, n, what, &td, &err);
    CHECK(st == want, "%s: status %d (%s), want %d", what, st, err.message, want);
    if (st == MAMBAIR_OK) {
        mb_tensordict_free(&td);
        return;
    }
    CHECK(strstr(err.message, text) != NULL, "%s: message '%s' lacks '%s'", what, err.message, text);
    CHECK(td.count == 0 && td.tensors == NULL, "%s: output not empty after a failure", what);
    printf("ok: %s: %s\n", what, err.message);
}

/* A safetensors file with this JSON header and `data` zero bytes of data. */
static void safetensors_case(const char *what, const char *header, size_t data,
                             mambair_status want, const char *text) {
    size_t h = strlen(header), n = 8 + h + data;
    uint8_t *buf = calloc(1, n);
    for (int i = 0; i < 8; i++) buf[i] = (uint8_t)((uint64_t)h >> (8 * i));
    memcpy(buf + 8, header, h);
    expect_refused(what, buf, n, want, text);
    free(buf);
}

/* Every occurrence of `from` in buf replaced by `to` (same length). */
static int patch_all(uint8_t *buf, size_t n, const char *from, const char *to) {
    size_t k = strlen(from);
    int count = 0;
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(buf + i, from, k)) {
            memcpy(buf + i, to, k);
            count++;
        }
    return count;
}

static void test_sizes(void) {
    /* 2^32 * 2^32 elements wrap to 0 in 64 bits: must not pass as an empty tensor */
    safetensors_case("shape product wraps to 0",
                     "{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,0]},"
                     "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                     4, MAMBAIR_ERR_FORMAT, "'a'");
    safetensors_case("shape x dtype size wraps",
                     "{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904],\"data_offsets\":[0,0]}}", 0,
                     MAMBAIR_ERR_FORMAT, "'a'");
    /* 1 TiB declared, 8 bytes present */
    safetensors_case("terabyte tensor",
                     "{\"a\":{\"dtype\":\"F32\",\"shape\":[274877906944],"
                     "\"data_offsets\":[0,1099511627776]}}",
                     8, MAMBAIR_ERR_FORMAT, "'a'");
    /* the header itself claims a terabyte */
    uint8_t big[64] = {0};
    big[5] = 1; /* 2^40 */
    memcpy(big + 8, "{}", 2);
    expect_refused("terabyte header", big, sizeof big, MAMBAIR_ERR_FORMAT, "terabyte header");

    /* .pth whose dict names one tensor twice (ln_2.weight renamed ln_1.weight;
     * the zip reader does not check CRCs, so the bytes can be patched) */
    size_t n;
    uint8_t *pth = test_read_file(test_data_path("io/tiny_sr_x2_ps.pth"), &n);
    int k = patch_all(pth, n, "ln_2.weight", "ln_1.weight");
    CHECK(k >= 1, "no ln_2.weight in the sample .pth");
    expect_refused("pth duplicate key", pth, n, MAMBAIR_ERR_FORMAT, "twice");
    free(pth);
}

/* The golden model with one value of `tensor` replaced, opened from a file. */
static void nonfinite_weight(const char *tensor, float value, const char *label) {
    mb_tensordict td;
    mambair_error err = {0};
    if (mb_tensordict_load_file(test_data_path(MODEL), &td, &err) != MAMBAIR_OK) {
        CHECK(0, "loading %s: %s", MODEL, err.message);
        return;
    }
    mb_tensor *t = (mb_tensor *)mb_tensordict_find(&td, tensor);
    CHECK(t && t->dtype == MB_DTYPE_F32 && t->numel > 3, "%s: no such F32 tensor", tensor);
    if (!t) {
        mb_tensordict_free(&td);
        return;
    }
    ((float *)t->data)[3] = value;
    char path[] = "/tmp/mambair-robust-nan-XXXXXX.safetensors";
    int fd = mkstemps(path, 12);
    close(fd);
    CHECK(mb_safetensors_save(path, &td, &err) == MAMBAIR_OK, "save: %s", err.message);
    mb_tensordict_free(&td);
    mambair_model *m = NULL;
    mambair_status st = mambair_model_open_file(path, &m, &err);
    CHECK(st == MAMBAIR_ERR_FORMAT && m == NULL, "%s %s: status %d, want FORMAT (%s)", tensor, label,
          st, err.message);
    CHECK(strstr(err.message, tensor) && strstr(err.message, "non-finite"),
          "%s %s: message '%s' does not name the tensor and the problem", tensor, label, err.message);
    if (st != MAMBAIR_OK) printf("ok: %s in %s: %s\n", label, tensor, err.message);
    mambair_model_free(m);
    unlink(path);
}

/* The golden model changed by `edit`, saved to a temporary file and opened:
 * *m (NULL when refused) and the status; err gets the message. */
typedef void (*model_edit)(mb_tensordict *td);
static mambair_status open_edited(model_edit edit, mambair_model **m, mambair_error *err) {
    mb_tensordict td;
    *m = NULL;
    if (mb_tensordict_load_file(test_data_path(MODEL), &td, err) != MAMBAIR_OK) {
        CHECK(0, "loading %s: %s", MODEL, err->message);
        return MAMBAIR_ERR_IO;
    }
    edit(&td);
    char path[] = "/tmp/mambair-robust-edit-XXXXXX.safetensors";
    int fd = mkstemps(path, 12);
    close(fd);
    CHECK(mb_safetensors_save(path, &td, err) == MAMBAIR_OK, "save: %s", err->message);
    mb_tensordict_free(&td);
    mambair_status st = mambair_model_open_file(path, m, err);
    unlink(path);
    return st;
}

/* every weight 1e30: finite, but the network's arithmetic overflows */
static void edit_all_huge(mb_tensordict *td) {
    for (int64_t k = 0; k < td->count; k++) {
        mb_tensor *t = &td->tensors[k];
        if (t->dtype == MB_DTYPE_F32)
            for (int64_t i = 0; i < t->numel; i++) ((float *)t->data)[i] = 1e30f;
    }
}
static void edit_one_above_limit(mb_tensordict *td) {
    mb_tensor *t = (mb_tensor *)mb_tensordict_find(td, "conv_first.weight");
    ((float *)t->data)[3] = 3.2e38f; /* finite, beyond the 3e38 limit */
}
static void edit_extra_tensor(mb_tensordict *td) {
    int64_t shape[1] = {4};
    const float v[4] = {1, 2, 3, 4};
    mambair_error err;
    CHECK(mb_tensordict_add(td, "smuggled.payload", MB_DTYPE_F32, 1, shape, v, &err) == MAMBAIR_OK,
          "add: %s", err.message);
}

/* the trainer's checkpoint keeps its optimizer state beside the weights */
static void edit_trainer_state(mb_tensordict *td) {
    const mb_tensor *b = mb_tensordict_find(td, "conv_first.bias");
    mambair_error err;
    CHECK(mb_tensordict_add(td, "optim.exp_avg.conv_first.bias", MB_DTYPE_F32, b->ndim, b->shape, b->data,
                            &err) == MAMBAIR_OK &&
              mb_tensordict_set_meta(td, "format", "mambair-train-1", &err) == MAMBAIR_OK,
          "add: %s", err.message);
}

static void test_weight_values(void) {
    mambair_model *m = NULL;
    mambair_error err = {0};
    mambair_status st = open_edited(edit_one_above_limit, &m, &err);
    CHECK(st == MAMBAIR_ERR_FORMAT && strstr(err.message, "3.2e+38") && strstr(err.message, "too large") &&
              !strstr(err.message, "non-finite"),
          "weight 3.2e38: status %d, message '%s' (want FORMAT, the value, 'too large')", st, err.message);
    printf("ok: weight 3.2e38: %s\n", err.message);
    mambair_model_free(m);

    st = open_edited(edit_extra_tensor, &m, &err);
    CHECK(st == MAMBAIR_ERR_UNSUPPORTED && strstr(err.message, "'smuggled.payload'"),
          "extra tensor: status %d, message '%s' (want UNSUPPORTED naming it)", st, err.message);
    printf("ok: extra tensor: %s\n", err.message);
    mambair_model_free(m);
    st = open_edited(edit_trainer_state, &m, &err);
    CHECK(st == MAMBAIR_OK, "a trainer checkpoint with its optimizer state: %s", err.message);
    printf("ok: a trainer checkpoint with its optimizer state opens\n");
    mambair_model_free(m);

    /* all weights 1e30 load (finite), but the run must fail and leave out alone */
    st = open_edited(edit_all_huge, &m, &err);
    CHECK(st == MAMBAIR_OK, "weights 1e30: open: %s", err.message);
    if (st != MAMBAIR_OK) return;
    const int w = 40, h = 30;
    float *in = robust_image(3, h, w);
    size_t on = (size_t)3 * w * 2 * h * 2;
    float *out = malloc(on * sizeof *out);
    for (int tile = 0; tile < 2; tile++) {
        for (size_t i = 0; i < on; i++) out[i] = 0.25f;
        mambair_run_options o;
        mambair_run_options_default(&o);
        o.n_threads = 2;
        o.tile_size = tile ? 16 : -1;
        st = mambair_run(m, in, w, h, out, &o, &err);
        size_t touched = 0;
        for (size_t i = 0; i < on; i++) touched += out[i] != 0.25f;
        CHECK(st == MAMBAIR_ERR_FORMAT && strstr(err.message, "not a number"),
              "weights 1e30, %s: status %d (%s), want FORMAT", tile ? "tiled" : "whole", st, err.message);
        CHECK(touched == 0, "weights 1e30: %zu output values written after a failure", touched);
    }
    printf("ok: weights 1e30: %s\n", err.message);
    free(in);
    free(out);
    mambair_model_free(m);
}

static mambair_status run(const mambair_model *m, const float *in, int w, int h, float *out,
                          int tile, size_t budget, mambair_layout layout, mambair_error *err) {
    mambair_run_options o;
    mambair_run_options_default(&o);
    o.n_threads = 2;
    o.tile_size = tile;
    o.memory_budget = budget;
    o.layout = layout;
    return mambair_run(m, in, w, h, out, &o, err);
}

static void test_budget(const mambair_model *m) {
    const int w = 512, h = 512, s = 2;
    float *in = robust_image(3, h, w);
    size_t on = (size_t)3 * w * s * h * s;
    float *out = malloc(on * sizeof *out);
    for (size_t i = 0; i < on; i++) out[i] = -7.0f;
    double before = robust_peak_mib();
    struct {
        int tile;
        size_t budget;
    } cases[] = {{0, 4096}, {-1, 1 << 20}, {64, 1 << 20}, {0, 1}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mambair_error err = {0};
        mambair_status st = run(m, in, w, h, out, cases[i].tile, cases[i].budget,
                                MAMBAIR_LAYOUT_PLANAR, &err);
        CHECK(st == MAMBAIR_ERR_LIMIT, "tile %d budget %zu: status %d, want LIMIT (%s)", cases[i].tile,
              cases[i].budget, st, err.message);
        CHECK(strstr(err.message, "budget") != NULL, "budget message '%s' does not say budget",
              err.message);
        printf("ok: tile %d, budget %zu bytes: %s\n", cases[i].tile, cases[i].budget, err.message);
    }
    /* sizes whose x2 output edge overflows an int, or whose strips cannot fit
     * the default budget: refused by the plan before any buffer is touched
     * (the 8x3 input buffer here is far too small for them) */
    const int huge[][2] = {{1 << 30, 1 << 30}, {2147483647, 1}, {1, 2147483647},
                           {1, (1 << 30) + 1}, {(1 << 30) + 1, 3}};
    for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        mambair_error err = {0};
        mambair_status st = run(m, in, huge[i][0], huge[i][1], out, 0, 0, MAMBAIR_LAYOUT_PLANAR, &err);
        CHECK(st == MAMBAIR_ERR_LIMIT, "%dx%d: status %d, want LIMIT (%s)", huge[i][0], huge[i][1], st,
              err.message);
        mambair_run_options o;
        mambair_run_options_default(&o);
        size_t est = mambair_run_memory_estimate(m, huge[i][0], huge[i][1], &o);
        CHECK(est > ((size_t)2 << 30), "%dx%d: estimate %zu bytes fits the default budget", huge[i][0],
              huge[i][1], est);
        printf("ok: %dx%d: %s\n", huge[i][0], huge[i][1], err.message);
    }
    size_t touched = 0;
    for (size_t i = 0; i < on; i++) touched += out[i] != -7.0f;
    CHECK(touched == 0, "a refused run wrote %zu output values", touched);
    double grew = robust_peak_mib() - before;
    if (ROBUST_ASAN)
        printf("peak RSS not checked: built with AddressSanitizer\n");
    else
        CHECK(grew < 32, "refused runs raised the peak RSS by %.1f MiB", grew);
    free(in);
    free(out);
}

/* NaN/Inf pixels are read as 0: same output as the image with zeros there,
 * finite everywhere, whole image or tiled, planar or interleaved. */
static void test_nan_pixels(const mambair_model *m) {
    const int w = 40, h = 36, c = 3, s = 2;
    const size_t n = (size_t)w * h, on = (size_t)c * n * s * s;
    float *clean = robust_image(c, h, w), *dirty = malloc(c * n * sizeof(float));
    const size_t bad[] = {0 * n + 7 * w + 5, 1 * n + 3 * w + 30, 2 * n + 20 * w + 15, 2 * n + n - 1};
    const float vals[] = {NAN, INFINITY, -INFINITY, -NAN};
    memcpy(dirty, clean, c * n * sizeof(float));
    for (int i = 0; i < 4; i++) {
        dirty[bad[i]] = vals[i];
        clean[bad[i]] = 0.0f;
    }
    float *a = malloc(on * sizeof *a), *b = malloc(on * sizeof *b);
    float *ia = malloc(c * n * sizeof(float)), *ib = malloc(c * n * sizeof(float));
    for (int layout = 0; layout < 2; layout++)
        for (int tile = 0; tile <= 16; tile += 16) {
            const float *pa = clean, *pb = dirty;
            if (layout == MAMBAIR_LAYOUT_INTERLEAVED) { /* {C,H,W} -> {H,W,C} */
                for (size_t i = 0; i < n; i++)
                    for (int k = 0; k < c; k++) {
                        ia[i * c + k] = clean[k * n + i];
                        ib[i * c + k] = dirty[k * n + i];
                    }
                pa = ia;
                pb = ib;
            }
            mambair_error err = {0};
            mambair_status st = run(m, pa, w, h, a, tile, 0, (mambair_layout)layout, &err);
            CHECK(st == MAMBAIR_OK, "clean run: %s", err.message);
            st = run(m, pb, w, h, b, tile, 0, (mambair_layout)layout, &err);
            CHECK(st == MAMBAIR_OK, "run with NaN/Inf pixels: %s", err.message);
            size_t nonfinite = 0, differ = 0, first = 0;
            for (size_t i = 0; i < on; i++) {
                nonfinite += !isfinite(b[i]);
                if (memcmp(&a[i], &b[i], sizeof(float)) && !differ++) first = i;
            }
            CHECK(nonfinite == 0, "layout %d tile %d: %zu non-finite outputs", layout, tile, nonfinite);
            CHECK(differ == 0, "layout %d tile %d: %zu outputs differ from zeros in place of NaN/Inf "
                  "(first at %zu: %g vs %g)", layout, tile, differ, first, b[first], a[first]);
            /* the input is the caller's: untouched */
            CHECK(isnan(pb[layout ? (7 * w + 5) * c : bad[0]]), "the input NaN was overwritten");
        }
    printf("ok: NaN/Inf pixels read as 0 (whole and tiled, planar and interleaved)\n");
    free(clean);
    free(dirty);
    free(a);
    free(b);
    free(ia);
    free(ib);
}

int main(void) {
    test_sizes();
    nonfinite_weight("conv_first.weight", NAN, "NaN");
    nonfinite_weight("conv_last.weight", INFINITY, "+Inf");
    nonfinite_weight("conv_after_body.weight", -INFINITY, "-Inf");
    test_weight_values();
    mambair_model *m = NULL;
    mambair_error err = {0};
    if (mambair_model_open_file(test_data_path(MODEL), &m, &err) != MAMBAIR_OK) {
        fprintf(stderr, "FAIL: %s\n", err.message);
        return 1;
    }
    test_budget(m);
    test_nan_pixels(m);
    mambair_model_free(m);
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    return g_failures ? 1 : 0;
}
