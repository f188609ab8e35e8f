/*
 * test-golden.c — the network against the official outputs (SPEC §12).
 * Usage: test-golden VECTOR MODEL_FILE C H W [TOL [scalar|avx2|avx512]]
 * Runs with 1 and 2 threads; max |Δ| must stay within TOL (default 1e-4;
 * expect ~1e-6). The low-precision model forms (f16/bf16 weights) pass a
 * looser TOL since their weights differ from the ones output.bin was made with.
 */
#include "net-test.h"
#include "ops/ops.h"

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: test-golden VECTOR MODEL C H W [TOL]\n");
        return 2;
    }
    const char *vec = argv[1];
    int c = atoi(argv[3]), h = atoi(argv[4]), w = atoi(argv[5]);
    double tol = argc > 6 ? atof(argv[6]) : 1e-4;
    if (argc > 7) { /* run the kernels of one ISA (skipped if this CPU lacks it) */
        mb_isa want = !strcmp(argv[7], "avx512") ? MB_ISA_AVX512
                      : !strcmp(argv[7], "avx2") ? MB_ISA_AVX2
                                                 : MB_ISA_SCALAR;
        if (mb_cpu_isa() < want) {
            printf("this CPU cannot run the %s kernels\n", argv[7]);
            return 77;
        }
        mb_cpu_force_isa(want);
        printf("kernels: %s\n", mb_isa_name(mb_cpu_isa()));
    }
    char path[1024];
    golden_path(path, sizeof path, vec, argv[2]);
    mb_net *net = load_net(path);
    if (!net) return 1;
    const mambair_config *cfg = mb_net_config(net);
    int s = cfg->upscale;
    int64_t n_in, n_ref;
    golden_path(path, sizeof path, vec, "input.bin");
    float *in = read_f32(path, &n_in);
    golden_path(path, sizeof path, vec, "output.bin");
    float *ref = read_f32(path, &n_ref);
    if (!in || !ref) return 1;
    if (cfg->in_chans != c || n_in != (int64_t)c * h * w || n_ref != n_in * s * s) {
        fprintf(stderr, "%s: shape mismatch: model Cin %d x%d, input %lld floats, output %lld\n", vec,
                cfg->in_chans, s, (long long)n_in, (long long)n_ref);
        return 1;
    }
    int fails = 0;
    for (int nth = 1; nth <= 2; nth++) {
        float *out = run_net(net, in, h, w, nth);
        if (!out) return 1;
        int64_t at;
        double d = max_abs_diff(out, ref, n_ref, &at);
        int64_t oh = (int64_t)h * s, ow = (int64_t)w * s;
        printf("%s (%s), %d thread(s): output %dx%lldx%lld, max |d| = %.3g at (c %lld, y %lld, x %lld), tol %.2g\n",
               vec, argv[2], nth, c, (long long)oh, (long long)ow, d, (long long)(at / (oh * ow)),
               (long long)(at / ow % oh), (long long)(at % ow), tol);
        if (!(d <= tol)) fails++;
        free(out);
    }
    free(in);
    free(ref);
    mb_net_free(net);
    return fails ? 1 : 0;
}
