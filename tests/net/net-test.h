/* net-test.h — helpers of the network tests: data files, comparisons. */
#ifndef MB_NET_TEST_H
#define MB_NET_TEST_H

#include "io/tensordict.h"
#include "net/net.h"

#include "../test-util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* $MAMBAIR_TESTDATA/golden/<vec>/<file> */
static inline void golden_path(char *buf, size_t size, const char *vec, const char *file) {
    snprintf(buf, size, "%s", test_data_path("golden/%s/%s", vec, file));
}

/* Whole file as floats; *n = count. NULL (with a message) on failure. */
static inline float *read_f32(const char *path, int64_t *n) {
    size_t count;
    float *d = test_read_f32(path, &count);
    *n = (int64_t)count;
    return d;
}

/* max |a - b| and its index */
static inline double max_abs_diff(const float *a, const float *b, int64_t n, int64_t *where) {
    double m = 0.0;
    *where = 0;
    for (int64_t i = 0; i < n; i++) {
        double d = fabs((double)a[i] - (double)b[i]);
        if (!(d <= m)) { /* NaN counts as a failure */
            m = isnan(d) ? INFINITY : d;
            *where = i;
        }
    }
    return m;
}

/* Load a model file and build the net; NULL with a message on failure. */
static inline mb_net *load_net(const char *path) {
    mb_tensordict td = {0};
    mambair_error err = {0};
    mb_net *net = NULL;
    if (mb_tensordict_load_file(path, &td, &err) != MAMBAIR_OK ||
        mb_net_create(&td, &net, &err) != MAMBAIR_OK) {
        fprintf(stderr, "%s: %s\n", path, err.message);
        net = NULL;
    }
    mb_tensordict_free(&td);
    return net;
}

/* Forward on a whole image with n_threads threads; returns malloc'ed output. */
static inline float *run_net(const mb_net *net, const float *in, int h, int w, int n_threads) {
    const mambair_config *c = mb_net_config(net);
    size_t ws_size = mb_net_workspace_size(net, h, w, n_threads);
    void *ws = malloc(ws_size);
    size_t n_out = (size_t)c->in_chans * h * w * c->upscale * c->upscale;
    float *out = malloc(n_out * sizeof(float));
    mambair_error err = {0};
    if (!ws || !out ||
        mb_net_forward(net, in, h, w, out, ws, n_threads, NULL, NULL, &err) != MAMBAIR_OK) {
        fprintf(stderr, "forward failed: %s\n", err.message);
        free(out);
        out = NULL;
    }
    free(ws);
    return out;
}

#endif
