/*
 * cmd-train.c — `mambair train`: train or fine-tune a MambaIR model on a
 * folder of images, on the CPU. Files are read here (GEGL, image-io.h); the
 * core trainer (core/train/trainer.h) sees 8-bit pixels in memory.
 *
 * Output folder: last.safetensors (weights + Adam state + random state: resume
 * with --resume), model.safetensors (weights of the best validation PSNR, or
 * the last when there is no validation set; what the plug-in loads), and
 * train.log (the lines printed). A first SIGINT/SIGTERM saves and stops.
 */
#include "commands.h"
#include "image-io.h"

#include "thread/pool.h"
#include "train/trainer.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

static void usage(FILE *f) {
    fprintf(f,
            "Usage: mambair train -o DIR --data DIR[,DIR...] [OPTIONS]\n"
            "Train (or fine-tune) a MambaIR model on the CPU.\n\n"
            "Task and data:\n"
            "  --task sr|denoise|jpeg  default sr; jpeg: JPEG artefact removal\n"
            "  -s, --scale N         SR scale (default 2)\n"
            "  --degrade bicubic|photo  SR inputs: MATLAB bicubic (default) or real-world\n"
            "                        degradations (blur, resize, noise, JPEG, twice)\n"
            "  --sigma N | A-B       denoise noise level(s) on 0..255 (default 15)\n"
            "  --quality Q | A-B     jpeg: JPEG quality, drawn per crop (default 10-90)\n"
            "  --data DIRS           training images (comma-separated folders)\n"
            "  --val DIR             validation images (PSNR printed every --val-every steps)\n"
            "  --gray                one-channel model (else RGB)\n"
            "Model (new runs; default the 165k-parameter light model):\n"
            "  --embed C (48)  --depths 2,2  --d-state N (8)  --expand F (1.5)\n"
            "  --head direct|pixelshuffle|residual (direct for SR, residual for denoise, jpeg)\n"
            "  --from MODEL          start from a model file (.pth or .safetensors); the head\n"
            "                        is re-initialised when the scale differs\n"
            "  --resume CKPT         continue a run exactly (DIR/last.safetensors)\n"
            "Optimisation:\n"
            "  --steps N (100000)  --batch B (16)  --patch P (48, LR pixels)\n"
            "  --lr X (2e-4; 1e-4 with --from)  --schedule multistep[:M1,M2..]|cosine\n"
            "  --loss l1|charbonnier[:EPS] (l1 for SR, charbonnier:1e-3 for denoise, jpeg)\n"
            "  --drop-path R         stochastic depth of the SS2D branch, 0..R over the blocks\n"
            "                        (official 0.1; default 0 = off)\n"
            "  --seed S (1)  -t, --threads N (all cores)\n"
            "Output:\n"
            "  -o, --output DIR  --log-every N (50)  --val-every N (1000)  --save-every N (1000)\n"
            "  --val-patch P (96)\n");
}

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig) {
    (void)sig;
    stop_requested = 1;
}

static FILE *log_file;
static void logf_(const char *fmt, ...) MB_PRINTF(1, 2);
static void logf_(const char *fmt, ...) {
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    time_t now = time(NULL);
    char ts[32];
    strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%S", localtime(&now));
    printf("%s %s\n", ts, line);
    fflush(stdout);
    if (log_file) {
        fprintf(log_file, "%s %s\n", ts, line);
        fflush(log_file);
    }
}

