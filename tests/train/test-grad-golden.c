/*
 * test-grad-golden.c — whole-network gradients against the official
 * autograd oracle (golden-grad/README.md §1): every parameter and the input,
 * in double (relative error <= 1e-9 per tensor) and in float (<= 1e-4 of the
 * tensor's largest gradient, 5e-4 for the Charbonnier 1e-6 input gradient),
 * loss within 1e-6.
 *
 * usage: test-grad-golden VECTOR LOSSFILE LOSS [CLI_GRADS]
 *   e.g. test-grad-golden tiny_sr_x2_ps l1 l1
 *        test-grad-golden tiny_dn_rgb charb1e-3 charbonnier:1e-3
 * With CLI_GRADS (a file written by `mambair grad`), that file is checked
 * instead, with the float tolerances (tests/train/grad-cli.sh).
 *
 * test-grad-golden --same-output GRADS OUT.bin: the `output` tensor of a
 * `mambair grad` file (the trainer's forward) equals the raw float32
 * OUT.bin of `mambair tensor` (the inference engine) within 1e-5.
 * Data: $MAMBAIR_TESTDATA/grad/VECTOR/ if present, else $MAMBAIR_SHARED
 * (skipped when neither exists).
 */
#include "train/layout.h"
#include "train/loss.h"
#include "train/net-train.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../test-util.h"

static int exists(const char *p) {
    struct stat st;
    return stat(p, &st) == 0;
}

