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
            "  --border-crops P      move a share P (0..1, per axis) of the crops to the\n"
            "                        image's edge, to train the border (default 0)\n"
            "  --lr-from-crop        SR: make each crop's LR from its HR crop alone, so\n"
            "                        its edges are image edges, as at inference (default:\n"
            "                        cut from the whole image's LR)\n"
            "  --clip-noise P        denoise: clip the noisy input to the pixel range in a\n"
            "                        share P (0..1) of the samples, as image files hold noise\n"
            "                        (default 0: unclipped, as the papers' benchmarks)\n"
            "  --gray-noise P        denoise, RGB: the same noise in the three channels\n"
            "                        (luminance noise, as cameras make it) in a share P\n"
            "                        (0..1) of the samples (default 0: independent)\n"
            "  --data DIRS           training images (comma-separated folders)\n"
            "  --val DIR             validation images (PSNR printed every --val-every steps)\n"
            "  --gray                one-channel model (else RGB)\n"
            "  --scales 2,3,4        SR: one body for several scales, a head per scale; the\n"
            "                        steps take the scales in turn (writes last-xN and\n"
            "                        model-xN.safetensors; --resume DIR resumes them all)\n"
            "Model (new runs; default the 165k-parameter light model):\n"
            "  --embed C (48)  --depths 2,2  --d-state N (8)  --expand F (1.5)\n"
            "  --head direct|pixelshuffle|residual (direct for SR, residual for denoise, jpeg)\n"
            "  --from MODEL          start from a model file (.pth or .safetensors); the head\n"
            "                        is re-initialised when the scale differs; with\n"
            "                        --depths (the model's own, then more groups) the new\n"
            "                        groups start as the identity: a deeper model that\n"
            "                        begins exactly where the file's left off; with\n"
            "                        --embed twice the model's, every channel doubled:\n"
            "                        a wider model that begins where the file's did\n"
            "  --resume CKPT         continue a run exactly (DIR/last.safetensors)\n"
            "Optimisation:\n"
            "  --steps N (100000)  --batch B (16)  --patch P (48, LR pixels)\n"
            "  --lr X (2e-4; 1e-4 with --from)  --schedule multistep[:M1,M2..]|cosine\n"
            "  --loss l1|charbonnier[:EPS][+luma:A] (l1 for SR, charbonnier:1e-3 for denoise, jpeg;\n"
            "        +luma:A adds A times the loss of the luma residual, colour only)\n"
            "  --drop-path R         stochastic depth of the SS2D branch, 0..R over the blocks\n"
            "                        (official 0.1; default 0 = off)\n"
            "  --ema D               keep a moving average of the weights (decay D, e.g.\n"
            "                        0.999); validated beside them, the better is saved;\n"
            "                        each saved state also writes the average as a model,\n"
            "                        DIR/average-step<N>.safetensors\n"
            "  --seed S (1)  -t, --threads N (all cores)\n"
            "Output:\n"
            "  -o, --output DIR  --log-every N (50)  --val-every N (1000)  --save-every N (1000)\n"
            "  --val-patch P (96)\n");
}

#define TR_MAX_SCALES 3

/* With --ema, each saved state also writes its moving average as a model
 * file of its own, DIR/average-step<N>.safetensors (average-x<S>-step<N>
 * for one body of several scales): the validation crops and whole pictures
 * can prefer different checkpoints, so every saved average stays at hand
 * to be measured on whole pictures and shipped as it is. psnr: its
 * validation at this step, NaN if it was not validated here. */
