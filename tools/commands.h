/* commands.h — the subcommands of the mambair program, one file each. */
#ifndef MAMBAIR_COMMANDS_H
#define MAMBAIR_COMMANDS_H

/* Each returns the process exit status: 0 success, 1 failure, 2 usage error. */
typedef int (*command_fn)(int argc, char **argv);

typedef struct command {
    const char *name;
    command_fn run;
    const char *summary; /* one line for `mambair --help` */
} command;

/* Registered in commands.c; a command whose file is not built is absent. */
extern const command mambair_commands[];

/* Print "mambair: <message>" on stderr (one line). */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

#endif
