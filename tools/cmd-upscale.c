/*
 * cmd-upscale.c — `mambair upscale` and `mambair denoise`: restore image
 * files in a batch. One failure does not stop the batch; the summary at the
 * end says what failed, and the exit status is 1 if anything did.
 *
 * Every output name is decided before any work (output-plan.h), so no file
 * is refused only after the network ran for it.
 */
#include "commands.h"
#include "image-io.h"
#include "interrupt.h"
#include "output-plan.h"
#include "restore-batch.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void usage(FILE *f, bool denoise) {
    if (denoise)
        fprintf(f, "Usage: mambair denoise [--sigma N] [OPTIONS] IN... -o OUT\n"
                   "Remove Gaussian-like noise from image files.\n\n"
                   "  --sigma N        noise level on the 0..255 scale (default 25); picks the\n"
                   "                   built-in model for the nearest of 15, 25, 50\n");
    else
        fprintf(f, "Usage: mambair upscale -s 2|3|4 [OPTIONS] IN... -o OUT\n"
                   "Enlarge image files with super-resolution.\n\n"
                   "  -s, --scale N    2, 3 or 4 (default: the model's, or 2)\n"
                   "      --source K   which built-in model: 'clean' (renders, screenshots,\n"
                   "                   lossless pictures), 'photo' (camera pictures and JPEGs:\n"
                   "                   also removes blur, noise and JPEG blocks) or 'auto'\n"
                   "                   (the default: photo for a JPEG saved at quality 55 or\n"
                   "                   less at x2, 60 or less at x3, 60 or less at x4; clean\n"
                   "                   for the others)\n");
    fprintf(f, "  -o, --output P   output file (one input) or folder (created if missing);\n"
               "                   in a folder the input's file name is kept\n"
               "  -m, --model F    model file (.pth, .safetensors); default: the built-in one\n"
               "  -f, --force      allow writing over an input file\n"
               "      --tile N     tile edge in input pixels (0 = automatic, -1 = never tile)\n"
               "      --overlap N  tile overlap in input pixels (0 = automatic)\n"
               "      --memory M   memory cap, e.g. 512M (default: what the fastest tiling\n"
               "                   needs, at most 2G)\n"
               "  -t, --threads N  worker threads (default: all cores)\n"
               "      --ensemble   average the 8 flips/rotations (8x slower, slightly better)\n"
               "  -q, --quiet      no progress output\n"
               "  -h, --help       this text\n\n"
               "Formats: PNG, JPEG, TIFF, WebP, OpenEXR, PPM/PGM (found from the content; a\n"
               "truncated PNG or JPEG is refused); the output format follows the output file's\n"
               "extension and keeps the input's bit depth. Results never overwrite another\n"
               "input; two inputs of the same name give NAME.ext and NAME-2.ext.\n"
               "Alpha is kept (resized smoothly, never run through the model). Gray stays gray.\n"
               "Exit status: 0 all done, 1 some image failed, 2 usage error.\n");
}

typedef output_job job;

static bool is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* --source auto: which inputs are JPEGs saved at a quality the photo model
 * suits (mambair_source_for_jpeg_quality); when there are any, *photo gets
 * the built-in photo model for the scale and *models each job's model (the
 * clean one for the others), and each photo job a note saying why. No
 * photo model for the scale, or none installed: every input gets the
 * clean model (the latter said once). False only when out of memory. */
