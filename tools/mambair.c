/*
 * mambair.c — the command-line program: dispatch to a subcommand.
 * Usage: mambair COMMAND [OPTIONS]...   (mambair --help lists the commands)
 */
#include "commands.h"

#include "mambair.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void cli_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("mambair: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static void usage(FILE *f) {
    fprintf(f, "Usage: mambair COMMAND [OPTIONS]...\n"
               "Image restoration (super-resolution, denoising) with MambaIR on the CPU.\n\n"
               "Commands:\n");
    for (const command *c = mambair_commands; c->name; c++) fprintf(f, "  %-10s %s\n", c->name, c->summary);
    fprintf(f, "\nRun 'mambair COMMAND --help' for the options of a command.\n"
               "Version %s.\n", MAMBAIR_VERSION_STRING);
}

int main(int argc, char **argv) {
    /* a write past the file-size limit (ulimit -f) fails with EFBIG, which
     * every writer reports, instead of killing the process mid-file */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("mambair %s\n", MAMBAIR_VERSION_STRING);
        return 0;
    }
    for (const command *c = mambair_commands; c->name; c++)
        if (!strcmp(argv[1], c->name)) return c->run(argc - 1, argv + 1);
    cli_error("unknown command '%s' (see 'mambair --help')", argv[1]);
    return 2;
}
