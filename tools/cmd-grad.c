/*
 * cmd-grad.c — `mambair grad`: one forward + backward of a model on a raw
 * tensor, for gradient tests and scripts.
 *
 *   mambair grad -m MODEL -i IN.bin --shape C,H,W -t TARGET.bin
 *                --loss l1|charbonnier[:EPS] -o GRADS.safetensors [--f64]
 *
 * IN.bin and TARGET.bin are raw little-endian float32, planar {C,H,W} and
 * {C,sH,sW}. The network runs in eval mode (no DropPath). The output holds
 * the gradient of every parameter under its state-dict name and
 * `input_grad` {1,C,H,W}, the forward `output` {1,C,sH,sW}, as F32 (F64 with
 * --f64, computed in double), and the metadata keys `loss` (%.17g),
 * `loss_kind` and `dtype`. This interface
 * is used by the gradient tests: keep it stable.
 */
#include "commands.h"

#include "train/layout.h"
#include "train/loss.h"
#include "train/net-train.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f) {
    fprintf(f,
            "Usage: mambair grad -m MODEL -i IN.bin --shape C,H,W -t TARGET.bin\n"
            "                    --loss l1|charbonnier[:EPS] -o GRADS.safetensors [--f64]\n"
            "One forward + backward (eval mode); writes dLoss/dParam for every parameter\n"
            "(state-dict names), input_grad, and the loss in the metadata.\n"
            "  IN.bin, TARGET.bin  raw float32 LE, planar {C,H,W} and {C,sH,sW}\n"
            "  --loss              l1 (mean |o-t|) or charbonnier (mean sqrt(d^2+EPS), EPS 1e-3)\n"
            "  --f64               compute and write in double precision\n");
}

static float *read_f32(const char *path, size_t n) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        cli_error("%s: cannot open", path);
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (sz < 0 || (size_t)sz != n * 4) {
        cli_error("%s: %ld bytes, expected %zu (%zu float32 values)", path, sz, n * 4, n);
        fclose(f);
        return NULL;
    }
    float *p = malloc(n * 4);
    if (p && fread(p, 4, n, f) != n) {
        free(p);
        p = NULL;
        cli_error("%s: read error", path);
    }
    fclose(f);
    return p;
}

