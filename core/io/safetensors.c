/*
 * safetensors.c — .safetensors reader and writer.
 *
 * Layout:
 *     u64 (little-endian)  N, the header length
 *     N bytes              JSON object:
 *                            "__metadata__": {"key": "value", ...}     (optional)
 *                            "<name>": {"dtype": "F32", "shape": [d0, ...],
 *                                       "data_offsets": [begin, end]}   (per tensor)
 *     rest                 data; offsets are relative to its start, little-endian
 *
 * Reader: the header length must fit the file and MB_JSON_MAX_BYTES; every
 * tensor's byte range must lie in the data and have exactly shape * dtype
 * bytes; names must be unique, ranges must not overlap and together must
 * cover the data exactly (no hole, no trailing bytes); the header must be
 * UTF-8. Tensors keep the
 * header's order. Writer: header padded with spaces to a multiple of 8 so the
 * data is aligned, written to a temporary file in the same folder, then
 * renamed over the target: a failed write leaves no partial file.
 */
#include "tensordict.h"
#include "json.h"
#include "utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static bool dtype_from_name(const char *s, mb_dtype *out) {
    static const struct { const char *name; mb_dtype dt; } table[] = {
        {"F32", MB_DTYPE_F32}, {"F16", MB_DTYPE_F16}, {"BF16", MB_DTYPE_BF16},
        {"F64", MB_DTYPE_F64}, {"I64", MB_DTYPE_I64}, {"I32", MB_DTYPE_I32},
        {"I16", MB_DTYPE_I16}, {"I8", MB_DTYPE_I8},   {"U8", MB_DTYPE_U8},
        {"BOOL", MB_DTYPE_BOOL},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(s, table[i].name) == 0) {
            *out = table[i].dt;
            return true;
        }
    return false;
}

typedef struct range {
    uint64_t begin, end;
    const char *name;
} range;

