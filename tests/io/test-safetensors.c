/*
 * test-safetensors.c — reader on the official golden .safetensors files
 * (F32, F16, BF16), exact half conversion, writer round trip and failures.
 *
 * Oracles: the IEEE definition (and the compiler's _Float16 where it has
 * one) for every half bit pattern;
 * the F16/BF16 files were made from the F32 one by round-to-nearest-even,
 * so each low-precision value must equal the rounded F32 value exactly.
 */
#include "io-test.h"

#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

static uint32_t f32_bits(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

/* IEEE half from its fields, by definition (not by bit tricks). */
static float half_by_definition(uint16_t h) {
    int sign = h >> 15, exp = (h >> 10) & 31, man = h & 1023;
    double v;
    if (exp == 31) v = man ? NAN : INFINITY;
    else if (exp == 0) v = ldexp(man, -24);
    else v = ldexp(1024 + man, exp - 25);
    return (float)(sign ? -v : v);
}

/* float -> nearest half (ties to even) -> float, by definition. */
static float round_to_half(float f) {
    if (!isfinite(f) || f == 0) return f;
    int e;
    frexp(f, &e);                    /* |f| in [2^(e-1), 2^e) */
    int q = MB_MAX(e - 1, -14) - 10; /* spacing of halves near f */
    double r = nearbyint(ldexp(f, -q)); /* default rounding: to nearest, ties even */
    double v = ldexp(r, q);
    return fabs(v) > 65504 ? (f > 0 ? INFINITY : -INFINITY) : (float)v;
}

static void test_half_exhaustive(void) {
    int bad = 0;
    for (uint32_t h = 0; h < 65536; h++) {
        uint16_t hb = (uint16_t)h;
        float want = half_by_definition(hb), got = mb_f16_to_f32(hb);
#ifdef __FLT16_MAX__
        _Float16 x; /* the compiler's conversion as a second oracle */
        memcpy(&x, &hb, 2);
        CHECK(isnan(want) ? isnan((float)x) : (float)x == want, "f16 0x%04x: definition vs _Float16", h);
#endif
        bool ok = isnan(want) ? isnan(got) && (f32_bits(got) >> 31) == (f32_bits(want) >> 31)
                              : f32_bits(got) == f32_bits(want);
        if (!ok && bad++ < 5)
            CHECK(0, "f16 0x%04x: got %a (0x%08x), want %a (0x%08x)", h, got, f32_bits(got), want,
                  f32_bits(want));
    }
    CHECK(bad == 0, "%d half values convert wrongly", bad);
    CHECK(f32_bits(mb_bf16_to_f32(0x3f80)) == 0x3f800000, "bf16 1.0");
    CHECK(isinf(mb_bf16_to_f32(0xff80)) && mb_bf16_to_f32(0xff80) < 0, "bf16 -inf");
    CHECK(isnan(mb_bf16_to_f32(0x7fc1)), "bf16 nan");
    CHECK(mb_f16_to_f32(0x0001) == ldexpf(1.0f, -24), "smallest f16 subnormal");
}

/* float -> bf16 bits, round to nearest even (finite inputs). */
static uint16_t to_bf16(float f) {
    uint32_t u = f32_bits(f);
    u += 0x7fff + ((u >> 16) & 1);
    return (uint16_t)(u >> 16);
}

static void test_lowp(const mb_tensordict *ref, const char *file, mb_dtype dt) {
    mb_tensordict td;
    if (io_load(file, &td)) {
        g_failures++;
        return;
    }
    CHECK(td.count == ref->count, "%s: %lld tensors, want %lld", file, (long long)td.count,
          (long long)ref->count);
    int64_t bad = 0;
    for (int64_t i = 0; i < td.count && i < ref->count; i++) {
        const mb_tensor *t = &td.tensors[i], *r = &ref->tensors[i];
        CHECK(strcmp(t->name, r->name) == 0 && t->numel == r->numel, "%s: tensor %lld '%s'",
              file, (long long)i, t->name);
        CHECK(t->file_dtype == dt && t->dtype == MB_DTYPE_F32, "%s: '%s' dtype %s/%s", file,
              t->name, mb_dtype_name(t->file_dtype), mb_dtype_name(t->dtype));
        if (t->numel != r->numel) continue;
        const float *a = t->data, *b = r->data;
        for (int64_t j = 0; j < t->numel; j++) {
            float want = dt == MB_DTYPE_F16 ? round_to_half(b[j]) : mb_bf16_to_f32(to_bf16(b[j]));
            if (f32_bits(a[j]) != f32_bits(want) && bad++ < 5)
                CHECK(0, "%s: '%s'[%lld] = %a, want %a (from %a)", file, t->name, (long long)j,
                      a[j], want, b[j]);
        }
    }
    CHECK(bad == 0, "%s: %lld values differ from the rounded F32 file", file, (long long)bad);
    mb_tensordict_free(&td);
}

static void test_writer(const mb_tensordict *ref) {
    char dir[] = "/tmp/mb-io-test-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0, "mkdtemp failed");
        return;
    }
    char path[256];
    snprintf(path, sizeof path, "%s/out.safetensors", dir);
    mambair_error err = {0};
    mambair_status st = mb_safetensors_save(path, ref, &err);
    CHECK(st == MAMBAIR_OK, "save: %s", err.message);
    mb_tensordict back = {0};
    st = mb_tensordict_load_file(path, &back, &err);
    CHECK(st == MAMBAIR_OK, "reload: %s", err.message);
    io_check_same(ref, &back, "round trip");
    CHECK(back.meta_count == ref->meta_count, "round trip: %lld metadata, want %lld",
          (long long)back.meta_count, (long long)ref->meta_count);
    for (int64_t i = 0; i < ref->meta_count; i++) {
        const char *v = mb_tensordict_meta(&back, ref->meta_keys[i]);
        CHECK(v && strcmp(v, ref->meta_values[i]) == 0, "round trip: metadata '%s'",
              ref->meta_keys[i]);
    }
    size_t n, n0;
    uint8_t *raw = test_read_file(path, &n);
    /* the golden file came from the reference writer: same bytes expected */
    uint8_t *orig = test_read_file(io_path("tiny_sr_x2_ps.safetensors"), &n0);
    CHECK(n == n0 && memcmp(raw, orig, n) == 0, "rewritten file differs from the golden one (%zu vs %zu bytes)", n, n0);
    free(orig);
    uint64_t hlen = 0;
    for (int i = 7; i >= 0; i--) hlen = (hlen << 8) | raw[i];
    CHECK(hlen % 8 == 0, "header length %llu not a multiple of 8", (unsigned long long)hlen);
    free(raw);
    mb_tensordict_free(&back);

    /* awkward names and metadata survive JSON escaping */
    mb_tensordict odd = {0};
    int64_t shape[2] = {2, 3};
    double d[6] = {1, -2, 3.5, 1e300, -0.0, 6};
    CHECK(!mb_tensordict_add(&odd, "a \"quoted\"\\name\n\xc3\xa9", MB_DTYPE_F64, 2, shape, d, &err),
          "add: %s", err.message);
    CHECK(!mb_tensordict_add(&odd, "scalar", MB_DTYPE_F32, 0, NULL, NULL, &err), "add: %s", err.message);
    CHECK(!mb_tensordict_set_meta(&odd, "note", "tab\there \"q\" \x01", &err), "meta: %s", err.message);
    CHECK(!mb_safetensors_save(path, &odd, &err), "save odd: %s", err.message);
    CHECK(!mb_tensordict_load_file(path, &back, &err), "reload odd: %s", err.message);
    io_check_same(&odd, &back, "odd names");
    const char *note = mb_tensordict_meta(&back, "note");
    CHECK(note && strcmp(note, "tab\there \"q\" \x01") == 0, "odd metadata: %s", note ? note : "(none)");
    mb_tensordict_free(&back);

    /* failures leave nothing behind: missing folder, target is a folder */
    char bad[300];
    snprintf(bad, sizeof bad, "%s/missing/out.safetensors", dir);
    st = mb_safetensors_save(bad, &odd, &err);
    CHECK(st == MAMBAIR_ERR_IO && strstr(err.message, "missing"), "save into a missing folder: %d %s",
          st, err.message);
    snprintf(bad, sizeof bad, "%s/sub", dir);
    mkdir(bad, 0700);
    st = mb_safetensors_save(bad, &odd, &err);
    CHECK(st == MAMBAIR_ERR_IO, "save over a folder: %d %s", st, err.message);
    mb_tensordict_free(&odd);
    /* only out.safetensors and sub may remain: no temporary files */
    char cmd[400];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 2", dir);
    CHECK(system(cmd) == 0, "temporary files left in %s", dir);
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
}

