/*
 * messages.h — engine status codes as sentences a photo editor understands,
 * with what to do about them; the engine's own technical line follows as a
 * detail.
 */
#ifndef MAMBAIR_MESSAGES_H
#define MAMBAIR_MESSAGES_H

#include <glib.h>

#include "mambair.h"

/* Translated sentence for a status (never NULL). */
const char *mb_pl_status_sentence(mambair_status status);

/* Set *error (if not NULL) to the sentence for err->code followed by the
 * engine's message, as a GIMP execution error. */
void mb_pl_set_engine_error(GError **error, const mambair_error *err);

#endif /* MAMBAIR_MESSAGES_H */
