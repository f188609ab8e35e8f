/*
 * fuzz-config.c — configuration detection and weight checks on parsed
 * tensors: the part of loading that trusts names and shapes, not bytes.
 *
 * The input is text, one tensor per line: "name d0 d1 ...". Each becomes a
 * zero-filled F32 tensor (a hostile file can declare any shape the readers
 * accept, so the shapes are the attack surface here, not the values), then
 * mb_net_create() detects the configuration, checks every shape and packs
 * the weights. Seeds are the tensor lists of the golden models.
 */
#include "fuzz.h"
#include "io/tensordict.h"
#include "net/net.h"

#include <stdlib.h>
#include <string.h>

#define MAX_TENSOR_ELEMS (1 << 20) /* per tensor, and ...               */
#define MAX_TOTAL_ELEMS (1 << 22)  /* ... over the dict: bounded memory */

static void *zeros;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > MB_FUZZ_MAX_INPUT) return 0;
    if (!zeros && !(zeros = calloc(MAX_TENSOR_ELEMS, sizeof(float)))) return 0;
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    mb_tensordict td = {0};
    mambair_error err;
    int64_t total = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *sp = strchr(line, ' ');
        if (sp) *sp++ = '\0';
        int64_t shape[MB_MAX_DIMS], numel = 1;
        int ndim = 0;
        while (sp && *sp && ndim < MB_MAX_DIMS) {
            char *end;
            long long d = strtoll(sp, &end, 10);
            if (end == sp || d < 0 || d > MAX_TENSOR_ELEMS) break;
            shape[ndim++] = d;
            numel *= d;
            if (numel > MAX_TENSOR_ELEMS) break;
            sp = end;
            while (*sp == ' ') sp++;
        }
        if (numel > MAX_TENSOR_ELEMS || total + numel > MAX_TOTAL_ELEMS) continue;
        if (mb_tensordict_add(&td, line, MB_DTYPE_F32, ndim, shape, zeros, &err) != MAMBAIR_OK)
            continue;
        total += numel;
    }
    free(text);
    mb_net *net = NULL;
    if (mb_tensordict_check_unique(&td, &err) == MAMBAIR_OK && mb_net_create(&td, &net, &err) == MAMBAIR_OK)
        mb_net_free(net);
    mb_tensordict_free(&td);
    return 0;
}
