/* output-file.c — exclusive temporary files, commit by rename (see output-file.h). */
#include "output-file.h"

#include "interrupt.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TEMP_MARK ".mambair-"
#define TEMP_END ".partial"

void output_dir_of(const char *path, char *dir, size_t size) {
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(dir, size, ".");
    else if (slash == path) snprintf(dir, size, "/");
    else snprintf(dir, size, "%.*s", (int)(slash - path), path);
}

static const char *base_of(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The pid in a temporary name ".BASE.mambair-PID-XXXXXX.partial" of `base`, or 0. */
static long temp_owner(const char *name, const char *base) {
    size_t nb = strlen(base), nm = strlen(TEMP_MARK), ne = strlen(TEMP_END), n = strlen(name);
    if (n < 1 + nb + nm + 1 + 1 + 6 + ne || name[0] != '.' || strncmp(name + 1, base, nb) ||
        strncmp(name + 1 + nb, TEMP_MARK, nm) || strcmp(name + n - ne, TEMP_END))
        return 0;
    const char *p = name + 1 + nb + nm;
    char *end;
    long pid = strtol(p, &end, 10);
    if (end == p || *end != '-' || end + 1 + 6 != name + n - ne || pid <= 0) return 0;
    return pid;
}

static int clean_stale(const char *dir, const char *base) {
    DIR *d = opendir(dir);
    if (!d) return 0;
    int removed = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        long pid = temp_owner(e->d_name, base);
        if (pid <= 0 || pid == (long)getpid()) continue;
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
            st.st_uid != geteuid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue; /* its run may still be going */
        if (unlinkat(dirfd(d), e->d_name, 0) == 0) removed++;
    }
    closedir(d);
    return removed;
}

bool output_check(const char *path, int *stale, char *msg, size_t size) {
    if (stale) *stale = 0;
    char dir[PATH_MAX];
    output_dir_of(path, dir, sizeof dir);
    struct stat st;
    if (!*base_of(path)) {
        snprintf(msg, size, "%s: names a folder, not a file", path);
        return false;
    }
    if (stat(dir, &st) != 0) {
        snprintf(msg, size, "%s: cannot write into %s: %s", path, dir, strerror(errno));
        return false;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(msg, size, "%s: cannot write into %s: it is not a folder", path, dir);
        return false;
    }
    if (access(dir, W_OK | X_OK) != 0) {
        snprintf(msg, size, "%s: cannot write into the folder %s: %s", path, dir, strerror(errno));
        return false;
    }
    if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(msg, size, "%s: is a folder; give a file name", path);
        return false;
    }
    int n = clean_stale(dir, base_of(path));
    if (stale) *stale = n;
    return true;
}

static mode_t new_file_mode(void) {
    static mode_t mode = (mode_t)-1;
    if (mode == (mode_t)-1) { /* the umask can only be read by setting it */
        mode_t m = umask(022);
        umask(m);
        mode = 0666 & ~m;
    }
    return mode;
}

bool output_temp_create(const char *path, output_temp *t, char *msg, size_t size) {
    t->fd = -1;
    t->path[0] = '\0';
    char dir[PATH_MAX];
    output_dir_of(path, dir, sizeof dir);
    int n = snprintf(t->path, sizeof t->path, "%s/.%s" TEMP_MARK "%ld-XXXXXX" TEMP_END, dir, base_of(path),
                     (long)getpid());
    if (n < 0 || (size_t)n >= sizeof t->path) {
        t->path[0] = '\0';
        snprintf(msg, size, "%s: the path is too long", path);
        return false;
    }
    t->fd = mkostemps(t->path, (int)strlen(TEMP_END), O_CLOEXEC); /* O_CREAT | O_EXCL, mode 0600 */
    if (t->fd < 0) {
        int e = errno;
        t->path[0] = '\0';
        snprintf(msg, size, "%s: cannot create a file in %s: %s", path, dir, strerror(e));
        return false;
    }
    interrupt_guard_file(t->path);
    if (fchmod(t->fd, new_file_mode()) != 0) { /* as if created by open(): the result is for others too */
        int e = errno;
        output_temp_discard(t);
        snprintf(msg, size, "%s: %s", path, strerror(e));
        return false;
    }
    return true;
}

void output_temp_discard(output_temp *t) {
    if (t->fd >= 0) close(t->fd);
    t->fd = -1;
    if (t->path[0]) unlink(t->path);
    t->path[0] = '\0';
    interrupt_guard_file(NULL);
}

bool output_temp_commit(output_temp *t, const char *path, char *msg, size_t size) {
    if (interrupt_flag) {
        output_temp_discard(t);
        snprintf(msg, size, "%s: interrupted; nothing was written", path);
        return false;
    }
    /* the saver may have written through its own descriptor (or replaced
     * the file): sync what is at the temporary name now */
    int e = close(t->fd) != 0 ? errno : 0;
    t->fd = -1;
    int v = e ? -1 : open(t->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (!e && v < 0) e = errno;
    if (!e && fsync(v) != 0) e = errno;
    if (v >= 0) close(v);
    if (e) {
        output_temp_discard(t);
        snprintf(msg, size, "%s: writing failed: %s; nothing was written", path, strerror(e));
        return false;
    }
    if (rename(t->path, path) != 0) {
        e = errno;
        output_temp_discard(t);
        snprintf(msg, size, "%s: %s; nothing was written", path, strerror(e));
        return false;
    }
    t->path[0] = '\0';
    interrupt_guard_file(NULL);
    /* the rename itself reaches the disk with the folder */
    char dir[PATH_MAX];
    output_dir_of(path, dir, sizeof dir);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return true;
}
