/*
 * cmd-bench.c — `mambair bench`: throughput of a model on a given input size.
 * One warm-up run, then N timed runs on a fixed pseudo-random image (or an
 * image file); prints median, min and max, megapixels per second (output
 * pixels), threads and the GEMM backend.
 *
 * --sweep: the same for a range of tile sizes, the automatic plan first, each
 * with its peak memory (the process's peak RSS, reset before each size), so
 * the planner's choice can be checked against the fastest size (docs/tiling.md).
 */
#include "commands.h"
#include "restore.h"

#include "image/noise.h"
#include "thread/timing.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f) {
    fprintf(f, "Usage: mambair bench [-m MODEL | -s N | --sigma N] [OPTIONS]\n"
               "Measure how fast a model runs.\n\n"
               "  -m, --model F     model file (default: the built-in x2 SR model)\n"
               "  -s, --scale N     built-in SR model x N\n"
               "      --sigma N     built-in denoise model for noise level N\n"
               "      --size WxH    input size in pixels (default 128x128)\n"
               "  -n, --runs N      timed runs (default 5) after one warm-up; with --sweep\n"
               "                    runs per size (default 3; 0 = print the plans only)\n"
               "  -t, --threads N   worker threads (default: all cores)\n"
               "  -i, --input F     time on this image file (its size and pixels)\n"
               "      --tile N      tile edge (0 = automatic, -1 = whole image)\n"
               "      --memory M    memory budget, e.g. 512M (default: automatic)\n"
               "      --ensemble    time the 8-fold self-ensemble\n"
               "      --sweep       time each of a range of tile sizes, taking turns (default\n"
               "                    3 runs each), with peak memory\n"
               "      --tiles LIST  tile sizes for --sweep, e.g. 0,64,128,-1 (0 = automatic,\n"
               "                    -1 = whole image; default 0,64,96,128,192,256,384,-1)\n"
               "  -h, --help        this text\n");
}

/* Peak RSS of this process in MiB since the last reset, or -1 (not Linux). */
static void peak_reset(void) {
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (!f) return;
    fputs("5", f); /* 5: reset the peak resident set size */
    fclose(f);
}
static double peak_mib(void) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    double kib = -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6)) kib = atof(line + 6);
    fclose(f);
    return kib < 0 ? -1 : kib / 1024.0;
}

static void machine_state(FILE *out) {
    char cpu[256];
    double load[3];
    mb_timing_cpu_name(cpu, sizeof cpu);
    mb_timing_load(load);
    fprintf(out, "CPU:     %s, %ld cores online\nload:    %.2f %.2f %.2f (1, 5, 15 min)\n", cpu,
            sysconf(_SC_NPROCESSORS_ONLN), load[0], load[1], load[2]);
}

/* "0,64,-1" -> tiles; false when malformed. */
static bool parse_tiles(const char *s, int *tiles, int max, int *n) {
    *n = 0;
    while (*s) {
        char *end;
        long v = strtol(s, &end, 10);
        if (end == s || v < -1 || v > (1 << 16) || *n == max || (*end && *end != ',')) return false;
        tiles[(*n)++] = (int)v;
        s = *end ? end + 1 : end;
    }
    return *n > 0;
}

typedef struct timing {
    double med, min, max, cpu; /* seconds; cpu = median CPU seconds per thread */
} timing;

/* `runs` timed runs; false (message printed) when a run fails. */
static bool time_runs(const mambair_model *model, const float *in, int w, int h, float *out,
                      const mambair_run_options *opt, int runs, double *t, double *tc,
                      timing *res) {
    mambair_error err;
    int nth = opt->n_threads > 0 ? opt->n_threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    for (int r = 0; r < runs; r++) {
        double t0 = mb_timing_wall(), c0 = mb_timing_cpu();
        if (mambair_run(model, in, w, h, out, opt, &err) != MAMBAIR_OK) {
            cli_error("bench: %s", err.message);
            return false;
        }
        t[r] = mb_timing_wall() - t0;
        tc[r] = (mb_timing_cpu() - c0) / (nth > 0 ? nth : 1);
    }
    res->med = mb_timing_median(t, runs);
    res->cpu = mb_timing_median(tc, runs);
    res->min = t[0];
    res->max = t[runs - 1];
    return true;
}