static int cmp_range(const void *a, const void *b) {
    const range *x = a, *y = b;
    return x->begin < y->begin ? -1 : x->begin > y->begin ? 1 : (x->end > y->end) - (x->end < y->end);
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Names unique; byte ranges disjoint and covering the data exactly, with no
 * hole and nothing after the last tensor, as the format requires (a byte no
 * tensor owns is either damage or something smuggled in): found by sorting. */
static mambair_status check_header_entries(const mb_json *h, uint64_t data_size, mambair_error *err) {
    const char **names = mb_malloc((size_t)(h->count ? h->count : 1) * sizeof *names);
    range *r = mb_malloc((size_t)(h->count ? h->count : 1) * sizeof *r);
    mambair_status st = MAMBAIR_OK;
    if (!names || !r) {
        st = mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory checking the header");
        goto done;
    }
    int64_t nr = 0;
    for (int64_t i = 0; i < h->count; i++) {
        names[i] = h->keys[i];
        if (strcmp(h->keys[i], "__metadata__") == 0) continue;
        const mb_json *off = mb_json_get(&h->items[i], "data_offsets");
        r[nr].begin = (uint64_t)off->items[0].integer; /* validated by the caller */
        r[nr].end = (uint64_t)off->items[1].integer;
        r[nr].name = h->keys[i];
        nr++;
    }
    qsort(names, (size_t)h->count, sizeof *names, cmp_str);
    for (int64_t i = 1; i < h->count; i++)
        if (strcmp(names[i - 1], names[i]) == 0) {
            st = mb_error_set(err, MAMBAIR_ERR_FORMAT, "safetensors header names '%s' twice", names[i]);
            goto done;
        }
    qsort(r, (size_t)nr, sizeof *r, cmp_range);
    /* empty tensors take no bytes and may sit anywhere */
    int64_t last = -1;
    uint64_t covered = 0; /* the data up to here belongs to a tensor */
    for (int64_t i = 0; i < nr; i++) {
        if (r[i].begin == r[i].end) continue;
        if (last >= 0 && r[i].begin < r[last].end) {
            st = mb_error_set(err, MAMBAIR_ERR_FORMAT,
                              "safetensors tensors '%s' and '%s' overlap in the file", r[last].name,
                              r[i].name);
            goto done;
        }
        if (r[i].begin > covered) {
            st = mb_error_set(err, MAMBAIR_ERR_FORMAT,
                              "safetensors data has %llu bytes that belong to no tensor, before '%s' "
                              "(a damaged or altered file)",
                              (unsigned long long)(r[i].begin - covered), r[i].name);
            goto done;
        }
        covered = r[i].end;
        if (last < 0 || r[i].end > r[last].end) last = i;
    }
    if (covered != data_size)
        st = mb_error_set(err, MAMBAIR_ERR_FORMAT,
                          "safetensors data has %llu bytes after the last tensor that belong to no "
                          "tensor (a damaged or altered file)",
                          (unsigned long long)(data_size - covered));
done:
    free(names);
    free(r);
    return st;
}

/* One tensor entry: dtype, shape and offsets valid and consistent. */
static mambair_status check_entry(const char *name, const mb_json *e, uint64_t data_size,
                                  mb_dtype *dt, int *ndim, int64_t *shape, uint64_t *begin,
                                  mambair_error *err) {
    if (e->type != MB_JSON_OBJECT)
        return mb_error_set(err, MAMBAIR_ERR_FORMAT, "safetensors entry '%s' is not an object", name);
    const mb_json *d = mb_json_get(e, "dtype"), *s = mb_json_get(e, "shape"),
                  *o = mb_json_get(e, "data_offsets");
    if (!d || d->type != MB_JSON_STRING || !s || s->type != MB_JSON_ARRAY || !o ||
        o->type != MB_JSON_ARRAY)
        return mb_error_set(err, MAMBAIR_ERR_FORMAT,
                            "safetensors entry '%s' lacks dtype, shape or data_offsets", name);
    if (!dtype_from_name(d->string, dt))
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "tensor '%s' has unsupported dtype '%s'",
                            name, d->string);
    if (s->count > MB_MAX_DIMS)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "tensor '%s' has %lld dimensions (max %d)",
                            name, (long long)s->count, MB_MAX_DIMS);
    *ndim = (int)s->count;
    uint64_t bytes = mb_dtype_size(*dt);
    bool overflow = false;
    for (int k = 0; k < *ndim; k++) {
        const mb_json *x = &s->items[k];
        if (x->type != MB_JSON_NUMBER || !x->is_int || x->integer < 0)
            return mb_error_set(err, MAMBAIR_ERR_FORMAT,
                                "tensor '%s': shape entries must be non-negative integers", name);
        shape[k] = x->integer;
        if (x->integer != 0 && bytes > UINT64_MAX / (uint64_t)x->integer) overflow = true;
        else bytes *= (uint64_t)x->integer;
    }
    if (o->count != 2 || o->items[0].type != MB_JSON_NUMBER || !o->items[0].is_int ||
        o->items[1].type != MB_JSON_NUMBER || !o->items[1].is_int || o->items[0].integer < 0 ||
        o->items[1].integer < o->items[0].integer)
        return mb_error_set(err, MAMBAIR_ERR_FORMAT,
                            "tensor '%s': data_offsets must be two integers 0 <= begin <= end", name);
    uint64_t b = (uint64_t)o->items[0].integer, en = (uint64_t)o->items[1].integer;
    if (en > data_size)
        return mb_error_set(err, MAMBAIR_ERR_FORMAT,
                            "tensor '%s': data_offsets end %llu is past the data (%llu bytes)", name,
                            (unsigned long long)en, (unsigned long long)data_size);
    if (overflow || bytes != en - b)
        return mb_error_set(err, MAMBAIR_ERR_FORMAT,
                            "tensor '%s': shape and dtype need %s bytes, data_offsets give %llu",
                            name, overflow ? "too many" : "a different number of",
                            (unsigned long long)(en - b));
    *begin = b;
    return MAMBAIR_OK;
}

