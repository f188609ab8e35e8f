/*
 * cmd-dejpeg.c — `mambair dejpeg`: remove JPEG artefacts (blocks, ringing,
 * colour bleeding) from image files with a residual MambaIR model, the
 * built-in dejpeg.safetensors unless -m names another (the official gray CAR
 * models work too: colour images then run channel by channel).
 *
 * --strength S blends the restored colour with the input,
 * out = in + S (restored - in): 1 (default) is the network's result, 0 the
 * input unchanged, values between keep some of the original texture. Alpha
 * is kept as it is. A batch goes on after a failed file; the summary says
 * what failed and the exit status is 1 if anything did.
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


static void usage(FILE *f) {
    fprintf(f,
            "Usage: mambair dejpeg [OPTIONS] IN... -o OUT\n"
            "Remove JPEG artefacts (8x8 blocks, ringing, smeared colour) from image files.\n\n"
            "  -o, --output P     output file (one input) or folder (created if missing);\n"
            "                     in a folder the input's file name is kept\n"
            "  -m, --model F      model file (.pth, .safetensors); default: the built-in\n"
            "                     dejpeg.safetensors\n"
            "      --strength S   0..1: how much of the correction to apply (default 1;\n"
            "                     0.5 keeps half of the original's texture)\n"
            "  -f, --force        allow writing over an input file\n"
            "      --tile N       tile edge in input pixels (0 = automatic, -1 = never tile)\n"
            "      --overlap N    tile overlap in input pixels (0 = automatic)\n"
            "      --memory M     memory budget, e.g. 512M or 2G (default 2G)\n"
            "  -t, --threads N    worker threads (default: all cores)\n"
            "      --ensemble     average the 8 flips/rotations (8x slower, slightly better)\n"
            "  -q, --quiet        no progress output\n"
            "  -h, --help         this text\n\n"
            "Saving the result as JPEG again adds new artefacts: prefer PNG or TIFF.\n"
            "Exit status: 0 all done, 1 some image failed, 2 usage error.\n");
}

static bool is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}


int cmd_dejpeg(int argc, char **argv) {
    int n_threads = 0, tile = 0, overlap = 0;
    bool force = false, quiet = false, ensemble = false;
    const char *model_path = NULL, *output = NULL;
    double strength = 1;
    size_t memory = 0;
    enum { O_TILE = 256, O_OVERLAP, O_MEMORY, O_ENSEMBLE, O_STRENGTH };
    static const struct option longopts[] = {
        {"output", required_argument, 0, 'o'},  {"model", required_argument, 0, 'm'},
        {"strength", required_argument, 0, O_STRENGTH},
        {"force", no_argument, 0, 'f'},         {"tile", required_argument, 0, O_TILE},
        {"overlap", required_argument, 0, O_OVERLAP}, {"memory", required_argument, 0, O_MEMORY},
        {"threads", required_argument, 0, 't'}, {"ensemble", no_argument, 0, O_ENSEMBLE},
        {"quiet", no_argument, 0, 'q'},         {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "o:m:ft:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'm': model_path = optarg; break;
        case O_STRENGTH: {
            char *end;
            errno = 0;
            strength = strtod(optarg, &end);
            if (errno || end == optarg || *end || !(strength >= 0 && strength <= 1)) {
                cli_error("dejpeg: --strength must be a number from 0 to 1");
                return 2;
            }
            break;
        }
        case 'f': force = true; break;
        case O_TILE:
            if (!restore_parse_int(optarg, -1, 1 << 16, &tile) || (tile > 0 && tile < 16)) {
                cli_error("dejpeg: --tile must be -1, 0 or at least 16");
                return 2;
            }
            break;
        case O_OVERLAP:
            if (!restore_parse_int(optarg, 0, 1 << 12, &overlap)) {
                cli_error("dejpeg: --overlap must be 0..4096");
                return 2;
            }
            break;
        case O_MEMORY:
            if (!restore_parse_memory(optarg, &memory)) {
                cli_error("dejpeg: --memory '%s' is not a size such as 512M or 2G", optarg);
                return 2;
            }
            break;
        case 't':
            if (!restore_parse_int(optarg, 0, 1024, &n_threads)) {
                cli_error("dejpeg: --threads must be 0..1024");
                return 2;
            }
            break;
        case O_ENSEMBLE: ensemble = true; break;
        case 'q': quiet = true; break;
        case 'h': usage(stdout); return 0;
        default: usage(stderr); return 2;
        }
    }
    int n_inputs = argc - optind;
    char **inputs = argv + optind;
    if (n_inputs < 1 || !output) {
        cli_error("dejpeg: %s (see 'mambair dejpeg --help')",
                  n_inputs < 1 ? "no input files" : "no output given (-o)");
        return 2;
    }
    bool to_dir = n_inputs > 1 || is_dir(output) || output[strlen(output) - 1] == '/';
    if (to_dir && !is_dir(output) && mkdir(output, 0777) != 0) {
        cli_error("dejpeg: cannot create folder %s: %s", output, strerror(errno));
        return 1;
    }
    output_job *jobs = calloc((size_t)n_inputs, sizeof *jobs);
    if (!jobs) {
        cli_error("dejpeg: out of memory");
        return 1;
    }
    for (int i = 0; i < n_inputs; i++) jobs[i].in = inputs[i];
    char msg[PATH_MAX + 1024];
    if (!image_io_init(msg, sizeof msg)) {
        cli_error("dejpeg: %s", msg);
        free(jobs);
        return 1;
    }
    interrupt_install();
    output_plan(jobs, n_inputs, output, to_dir, force); /* every output decided before any work */
    mambair_model *model = NULL;
    if (!restore_open_model(model_path, MAMBAIR_TASK_JPEG, 0, &model, msg, sizeof msg)) {
        cli_error("dejpeg: %s", msg);
        image_io_exit();
        free(jobs);
        return 1;
    }
    if (mambair_model_config(model)->upscale != 1) {
        cli_error("dejpeg: the model is a x%d super-resolution model; use 'mambair upscale'",
                  mambair_model_config(model)->upscale);
        mambair_model_free(model);
        image_io_exit();
        free(jobs);
        return 2;
    }

    restore_options ro = {0};
    mambair_run_options_default(&ro.run);
    ro.run.n_threads = n_threads;
    ro.run.tile_size = tile;
    ro.run.tile_overlap = overlap;
    ro.run.memory_budget = memory;
    ro.run.ensemble = ensemble;
    int status = restore_batch_run("dejpeg", model, jobs, n_inputs, &ro, (float)strength, quiet);
    mambair_model_free(model);
    image_io_exit();
    free(jobs);
    return status;
}
