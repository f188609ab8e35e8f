/*
 * cursor.h — a bounded reader over (ptr, len).
 *
 * Every read checks what remains first and fails (returns false, position
 * unchanged) instead of running past the end; the callers turn false into a
 * "truncated" error. Multi-byte integers are little-endian in every format we
 * read (zip, pickle, safetensors), assembled byte by byte so the host's byte
 * order and alignment do not matter.
 */
#ifndef MB_CURSOR_H
#define MB_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct mb_cursor {
    const uint8_t *data;
    size_t size;
    size_t pos; /* always <= size */
} mb_cursor;

static inline mb_cursor mb_cursor_make(const void *data, size_t size) {
    mb_cursor c = {(const uint8_t *)data, size, 0};
    return c;
}

static inline size_t mb_cursor_left(const mb_cursor *c) { return c->size - c->pos; }

/* Points *out at the next n bytes and steps over them. */
static inline bool mb_cursor_take(mb_cursor *c, size_t n, const uint8_t **out) {
    if (n > c->size - c->pos) return false;
    *out = c->data + c->pos;
    c->pos += n;
    return true;
}

static inline bool mb_cursor_skip(mb_cursor *c, size_t n) {
    if (n > c->size - c->pos) return false;
    c->pos += n;
    return true;
}

static inline uint64_t mb_le_load(const uint8_t *p, int n) {
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

static inline bool mb_cursor_uint(mb_cursor *c, int n, uint64_t *out) {
    const uint8_t *p;
    if (!mb_cursor_take(c, (size_t)n, &p)) return false;
    *out = mb_le_load(p, n);
    return true;
}

static inline bool mb_cursor_u8(mb_cursor *c, uint8_t *out) {
    uint64_t v;
    if (!mb_cursor_uint(c, 1, &v)) return false;
    *out = (uint8_t)v;
    return true;
}
static inline bool mb_cursor_u16(mb_cursor *c, uint16_t *out) {
    uint64_t v;
    if (!mb_cursor_uint(c, 2, &v)) return false;
    *out = (uint16_t)v;
    return true;
}
static inline bool mb_cursor_u32(mb_cursor *c, uint32_t *out) {
    uint64_t v;
    if (!mb_cursor_uint(c, 4, &v)) return false;
    *out = (uint32_t)v;
    return true;
}
static inline bool mb_cursor_u64(mb_cursor *c, uint64_t *out) { return mb_cursor_uint(c, 8, out); }

#endif /* MB_CURSOR_H */
