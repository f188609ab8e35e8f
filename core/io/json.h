/*
 * json.h — a minimal JSON reader for headers of untrusted files.
 *
 * Objects keep their members in file order (safetensors lists tensors in
 * state_dict order). Integers are kept exactly as int64 when they are written
 * without fraction or exponent; NaN/Infinity are not JSON and are refused.
 * Strings are decoded to UTF-8; "\u0000" is refused because every string we
 * read ends up as a C string (tensor names, metadata).
 */
#ifndef MB_JSON_H
#define MB_JSON_H

#include "../base.h"

#define MB_JSON_MAX_DEPTH 64
#define MB_JSON_MAX_BYTES ((size_t)100 << 20)

typedef enum mb_json_type {
    MB_JSON_NULL = 0,
    MB_JSON_BOOL,
    MB_JSON_NUMBER,
    MB_JSON_STRING,
    MB_JSON_ARRAY,
    MB_JSON_OBJECT
} mb_json_type;

typedef struct mb_json {
    mb_json_type type;
    bool boolean;
    bool is_int;          /* NUMBER written as an integer that fits int64 */
    int64_t integer;
    double number;
    char *string;         /* STRING: NUL-terminated UTF-8                  */
    int64_t count;        /* ARRAY / OBJECT members                        */
    char **keys;          /* OBJECT: member names                          */
    struct mb_json *items;
} mb_json;

/* Parses exactly one value (surrounding white space allowed). On failure the
 * message says what and at which byte offset; *out is left empty. */
mambair_status mb_json_parse(const char *text, size_t size, mb_json *out, mambair_error *err);
void mb_json_free(mb_json *v);

/* First member named key, or NULL. */
const mb_json *mb_json_get(const mb_json *obj, const char *key);

#endif /* MB_JSON_H */
