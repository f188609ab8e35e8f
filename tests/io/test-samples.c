/*
 * test-samples.c — real torch.save files from public repositories
 * ($MAMBAIR_SHARED/pth-samples, not redistributable: skipped when absent)
 * against their manifests: names, dtypes, shapes, float64 sum of all
 * elements and the first three values. Names are checked on mb_pth_load
 * (no unwrapping; manifest paths use '/', we use '.'), then the unwrapped
 * dict of mb_tensordict_load_file is checked to have no wrapper left.
 */
#include "io-test.h"
#include "io/json.h"

#include <dirent.h>
#include <math.h>

static const char *file_dtype_name(mb_dtype t) {
    switch (t) {
    case MB_DTYPE_F32: return "float32";
    case MB_DTYPE_F64: return "float64";
    case MB_DTYPE_I64: return "int64";
    case MB_DTYPE_F16: return "float16";
    case MB_DTYPE_BF16: return "bfloat16";
    case MB_DTYPE_I32: return "int32";
    default: return "?";
    }
}

static double value(const mb_tensor *t, int64_t i) {
    switch (t->dtype) {
    case MB_DTYPE_F32: return ((const float *)t->data)[i];
    case MB_DTYPE_F64: return ((const double *)t->data)[i];
    default: return (double)((const int64_t *)t->data)[i];
    }
}

static void check_sample(const char *dir, const char *manifest_name) {
    char path[8400];
    snprintf(path, sizeof path, "%s/manifests/%s", dir, manifest_name);
    size_t n;
    char *text = test_read_file(path, &n);
    mb_json m;
    mambair_error err = {0};
    if (mb_json_parse(text, n, &m, &err)) {
        CHECK(0, "%s: %s", manifest_name, err.message);
        free(text);
        return;
    }
    const mb_json *file = mb_json_get(&m, "file"), *tensors = mb_json_get(&m, "tensors");
    snprintf(path, sizeof path, "%s/%s", dir, file->string);
    size_t size;
    void *data = test_read_file(path, &size);
    mb_tensordict td;
    mambair_status st = mb_pth_load(data, size, &td, &err);
    CHECK(st == MAMBAIR_OK, "%s: %s", file->string, err.message);
    int64_t ntensors = 0;
    for (int64_t i = 0; !st && i < tensors->count; i++) {
        const mb_json *e = &tensors->items[i];
        if (mb_json_get(e, "nontensor")) continue;
        ntensors++;
        char name[1024];
        snprintf(name, sizeof name, "%.1000s", mb_json_get(e, "name")->string);
        for (char *p = name; *p; p++)
            if (*p == '/') *p = '.';
        const mb_tensor *t = mb_tensordict_find(&td, name);
        CHECK(t, "%s: no tensor '%s'", file->string, name);
        if (!t) continue;
        const char *dt = mb_json_get(e, "dtype")->string;
        CHECK(strcmp(file_dtype_name(t->file_dtype), dt) == 0, "%s '%s': dtype %s, want %s",
              file->string, name, file_dtype_name(t->file_dtype), dt);
        const mb_json *shape = mb_json_get(e, "shape");
        CHECK(shape->count == t->ndim, "%s '%s': %d dims, want %lld", file->string, name, t->ndim,
              (long long)shape->count);
        for (int k = 0; k < t->ndim && k < shape->count; k++)
            CHECK(t->shape[k] == shape->items[k].integer, "%s '%s': dim %d is %lld, want %lld",
                  file->string, name, k, (long long)t->shape[k], (long long)shape->items[k].integer);
        double sum = 0, want = mb_json_get(e, "sum")->number;
        for (int64_t j = 0; j < t->numel; j++) sum += value(t, j);
        CHECK(fabs(sum - want) <= 1e-9 * (1 + fabs(want)) + 1e-12 * (double)t->numel,
              "%s '%s': sum %.17g, want %.17g (|d| %.3g)", file->string, name, sum, want,
              fabs(sum - want));
        const mb_json *first = mb_json_get(e, "first");
        for (int64_t j = 0; j < first->count && j < t->numel; j++)
            CHECK(value(t, j) == first->items[j].number, "%s '%s'[%lld] = %.17g, want %.17g",
                  file->string, name, (long long)j, value(t, j), first->items[j].number);
    }
    if (!st) {
        CHECK(td.count == ntensors, "%s: %lld tensors, want %lld", file->string, (long long)td.count,
              (long long)ntensors);
        mb_tensordict_free(&td);
        /* unwrapped: no BasicSR wrapper or DataParallel prefix left */
        st = mb_tensordict_load_memory(data, size, file->string, &td, &err);
        CHECK(st == MAMBAIR_OK, "%s: %s", file->string, err.message);
        for (int64_t i = 0; !st && i < td.count; i++)
            CHECK(strncmp(td.tensors[i].name, "params.", 7) && strncmp(td.tensors[i].name, "module.", 7),
                  "%s: '%s' still wrapped", file->string, td.tensors[i].name);
        if (!st) mb_tensordict_free(&td);
        printf("%-34s %4lld tensors ok\n", file->string, (long long)ntensors);
    }
    free(data);
    mb_json_free(&m);
    free(text);
}

int main(void) {
    const char *shared = getenv("MAMBAIR_SHARED");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/pth-samples", shared ? shared : "");
    char mdir[4200];
    snprintf(mdir, sizeof mdir, "%s/manifests", dir);
    DIR *d = shared ? opendir(mdir) : NULL;
    if (!d) {
        printf("skipped: %s not found (the pth samples are not redistributable; set MAMBAIR_SHARED)\n",
               shared ? mdir : "$MAMBAIR_SHARED");
        return 77;
    }
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l > 14 && strcmp(e->d_name + l - 14, ".manifest.json") == 0) {
            check_sample(dir, e->d_name);
            count++;
        }
    }
    closedir(d);
    CHECK(count >= 9, "%d manifests found, want 9", count);
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    return g_failures ? 1 : 0;
}
