/*
 * test-pth.c — PyTorch checkpoints kept in the repository.
 *
 * - the golden tiny model as .pth (zip), as {'params': ...} .pth and as the
 *   official .safetensors: identical tensors;
 * - crafted legacy and zip files (make-test-files.py) against the values the
 *   script computed from the raw bytes (strides, offsets, views, F16/BF16,
 *   F64, I64, I32, scalars, params/params_ema/module. unwrapping);
 * - failing the Nth allocation, N = 1, 2, ...: NO_MEMORY every time, until
 *   the load succeeds.
 */
#include "io-test.h"

#include <math.h>

static void test_golden(void) {
    mb_tensordict st, pth, wrapped;
    if (io_load("tiny_sr_x2_ps.safetensors", &st) || io_load("tiny_sr_x2_ps.pth", &pth) ||
        io_load("tiny_sr_x2_ps.params_wrapped.pth", &wrapped)) {
        g_failures++;
        return;
    }
    io_check_same(&st, &pth, "pth vs safetensors");
    io_check_same(&st, &wrapped, "params-wrapped pth vs safetensors");
    mb_tensordict_free(&st);
    mb_tensordict_free(&pth);
    mb_tensordict_free(&wrapped);
}

static void test_formats(void) {
    static const struct { const char *file; mb_file_format f; } cases[] = {
        {"tiny_sr_x2_ps.pth", MB_FORMAT_PTH_ZIP},
        {"good/legacy-tiny.pth", MB_FORMAT_PTH_LEGACY},
        {"tiny_sr_x2_ps.safetensors", MB_FORMAT_SAFETENSORS},
        {"bad/wrong-magic.bin", MB_FORMAT_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n;
        void *d = test_read_file(io_path(cases[i].file), &n);
        CHECK(mb_detect_format(d, n) == cases[i].f, "%s detected as %s", cases[i].file,
              mb_format_name(mb_detect_format(d, n)));
        free(d);
    }
}

static double value(const mb_tensor *t, int64_t i) {
    switch (t->dtype) {
    case MB_DTYPE_F32: return ((const float *)t->data)[i];
    case MB_DTYPE_F64: return ((const double *)t->data)[i];
    default: return (double)((const int64_t *)t->data)[i];
    }
}

static void test_crafted(void) {
    size_t n;
    char *list = test_read_file(io_path("good/EXPECTED"), &n);
    list = realloc(list, n + 1);
    list[n] = '\0';
    char *save_line;
    int checked = 0;
    for (char *line = strtok_r(list, "\n", &save_line); line; line = strtok_r(NULL, "\n", &save_line)) {
        char *f[5];
        int k = 0;
        char *save_field;
        for (char *x = strtok_r(line, "\t", &save_field); x && k < 5; x = strtok_r(NULL, "\t", &save_field))
            f[k++] = x;
        if (k != 5) continue;
        char rel[300];
        snprintf(rel, sizeof rel, "good/%s", f[0]);
        mb_tensordict td;
        if (io_load(rel, &td)) {
            g_failures++;
            continue;
        }
        const mb_tensor *t = mb_tensordict_find(&td, f[1]);
        CHECK(t, "%s: no tensor '%s'", f[0], f[1]);
        if (t) {
            CHECK(strcmp(mb_dtype_name(t->file_dtype), f[2]) == 0, "%s '%s': dtype %s, want %s", f[0],
                  f[1], mb_dtype_name(t->file_dtype), f[2]);
            char shape[200] = "";
            for (int d = 0; d < t->ndim; d++)
                snprintf(shape + strlen(shape), sizeof shape - strlen(shape), "%s%lld", d ? "," : "",
                         (long long)t->shape[d]);
            if (t->ndim == 0) strcpy(shape, "-");
            CHECK(strcmp(shape, f[3]) == 0, "%s '%s': shape %s, want %s", f[0], f[1], shape, f[3]);
            int64_t i = 0;
            char *save_v;
            for (char *v = strtok_r(f[4], ",", &save_v); v; v = strtok_r(NULL, ",", &save_v), i++) {
                double want = strtod(v, NULL);
                CHECK(i < t->numel, "%s '%s': only %lld elements", f[0], f[1], (long long)t->numel);
                if (i >= t->numel) break;
                double got = value(t, i);
                CHECK(got == want || (isnan(got) && isnan(want)), "%s '%s'[%lld] = %.17g, want %.17g",
                      f[0], f[1], (long long)i, got, want);
            }
            CHECK(i == t->numel, "%s '%s': %lld elements, want %lld", f[0], f[1], (long long)t->numel,
                  (long long)i);
        }
        /* unwrapping kept only the preferred wrapper */
        CHECK(!mb_tensordict_find(&td, "x") && !mb_tensordict_find(&td, "epoch"),
              "%s: tensors from the wrong wrapper", f[0]);
        mb_tensordict_free(&td);
        checked++;
    }
    CHECK(checked == 11, "%d crafted tensors checked, want 11", checked);
    free(list);
}

static void test_alloc_failures(const char *file) {
    size_t n;
    void *d = test_read_file(io_path(file), &n);
    long nth;
    for (nth = 1; nth < 100000; nth++) {
        mb_tensordict td;
        mambair_error err = {0};
        mb_alloc_fail_after(nth);
        mambair_status st = mb_tensordict_load_memory(d, n, file, &td, &err);
        mb_alloc_fail_after(0);
        if (st == MAMBAIR_OK) {
            mb_tensordict_free(&td);
            break;
        }
        CHECK(st == MAMBAIR_ERR_NO_MEMORY, "%s: allocation %ld failing gave status %d (%s)", file, nth,
              st, err.message);
        CHECK(td.count == 0 && td.tensors == NULL, "%s: allocation %ld: output not empty", file, nth);
        if (st != MAMBAIR_ERR_NO_MEMORY) break;
    }
    printf("%s: loads after failing each of its first %ld allocations\n", file, nth - 1);
    CHECK(nth > 3 && nth < 100000, "%s: allocation loop ended at %ld", file, nth);
    free(d);
}

int main(void) {
    test_golden();
    test_formats();
    test_crafted();
    test_alloc_failures("tiny_sr_x2_ps.pth");
    test_alloc_failures("tiny_sr_x2_ps.params_wrapped.pth");
    test_alloc_failures("good/legacy-tiny.pth");
    test_alloc_failures("good/zip-oddtop.pth");
    test_alloc_failures("tiny_sr_x2_ps.safetensors");
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    return g_failures ? 1 : 0;
}