static bool image_ext(const char *name) {
    const char *dot = strrchr(name, '.');
    if (!dot) return false;
    static const char *exts[] = {"png", "jpg", "jpeg", "bmp", "tif", "tiff", "webp", "ppm", "pgm"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (!strcasecmp(dot + 1, exts[i])) return true;
    return false;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Load every image of the comma-separated folders, sorted by name. */
static bool load_folders(const char *dirs, tr_data *d, int min_hr, int *skipped) {
    char *copy = strdup(dirs), *save = NULL;
    bool ok = true;
    *skipped = 0;
    for (char *dir = strtok_r(copy, ",", &save); dir && ok; dir = strtok_r(NULL, ",", &save)) {
        DIR *dp = opendir(dir);
        if (!dp) {
            cli_error("%s: %s", dir, strerror(errno));
            ok = false;
            break;
        }
        char **names = NULL;
        int n = 0, cap = 0;
        struct dirent *e;
        while ((e = readdir(dp))) {
            if (e->d_name[0] == '.' || !image_ext(e->d_name)) continue;
            if (n == cap) {
                cap = cap ? 2 * cap : 64;
                names = realloc(names, (size_t)cap * sizeof *names);
            }
            names[n++] = strdup(e->d_name);
        }
        closedir(dp);
        if (n) qsort(names, (size_t)n, sizeof *names, cmp_str);
        for (int i = 0; i < n; i++) {
            char path[4096], msg[512];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            image img;
            if (ok && image_load(path, &img, msg, sizeof msg)) {
                uint8_t *px = image_to_u8(&img);
                mambair_error err;
                int added = 0;
                if (!px || tr_data_add(d, px, img.width, img.height, img.channels, min_hr, &added, &err)) {
                    cli_error("%s: %s", path, px ? err.message : "out of memory");
                    ok = false;
                }
                if (!added) (*skipped)++;
                free(px);
                image_free(&img);
            } else if (ok) {
                cli_error("%s", msg);
                ok = false;
            }
            free(names[i]);
        }
        free(names);
    }
    free(copy);
    return ok;
}

static void fmt_duration(double s, char *buf, size_t n) {
    long t = (long)s;
    if (t >= 3600)
        snprintf(buf, n, "%ldh%02ldm", t / 3600, t / 60 % 60);
    else
        snprintf(buf, n, "%ldm%02lds", t / 60, t % 60);
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int cmd_train(int argc, char **argv) {
    const char *task = "sr", *data = NULL, *val = NULL, *outdir = NULL, *from = NULL,
               *resume = NULL, *head = NULL, *sched = NULL, *lossname = NULL, *sigma = "15",
               *quality = NULL, *degrade = NULL;
    const char *depths = "2,2";
    int scale = 2, gray = 0, embed = 48, d_state = 8, log_every = 50, val_every = 1000,
        save_every = 1000;
    double expand = 1.5, lr = 0;
    tr_options opt;
    tr_options_default(&opt);
    enum { O_TASK = 256, O_SIGMA, O_DATA, O_VAL, O_GRAY, O_EMBED, O_DEPTHS, O_DSTATE, O_EXPAND,
           O_HEAD, O_FROM, O_RESUME, O_STEPS, O_BATCH, O_PATCH, O_LR, O_SCHED, O_LOSS, O_SEED,
           O_LOGE, O_VALE, O_SAVEE, O_VALP, O_DROP, O_QUALITY, O_DEGRADE };
    static const struct option lo[] = {
        {"task", 1, 0, O_TASK},     {"scale", 1, 0, 's'},       {"sigma", 1, 0, O_SIGMA},
        {"data", 1, 0, O_DATA},     {"val", 1, 0, O_VAL},       {"gray", 0, 0, O_GRAY},
        {"embed", 1, 0, O_EMBED},   {"depths", 1, 0, O_DEPTHS}, {"d-state", 1, 0, O_DSTATE},
        {"expand", 1, 0, O_EXPAND}, {"head", 1, 0, O_HEAD},     {"from", 1, 0, O_FROM},
        {"resume", 1, 0, O_RESUME}, {"steps", 1, 0, O_STEPS},   {"batch", 1, 0, O_BATCH},
        {"patch", 1, 0, O_PATCH},   {"lr", 1, 0, O_LR},         {"schedule", 1, 0, O_SCHED},
        {"loss", 1, 0, O_LOSS},     {"seed", 1, 0, O_SEED},     {"threads", 1, 0, 't'},
        {"output", 1, 0, 'o'},      {"log-every", 1, 0, O_LOGE}, {"val-every", 1, 0, O_VALE},
        {"save-every", 1, 0, O_SAVEE}, {"val-patch", 1, 0, O_VALP}, {"drop-path", 1, 0, O_DROP},
        {"quality", 1, 0, O_QUALITY}, {"degrade", 1, 0, O_DEGRADE}, {"help", 0, 0, 'h'},
        {0, 0, 0, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "s:t:o:h", lo, NULL)) != -1) {
        switch (c) {
        case O_TASK: task = optarg; break;
        case 's': scale = atoi(optarg); break;
        case O_SIGMA: sigma = optarg; break;
        case O_QUALITY: quality = optarg; break;
        case O_DEGRADE: degrade = optarg; break;
        case O_DATA: data = optarg; break;
        case O_VAL: val = optarg; break;
        case O_GRAY: gray = 1; break;
        case O_EMBED: embed = atoi(optarg); break;
        case O_DEPTHS: depths = optarg; break;
        case O_DSTATE: d_state = atoi(optarg); break;
        case O_EXPAND: expand = atof(optarg); break;
        case O_HEAD: head = optarg; break;
        case O_FROM: from = optarg; break;
        case O_RESUME: resume = optarg; break;
        case O_STEPS: opt.steps = atoll(optarg); break;
        case O_BATCH: opt.batch = atoi(optarg); break;
        case O_PATCH: opt.patch = atoi(optarg); break;
        case O_LR: lr = atof(optarg); break;
        case O_SCHED: sched = optarg; break;
        case O_LOSS: lossname = optarg; break;
        case O_SEED: opt.seed = strtoull(optarg, NULL, 10); break;
        case 't': opt.threads = atoi(optarg); break;
        case 'o': outdir = optarg; break;
        case O_LOGE: log_every = atoi(optarg); break;
        case O_VALE: val_every = atoi(optarg); break;
        case O_SAVEE: save_every = atoi(optarg); break;
        case O_VALP: opt.val_patch = atoi(optarg); break;
        case O_DROP: opt.drop_path = atof(optarg); break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (!outdir || !data) {
        usage(stderr);
        return 2;
    }
    bool jpeg = strcmp(task, "jpeg") == 0;
    bool denoise = strcmp(task, "denoise") == 0 || jpeg; /* scale 1, residual head */
    if (!denoise && strcmp(task, "sr") != 0) {
        cli_error("--task %s: expected sr, denoise or jpeg", task);
        return 2;
    }
    if (denoise) scale = 1;
    if (scale < 1 || scale > 8 || opt.steps < 1 || log_every < 1 || val_every < 1 || save_every < 1 ||
        !(opt.drop_path >= 0 && opt.drop_path < 1)) {
        cli_error("bad --scale, --steps, --drop-path or --*-every value");
        return 2;
    }
    bool photo = degrade && !strcmp(degrade, "photo");
    if (degrade && !photo && strcmp(degrade, "bicubic")) {
        cli_error("--degrade %s: expected bicubic or photo", degrade);
        return 2;
    }
    if (photo && denoise) {
        cli_error("--degrade photo is for --task sr");
        return 2;
    }
    double smin = 0, smax = 0;
    int qmin = 10, qmax = 90;
    if (quality && !jpeg) {
        cli_error("--quality is for --task jpeg");
        return 2;
    }
    if (jpeg && quality) {
        char *end;
        qmin = qmax = (int)strtol(quality, &end, 10);
        if (*end == '-') qmax = (int)strtol(end + 1, &end, 10);
        if (*end || end == quality || qmin < 1 || qmax < qmin || qmax > 100) {
            cli_error("--quality %s: expected Q or A-B with 1 <= A <= B <= 100", quality);
            return 2;
        }
    }
    if (denoise && !jpeg) {
        char *end;
        smin = smax = strtod(sigma, &end);
        if (*end == '-') smax = strtod(end + 1, &end);
        if (*end || smin < 0 || smax < smin || smax > 255) {
            cli_error("--sigma %s: expected N or A-B on the 0..255 scale", sigma);
            return 2;
        }
    }
    if (tr_loss_parse(lossname ? lossname : denoise ? "charbonnier" : "l1", &opt.loss)) {
        cli_error("--loss %s: expected l1, charbonnier or charbonnier:EPS", lossname);
        return 2;
    }
    if (sched && tr_schedule_parse(sched, &opt.sched)) {
        cli_error("--schedule %s: expected multistep[:M1,M2,...] or cosine", sched);
        return 2;
    }
    opt.adam.lr = lr > 0 ? lr : from ? 1e-4 : 2e-4;
    if (!image_io_available()) {
        cli_error("this mambair was built without GEGL: cannot read training images");
        return 1;
    }

    /* the configuration: from the resumed checkpoint, the starting model, or options */
    mambair_error err;
    mambair_config cfg;
    memset(&cfg, 0, sizeof cfg);
    mb_tensordict src = {0};
    bool skip_head = false;
    const char *srcpath = resume ? resume : from;
    if (srcpath) {
        if (mb_tensordict_load_file(srcpath, &src, &err) || tr_config_from_dict(&src, &cfg, &err)) {
            cli_error("%s: %s", srcpath, err.message);
            mb_tensordict_free(&src);
            return 1;
        }
        if (from && cfg.upscale != scale) {
            if (denoise != (cfg.head == MAMBAIR_HEAD_RESIDUAL)) {
                cli_error("%s is a %s model: cannot fine-tune it for %s", from,
                          cfg.head == MAMBAIR_HEAD_RESIDUAL ? "denoising" : "super-resolution", task);
                mb_tensordict_free(&src);
                return 1;
            }
            cfg.upscale = scale;
            skip_head = true;
        }
        if (resume) scale = cfg.upscale;
    } else {
        cfg.in_chans = gray ? 1 : 3;
        cfg.embed_dim = embed;
        cfg.d_state = d_state;
        cfg.d_inner = (int)(expand * embed); /* Python int(mlp_ratio * C) */
        cfg.dt_rank = (embed + 15) / 16;
        cfg.upscale = scale;
        const char *h = head ? head : denoise ? "residual" : "direct";
        if (!strcmp(h, "direct"))
            cfg.head = MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT;
        else if (!strcmp(h, "pixelshuffle"))
            cfg.head = MAMBAIR_HEAD_PIXELSHUFFLE;
        else if (!strcmp(h, "residual"))
            cfg.head = MAMBAIR_HEAD_RESIDUAL;
        else {
            cli_error("--head %s: expected direct, pixelshuffle or residual", h);
            return 2;
        }
        if ((cfg.head == MAMBAIR_HEAD_RESIDUAL) != denoise) {
            cli_error("--head %s does not fit --task %s", h, task);
            return 2;
        }
        cfg.light_cab = cfg.head == MAMBAIR_HEAD_PIXELSHUFFLE_DIRECT;
        char *q = (char *)depths;
        while (*q && cfg.n_groups < MAMBAIR_MAX_GROUPS) {
            cfg.depths[cfg.n_groups++] = (int)strtol(q, &q, 10);
            if (*q == ',') q++;
            else if (*q) break;
        }
    }
    if (resume) {
        /* a JPEG run continues with the quality range it started with */
        const char *jq = mb_tensordict_meta(&src, "jpeg_quality");
        if (jq && !jpeg) {
            cli_error("%s trains JPEG artefact removal: resume it with --task jpeg", resume);
            mb_tensordict_free(&src);
            return 2;
        }
        /* and a photo run with its degradations */
        const char *dg = mb_tensordict_meta(&src, "degrade");
        if (dg && !strcmp(dg, "photo")) photo = true;
        if (jq && sscanf(jq, "%d-%d", &qmin, &qmax) != 2) {
            cli_error("%s: bad jpeg_quality '%s' in the metadata", resume, jq);
            mb_tensordict_free(&src);
            return 1;
        }
    }
    cfg.task = cfg.upscale > 1 ? MAMBAIR_TASK_SUPER_RESOLUTION
               : jpeg          ? MAMBAIR_TASK_JPEG
                               : MAMBAIR_TASK_DENOISE;
    if (resume) {
        const char *b = mb_tensordict_meta(&src, "batch"), *p = mb_tensordict_meta(&src, "patch"),
                   *sd = mb_tensordict_meta(&src, "seed");
        if (b) opt.batch = atoi(b);
        if (p) opt.patch = atoi(p);
        if (sd) opt.seed = strtoull(sd, NULL, 10);
        const char *dp = mb_tensordict_meta(&src, "drop_path");
        if (dp) opt.drop_path = atof(dp);
    }

    if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
        cli_error("%s: %s", outdir, strerror(errno));
        mb_tensordict_free(&src);
        return 1;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/train.log", outdir);
    log_file = fopen(path, "a");

    tr_trainer *t = NULL;
    tr_data td, vd;
    tr_data_init(&td, scale, cfg.in_chans, smin, smax);
    tr_data_init(&vd, scale, cfg.in_chans, smin, smax);
    if (jpeg) {
        tr_data_set_jpeg(&td, qmin, qmax);
        tr_data_set_jpeg(&vd, qmin, qmax);
    }
    if (photo) {
        tr_data_set_degrade(&td);
        tr_data_set_degrade(&vd);
    }
    int rc = 1;
    if (tr_trainer_create(&cfg, &opt, &t, &err)) {
        cli_error("%s", err.message);
        goto done;
    }
    if (resume) {
        if (tr_checkpoint_resume(t, &src, &err)) {
            cli_error("%s: %s", resume, err.message);
            goto done;
        }
    } else if (from) {
        if (tr_trainer_load(t, &src, skip_head, &err)) {
            cli_error("%s: %s", from, err.message);
            goto done;
        }
    }
    mb_tensordict_free(&src);

    char msg[256];
    if (!image_io_init(msg, sizeof msg)) {
        cli_error("%s", msg);
        goto done;
    }
    int skipped;
    int min_side = tr_data_min_side(&td, opt.patch);
    if (!load_folders(data, &td, min_side, &skipped)) goto done;
    if (td.count == 0) {
        cli_error("%s: no image of at least %d pixels a side", data, min_side);
        goto done;
    }
    int vskipped = 0;
    if (val && !load_folders(val, &vd, opt.val_patch * scale, &vskipped)) goto done;

    char desc[256], lk[64];
    mambair_config_describe(&t->lay.cfg, desc, sizeof desc);
    tr_loss_describe(&opt.loss, lk, sizeof lk);
    logf_("train: %s", desc);
    logf_("config: C=%d depths %s N=%d Din=%d R=%d%s", cfg.embed_dim, depths, cfg.d_state,
          cfg.d_inner, cfg.dt_rank, cfg.light_cab ? " light-CAB" : "");
    logf_("data: %d images (%.1f Mpixels, %d too small skipped) from %s", td.count,
          td.pixels / 1e6, skipped, data);
    if (val) logf_("validation: %d images from %s, centre crops of %d px (%d skipped)", vd.count, val,
                   opt.val_patch, vskipped);
    if (jpeg)
        logf_("JPEG: quality %d..%d per crop (libjpeg, %s), validation at %d", qmin, qmax,
              cfg.in_chans == 3 ? "4:2:0" : "gray", (qmin + qmax) / 2);
    else if (denoise)
        logf_("noise: sigma %g..%g", smin, smax);
    else
        logf_("LR: %s", photo ? "photo degradations (blur, resize, noise, JPEG 30-95, twice; a seed per crop)"
                              : "MATLAB bicubic");
    logf_("run: %" PRId64 " steps, batch %d x %dx%d, loss %s, Adam lr %g, DropPath %g, %d threads, seed %" PRIu64,
          opt.steps, opt.batch, opt.patch, opt.patch, lk, opt.adam.lr, opt.drop_path, t->opt.threads,
          opt.seed);
    logf_("BLAS: %s", mambair_blas_info());
    if (resume) logf_("resumed from %s at step %" PRId64, resume, t->step);
    if (from) logf_("fine-tuning from %s%s", from, skip_head ? " (head re-initialised for the new scale)" : "");
    size_t act = 0;
    for (int i = 0; i < t->nparts; i++) act += tr_net_bytes_f32(t->net[i]);
    logf_("memory: %.0f MiB of activations (batch in %d parts, one per thread, of chunks of %d)",
          act / 1048576.0, t->nparts, TR_CHUNK);

    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    char datadesc[512], jq[32];
    snprintf(jq, sizeof jq, "%d-%d", qmin, qmax);
    snprintf(datadesc, sizeof datadesc, "%s%s%s", data,
             jpeg ? ", JPEG quality " : denoise ? ", sigma " : photo ? ", photo degradations" : "",
             jpeg ? jq : denoise ? sigma : "");
    const char *meta[] = {"data", datadesc, "description", desc,
                          jpeg ? "jpeg_quality" : photo ? "degrade" : NULL, jpeg ? jq : "photo", NULL, NULL};
    double best = -1, t0 = now_s(), tw = t0, loss_sum = 0;
    int64_t first = t->step, nsum = 0;
    char lastp[4096], modelp[4096];
    snprintf(lastp, sizeof lastp, "%s/last.safetensors", outdir);
    snprintf(modelp, sizeof modelp, "%s/model.safetensors", outdir);
    if (resume && vd.count) {
        /* model.safetensors keeps the best validation so far: a resumed run
         * replaces it only with a better one */
        mb_tensordict prev = {0};
        mambair_error perr;
        if (!mb_tensordict_load_file(modelp, &prev, &perr)) {
            const char *ps = mb_tensordict_meta(&prev, "psnr");
            if (ps && isfinite(strtod(ps, NULL))) best = strtod(ps, NULL);
            mb_tensordict_free(&prev);
        }
        if (best >= 0) logf_("best validation so far: %.3f dB (%s)", best, modelp);
    }
    while (t->step < opt.steps && !stop_requested) {
        double l;
        if (tr_trainer_step(t, &td, &l)) {
            cli_error("%s", t->error.message);
            goto done;
        }
        if (!isfinite(l)) {
            logf_("step %" PRId64 ": loss is %g, stopping (lower --lr?)", t->step, l);
            goto done;
        }
        loss_sum += l;
        nsum++;
        if (t->step % log_every == 0 || t->step == opt.steps) {
            double now = now_s(), per = (now - tw) / (double)nsum;
            char eta[32];
            fmt_duration(per * (double)(opt.steps - t->step), eta, sizeof eta);
            logf_("step %" PRId64 "/%" PRId64 "  loss %.5f  lr %.2e  %.3f s/step  %.1f samples/s  eta %s",
                  t->step, opt.steps, loss_sum / (double)nsum, tr_schedule_lr(&t->opt.sched, t->step),
                  per, opt.batch / per, eta);
            loss_sum = 0;
            nsum = 0;
            tw = now;
        }
        bool do_val = vd.count && (t->step % val_every == 0 || t->step == opt.steps);
        if (do_val) {
            double psnr;
            double v0 = now_s();
            if (tr_trainer_validate(t, &vd, &psnr, &err)) {
                cli_error("validation: %s", err.message);
                goto done;
            }
            bool better = psnr > best;
            if (better) best = psnr;
            logf_("validate step %" PRId64 ": PSNR %.3f dB on %d images%s (%.1f s)", t->step, psnr,
                  vd.count, better ? ", best so far" : "", now_s() - v0);
            if (better && tr_checkpoint_save(t, modelp, false, meta, &err)) {
                cli_error("%s: %s", modelp, err.message);
                goto done;
            }
            tw += now_s() - v0;
        }
        if (t->step % save_every == 0 || t->step == opt.steps) {
            if (tr_checkpoint_save(t, lastp, true, meta, &err) ||
                (!vd.count && tr_checkpoint_save(t, modelp, false, meta, &err))) {
                cli_error("%s", err.message);
                goto done;
            }
        }
    }
    if (stop_requested) {
        if (tr_checkpoint_save(t, lastp, true, meta, &err)) {
            cli_error("%s", err.message);
            goto done;
        }
        logf_("stopped at step %" PRId64 "; saved %s (continue with --resume)", t->step, lastp);
    } else {
        char took[32];
        fmt_duration(now_s() - t0, took, sizeof took);
        logf_("done: %" PRId64 " steps in %s; %s%s", t->step - first, took, modelp,
              best >= 0 ? "" : "");
    }
    rc = 0;
done:
    mb_tensordict_free(&src);
    tr_trainer_free(t);
    tr_data_free(&td);
    tr_data_free(&vd);
    if (log_file) fclose(log_file);
    log_file = NULL;
    return rc;
}