mambair_status mb_safetensors_load(const void *data, size_t size, mb_tensordict *out,
                                   mambair_error *err) {
    memset(out, 0, sizeof *out);
    const uint8_t *p = data;
    if (!p || size < 8)
        return mb_error_set(err, MAMBAIR_ERR_FORMAT, "safetensors file shorter than its 8-byte header length");
    uint64_t hlen = 0;
    for (int i = 7; i >= 0; i--) hlen = (hlen << 8) | p[i];
    if (hlen > size - 8)
        return mb_error_set(err, MAMBAIR_ERR_FORMAT,
                            "safetensors header length %llu exceeds the file (%zu bytes)",
                            (unsigned long long)hlen, size);
    if (hlen > MB_JSON_MAX_BYTES)
        return mb_error_set(err, MAMBAIR_ERR_LIMIT, "safetensors header of %llu bytes exceeds the %zu limit",
                            (unsigned long long)hlen, MB_JSON_MAX_BYTES);
    size_t bad_at;
    if (!mb_utf8_valid(p + 8, (size_t)hlen, false, &bad_at))
        return mb_error_set(err, MAMBAIR_ERR_FORMAT,
                            "safetensors header is not valid UTF-8 text (byte %zu): a damaged file",
                            (size_t)8 + bad_at);
    mb_json h;
    mambair_status st = mb_json_parse((const char *)p + 8, (size_t)hlen, &h, err);
    if (st) return st;
    const uint8_t *base = p + 8 + hlen;
    uint64_t data_size = size - 8 - hlen;
    if (h.type != MB_JSON_OBJECT) {
        st = mb_error_set(err, MAMBAIR_ERR_FORMAT, "safetensors header is not a JSON object");
        goto fail;
    }
    /* validate everything before allocating any tensor */
    for (int64_t i = 0; i < h.count; i++) {
        const char *name = h.keys[i];
        const mb_json *e = &h.items[i];
        if (strcmp(name, "__metadata__") == 0) {
            if (e->type != MB_JSON_OBJECT) {
                st = mb_error_set(err, MAMBAIR_ERR_FORMAT, "safetensors __metadata__ is not an object");
                goto fail;
            }
            for (int64_t j = 0; j < e->count; j++)
                if (e->items[j].type != MB_JSON_STRING) {
                    st = mb_error_set(err, MAMBAIR_ERR_FORMAT,
                                      "safetensors metadata '%s' is not a string", e->keys[j]);
                    goto fail;
                }
            continue;
        }
        mb_dtype dt;
        int ndim;
        int64_t shape[MB_MAX_DIMS];
        uint64_t begin;
        if ((st = check_entry(name, e, data_size, &dt, &ndim, shape, &begin, err))) goto fail;
    }
    if ((st = check_header_entries(&h, data_size, err))) goto fail;
    for (int64_t i = 0; i < h.count; i++) {
        const char *name = h.keys[i];
        const mb_json *e = &h.items[i];
        if (strcmp(name, "__metadata__") == 0) {
            for (int64_t j = 0; j < e->count; j++)
                if ((st = mb_tensordict_set_meta(out, e->keys[j], e->items[j].string, err))) goto fail;
            continue;
        }
        mb_dtype dt;
        int ndim;
        int64_t shape[MB_MAX_DIMS];
        uint64_t begin;
        if ((st = check_entry(name, e, data_size, &dt, &ndim, shape, &begin, err))) goto fail;
        int64_t numel = 1;
        for (int k = 0; k < ndim; k++) numel *= shape[k]; /* bounded by the byte check */
        if ((st = mb_tensordict_add_from_file(out, name, dt, ndim, shape, NULL, 0, base + begin,
                                              numel, err)))
            goto fail;
    }
    mb_json_free(&h);
    return MAMBAIR_OK;
fail:
    mb_json_free(&h);
    mb_tensordict_free(out);
    return st;
}

/* ---------------------------------------------------------------- writer */

typedef struct strbuf {
    char *s;
    size_t len, cap;
    bool failed;
} strbuf;

static void sb_put(strbuf *b, const char *s, size_t n) {
    if (b->failed) return;
    if (b->cap - b->len < n + 1) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap - b->len < n + 1) {
            if (cap > SIZE_MAX / 2) { b->failed = true; return; }
            cap *= 2;
        }
        char *p = mb_realloc(b->s, cap);
        if (!p) { b->failed = true; return; }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void sb_str(strbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

static void sb_json_string(strbuf *b, const char *s) {
    sb_put(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            sb_put(b, esc, 2);
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            sb_put(b, esc, 6);
        } else {
            sb_put(b, (const char *)&c, 1);
        }
    }
    sb_put(b, "\"", 1);
}