/* One line per tile size: the plan, the times, the peak memory. The sizes
 * take turns (run 1 of each, then run 2 of each, ...), so a change in the
 * machine's load during the sweep falls on all of them alike. */
static bool sweep(const mambair_model *model, const float *in, int w, int h, float *out,
                  mambair_run_options *opt, const int *tiles, int n_tiles, int runs) {
    const mambair_config *cfg = mambair_model_config(model);
    const double out_mp = (double)w * h * cfg->upscale * cfg->upscale * 1e-6;
    const int nth = opt->n_threads > 0 ? opt->n_threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    size_t n_t = (size_t)n_tiles * runs + 1;
    double *t = calloc(n_t, sizeof *t), *tc = calloc(n_t, sizeof *tc);
    double *peak = calloc((size_t)n_tiles, sizeof *peak);
    mambair_run_plan *plan = calloc((size_t)n_tiles, sizeof *plan);
    bool *ok = calloc((size_t)n_tiles, sizeof *ok), done = false;
    mambair_error err;
    char (*why)[sizeof err.message] = calloc((size_t)n_tiles, sizeof *why);
    if (!t || !tc || !peak || !plan || !ok || !why) {
        cli_error("bench: out of memory");
        goto out;
    }
    for (int i = 0; i < n_tiles; i++) {
        opt->tile_size = tiles[i];
        ok[i] = mambair_run_plan_query(model, w, h, opt, &plan[i], &err) == MAMBAIR_OK;
        if (!ok[i]) snprintf(why[i], sizeof why[i], "%s", err.message);
    }
    for (int r = 0; r < runs; r++)
        for (int i = 0; i < n_tiles; i++) {
            if (!ok[i]) continue;
            opt->tile_size = tiles[i];
            peak_reset();
            double t0 = mb_timing_wall(), c0 = mb_timing_cpu();
            if (mambair_run(model, in, w, h, out, opt, &err) != MAMBAIR_OK) {
                cli_error("bench: %s", err.message);
                goto out;
            }
            t[i * runs + r] = mb_timing_wall() - t0;
            tc[i * runs + r] = (mb_timing_cpu() - c0) / nth;
            double pk = peak_mib();
            if (pk > peak[i]) peak[i] = pk;
        }
    printf("runs:    %d per size, taking turns, no warm-up per size; s/MP = median seconds per "
           "output megapixel; CPU/thread = median CPU seconds (user + system) per thread; peak "
           "= peak RSS of the process during that size's runs (input and output buffers "
           "included)\n\n",
           runs);
    printf("%-6s %-9s %-7s %9s %8s %8s %10s %8s %8s %9s %9s %9s\n", "tile", "size", "grid",
           "median s", "min s", "max s", "CPU/thread", "s/MP", "MP/s out", "peak MiB", "plan MiB",
           "model s");
    for (int i = 0; i < n_tiles; i++) {
        char label[16], size[24], grid[16];
        snprintf(label, sizeof label, "%s", tiles[i] == 0 ? "auto" : tiles[i] == -1 ? "whole" : "");
        if (!label[0]) snprintf(label, sizeof label, "%d", tiles[i]);
        if (!ok[i]) {
            printf("%-6s %s\n", label, why[i]);
            continue;
        }
        snprintf(size, sizeof size, "%dx%d", plan[i].tile_width, plan[i].tile_height);
        snprintf(grid, sizeof grid, "%dx%d", plan[i].tiles_x, plan[i].tiles_y);
        if (runs == 0) {
            printf("%-6s %-9s %-7s %9s %8s %8s %10s %8s %8s %9s %9.0f %9.3f\n", label, size, grid,
                   "-", "-", "-", "-", "-", "-", "-", plan[i].bytes / 1048576.0, plan[i].seconds);
            continue;
        }
        double *ti = t + i * runs, med = mb_timing_median(ti, runs);
        double cpu = mb_timing_median(tc + i * runs, runs);
        printf("%-6s %-9s %-7s %9.3f %8.3f %8.3f %10.3f %8.3f %8.4f %9.0f %9.0f %9.3f\n", label,
               size, grid, med, ti[0], ti[runs - 1], cpu, med / out_mp, out_mp / med, peak[i],
               plan[i].bytes / 1048576.0, plan[i].seconds);
    }
    done = true;
out:
    free(t);
    free(tc);
    free(peak);
    free(plan);
    free(ok);
    free(why);
    return done;
}

