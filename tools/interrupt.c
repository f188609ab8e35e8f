/* interrupt.c — see interrupt.h. */
#include "interrupt.h"

#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

volatile int interrupt_flag = 0;

/* Two buffers: a new name is written into the one the handler is not
 * using, then `guard` switches to it, so a handler running on any thread at
 * any moment sees a whole name (or none, when guard is -1). */
static char guard_paths[2][PATH_MAX];
static volatile sig_atomic_t guard = -1;

static void on_signal(int sig) {
    if (interrupt_flag) { /* second signal: stop now */
        const int g = guard;
        if (g >= 0) unlink(guard_paths[g]);
        _exit(128 + sig);
    }
    interrupt_flag = 1;
}

void interrupt_install(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked call returns EINTR */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGXFSZ, SIG_IGN);
}

void interrupt_guard_file(const char *path) {
    if (!path || strlen(path) >= PATH_MAX) {
        guard = -1;
        return;
    }
    const int next = guard == 0 ? 1 : 0;
    memcpy(guard_paths[next], path, strlen(path) + 1);
    guard = next;
}