static mambair_status save_average(tr_trainer *t, const char *outdir, int scale, double psnr,
                                   const char *const *meta, mambair_error *err) {
    if (!t->ema) return MAMBAIR_OK;
    char path[4096], scl[16] = "", weights[64];
    if (scale) snprintf(scl, sizeof scl, "x%d-", scale);
    snprintf(path, sizeof path, "%s/average-%sstep%" PRId64 ".safetensors", outdir, scl, t->step);
    snprintf(weights, sizeof weights, "moving average (decay %g)", t->opt.ema);
    /* the run's own metadata, then what says which weights these are */
    const char *m[16];
    int n = 0;
    for (int i = 0; meta && meta[i] && n < 12; i += 2) {
        if (!strcmp(meta[i], "psnr_mean")) continue; /* the best model's, not this one's */
        m[n++] = meta[i];
        m[n++] = meta[i + 1];
    }
    m[n] = "weights";
    m[n + 1] = weights;
    m[n + 2] = NULL;
    m[n + 3] = NULL;
    double kept = t->last_psnr;
    t->last_psnr = psnr;
    tr_trainer_swap_ema(t);
    mambair_status st = tr_checkpoint_save(t, path, false, m, err);
    tr_trainer_swap_ema(t);
    t->last_psnr = kept;
    return st;
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
            if (e->d_name[0] == '.' || !image_file_name(e->d_name)) continue;
            if (n == cap) {
                cap = cap ? 2 * cap : 64;
                names = realloc(names, (size_t)cap * sizeof *names);
            }
            names[n++] = strdup(e->d_name);
        }
        closedir(dp);
        if (n) qsort(names, (size_t)n, sizeof *names, image_name_cmp);
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

/* "2,2,2": blocks per residual group, each 1..64; false when malformed. */
static bool parse_depths(const char *text, int *depths, int *n) {
    const char *q = text;
    *n = 0;
    for (;;) {
        char *end;
        long v = strtol(q, &end, 10);
        if (end == q || v < 1 || v > 64 || *n == MAMBAIR_MAX_GROUPS) return false;
        depths[(*n)++] = (int)v;
        if (*end == 0) return true;
        if (*end != ',') return false;
        q = end + 1;
    }
}