static bool write_all(int fd, const void *buf, size_t n) {
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n > ((size_t)1 << 30) ? ((size_t)1 << 30) : n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

mambair_status mb_safetensors_save(const char *path, const mb_tensordict *td, mambair_error *err) {
    if (!path || !td)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "safetensors_save: NULL argument");
    strbuf h = {0};
    sb_str(&h, "{");
    bool first = true;
    if (td->meta_count > 0) {
        sb_str(&h, "\"__metadata__\":{");
        for (int64_t i = 0; i < td->meta_count; i++) {
            if (i) sb_str(&h, ",");
            sb_json_string(&h, td->meta_keys[i]);
            sb_str(&h, ":");
            sb_json_string(&h, td->meta_values[i]);
        }
        sb_str(&h, "}");
        first = false;
    }
    uint64_t off = 0;
    for (int64_t i = 0; i < td->count; i++) {
        const mb_tensor *t = &td->tensors[i];
        if (t->dtype != MB_DTYPE_F32 && t->dtype != MB_DTYPE_F64 && t->dtype != MB_DTYPE_I64) {
            free(h.s);
            return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT,
                                "%s: tensor '%s' has a dtype the writer does not support", path,
                                t->name);
        }
        char num[48];
        if (!first) sb_str(&h, ",");
        first = false;
        sb_json_string(&h, t->name);
        sb_str(&h, ":{\"dtype\":\"");
        sb_str(&h, mb_dtype_name(t->dtype));
        sb_str(&h, "\",\"shape\":[");
        for (int k = 0; k < t->ndim; k++) {
            snprintf(num, sizeof num, "%s%lld", k ? "," : "", (long long)t->shape[k]);
            sb_str(&h, num);
        }
        uint64_t bytes = (uint64_t)t->numel * mb_dtype_size(t->dtype);
        snprintf(num, sizeof num, "],\"data_offsets\":[%llu,%llu]}", (unsigned long long)off,
                 (unsigned long long)(off + bytes));
        sb_str(&h, num);
        off += bytes;
    }
    sb_str(&h, "}");
    while (!h.failed && h.len % 8 != 0) sb_str(&h, " ");
    if (h.failed) {
        free(h.s);
        return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "%s: out of memory building the header", path);
    }

    size_t plen = strlen(path);
    char *tmp = mb_malloc_plain(plen + 16);
    if (!tmp) {
        free(h.s);
        return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "%s: out of memory", path);
    }
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp-XXXXXX", 12);
    mambair_status st = MAMBAIR_OK;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        st = mb_error_set(err, MAMBAIR_ERR_IO, "%s: cannot create a temporary file: %s", path,
                          strerror(errno));
        goto done;
    }
    uint8_t len8[8];
    for (int i = 0; i < 8; i++) len8[i] = (uint8_t)((uint64_t)h.len >> (8 * i));
    bool ok = write_all(fd, len8, 8) && write_all(fd, h.s, h.len);
    for (int64_t i = 0; ok && i < td->count; i++) {
        const mb_tensor *t = &td->tensors[i];
        /* data is little-endian on disk; the hosts we build for are too */
        ok = write_all(fd, t->data, (size_t)t->numel * mb_dtype_size(t->dtype));
    }
    int saved = errno;
    if (ok && fsync(fd) != 0) { ok = false; saved = errno; }
    if (close(fd) != 0 && ok) { ok = false; saved = errno; }
    if (ok && rename(tmp, path) != 0) { ok = false; saved = errno; }
    if (!ok) {
        unlink(tmp);
        st = mb_error_set(err, MAMBAIR_ERR_IO, "%s: write failed: %s", path,
                          saved ? strerror(saved) : "short write");
    }
done:
    free(tmp);
    free(h.s);
    return st;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "mb_safetensors_save writes host-order data: add byte swapping for big-endian hosts"
#endif
