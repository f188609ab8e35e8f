/* commands.c — the table of subcommands. Add a line here with a new cmd-*.c. */
#include "commands.h"

#include <stddef.h>

int cmd_info(int argc, char **argv);
int cmd_tensor(int argc, char **argv);

const command mambair_commands[] = {
    {"info", cmd_info, "print the configuration detected in a model file"},
    {"tensor", cmd_tensor, "run a model on a raw float32 tensor (for tests and scripts)"},
    {NULL, NULL, NULL},
};