int cmd_grad(int argc, char **argv) {
    const char *model = NULL, *inp = NULL, *tgt = NULL, *outp = NULL, *shape = NULL,
               *lossname = "l1";
    int f64 = 0;
    static const struct option lo[] = {{"model", 1, 0, 'm'}, {"input", 1, 0, 'i'},
                                       {"target", 1, 0, 't'}, {"output", 1, 0, 'o'},
                                       {"shape", 1, 0, 'S'},  {"loss", 1, 0, 'l'},
                                       {"f64", 0, 0, 'D'},    {"help", 0, 0, 'h'},
                                       {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "m:i:t:o:h", lo, NULL)) != -1) {
        switch (c) {
        case 'm': model = optarg; break;
        case 'i': inp = optarg; break;
        case 't': tgt = optarg; break;
        case 'o': outp = optarg; break;
        case 'S': shape = optarg; break;
        case 'l': lossname = optarg; break;
        case 'D': f64 = 1; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!model || !inp || !tgt || !outp || !shape) {
        usage(stderr);
        return 2;
    }
    tr_loss loss;
    if (tr_loss_parse(lossname, &loss)) {
        cli_error("--loss %s: expected l1, charbonnier or charbonnier:EPS", lossname);
        return 2;
    }
    int C, H, W;
    char extra;
    if (sscanf(shape, "%d,%d,%d%c", &C, &H, &W, &extra) != 3 || C < 1 || H < 1 || W < 1 ||
        H > 4096 || W > 4096) {
        cli_error("--shape %s: expected C,H,W (1..4096)", shape);
        return 2;
    }
    mambair_error err;
    mb_tensordict md = {0};
    mambair_config cfg;
    tr_layout lay;
    memset(&lay, 0, sizeof lay);
    if (mb_tensordict_load_file(model, &md, &err) || tr_config_from_dict(&md, &cfg, &err) ||
        tr_layout_build(&cfg, &lay, &err)) {
        cli_error("%s", err.message);
        mb_tensordict_free(&md);
        return 1;
    }
    int rc = 1;
    if (C != cfg.in_chans) {
        cli_error("--shape has %d channels, the model takes %d", C, cfg.in_chans);
        goto done0;
    }
    size_t nin = (size_t)C * H * W, nout = nin * cfg.upscale * cfg.upscale, es = f64 ? 8 : 4;
    float *in32 = read_f32(inp, nin), *tg32 = read_f32(tgt, nout);
    void *p = calloc((size_t)lay.total, es), *g = calloc((size_t)lay.total, es);
    void *in = calloc(nin, es), *gin = calloc(nin, es), *out = calloc(nout, es),
         *tg = calloc(nout, es), *gout = calloc(nout, es);
    double L = 0;
    mb_tensordict gd = {0};
    if (!in32 || !tg32) goto done;
    if (!p || !g || !in || !gin || !out || !tg || !gout) {
        cli_error("out of memory");
        goto done;
    }
    if (tr_layout_load(&lay, &md, p, f64, false, &err)) {
        cli_error("%s", err.message);
        goto done;
    }
    for (size_t i = 0; i < nin; i++)
        if (f64) ((double *)in)[i] = in32[i]; else ((float *)in)[i] = in32[i];
    for (size_t i = 0; i < nout; i++)
        if (f64) ((double *)tg)[i] = tg32[i]; else ((float *)tg)[i] = tg32[i];
    if (f64) {
        tr_net_f64 *net;
        if (tr_net_create_f64(&lay, 1, H, W, 0, &net, &err)) { cli_error("%s", err.message); goto done; }
        tr_net_forward_f64(net, p, in, out);
        L = tr_loss_f64(&loss, (int64_t)nout, out, tg, gout);
        tr_net_backward_f64(net, p, gout, g, gin);
        tr_net_free_f64(net);
    } else {
        tr_net_f32 *net;
        if (tr_net_create_f32(&lay, 1, H, W, 0, &net, &err)) { cli_error("%s", err.message); goto done; }
        tr_net_forward_f32(net, p, in, out);
        L = tr_loss_f32(&loss, (int64_t)nout, out, tg, gout);
        tr_net_backward_f32(net, p, gout, g, gin);
        tr_net_free_f32(net);
    }
    mb_dtype dt = f64 ? MB_DTYPE_F64 : MB_DTYPE_F32;
    for (int64_t i = 0; i < lay.count; i++) {
        const tr_param *pr = &lay.params[i];
        if (mb_tensordict_add(&gd, pr->name, dt, pr->ndim, pr->shape, (char *)g + pr->offset * es, &err))
            goto fail;
    }
    int64_t ish[4] = {1, C, H, W}, osh[4] = {1, C, (int64_t)H * cfg.upscale, (int64_t)W * cfg.upscale};
    char buf[64], lk[64];
    snprintf(buf, sizeof buf, "%.17g", L);
    tr_loss_describe(&loss, lk, sizeof lk);
    if (mb_tensordict_add(&gd, "input_grad", dt, 4, ish, gin, &err) ||
        mb_tensordict_add(&gd, "output", dt, 4, osh, out, &err) ||
        mb_tensordict_set_meta(&gd, "loss", buf, &err) ||
        mb_tensordict_set_meta(&gd, "loss_kind", lk, &err) ||
        mb_tensordict_set_meta(&gd, "dtype", f64 ? "f64" : "f32", &err) ||
        mb_tensordict_set_meta(&gd, "mode", "eval (no DropPath)", &err) ||
        mb_safetensors_save(outp, &gd, &err))
        goto fail;
    printf("loss %.17g\n", L);
    rc = 0;
    goto done;
fail:
    cli_error("%s", err.message);
done:
    mb_tensordict_free(&gd);
    free(in32);
    free(tg32);
    free(p);
    free(g);
    free(in);
    free(gin);
    free(out);
    free(tg);
    free(gout);
done0:
    tr_layout_free(&lay);
    mb_tensordict_free(&md);
    return rc;
}