static int same_output(const char *grads, const char *raw) {
    mambair_error err;
    mb_tensordict cd = {0};
    if (mb_tensordict_load_file(grads, &cd, &err)) {
        fprintf(stderr, "FAIL: %s\n", err.message);
        return 1;
    }
    const mb_tensor *o = mb_tensordict_find(&cd, "output");
    size_t sz;
    float *r = test_try_read_file(raw, &sz);
    if (!o || o->dtype != MB_DTYPE_F32 || !r || sz != (size_t)o->numel * 4) {
        printf("FAIL: %s has no F32 output of %zu values\n", grads, sz / 4);
        return 1;
    }
    double md = 0;
    for (int64_t i = 0; i < o->numel; i++) md = fmax(md, fabs(((const float *)o->data)[i] - r[i]));
    printf("%s trainer forward vs inference engine: %lld values, max |d| %.3g (tol 1e-5)\n",
           md <= 1e-5 ? "ok  " : "FAIL", (long long)o->numel, md);
    free(r);
    mb_tensordict_free(&cd);
    return md <= 1e-5 ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "--same-output") == 0) return same_output(argv[2], argv[3]);
    if (argc != 4 && argc != 5) {
        fprintf(stderr, "usage: %s VECTOR LOSSFILE LOSS [CLI_GRADS]\n", argv[0]);
        return 2;
    }
    const char *vec = argv[1], *lossfile = argv[2];
    tr_loss loss;
    if (tr_loss_parse(argv[3], &loss)) {
        fprintf(stderr, "bad loss %s\n", argv[3]);
        return 2;
    }
    char model[1024], input[1024], target[1024], gradf[1024];
    const char *td = getenv("MAMBAIR_TESTDATA"), *sh = getenv("MAMBAIR_SHARED");
    snprintf(model, sizeof model, "%s/grad/%s/model.safetensors", td ? td : ".", vec);
    snprintf(gradf, sizeof gradf, "%s/grad/%s/grad_%s_f64.safetensors", td ? td : ".", vec, lossfile);
    if (td && exists(model) && exists(gradf)) {
        snprintf(input, sizeof input, "%s/grad/%s/input.bin", td, vec);
        snprintf(target, sizeof target, "%s/grad/%s/target.bin", td, vec);
    } else {
        if (!sh) sh = "";
        snprintf(model, sizeof model, "%s/golden-grad/safetensors/%s.safetensors", sh, vec);
        snprintf(input, sizeof input, "%s/golden/%s/input.bin", sh, vec);
        snprintf(target, sizeof target, "%s/golden-grad/%s/target.bin", sh, vec);
        snprintf(gradf, sizeof gradf, "%s/golden-grad/%s/grad_%s_f64.safetensors", sh, vec, lossfile);
    }
    if (!exists(model) || !exists(gradf)) {
        printf("SKIP: %s or %s not found (reference data absent)\n", model, gradf);
        return 77;
    }
    mambair_error err;
    mb_tensordict md = {0}, gd = {0};
    if (mb_tensordict_load_file(model, &md, &err) || mb_tensordict_load_file(gradf, &gd, &err)) {
        fprintf(stderr, "FAIL: %s\n", err.message);
        return 1;
    }
    mambair_config cfg;
    tr_layout lay;
    if (tr_config_from_dict(&md, &cfg, &err) || tr_layout_build(&cfg, &lay, &err)) {
        fprintf(stderr, "FAIL: %s\n", err.message);
        return 1;
    }
    const mb_tensor *ig = mb_tensordict_find(&gd, "input_grad"), *og = mb_tensordict_find(&gd, "output");
    const mb_tensor *lg = mb_tensordict_find(&gd, "loss");
    if (!ig || !og || !lg || ig->ndim != 4 || og->ndim != 4) {
        fprintf(stderr, "FAIL: %s lacks input_grad/output/loss\n", gradf);
        return 1;
    }
    int Cin = (int)ig->shape[1], H = (int)ig->shape[2], W = (int)ig->shape[3];
    int64_t nin = ig->numel, nout = og->numel;
    size_t sz;
    float *in32 = test_try_read_file(input, &sz);
    if (!in32 || sz != (size_t)nin * 4) {
        fprintf(stderr, "FAIL: %s: expected %lld floats\n", input, (long long)nin);
        return 1;
    }
    float *tg32 = test_try_read_file(target, &sz);
    if (!tg32 || sz != (size_t)nout * 4) {
        fprintf(stderr, "FAIL: %s: expected %lld floats\n", target, (long long)nout);
        return 1;
    }
    double ref_loss = ((const double *)lg->data)[0];
    printf("%s %s: C=%d depths", vec, lossfile, cfg.embed_dim);
    for (int g = 0; g < cfg.n_groups; g++) printf(" %d", cfg.depths[g]);
    printf(" N=%d Din=%d R=%d x%d, input %dx%dx%d, %lld params\n", cfg.d_state, cfg.d_inner,
           cfg.dt_rank, cfg.upscale, Cin, H, W, (long long)lay.total);
    int fails = 0;
    if (argc == 5) {
        /* the CLI's output: F32 tensors under the same names, loss in the metadata */
        mb_tensordict cd = {0};
        if (mb_tensordict_load_file(argv[4], &cd, &err)) {
            fprintf(stderr, "FAIL: %s\n", err.message);
            return 1;
        }
        const char *ls = mb_tensordict_meta(&cd, "loss");
        double L = ls ? strtod(ls, NULL) : NAN;
        if (!(fabs(L - ref_loss) <= 1e-6)) {
            printf("FAIL cli loss %s, expected %.15g\n", ls ? ls : "(missing)", ref_loss);
            fails++;
        }
        double worst = 0;
        for (int64_t t = 0; t <= lay.count; t++) {
            const char *name = t < lay.count ? lay.params[t].name : "input_grad";
            const mb_tensor *ref = mb_tensordict_find(&gd, name), *mine = mb_tensordict_find(&cd, name);
            if (!ref || !mine || ref->numel != mine->numel || mine->dtype != MB_DTYPE_F32) {
                printf("FAIL cli: %s missing, mis-shaped or not F32\n", name);
                fails++;
                continue;
            }
            double mx = 0, md2 = 0;
            for (int64_t i = 0; i < ref->numel; i++) {
                double r = ((const double *)ref->data)[i], v = ((const float *)mine->data)[i];
                mx = fmax(mx, fabs(r));
                md2 = fmax(md2, fabs(v - r));
            }
            double rel = mx > 0 ? md2 / mx : md2;
            worst = fmax(worst, rel);
            if (rel > (strcmp(name, "input_grad") == 0 && strcmp(lossfile, "charb1e-6") == 0 ? 5e-4 : 1e-4)) {
                printf("FAIL cli %s: rel %.3g\n", name, rel);
                fails++;
            }
        }
        printf("cli grads %s: loss %s, worst per-tensor relative error %.3g\n", argv[4], ls ? ls : "?", worst);
        mb_tensordict_free(&cd);
        free(in32);
        free(tg32);
        tr_layout_free(&lay);
        mb_tensordict_free(&md);
        mb_tensordict_free(&gd);
        return fails ? 1 : 0;
    }
    for (int prec = 0; prec < 2; prec++) {
        bool f64 = prec == 0;
        size_t es = f64 ? 8 : 4;
        void *p = calloc((size_t)lay.total, es), *g = calloc((size_t)lay.total, es);
        void *in = calloc((size_t)nin, es), *gin = calloc((size_t)nin, es);
        void *out = calloc((size_t)nout, es), *tg = calloc((size_t)nout, es), *gout = calloc((size_t)nout, es);
        if (tr_layout_load(&lay, &md, p, f64, false, &err)) {
            fprintf(stderr, "FAIL: %s\n", err.message);
            return 1;
        }
        double L;
        for (int64_t i = 0; i < nin; i++)
            if (f64) ((double *)in)[i] = in32[i]; else ((float *)in)[i] = in32[i];
        for (int64_t i = 0; i < nout; i++)
            if (f64) ((double *)tg)[i] = tg32[i]; else ((float *)tg)[i] = tg32[i];
        if (f64) {
            tr_net_f64 *net;
            if (tr_net_create_f64(&lay, 1, H, W, 1, &net, &err)) { fprintf(stderr, "FAIL: %s\n", err.message); return 1; }
            tr_net_forward_f64(net, p, in, out);
            L = tr_loss_f64(&loss, nout, out, tg, gout);
            tr_net_backward_f64(net, p, gout, g, gin);
            tr_net_free_f64(net);
        } else {
            tr_net_f32 *net;
            if (tr_net_create_f32(&lay, 1, H, W, 2, &net, &err)) { fprintf(stderr, "FAIL: %s\n", err.message); return 1; }
            tr_net_forward_f32(net, p, in, out);
            L = tr_loss_f32(&loss, nout, out, tg, gout);
            tr_net_backward_f32(net, p, gout, g, gin);
            tr_net_free_f32(net);
        }
        double tol = f64 ? 1e-9 : 1e-4;
        double ltol = f64 ? 1e-12 : 1e-6;
        if (fabs(L - ref_loss) > ltol) {
            printf("FAIL %s loss %.15g, expected %.15g (|d| %.3g)\n", f64 ? "f64" : "f32", L, ref_loss, fabs(L - ref_loss));
            fails++;
        }
        double worst = 0;
        const char *worst_name = "";
        for (int64_t t = 0; t <= lay.count; t++) {
            const char *name = t < lay.count ? lay.params[t].name : "input_grad";
            const mb_tensor *ref = mb_tensordict_find(&gd, name);
            int64_t numel = t < lay.count ? lay.params[t].numel : nin;
            int64_t off = t < lay.count ? lay.params[t].offset : 0;
            const void *mine = t < lay.count ? g : gin;
            if (!ref || ref->numel != numel || ref->dtype != MB_DTYPE_F64) {
                printf("FAIL: reference %s missing or mis-shaped\n", name);
                fails++;
                continue;
            }
            const double *r = ref->data;
            double mx = 0, md2 = 0;
            int64_t at = 0;
            for (int64_t i = 0; i < numel; i++) {
                double v = f64 ? ((const double *)mine)[off + i] : ((const float *)mine)[off + i];
                if (fabs(r[i]) > mx) mx = fabs(r[i]);
                if (fabs(v - r[i]) > md2) { md2 = fabs(v - r[i]); at = i; }
            }
            double t2 = tol;
            if (!f64 && strcmp(name, "input_grad") == 0 && strcmp(lossfile, "charb1e-6") == 0) t2 = 5e-4;
            double rel = mx > 0 ? md2 / mx : md2;
            bool bad = mx > 0 ? rel > t2 : md2 > 1e-12;
            if (rel > worst) { worst = rel; worst_name = name; }
            if (bad) {
                double v = f64 ? ((const double *)mine)[off + at] : ((const float *)mine)[off + at];
                printf("FAIL %s %s: max|d| %.3g at %lld (ours %.10g, ref %.10g), max|ref| %.3g, rel %.3g > %.g\n",
                       f64 ? "f64" : "f32", name, md2, (long long)at, v, r[at], mx, rel, t2);
                fails++;
            }
        }
        printf("%s: loss %.12g (ref %.12g), worst per-tensor relative error %.3g (%s)\n",
               f64 ? "f64" : "f32", L, ref_loss, worst, worst_name);
        free(p); free(g); free(in); free(gin); free(out); free(tg); free(gout);
    }
    free(in32);
    free(tg32);
    tr_layout_free(&lay);
    mb_tensordict_free(&md);
    mb_tensordict_free(&gd);
    if (fails) printf("%d failures\n", fails);
    return fails ? 1 : 0;
}
