/* image-test.h — small helpers shared by the tests/image programs. */
#ifndef IMAGE_TEST_H
#define IMAGE_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../test-util.h"


/* Read a whole file below $MAMBAIR_TESTDATA (or an absolute path). */
static inline void *test_read(const char *rel, size_t *size) {
    char path[4096];
    const char *root = getenv("MAMBAIR_TESTDATA");
    if (rel[0] == '/' || !root)
        snprintf(path, sizeof path, "%s", rel);
    else
        snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    void *buf = malloc(n > 0 ? (size_t)n : 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(1);
    }
    fclose(f);
    *size = (size_t)n;
    return buf;
}

#endif
