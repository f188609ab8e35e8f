/* error.c — status texts and the error record passed back to callers. */
#include "base.h"

#include <stdarg.h>
#include <string.h>

const char *mambair_status_string(mambair_status status) {
    switch (status) {
    case MAMBAIR_OK: return "success";
    case MAMBAIR_ERR_INVALID_ARGUMENT: return "invalid argument";
    case MAMBAIR_ERR_IO: return "input/output error";
    case MAMBAIR_ERR_FORMAT: return "not a valid model file";
    case MAMBAIR_ERR_UNSAFE: return "unsafe model file refused";
    case MAMBAIR_ERR_UNSUPPORTED: return "unsupported model";
    case MAMBAIR_ERR_NO_MEMORY: return "out of memory";
    case MAMBAIR_ERR_LIMIT: return "size limit exceeded";
    case MAMBAIR_ERR_CANCELLED: return "cancelled";
    case MAMBAIR_ERR_INTERNAL: return "internal error";
    default: return "unknown status";
    }
}

mambair_status mb_error_set(mambair_error *err, mambair_status code, const char *fmt, ...) {
    if (err) {
        err->code = code;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

mambair_status mb_error_prefix(mambair_error *err, const char *fmt, ...) {
    if (!err) return MAMBAIR_ERR_INTERNAL;
    char prefix[MAMBAIR_ERROR_MESSAGE_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    char old[MAMBAIR_ERROR_MESSAGE_SIZE];
    memcpy(old, err->message, sizeof old);
    old[sizeof old - 1] = '\0';
    /* build in a larger buffer, then truncate: the message stays one line */
    char both[2 * MAMBAIR_ERROR_MESSAGE_SIZE + 2];
    snprintf(both, sizeof both, "%s: %s", prefix, old);
    memcpy(err->message, both, sizeof err->message - 1);
    err->message[sizeof err->message - 1] = '\0';
    return err->code;
}
