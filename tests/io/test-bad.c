/*
 * test-bad.c — every crafted broken file in tests/data/io/bad/ (made by
 * make-test-files.py) gives its expected status and a message naming the
 * problem, without crashing and without a large allocation (peak RSS).
 */
#include "io-test.h"

#include <sys/resource.h>

static const char *status_name(mambair_status s) {
    static const char *names[] = {"OK", "INVALID_ARGUMENT", "IO", "FORMAT", "UNSAFE",
                                  "UNSUPPORTED", "NO_MEMORY", "LIMIT", "CANCELLED", "INTERNAL"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

int main(void) {
    size_t n;
    char *list = test_read_file(io_path("bad/EXPECTED"), &n);
    list = realloc(list, n + 1);
    list[n] = '\0';
    int files = 0;
    for (char *line = strtok(list, "\n"); line; line = strtok(NULL, "\n")) {
        char *file = line, *status = strchr(file, '\t');
        if (!status) continue;
        *status++ = '\0';
        char *text = strchr(status, '\t');
        if (!text) continue;
        *text++ = '\0';
        char rel[512];
        snprintf(rel, sizeof rel, "bad/%s", file);
        mb_tensordict td;
        mambair_error err = {0};
        mambair_status st = mb_tensordict_load_file(io_path(rel), &td, &err);
        files++;
        CHECK(strcmp(status_name(st), status) == 0, "%s: status %s, want %s (%s)", file,
              status_name(st), status, err.message);
        CHECK(st == MAMBAIR_OK || strstr(err.message, text), "%s: message '%s' lacks '%s'", file,
              err.message, text);
        CHECK(st == MAMBAIR_OK || strstr(err.message, file), "%s: message '%s' does not name the file",
              file, err.message);
        CHECK(st != MAMBAIR_OK || td.count == 0, "%s: loaded", file);
        if (st == MAMBAIR_OK) mb_tensordict_free(&td);
        CHECK(td.count == 0 && td.tensors == NULL, "%s: output not empty after a failure", file);
    }
    free(list);
    CHECK(files >= 40, "only %d bad files listed", files);
    /* the files claim terabytes; none may be allocated */
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    CHECK(ru.ru_maxrss < 200 * 1024, "peak RSS %ld KiB after the bad files", ru.ru_maxrss);
    printf("%d bad files checked, peak RSS %ld KiB\n", files, ru.ru_maxrss);
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    return g_failures ? 1 : 0;
}
