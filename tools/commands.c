/* commands.c — the table of subcommands. Add a line here with a new cmd-*.c. */
#include "commands.h"

#include <stddef.h>

int cmd_info(int argc, char **argv);
int cmd_tensor(int argc, char **argv);
int cmd_upscale(int argc, char **argv);
int cmd_denoise(int argc, char **argv);
int cmd_dejpeg(int argc, char **argv);
int cmd_degrade(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_grad(int argc, char **argv);
int cmd_train(int argc, char **argv);

const command mambair_commands[] = {
    {"info", cmd_info, "print the configuration detected in a model file"},
    {"tensor", cmd_tensor, "run a model on a raw float32 tensor (for tests and scripts)"},
    {"upscale", cmd_upscale, "enlarge image files (super-resolution x2, x3, x4)"},
    {"denoise", cmd_denoise, "remove noise from image files"},
    {"dejpeg", cmd_dejpeg, "remove JPEG artefacts (blocks, ringing) from image files"},
    {"eval", cmd_eval, "PSNR/SSIM of a model on a dataset, as in the papers' tables"},
    {"bench", cmd_bench, "measure the speed of a model on a given image size"},
    {"grad", cmd_grad, "gradients of a loss w.r.t. every parameter and the input (tests)"},
    {"train", cmd_train, "train or fine-tune a model on a folder of images"},
    {"degrade", cmd_degrade, "make a seeded, photo-degraded LR set for evaluation"},
    {NULL, NULL, NULL},
};