int main(void) {
    test_half_exhaustive();
    mb_tensordict ref;
    if (io_load("tiny_sr_x2_ps.safetensors", &ref)) return 1;
    /* golden-grad/safetensors/meta.json: 68 tensors, 231929 parameters */
    int64_t params = 0;
    for (int64_t i = 0; i < ref.count; i++) params += ref.tensors[i].numel;
    CHECK(ref.count == 68, "%lld tensors, want 68", (long long)ref.count);
    CHECK(params == 231929, "%lld parameters, want 231929", (long long)params);
    const char *v = mb_tensordict_meta(&ref, "vector");
    CHECK(v && strcmp(v, "tiny_sr_x2_ps") == 0, "metadata vector = %s", v ? v : "(none)");
    CHECK(ref.count > 0 && strcmp(ref.tensors[0].name, "conv_first.weight") == 0,
          "first tensor '%s', want conv_first.weight", ref.count ? ref.tensors[0].name : "");
    test_lowp(&ref, "tiny_sr_x2_ps.f16.safetensors", MB_DTYPE_F16);
    test_lowp(&ref, "tiny_sr_x2_ps.bf16.safetensors", MB_DTYPE_BF16);
    test_writer(&ref);
    mb_tensordict_free(&ref);
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    return g_failures ? 1 : 0;
}