int cmd_bench(int argc, char **argv) {
    const char *model_path = NULL;
    const char *input = NULL;
    int scale = 0, sigma = 0, w = 128, h = 128, runs = -1, n_threads = 0, tile = 0;
    int tiles[64] = {0, 64, 96, 128, 192, 256, 384, -1}, n_tiles = 8;
    size_t memory = 0;
    bool ensemble = false, do_sweep = false;
    enum { O_SIGMA = 256, O_SIZE, O_TILE, O_ENSEMBLE, O_SWEEP, O_TILES, O_MEMORY };
    static const struct option longopts[] = {
        {"model", required_argument, 0, 'm'},   {"scale", required_argument, 0, 's'},
        {"sigma", required_argument, 0, O_SIGMA}, {"size", required_argument, 0, O_SIZE},
        {"runs", required_argument, 0, 'n'},    {"threads", required_argument, 0, 't'},
        {"tile", required_argument, 0, O_TILE}, {"ensemble", no_argument, 0, O_ENSEMBLE},
        {"input", required_argument, 0, 'i'},   {"sweep", no_argument, 0, O_SWEEP},
        {"tiles", required_argument, 0, O_TILES}, {"memory", required_argument, 0, O_MEMORY},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "m:s:n:t:i:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'm': model_path = optarg; break;
        case 'i': input = optarg; break;
        case O_SWEEP: do_sweep = true; break;
        case O_TILES:
            if (!parse_tiles(optarg, tiles, (int)(sizeof tiles / sizeof tiles[0]), &n_tiles)) {
                cli_error("bench: --tiles must be a list of sizes such as 0,64,128,-1");
                return 2;
            }
            break;
        case O_MEMORY:
            if (!restore_parse_memory(optarg, &memory)) {
                cli_error("bench: --memory '%s' is not a size such as 512M or 2G", optarg);
                return 2;
            }
            break;
        case 's':
            if (!restore_parse_int(optarg, 2, 4, &scale)) {
                cli_error("bench: --scale must be 2, 3 or 4");
                return 2;
            }
            break;
        case O_SIGMA:
            if (!restore_parse_int(optarg, 1, 255, &sigma)) {
                cli_error("bench: --sigma must be 1..255");
                return 2;
            }
            break;
        case O_SIZE:
            if (sscanf(optarg, "%dx%d", &w, &h) != 2 || w < 1 || h < 1 || w > 16384 || h > 16384) {
                cli_error("bench: --size must be WxH, e.g. 256x256");
                return 2;
            }
            break;
        case 'n':
            if (!restore_parse_int(optarg, 0, 1000, &runs)) {
                cli_error("bench: --runs must be 0..1000 (0: with --sweep, plans only)");
                return 2;
            }
            break;
        case 't':
            if (!restore_parse_int(optarg, 0, 1024, &n_threads)) {
                cli_error("bench: --threads must be 0..1024");
                return 2;
            }
            break;
        case O_TILE:
            if (!restore_parse_int(optarg, -1, 1 << 16, &tile)) {
                cli_error("bench: --tile must be -1, 0 or a size");
                return 2;
            }
            break;
        case O_ENSEMBLE: ensemble = true; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    if (runs < 0) runs = do_sweep ? 3 : 5;
    if (runs == 0 && !do_sweep) {
        cli_error("bench: --runs 0 is only for --sweep (the plans without running them)");
        return 2;
    }
    char msg[1024];
    mambair_model *model = NULL;
    mambair_task task = sigma ? MAMBAIR_TASK_DENOISE : MAMBAIR_TASK_SUPER_RESOLUTION;
    if (!restore_open_model(model_path, task, sigma ? sigma : scale ? scale : 2, &model, msg, sizeof msg)) {
        cli_error("bench: %s", msg);
        return 1;
    }
    const mambair_config *cfg = mambair_model_config(model);
    int s = cfg->upscale, ch = cfg->in_chans;
    image img = {0};
    bool io = false;
    float *in = NULL, *out = NULL;
    double *times = NULL, *cpu = NULL;
    int rc = 1;
    if (input) {
        if (!(io = image_io_init(msg, sizeof msg)) || !image_load(input, &img, msg, sizeof msg)) {
            cli_error("bench: %s", msg);
            goto done;
        }
        if (img.channels != ch) {
            cli_error("bench: %s has %d colour channel%s, the model takes %d", input, img.channels,
                      img.channels == 1 ? "" : "s", ch);
            goto done;
        }
        w = img.width;
        h = img.height;
        if (!restore_check_size(model, w, h, msg, sizeof msg)) {
            cli_error("bench: %s", msg);
            goto done;
        }
    }
    size_t n_in = (size_t)ch * w * h, n_out = n_in * (size_t)s * s;
    in = input ? img.color : malloc(n_in * sizeof *in);
    out = malloc(n_out * sizeof *out);
    times = malloc((size_t)(runs + 1) * sizeof *times);
    cpu = malloc((size_t)(runs + 1) * sizeof *cpu);
    if (!in || !out || !times || !cpu) {
        cli_error("bench: out of memory for a %dx%d image", w, h);
        goto done;
    }
    if (!input) {
        mb_rng rng;
        mb_rng_seed(&rng, 1);
        for (size_t i = 0; i < n_in; i++) in[i] = (float)mb_rng_double(&rng);
    }
    memset(out, 0, n_out * sizeof *out); /* resident before any peak is taken */
    mambair_run_options opt;
    mambair_run_options_default(&opt);
    opt.n_threads = n_threads;
    opt.tile_size = tile;
    opt.memory_budget = memory;
    opt.ensemble = ensemble;
    mambair_error err;
    char desc[256];
    mambair_config_describe(cfg, desc, sizeof desc);
    printf("model:   %s\ninput:   %s%s%dx%d, output %dx%d\nthreads: %d%s\nGEMM:    %s\n", desc,
           input ? input : "", input ? ", " : "", w, h, w * s, h * s, n_threads,
           n_threads ? "" : " (all cores)", mambair_blas_info());
    machine_state(stdout);
    if (do_sweep) {
        /* warm-up: code, model and thread pool, on a small corner */
        int ww = w < 64 ? w : 64, wh = h < 64 ? h : 64;
        mambair_run_options wo = opt;
        wo.layout = MAMBAIR_LAYOUT_PLANAR;
        float *crop = malloc((size_t)ch * ww * wh * sizeof *crop);
        if (!crop) goto done;
        for (int k = 0; k < ch; k++)
            for (int y = 0; y < wh; y++)
                memcpy(crop + ((size_t)k * wh + y) * ww, in + ((size_t)k * h + y) * w,
                       (size_t)ww * sizeof *crop);
        mambair_status st = mambair_run(model, crop, ww, wh, out, &wo, &err);
        free(crop);
        if (st != MAMBAIR_OK) {
            cli_error("bench: %s", err.message);
            goto done;
        }
        if (!sweep(model, in, w, h, out, &opt, tiles, n_tiles, runs)) goto done;
        machine_state(stdout);
        rc = 0;
        goto done;
    }
    mambair_run_plan plan;
    if (mambair_run_plan_query(model, w, h, &opt, &plan, &err) != MAMBAIR_OK) {
        cli_error("bench: %s", err.message);
        goto done;
    }
    printf("tiles:   %dx%d of %dx%d px, %.0f MiB planned\n", plan.tiles_x, plan.tiles_y,
           plan.tile_width, plan.tile_height, plan.bytes / 1048576.0);
    if (mambair_run(model, in, w, h, out, &opt, &err) != MAMBAIR_OK) { /* warm-up */
        cli_error("bench: %s", err.message);
        goto done;
    }
    timing r;
    if (!time_runs(model, in, w, h, out, &opt, runs, times, cpu, &r)) goto done;
    printf("runs:    %d (+1 warm-up)\nmedian:  %.3f s   min %.3f s   max %.3f s   CPU %.3f s per "
           "thread\n", runs, r.med, r.min, r.max, r.cpu);
    printf("speed:   %.4f Mpixel/s output, %.4f Mpixel/s input\n", (double)w * h * s * s / r.med * 1e-6,
           (double)w * h / r.med * 1e-6);
    rc = 0;
done:
    if (input)
        image_free(&img);
    else
        free(in);
    if (io) image_io_exit();
    free(out);
    free(times);
    free(cpu);
    mambair_model_free(model);
    return rc;
}