static bool plan_photo_jobs(job *jobs, int n, int scale, bool quiet, const mambair_model *clean,
                            const mambair_model ***models, mambair_model **photo) {
    *models = NULL;
    *photo = NULL;
    int *quality = calloc((size_t)n, sizeof *quality);
    if (!quality) {
        cli_error("upscale: out of memory");
        return false;
    }
    int n_photo = 0;
    for (int i = 0; i < n; i++) {
        if (jobs[i].refused[0]) continue;
        quality[i] = image_jpeg_quality(jobs[i].in);
        if (mambair_source_for_jpeg_quality(quality[i], scale) == MAMBAIR_SOURCE_PHOTO) n_photo++;
    }
    char path[4096], msg[PATH_MAX + 1024];
    mambair_error err;
    bool exists = mambair_builtin_model_path(MAMBAIR_TASK_SUPER_RESOLUTION, scale, MAMBAIR_SOURCE_PHOTO, NULL,
                                             path, sizeof path, &err) == MAMBAIR_OK;
    if (n_photo && /* none at scales without a photo model */
        !(exists && restore_open_model_for(path, MAMBAIR_TASK_SUPER_RESOLUTION, scale, MAMBAIR_SOURCE_PHOTO,
                                           photo, msg, sizeof msg)))
        fprintf(stderr,
                "mambair: upscale: warning: %d JPEG(s) of low quality are enlarged with the clean model, "
                "as the photo model cannot be used: %s\n",
                n_photo, exists ? msg : err.message);
    if (!*photo) {
        free(quality);
        return true;
    }
    *models = malloc((size_t)n * sizeof **models);
    if (!*models) {
        cli_error("upscale: out of memory");
        mambair_model_free(*photo);
        *photo = NULL;
        free(quality);
        return false;
    }
    for (int i = 0; i < n; i++) {
        bool use_photo = !jobs[i].refused[0] &&
                         mambair_source_for_jpeg_quality(quality[i], scale) == MAMBAIR_SOURCE_PHOTO;
        (*models)[i] = use_photo ? *photo : clean;
        if (!use_photo || quiet) continue;
        size_t len = strlen(jobs[i].note);
        snprintf(jobs[i].note + len, sizeof jobs[i].note - len,
                 "%s%s: a JPEG saved at quality about %d: enlarged with the photo model, which also removes "
                 "its blocks (--source clean to keep the clean one)",
                 len ? "\n" : "", output_base_name(jobs[i].in), quality[i]);
    }
    free(quality);
    return true;
}