/* The configuration's depths as "2,2,2" (its groups' block counts). */
static void fmt_depths(const mambair_config *cfg, char *buf, size_t n) {
    buf[0] = 0;
    for (int g = 0; g < cfg->n_groups; g++)
        snprintf(buf + strlen(buf), n - strlen(buf), "%s%d", g ? "," : "", cfg->depths[g]);
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
               *resume = NULL, *head = NULL, *scales_arg = NULL, *sched = NULL, *lossname = NULL, *sigma = "15",
               *quality = NULL, *degrade = NULL;
    const char *depths = "2,2";
    int scale = 2, gray = 0, embed = 48, d_state = 8, log_every = 50, val_every = 1000,
        save_every = 1000;
    double expand = 1.5, lr = 0, clip_frac = 0, gray_frac = 0, border_frac = 0;
    bool lr_from_crop = false, depths_set = false, embed_set = false;
    tr_options opt;
    tr_options_default(&opt);
    enum { O_TASK = 256, O_SIGMA, O_DATA, O_VAL, O_GRAY, O_EMBED, O_DEPTHS, O_DSTATE, O_EXPAND,
           O_HEAD, O_FROM, O_RESUME, O_STEPS, O_BATCH, O_PATCH, O_LR, O_SCHED, O_LOSS, O_SEED,
           O_LOGE, O_VALE, O_SAVEE, O_VALP, O_DROP, O_CLIP, O_GRAYN, O_SCALES, O_BORDER, O_EMA, O_QUALITY,
           O_DEGRADE, O_LRCROP };
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
        {"quality", 1, 0, O_QUALITY}, {"degrade", 1, 0, O_DEGRADE},
        {"clip-noise", 1, 0, O_CLIP}, {"gray-noise", 1, 0, O_GRAYN}, {"scales", 1, 0, O_SCALES}, {"border-crops", 1, 0, O_BORDER}, {"ema", 1, 0, O_EMA},
        {"lr-from-crop", 0, 0, O_LRCROP},
        {"help", 0, 0, 'h'},
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
        case O_EMBED: embed = atoi(optarg), embed_set = true; break;
        case O_DEPTHS: depths = optarg, depths_set = true; break;
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
        case O_CLIP: clip_frac = atof(optarg); break;
        case O_GRAYN: gray_frac = atof(optarg); break;
        case O_SCALES: scales_arg = optarg; break;
        case O_BORDER: border_frac = atof(optarg); break;
        case O_LRCROP: lr_from_crop = true; break;
        case O_EMA: opt.ema = atof(optarg); break;
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
    int nsc = 1, scales[TR_MAX_SCALES] = {0};
    if (scales_arg) {
        char *q = (char *)scales_arg;
        nsc = 0;
        while (*q && nsc < TR_MAX_SCALES) {
            long v = strtol(q, &q, 10);
            if (v < 2 || v > 4) break;
            for (int k = 0; k < nsc; k++)
                if (scales[k] == v) v = 0;
            if (!v) break;
            scales[nsc++] = (int)v;
            if (*q == ',') q++;
        }
        if (*q || nsc < 1 || denoise) {
            cli_error("--scales %s: expected distinct scales among 2, 3 and 4, with --task sr", scales_arg);
            return 2;
        }
        scale = scales[0];
    } else {
        scales[0] = scale;
    }
    if (scale < 1 || scale > 8 || opt.steps < 1 || log_every < 1 || val_every < 1 || save_every < 1 ||
        !(opt.drop_path >= 0 && opt.drop_path < 1) || !(clip_frac >= 0 && clip_frac <= 1) || !(gray_frac >= 0 && gray_frac <= 1) ||
        !(border_frac >= 0 && border_frac <= 1) || !(opt.ema >= 0 && opt.ema < 1)) {
        cli_error("bad --scale, --steps, --drop-path, --clip-noise, --gray-noise, --border-crops, --ema or --*-every value");
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
    if (lr_from_crop && (denoise || photo)) {
        cli_error("--lr-from-crop is for --task sr with bicubic inputs");
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
        cli_error("--loss %s: expected l1, charbonnier or charbonnier:EPS, optionally +luma:A", lossname);
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
    char resume0[4200];
    static char dir[4096]; /* the run folder of a multi-scale --resume */
    if (resume && nsc > 1) {
        /* --resume DIR (or any file in it): the run's last-xN checkpoints */
        struct stat st;
        snprintf(dir, sizeof dir, "%s", resume);
        if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
            char *slash = strrchr(dir, '/');
            if (slash) *slash = 0;
            else snprintf(dir, sizeof dir, ".");
        }
        snprintf(resume0, sizeof resume0, "%s/last-x%d.safetensors", dir, scales[0]);
        resume = dir;
    }
    const char *srcpath = resume ? (nsc > 1 ? resume0 : resume) : from;
    int from_scale = 0;
    if (srcpath) {
        if (mb_tensordict_load_file(srcpath, &src, &err) || tr_config_from_dict(&src, &cfg, &err)) {
            cli_error("%s: %s", srcpath, err.message);
            mb_tensordict_free(&src);
            return 1;
        }
        from_scale = cfg.upscale;
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
        if (resume && nsc == 1) scale = scales[0] = cfg.upscale;
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
        if (!parse_depths(depths, cfg.depths, &cfg.n_groups)) {
            cli_error("--depths %s: expected blocks per group, as 2,2", depths);
            return 2;
        }
    }
    /* --from with --depths: the file's groups, then new ones (a deeper
     * model); --resume: the run's own depths or none */
    int grow_from = 0;
    if (srcpath && depths_set) {
        int nd, dd[MAMBAIR_MAX_GROUPS];
        bool ok = parse_depths(depths, dd, &nd) && nd >= cfg.n_groups && (nd == cfg.n_groups || !resume);
        for (int g = 0; ok && g < cfg.n_groups; g++) ok = dd[g] == cfg.depths[g];
        if (!ok) {
            char own[160];
            fmt_depths(&cfg, own, sizeof own);
            if (resume)
                cli_error("--depths %s: a resumed run keeps its model (depths %s)", depths, own);
            else
                cli_error("--depths %s: with --from, give the model's own depths (%s), then the groups to add",
                          depths, own);
            mb_tensordict_free(&src);
            return 2;
        }
        if (nd > cfg.n_groups) {
            grow_from = cfg.n_groups;
            memcpy(cfg.depths, dd, sizeof dd[0] * (size_t)nd);
            cfg.n_groups = nd;
        }
    }
    /* --from with --embed twice the file's: a wider model (every channel
     * doubled, starting as exactly the file's network) */
    bool widen = false;
    if (srcpath && embed_set && embed != cfg.embed_dim) {
        if (resume || embed != 2 * cfg.embed_dim || grow_from) {
            cli_error("--embed %d: %s", embed,
                      resume      ? "a resumed run keeps its model"
                      : grow_from ? "widen or deepen the model, not both in one run"
                                  : "with --from, give the model's own width or twice it");
            mb_tensordict_free(&src);
            return 2;
        }
        widen = true;
        cfg.embed_dim = embed;
        cfg.d_inner *= 2;
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
        const char *em = mb_tensordict_meta(&src, "ema");
        if (em && opt.ema == 0) opt.ema = atof(em);
    }

    if (opt.loss.luma > 0 && cfg.in_chans != 3) {
        cli_error("--loss %s: the luma term needs a colour (RGB) model", lossname);
        mb_tensordict_free(&src);
        return 2;
    }
    if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
        cli_error("%s: %s", outdir, strerror(errno));
        mb_tensordict_free(&src);
        return 1;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/train.log", outdir);
    log_file = fopen(path, "a");

    /* One trainer per scale. With several scales they share the body: the
     * non-head parameters and their Adam moments are one prefix of each flat
     * array (state-dict order ends with the head), copied from the trainer
     * that just stepped to the others, so the body sees every step. */
    tr_trainer *tt[TR_MAX_SCALES] = {0};
    tr_data td[TR_MAX_SCALES], vd[TR_MAX_SCALES];
    int64_t body = 0; /* reals of the shared prefix */
    for (int k = 0; k < TR_MAX_SCALES; k++) {
        tr_data_init(&td[k], k < nsc ? scales[k] : scale, cfg.in_chans, smin, smax);
        tr_data_init(&vd[k], k < nsc ? scales[k] : scale, cfg.in_chans, smin, smax);
        td[k].clip_frac = clip_frac; /* validation stays unclipped, as the benchmarks */
        td[k].gray_frac = gray_frac; /* and independent per channel */
        td[k].border_frac = border_frac;
        td[k].lr_from_crop = vd[k].lr_from_crop = lr_from_crop;
        td[k].threads = vd[k].threads = opt.threads;
        if (jpeg) {
            tr_data_set_jpeg(&td[k], qmin, qmax);
            tr_data_set_jpeg(&vd[k], qmin, qmax);
        }
        if (photo) {
            tr_data_set_degrade(&td[k]);
            tr_data_set_degrade(&vd[k]);
        }
    }
    int rc = 1;
    for (int k = 0; k < nsc; k++) {
        mambair_config ck = cfg;
        ck.upscale = scales[k];
        if (tr_trainer_create(&ck, &opt, &tt[k], &err)) {
            cli_error("%s", err.message);
            goto done;
        }
        tr_trainer *t = tt[k];
        if (resume) {
            mb_tensordict own = {0};
            const mb_tensordict *rd = &src;
            char rp[4200];
            if (nsc > 1 && k > 0) {
                snprintf(rp, sizeof rp, "%s/last-x%d.safetensors", resume, scales[k]);
                if (mb_tensordict_load_file(rp, &own, &err)) {
                    cli_error("%s: %s", rp, err.message);
                    goto done;
                }
                rd = &own;
            }
            mambair_status st = tr_checkpoint_resume(t, rd, &err);
            mb_tensordict_free(&own);
            if (st) {
                cli_error("%s: %s", resume, err.message);
                goto done;
            }
        } else if (from) {
            bool skip = from_scale != scales[k] && !denoise;
            if (widen         ? tr_trainer_load_widened(t, &src, &err)
                : grow_from ? tr_trainer_load_grown(t, &src, skip, grow_from, &err)
                            : tr_trainer_load(t, &src, skip, &err)) {
                cli_error("%s: %s", from, err.message);
                goto done;
            }
        }
    }
    if (nsc > 1) {
        const tr_layout *l0 = &tt[0]->lay;
        body = l0->total;
        for (int64_t i = 0; i < l0->count; i++)
            if (tr_param_is_head(l0, i) && l0->params[i].offset < body) body = l0->params[i].offset;
        for (int k = 1; k < nsc; k++) {
            const tr_layout *lk = &tt[k]->lay;
            for (int64_t i = 0; i < l0->count && i < lk->count; i++) {
                const tr_param *a = &l0->params[i], *b = &lk->params[i];
                bool shared = a->offset + a->numel <= body;
                MB_ASSERT(!shared || (!strcmp(a->name, b->name) && a->offset == b->offset &&
                                      a->numel == b->numel && !tr_param_is_head(lk, i)));
            }
            /* a fresh run starts every scale from the first one's body; a
             * resumed or fine-tuned one has it already */
            memcpy(tt[k]->p, tt[0]->p, (size_t)body * sizeof(float));
            if (tt[k]->ema) memcpy(tt[k]->ema, tt[0]->ema, (size_t)body * sizeof(float));
            MB_ASSERT(tt[k]->step == tt[0]->step);
        }
    }
    tr_trainer *t = tt[0];
    mb_tensordict_free(&src);

    char msg[256];
    if (!image_io_init(msg, sizeof msg)) {
        cli_error("%s", msg);
        goto done;
    }
    int skipped = 0, vskipped = 0;
    for (int k = 0; k < nsc; k++) {
        int min_side = tr_data_min_side(&td[k], opt.patch);
        if (!load_folders(data, &td[k], min_side, &skipped)) goto done;
        if (td[k].count == 0) {
            cli_error("%s: no image of at least %d pixels a side", data, min_side);
            goto done;
        }
        if (val && !load_folders(val, &vd[k], opt.val_patch * scales[k], &vskipped)) goto done;
    }

    char desc[256], lk[64], scdesc[64] = "";
    mambair_config_describe(&t->lay.cfg, desc, sizeof desc);
    tr_loss_describe(&opt.loss, lk, sizeof lk);
    for (int k = 0; nsc > 1 && k < nsc; k++)
        snprintf(scdesc + strlen(scdesc), sizeof scdesc - strlen(scdesc), "%sx%d", k ? "," : "", scales[k]);
    logf_("train: %s%s%s", desc, nsc > 1 ? "; one body for the scales " : "", scdesc);
    char dtext[160];
    fmt_depths(&cfg, dtext, sizeof dtext);
    logf_("config: C=%d depths %s N=%d Din=%d R=%d%s", cfg.embed_dim, dtext, cfg.d_state,
          cfg.d_inner, cfg.dt_rank, cfg.light_cab ? " light-CAB" : "");
    if (grow_from)
        logf_("grown: groups %d..%d added to the model's %d, each starting as the identity", grow_from + 1,
              cfg.n_groups, grow_from);
    if (widen)
        logf_("widened: %d channels from the model's %d, each of its channels doubled", cfg.embed_dim,
              cfg.embed_dim / 2);
    logf_("data: %d images (%.1f Mpixels, %d too small skipped) from %s", td[nsc - 1].count,
          td[nsc - 1].pixels / 1e6, skipped, data);
    if (val) logf_("validation: %d images from %s, centre crops of %d px (%d skipped)", vd[nsc - 1].count, val,
                   opt.val_patch, vskipped);
    if (border_frac > 0) logf_("crops: %g%% moved to the image's edge along each axis", 100 * border_frac);
    if (lr_from_crop) logf_("crops: each LR made from its HR crop alone (its edges as an image's)");
    if (jpeg)
        logf_("JPEG: quality %d..%d per crop (libjpeg, %s), validation at %d", qmin, qmax,
              cfg.in_chans == 3 ? "4:2:0" : "gray", (qmin + qmax) / 2);
    else if (denoise)
        logf_("noise: sigma %g..%g, clipped to the pixel range in %g%% of the samples, the same in "
              "every channel in %g%%", smin, smax, 100 * clip_frac, cfg.in_chans > 1 ? 100 * gray_frac : 0);
    else
        logf_("LR: %s", photo ? "photo degradations (blur, resize, noise, JPEG 30-95, twice; a seed per crop)"
                              : "MATLAB bicubic");
    logf_("run: %" PRId64 " steps, batch %d x %dx%d, loss %s, Adam lr %g, DropPath %g, %d threads, seed %" PRIu64,
          opt.steps, opt.batch, opt.patch, opt.patch, lk, opt.adam.lr, opt.drop_path, t->opt.threads,
          opt.seed);
    logf_("BLAS: %s", mambair_blas_info());
    if (opt.ema > 0) logf_("moving average of the weights: decay %g", opt.ema);
    if (resume) logf_("resumed from %s at step %" PRId64, resume, t->step);
    if (from) logf_("fine-tuning from %s%s", from, skip_head || (nsc > 1 && from_scale != scales[nsc - 1])
                                                     ? " (head re-initialised for a new scale)" : "");
    size_t act = 0;
    for (int k = 0; k < nsc; k++)
        for (int i = 0; i < tt[k]->nparts; i++) act += tr_net_bytes_f32(tt[k]->net[i]);
    logf_("memory: %.0f MiB of activations (batch in %d parts, one per thread, of chunks of %d)",
          act / 1048576.0, t->nparts, TR_CHUNK);

    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    char datadesc[512], jq[32];
    snprintf(jq, sizeof jq, "%d-%d", qmin, qmax);
    /* the data's folder names, not their paths: a model file is shared and
     * should not carry the trainer's directory layout */
    char folders[400] = "";
    {
        char *copy = strdup(data), *save = NULL;
        for (char *d = copy ? strtok_r(copy, ",", &save) : NULL; d; d = strtok_r(NULL, ",", &save)) {
            size_t len = strlen(d);
            while (len > 1 && d[len - 1] == '/') d[--len] = 0;
            const char *base = strrchr(d, '/') ? strrchr(d, '/') + 1 : d;
            snprintf(folders + strlen(folders), sizeof folders - strlen(folders), "%s%s", folders[0] ? "," : "", base);
        }
        free(copy);
    }
    snprintf(datadesc, sizeof datadesc, "%s%s%s", folders,
             jpeg ? ", JPEG quality " : denoise ? ", sigma " : photo ? ", photo degradations" : "",
             jpeg ? jq : denoise ? sigma : "");
    char meanbuf[32] = "";
    /* (the description is each file's own: tr_checkpoint_save) */
    const char *meta[] = {"data", datadesc, NULL, NULL, NULL, NULL, NULL};
    int meta_free = 2; /* first free key slot (the list ends at the first NULL key) */
    if (jpeg || photo) {
        meta[2] = jpeg ? "jpeg_quality" : "degrade";
        meta[3] = jpeg ? jq : "photo";
        meta_free = 4;
    }
    double best = -1, t0 = now_s(), tw = t0, loss_sum[TR_MAX_SCALES] = {0};
    int64_t first = t->step, nsum[TR_MAX_SCALES] = {0};
    char lastp[TR_MAX_SCALES][4096], modelp[TR_MAX_SCALES][4096];
    for (int k = 0; k < nsc; k++) {
        if (nsc == 1) {
            snprintf(lastp[k], sizeof lastp[k], "%s/last.safetensors", outdir);
            snprintf(modelp[k], sizeof modelp[k], "%s/model.safetensors", outdir);
        } else {
            snprintf(lastp[k], sizeof lastp[k], "%s/last-x%d.safetensors", outdir, scales[k]);
            snprintf(modelp[k], sizeof modelp[k], "%s/model-x%d.safetensors", outdir, scales[k]);
        }
    }
    if (resume && vd[0].count) {
        /* the model files keep the best validation so far: a resumed run
         * replaces them only with a better one (several scales: the mean) */
        mb_tensordict prev = {0};
        mambair_error perr;
        if (!mb_tensordict_load_file(modelp[0], &prev, &perr)) {
            const char *ps = mb_tensordict_meta(&prev, nsc > 1 ? "psnr_mean" : "psnr");
            if (ps && isfinite(strtod(ps, NULL))) best = strtod(ps, NULL);
            mb_tensordict_free(&prev);
        }
        if (best >= 0) logf_("best validation so far: %.3f dB (%s)", best, modelp[0]);
    }
    while (t->step < opt.steps && !stop_requested) {
        double l;
        int k = (int)(t->step % nsc);
        tr_trainer *tk = tt[k];
        if (tr_trainer_step(tk, &td[k], &l)) {
            cli_error("%s", tk->error.message);
            goto done;
        }
        if (!isfinite(l)) {
            logf_("step %" PRId64 ": loss is %g, stopping (lower --lr?)", tk->step, l);
            goto done;
        }
        for (int j = 0; j < nsc; j++) {
            if (j == k) continue;
            memcpy(tt[j]->p, tk->p, (size_t)body * sizeof(float));
            memcpy(tt[j]->m, tk->m, (size_t)body * sizeof(float));
            memcpy(tt[j]->v, tk->v, (size_t)body * sizeof(float));
            if (tk->ema) memcpy(tt[j]->ema, tk->ema, (size_t)body * sizeof(float));
            tt[j]->step = tk->step;
        }
        t = tt[0];
        loss_sum[k] += l;
        nsum[k]++;
        if (t->step % log_every == 0 || t->step == opt.steps) {
            int64_t n = 0;
            for (int j = 0; j < nsc; j++) n += nsum[j];
            double now = now_s(), per = (now - tw) / (double)n;
            char eta[32], losses[128] = "";
            fmt_duration(per * (double)(opt.steps - t->step), eta, sizeof eta);
            for (int j = 0; j < nsc; j++) {
                if (nsc > 1)
                    snprintf(losses + strlen(losses), sizeof losses - strlen(losses), " x%d", scales[j]);
                snprintf(losses + strlen(losses), sizeof losses - strlen(losses), " %.5f",
                         nsum[j] ? loss_sum[j] / (double)nsum[j] : 0.0);
                loss_sum[j] = 0;
                nsum[j] = 0;
            }
            logf_("step %" PRId64 "/%" PRId64 "  loss%s  lr %.2e  %.3f s/step  %.1f samples/s  eta %s",
                  t->step, opt.steps, losses, tr_schedule_lr(&t->opt.sched, t->step), per,
                  opt.batch / per, eta);
            tw = now;
        }
        bool do_val = vd[0].count && (t->step % val_every == 0 || t->step == opt.steps);
        /* each scale's PSNR, of the weights [0] and their moving average [1];
         * NaN where not validated at this step */
        double vscale[2][TR_MAX_SCALES] = {{NAN, NAN, NAN}, {NAN, NAN, NAN}};
        if (do_val) {
            /* the weights, then (with --ema) their moving average; the
             * better of the two is what the model files keep */
            double v0 = now_s(), vpsnr[2] = {0, 0};
            int nv = t->ema ? 2 : 1;
            for (int e = 0; e < nv; e++) {
                double psnr = 0;
                char each[128] = "";
                for (int j = 0; j < nsc; j++) {
                    double pj;
                    if (e) tr_trainer_swap_ema(tt[j]);
                    mambair_status vst = tr_trainer_validate(tt[j], &vd[j], &pj, &err);
                    if (e) tr_trainer_swap_ema(tt[j]);
                    if (vst) {
                        cli_error("validation: %s", err.message);
                        goto done;
                    }
                    psnr += pj / nsc;
                    vscale[e][j] = pj;
                    if (nsc > 1)
                        snprintf(each + strlen(each), sizeof each - strlen(each), "%sx%d %.3f",
                                 j ? ", " : " (", scales[j], pj);
                }
                if (nsc > 1) snprintf(each + strlen(each), sizeof each - strlen(each), ")");
                vpsnr[e] = psnr;
                logf_("validate step %" PRId64 ": PSNR %.3f dB%s%s%s on %d images%s (%.1f s)", t->step, psnr,
                      nsc > 1 ? " mean" : "", e ? " (moving average)" : "", each, vd[0].count,
                      psnr > best ? ", best so far" : "", now_s() - v0);
            }
            int e = nv == 2 && vpsnr[1] > vpsnr[0];
            double psnr = vpsnr[e];
            if (nsc > 1) {
                snprintf(meanbuf, sizeof meanbuf, "%.4f", psnr);
                meta[meta_free] = "psnr_mean";
                meta[meta_free + 1] = meanbuf;
            }
            bool better = psnr > best;
            if (better) best = psnr;
            for (int j = 0; better && j < nsc; j++) {
                if (e) tr_trainer_swap_ema(tt[j]);
                tt[j]->last_psnr = vscale[e][j]; /* the "psnr" of the file saved */
                mambair_status sst = tr_checkpoint_save(tt[j], modelp[j], false, meta, &err);
                if (e) tr_trainer_swap_ema(tt[j]);
                if (sst) {
                    cli_error("%s: %s", modelp[j], err.message);
                    goto done;
                }
            }
            tw += now_s() - v0;
        }
        if (t->step % save_every == 0 || t->step == opt.steps) {
            for (int j = 0; j < nsc; j++)
                if (tr_checkpoint_save(tt[j], lastp[j], true, meta, &err) ||
                    (!vd[0].count && tr_checkpoint_save(tt[j], modelp[j], false, meta, &err)) ||
                    save_average(tt[j], outdir, nsc > 1 ? scales[j] : 0, vscale[1][j], meta, &err)) {
                    cli_error("%s", err.message);
                    goto done;
                }
        }
    }
    if (stop_requested) {
        for (int j = 0; j < nsc; j++)
            if (tr_checkpoint_save(tt[j], lastp[j], true, meta, &err) ||
                save_average(tt[j], outdir, nsc > 1 ? scales[j] : 0, NAN, meta, &err)) {
                cli_error("%s", err.message);
                goto done;
            }
        logf_("stopped at step %" PRId64 "; saved %s (continue with --resume %s)", t->step,
              nsc > 1 ? outdir : lastp[0], nsc > 1 ? outdir : lastp[0]);
    } else {
        char took[32];
        fmt_duration(now_s() - t0, took, sizeof took);
        logf_("done: %" PRId64 " steps in %s; %s", t->step - first, took, modelp[0]);
    }
    rc = 0;
done:
    mb_tensordict_free(&src);
    for (int k = 0; k < TR_MAX_SCALES; k++) {
        tr_trainer_free(tt[k]);
        tr_data_free(&td[k]);
        tr_data_free(&vd[k]);
    }
    if (log_file) fclose(log_file);
    log_file = NULL;
    return rc;
}
