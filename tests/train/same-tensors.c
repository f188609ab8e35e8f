/* same-tensors.c — does a model file hold exactly the tensors a training
 * state keeps under a prefix? Every tensor NAME of MODEL must equal the
 * state's PREFIX+NAME bit for bit (shape and values), and every tensor of
 * the state under that prefix must be in MODEL.
 * Usage: same-tensors STATE PREFIX MODEL (PREFIX "" for the weights
 * themselves); exit 0 if the same, 1 if not (first difference printed). */
#include "io/tensordict.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: same-tensors STATE PREFIX MODEL\n");
        return 2;
    }
    const char *prefix = argv[2];
    size_t plen = strlen(prefix);
    mb_tensordict state = {0}, model = {0};
    mambair_error err;
    if (mb_tensordict_load_file(argv[1], &state, &err) || mb_tensordict_load_file(argv[3], &model, &err)) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    int rc = 0;
    for (int64_t i = 0; i < model.count && !rc; i++) {
        const mb_tensor *m = &model.tensors[i];
        char name[512];
        snprintf(name, sizeof name, "%s%s", prefix, m->name);
        const mb_tensor *s = mb_tensordict_find(&state, name);
        if (!s) {
            printf("%s: no %s in the state\n", m->name, name);
            rc = 1;
        } else if (s->dtype != m->dtype || s->ndim != m->ndim ||
                   memcmp(s->shape, m->shape, sizeof s->shape) ||
                   memcmp(s->data, m->data, (size_t)m->numel * mb_dtype_size(m->dtype))) {
            printf("%s differs from the state's %s\n", m->name, name);
            rc = 1;
        }
    }
    /* the other way: nothing of the state under the prefix is missing
     * (with no prefix, only names that hold no other prefix's dot) */
    int64_t under = 0;
    for (int64_t i = 0; i < state.count; i++) {
        const char *n = state.tensors[i].name;
        if (plen ? !strncmp(n, prefix, plen)
                 : strncmp(n, "optim.", 6) && strncmp(n, "ema.", 4))
            under++;
    }
    if (!rc && under != model.count) {
        printf("the state holds %lld tensors under \"%s\", the model %lld\n", (long long)under, prefix,
               (long long)model.count);
        rc = 1;
    }
    if (!rc) printf("%s: the %lld tensors of the state under \"%s\"\n", argv[3], (long long)under, prefix);
    mb_tensordict_free(&state);
    mb_tensordict_free(&model);
    return rc;
}