static int run(int argc, char **argv, bool denoise) {
    int scale = 0, sigma = 25, n_threads = 0, tile = 0, overlap = 0;
    bool force = false, quiet = false, ensemble = false, sigma_given = false, source_given = false;
    bool source_auto = !denoise; /* each input's own kind, from its JPEG quality */
    mambair_source source = MAMBAIR_SOURCE_CLEAN;
    const char *model_path = NULL, *output = NULL;
    size_t memory = 0;
    enum { O_TILE = 256, O_OVERLAP, O_MEMORY, O_ENSEMBLE, O_SIGMA, O_SOURCE };
    static const struct option longopts[] = {
        {"scale", required_argument, 0, 's'},   {"sigma", required_argument, 0, O_SIGMA},
        {"output", required_argument, 0, 'o'},  {"model", required_argument, 0, 'm'},
        {"force", no_argument, 0, 'f'},         {"tile", required_argument, 0, O_TILE},
        {"overlap", required_argument, 0, O_OVERLAP}, {"memory", required_argument, 0, O_MEMORY},
        {"threads", required_argument, 0, 't'}, {"ensemble", no_argument, 0, O_ENSEMBLE},
        {"quiet", no_argument, 0, 'q'},         {"help", no_argument, 0, 'h'},
        {"source", required_argument, 0, O_SOURCE},
        {0, 0, 0, 0}};
    const char *cmd = denoise ? "denoise" : "upscale";
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "s:o:m:ft:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (denoise || !restore_parse_int(optarg, 2, 4, &scale)) {
                cli_error("%s: %s", cmd, denoise ? "--scale is for upscale" : "--scale must be 2, 3 or 4");
                return 2;
            }
            break;
        case O_SIGMA:
            if (!denoise || !restore_parse_int(optarg, 1, 255, &sigma)) {
                cli_error("%s: %s", cmd, denoise ? "--sigma must be 1..255" : "--sigma is for denoise");
                return 2;
            }
            sigma_given = true;
            break;
        case O_SOURCE:
            if (denoise || (strcmp(optarg, "clean") && strcmp(optarg, "photo") && strcmp(optarg, "auto"))) {
                cli_error("%s: %s", cmd,
                          denoise ? "--source is for upscale" : "--source must be auto, clean or photo");
                return 2;
            }
            source_auto = strcmp(optarg, "auto") == 0;
            source = strcmp(optarg, "photo") ? MAMBAIR_SOURCE_CLEAN : MAMBAIR_SOURCE_PHOTO;
            source_given = true;
            break;
        case 'o': output = optarg; break;
        case 'm': model_path = optarg; break;
        case 'f': force = true; break;
        case O_TILE:
            if (!restore_parse_int(optarg, -1, 1 << 16, &tile) || (tile > 0 && tile < 16)) {
                cli_error("%s: --tile must be -1, 0 or at least 16", cmd);
                return 2;
            }
            break;
        case O_OVERLAP:
            if (!restore_parse_int(optarg, 0, 1 << 12, &overlap)) {
                cli_error("%s: --overlap must be 0..4096", cmd);
                return 2;
            }
            break;
        case O_MEMORY:
            if (!restore_parse_memory(optarg, &memory)) {
                cli_error("%s: --memory '%s' is not a size from 1M to 64T, such as 512M or 2G", cmd, optarg);
                return 2;
            }
            break;
        case 't':
            if (!restore_parse_int(optarg, 0, 1024, &n_threads)) {
                cli_error("%s: --threads must be 0..1024", cmd);
                return 2;
            }
            break;
        case O_ENSEMBLE: ensemble = true; break;
        case 'q': quiet = true; break;
        case 'h': usage(stdout, denoise); return 0;
        default: usage(stderr, denoise); return 2;
        }
    }
    if (source_given && model_path) {
        cli_error("%s: --source chooses among the built-in models; it does not apply to --model", cmd);
        return 2;
    }
    int n_inputs = argc - optind;
    char **inputs = argv + optind;
    if (n_inputs < 1 || !output) {
        cli_error("%s: %s (see 'mambair %s --help')", cmd, n_inputs < 1 ? "no input files" : "no output given (-o)", cmd);
        return 2;
    }
    bool to_dir = n_inputs > 1 || is_dir(output) || output[strlen(output) - 1] == '/';
    if (to_dir && !is_dir(output) && mkdir(output, 0777) != 0) {
        cli_error("%s: cannot create folder %s: %s", cmd, output, strerror(errno));
        return 1;
    }
    job *jobs = calloc((size_t)n_inputs, sizeof *jobs);
    if (!jobs) {
        cli_error("%s: out of memory", cmd);
        return 1;
    }
    for (int i = 0; i < n_inputs; i++) jobs[i].in = inputs[i];
    char msg[PATH_MAX + 1024];
    if (!image_io_init(msg, sizeof msg)) {
        cli_error("%s: %s", cmd, msg);
        free(jobs);
        return 1;
    }
    interrupt_install();
    output_plan(jobs, n_inputs, output, to_dir, force);
    mambair_model *model = NULL;
    mambair_task task = denoise ? MAMBAIR_TASK_DENOISE : MAMBAIR_TASK_SUPER_RESOLUTION;
    if (!restore_open_model_for(model_path, task, denoise ? sigma : (scale ? scale : 2), source, &model, msg,
                                sizeof msg)) {
        cli_error("%s: %s", cmd, msg);
        image_io_exit();
        free(jobs);
        return 1;
    }
    const mambair_config *cfg = mambair_model_config(model);
    if (denoise && cfg->upscale != 1) {
        cli_error("%s: the model is a x%d super-resolution model; use 'mambair upscale'", cmd, cfg->upscale);
        mambair_model_free(model);
        image_io_exit();
        free(jobs);
        return 2;
    }
    if (!denoise && (cfg->upscale == 1 || (scale && cfg->upscale != scale))) {
        if (cfg->upscale == 1)
            cli_error("%s: the model does not enlarge (a denoise/restoration model); use 'mambair denoise'", cmd);
        else
            cli_error("%s: -s %d asked, but the model is x%d", cmd, scale, cfg->upscale);
        mambair_model_free(model);
        image_io_exit();
        free(jobs);
        return 2;
    }
    double lo, hi;
    if (denoise && sigma_given && restore_model_noise_range(model, &lo, &hi) && (sigma < lo || sigma > hi)) {
        char level[64];
        if (lo == hi) snprintf(level, sizeof level, "%g", lo);
        else snprintf(level, sizeof level, "%g to %g", lo, hi);
        fprintf(stderr,
                "mambair: %s: warning: --sigma %d, but the model was made for noise level %s: the "
                "result may keep noise or lose detail\n",
                cmd, sigma, level);
    }

    /* automatic source: the photo model for the JPEGs of low quality */
    const mambair_model **models = NULL;
    mambair_model *photo = NULL;
    if (source_auto && !model_path &&
        !plan_photo_jobs(jobs, n_inputs, cfg->upscale, quiet, model, &models, &photo)) {
        mambair_model_free(model);
        image_io_exit();
        free(jobs);
        return 1;
    }

    restore_options ro = {0};
    mambair_run_options_default(&ro.run);
    ro.run.n_threads = n_threads;
    ro.run.tile_size = tile;
    ro.run.tile_overlap = overlap;
    ro.run.memory_budget = memory;
    ro.run.ensemble = ensemble;
    int status = models ? restore_batch_run_each(cmd, models, jobs, n_inputs, &ro, 1, quiet)
                        : restore_batch_run(cmd, model, jobs, n_inputs, &ro, 1, quiet);
    free(models);
    mambair_model_free(photo);
    mambair_model_free(model);
    image_io_exit();
    free(jobs);
    return status;
}

int cmd_upscale(int argc, char **argv) { return run(argc, argv, false); }
int cmd_denoise(int argc, char **argv) { return run(argc, argv, true); }
