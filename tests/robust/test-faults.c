/*
 * test-faults.c — faults around a loaded model:
 *  - two runs at once, in two threads, on one model give exactly the output
 *    of one run alone (the model is read-only, every run has its own
 *    workspace);
 *  - a model file truncated, overwritten or deleted after it was opened does
 *    not matter: the readers copy the file into memory, nothing is mapped;
 *  - a file truncated before it is opened is a clean FORMAT error.
 */
#include "robust-test.h"

#include <pthread.h>
#include <unistd.h>

#define MODEL "golden/tiny_sr_x2_ps/model.pth"
enum { W = 37, H = 29, C = 3, S = 2 };

typedef struct job {
    const mambair_model *m;
    const float *in;
    float *out;
    int tile, threads;
    mambair_status st;
    mambair_error err;
} job;

static void *run_job(void *arg) {
    job *j = arg;
    mambair_run_options o;
    mambair_run_options_default(&o);
    o.n_threads = j->threads;
    o.tile_size = j->tile;
    j->st = mambair_run(j->m, j->in, W, H, j->out, &o, &j->err);
    return NULL;
}

static size_t count_diff(const float *a, const float *b, size_t n) {
    size_t d = 0;
    for (size_t i = 0; i < n; i++) d += memcmp(&a[i], &b[i], sizeof(float)) != 0;
    return d;
}

static void test_concurrent(const mambair_model *m, const float *in) {
    const size_t on = (size_t)C * W * S * H * S;
    for (int tile = 0; tile <= 16; tile += 16) {
        float *ref = malloc(on * sizeof(float)), *a = malloc(on * sizeof(float)),
              *b = malloc(on * sizeof(float));
        job r = {m, in, ref, tile, 2, 0, {0}};
        run_job(&r);
        CHECK(r.st == MAMBAIR_OK, "single run: %s", r.err.message);
        for (int round = 0; round < 3; round++) {
            job ja = {m, in, a, tile, 2, 0, {0}}, jb = {m, in, b, tile, 2, 0, {0}};
            pthread_t ta, tb;
            pthread_create(&ta, NULL, run_job, &ja);
            pthread_create(&tb, NULL, run_job, &jb);
            pthread_join(ta, NULL);
            pthread_join(tb, NULL);
            CHECK(ja.st == MAMBAIR_OK && jb.st == MAMBAIR_OK, "concurrent runs: %s / %s",
                  ja.err.message, jb.err.message);
            size_t da = count_diff(ref, a, on), db = count_diff(ref, b, on);
            CHECK(da == 0 && db == 0,
                  "tile %d round %d: concurrent outputs differ from a single run in %zu / %zu values",
                  tile, round, da, db);
        }
        printf("ok: two concurrent runs (tile %d) equal one run, bit for bit\n", tile);
        free(ref);
        free(a);
        free(b);
    }
}

static void test_changed_file(const float *in) {
    size_t n;
    uint8_t *orig = test_read_file(test_data_path(MODEL), &n), *bytes = malloc(n);
    memcpy(bytes, orig, n);
    char path[] = "/tmp/mambair-robust-model-XXXXXX.pth";
    int fd = mkstemps(path, 4);
    close(fd);
    robust_write(path, bytes, n);
    mambair_model *m = NULL;
    mambair_error err = {0};
    CHECK(mambair_model_open_file(path, &m, &err) == MAMBAIR_OK, "open copy: %s", err.message);
    if (!m) return;
    const size_t on = (size_t)C * W * S * H * S;
    float *before = malloc(on * sizeof(float)), *after = malloc(on * sizeof(float));
    job j = {m, in, before, 0, 1, 0, {0}};
    run_job(&j);
    CHECK(j.st == MAMBAIR_OK, "run before: %s", j.err.message);
    /* truncate to half, then scribble over it, then delete it */
    CHECK(truncate(path, (off_t)n / 2) == 0, "truncate failed");
    memset(bytes, 0xA5, n / 2);
    robust_write(path, bytes, n / 2);
    j.out = after;
    run_job(&j);
    CHECK(j.st == MAMBAIR_OK, "run after truncation: %s", j.err.message);
    CHECK(count_diff(before, after, on) == 0, "output changed after the file was truncated");
    unlink(path);
    run_job(&j);
    CHECK(j.st == MAMBAIR_OK && count_diff(before, after, on) == 0, "run after deletion");
    mambair_model_free(m);
    printf("ok: file truncated, overwritten and deleted after open: same output\n");

    /* truncated before open: refused, named, no crash, at every length */
    int refused = 0, tried = 0;
    for (size_t cut = 0; cut < n; cut += n / 97 + 1) {
        robust_write(path, orig, cut);
        tried++;
        m = NULL;
        mambair_status st = mambair_model_open_file(path, &m, &err);
        if (st != MAMBAIR_OK) {
            refused++;
            CHECK(strstr(err.message, path) != NULL, "cut at %zu: message '%s' lacks the file", cut,
                  err.message);
            CHECK(st == MAMBAIR_ERR_FORMAT || st == MAMBAIR_ERR_UNSUPPORTED,
                  "cut at %zu: status %d (%s)", cut, st, err.message);
        }
        mambair_model_free(m);
    }
    CHECK(refused == tried, "%d of %d truncated copies were accepted", tried - refused, tried);
    printf("ok: %d truncated copies refused cleanly\n", refused);
    unlink(path);
    free(orig);
    free(bytes);
    free(before);
    free(after);
}

int main(void) {
    mambair_model *m = NULL;
    mambair_error err = {0};
    if (mambair_model_open_file(test_data_path(MODEL), &m, &err) != MAMBAIR_OK) {
        fprintf(stderr, "FAIL: %s\n", err.message);
        return 1;
    }
    float *in = robust_image(C, H, W);
    test_concurrent(m, in);
    mambair_model_free(m);
    test_changed_file(in);
    free(in);
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    return g_failures ? 1 : 0;
}
