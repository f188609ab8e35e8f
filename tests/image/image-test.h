/* image-test.h — small helpers shared by the tests/image programs. */
#ifndef IMAGE_TEST_H
#define IMAGE_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../test-util.h"

/* Read a whole file below $MAMBAIR_TESTDATA (or an absolute path); exits the
 * test when it cannot. */
static inline void *test_read(const char *rel, size_t *size) {
    char path[4096];
    const char *root = getenv("MAMBAIR_TESTDATA");
    if (rel[0] == '/' || !root)
        snprintf(path, sizeof path, "%s", rel);
    else
        snprintf(path, sizeof path, "%s/%s", root, rel);
    return test_read_file(path, size);
}

#endif
