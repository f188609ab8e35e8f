/*
 * pth.c — PyTorch checkpoints (torch.save) -> tensor dict.
 *
 * Zip format (torch >= 1.6), entries STORED:
 *     <top>/data.pkl        the object; storages as persistent ids
 *                           ('storage', <Type>Storage, key, location, numel)
 *     <top>/data/<key>      raw little-endian storage bytes
 *     <top>/version, ...    ignored
 * <top> is usually "archive" but not always: it is taken from the one
 * "<top>/data.pkl" entry.
 *
 * Legacy format (torch < 1.6): five pickles in a row
 *     magic number 0x1950a86a20f9469cfc6c, protocol version 1001,
 *     sys_info {'little_endian': ..., 'type_sizes': ...},
 *     the object (persistent ids are 6-tuples, the last a view or None),
 *     the list of storage keys
 * then, for each key in that list: int64 element count + raw data.
 *
 * Nested dicts are flattened with '.' ({'params': {'conv.weight': t}} ->
 * "params.conv.weight"); tensordict.c unwraps BasicSR wrappers. Values that
 * are not tensors (epoch numbers, optimizer scalars) are skipped.
 */
#include "tensordict.h"
#include "pickle.h"
#include "zip.h"

#include <string.h>

#define MAX_DICT_DEPTH 16
#define MAX_NAME 1024

static const uint8_t legacy_magic[] = {0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19};

/* Where the bytes of storage `key` are: zip entry or legacy record. */
typedef struct stor {
    const char *key;
    size_t key_len;
    mb_dtype dtype;
    const uint8_t *data;
    int64_t numel; /* elements available at data */
} stor;

typedef struct loader {
    mb_file_format format;
    const mb_zip *zip;
    const char *top; /* zip: "<top>/" */
    size_t top_len;
    stor *stors;     /* legacy: sorted by key */
    int64_t nstors, stors_cap;
    mb_tensordict *out;
} loader;

static int cmp_key(const void *a, const void *b) {
    const stor *x = a, *y = b;
    size_t n = MB_MIN(x->key_len, y->key_len);
    int c = memcmp(x->key, y->key, n);
    return c ? c : (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

/* Bytes of a STORAGE object, checked to hold its numel elements. */
static mambair_status storage_bytes(loader *L, const mb_pk_obj *s, const uint8_t **data,
                                    int64_t *numel, mambair_error *err) {
    size_t es = mb_dtype_size((mb_dtype)s->dtype);
    int len = (int)MB_MIN(s->len, 100);
    if (L->format == MB_FORMAT_PTH_ZIP) {
        char name[MAX_NAME];
        int n = snprintf(name, sizeof name, "%.*sdata/%.*s", (int)L->top_len, L->top, (int)s->len, s->s);
        if (n < 0 || (size_t)n >= sizeof name || memchr(s->s, 0, s->len))
            return mb_error_set(err, MAMBAIR_ERR_FORMAT, "bad storage key '%.*s'", len, s->s);
        const mb_zip_entry *e = mb_zip_find(L->zip, name);
        if (!e) return mb_error_set(err, MAMBAIR_ERR_FORMAT, "storage '%s' is missing from the archive", name);
        mambair_status st = mb_zip_entry_bytes(L->zip, e, data, err);
        if (st) return st;
        if ((uint64_t)s->i > e->size / es)
            return mb_error_set(err, MAMBAIR_ERR_FORMAT,
                                "storage '%s' has %llu bytes, the checkpoint says %lld elements of %zu bytes",
                                name, (unsigned long long)e->size, (long long)s->i, es);
        *numel = s->i;
        return MAMBAIR_OK;
    }
    stor key = {.key = s->s, .key_len = s->len};
    const stor *r = bsearch(&key, L->stors, (size_t)L->nstors, sizeof key, cmp_key);
    if (!r) return mb_error_set(err, MAMBAIR_ERR_FORMAT, "storage '%.*s' has no data in the file", len, s->s);
    if (r->dtype != (mb_dtype)s->dtype)
        return mb_error_set(err, MAMBAIR_ERR_FORMAT, "storage '%.*s' is used with two types", len, s->s);
    /* legacy views: j elements into the root, i elements long */
    if (s->j > r->numel || s->i > r->numel - s->j)
        return mb_error_set(err, MAMBAIR_ERR_FORMAT, "storage '%.*s' view is out of range", len, s->s);
    *data = r->data + (size_t)s->j * es;
    *numel = s->i;
    return MAMBAIR_OK;
}

static mambair_status add_tensor(loader *L, const char *name, const mb_pk_obj *t, mambair_error *err) {
    const mb_pk_obj *s = t->items[0], *size = t->items[1], *stride = t->items[2];
    const uint8_t *data = NULL;
    int64_t numel = 0;
    mambair_status st = storage_bytes(L, s, &data, &numel, err);
    if (st) {
        mb_error_prefix(err, "tensor '%s'", name);
        return st;
    }
    int64_t shape[MB_MAX_DIMS], strides[MB_MAX_DIMS];
    for (int64_t k = 0; k < size->n; k++) {
        shape[k] = size->items[k]->i;
        strides[k] = stride->items[k]->i;
    }
    return mb_tensordict_add_from_file(L->out, name, (mb_dtype)s->dtype, (int)size->n, shape, strides,
                                       t->i, data, numel, err);
}

static mambair_status walk(loader *L, const mb_pk_obj *d, char *name, size_t len, int depth,
                           mambair_error *err) {
    if (depth > MAX_DICT_DEPTH)
        return mb_error_set(err, MAMBAIR_ERR_LIMIT, "checkpoint dicts nested deeper than %d", MAX_DICT_DEPTH);
    for (int64_t k = 0; k + 1 < d->n; k += 2) {
        const mb_pk_obj *key = d->items[k], *v = d->items[k + 1];
        if (v->kind != MB_PK_TENSOR && v->kind != MB_PK_DICT) continue;
        size_t n = len;
        if (n) name[n++] = '.';
        int w;
        if (key->kind == MB_PK_STR) {
            if (memchr(key->s, 0, key->len))
                return mb_error_set(err, MAMBAIR_ERR_FORMAT, "a tensor name contains a NUL byte");
            w = snprintf(name + n, MAX_NAME - n, "%.*s", (int)MB_MIN(key->len, (size_t)MAX_NAME), key->s);
        } else if (key->kind == MB_PK_INT) {
            w = snprintf(name + n, MAX_NAME - n, "%lld", (long long)key->i);
        } else {
            continue; /* tuple keys etc.: not a state dict entry */
        }
        if (w < 0 || (size_t)w >= MAX_NAME - n)
            return mb_error_set(err, MAMBAIR_ERR_LIMIT, "tensor name longer than %d bytes", MAX_NAME - 1);
        mambair_status st = v->kind == MB_PK_TENSOR ? add_tensor(L, name, v, err)
                                                    : walk(L, v, name, n + (size_t)w, depth + 1, err);
        if (st) return st;
        name[len] = '\0';
    }
    return MAMBAIR_OK;
}

static mambair_status flatten(loader *L, const mb_pk_obj *root, mambair_error *err) {
    if (root->kind != MB_PK_DICT)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                            "the checkpoint holds no dict of tensors (a whole pickled model?)");
    char name[MAX_NAME];
    name[0] = '\0';
    return walk(L, root, name, 0, 0, err);
}

/* ---------------------------------------------------------------- zip */

static mambair_status load_zip(const void *data, size_t size, mb_tensordict *out, mambair_error *err) {
    mb_zip z;
    mambair_status st = mb_zip_open(data, size, &z, err);
    if (st) return st;
    mb_pickle *vm = NULL;
    const mb_zip_entry *pkl = NULL;
    for (int64_t i = 0; i < z.count; i++) {
        const mb_zip_entry *e = &z.entries[i];
        /* "<top>/data.pkl" with no other '/' */
        if (e->name_len > 9 && memcmp(e->name + e->name_len - 9, "/data.pkl", 9) == 0 &&
            !memchr(e->name, '/', e->name_len - 9)) {
            if (pkl) {
                st = mb_error_set(err, MAMBAIR_ERR_FORMAT, "the archive holds more than one data.pkl");
                goto done;
            }
            pkl = e;
        }
    }
    if (!pkl) {
        st = mb_error_set(err, MAMBAIR_ERR_FORMAT, "zip archive without a data.pkl: not a PyTorch checkpoint");
        goto done;
    }
    const uint8_t *p;
    if ((st = mb_zip_entry_bytes(&z, pkl, &p, err))) goto done;
    if (!(vm = mb_pickle_new())) {
        st = mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory");
        goto done;
    }
    size_t used;
    mb_pk_obj *root;
    if ((st = mb_pickle_run(vm, p, (size_t)pkl->size, &used, &root, err))) goto done;
    loader L = {.format = MB_FORMAT_PTH_ZIP, .zip = &z, .top = pkl->name,
                .top_len = pkl->name_len - 8, .out = out};
    st = flatten(&L, root, err);
done:
    mb_pickle_free(vm);
    mb_zip_free(&z);
    return st;
}

/* ---------------------------------------------------------------- legacy */

/* Learns each storage key's dtype from the pickle (the raw records do not say). */
static mambair_status note_storage(void *ctx, const mb_pk_obj *s, mambair_error *err) {
    loader *L = ctx;
    stor key = {.key = s->s, .key_len = s->len};
    stor *r = bsearch(&key, L->stors, (size_t)L->nstors, sizeof key, cmp_key);
    if (r) {
        if (r->numel != -2 && r->dtype != (mb_dtype)s->dtype)
            return mb_error_set(err, MAMBAIR_ERR_FORMAT, "storage '%.*s' is used with two types",
                                (int)MB_MIN(s->len, 100), s->s);
        r->dtype = (mb_dtype)s->dtype;
        r->numel = -1; /* typed, data not read yet */
    }
    return MAMBAIR_OK; /* a storage not in the key list fails later, when used */
}

static mambair_status load_legacy(const uint8_t *data, size_t size, mb_tensordict *out,
                                  mambair_error *err) {
    mambair_status st;
    mb_pickle *vm = mb_pickle_new();
    if (!vm) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory");
    loader L = {.format = MB_FORMAT_PTH_LEGACY, .out = out};
    size_t pos = 0, used;
    mb_pk_obj *magic, *proto, *info, *root, *keys;
    if ((st = mb_pickle_run(vm, data, size, &used, &magic, err))) goto done;
    pos += used;
    if (magic->kind != MB_PK_BIGINT || magic->len != sizeof legacy_magic ||
        memcmp(magic->s, legacy_magic, sizeof legacy_magic) != 0) {
        st = mb_error_set(err, MAMBAIR_ERR_FORMAT, "bad legacy checkpoint magic number");
        goto done;
    }
    if ((st = mb_pickle_run(vm, data + pos, size - pos, &used, &proto, err))) goto done;
    pos += used;
    if (proto->kind != MB_PK_INT || proto->i != 1001) {
        st = mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "legacy checkpoint protocol %lld (want 1001)",
                          proto->kind == MB_PK_INT ? (long long)proto->i : -1LL);
        goto done;
    }
    if ((st = mb_pickle_run(vm, data + pos, size - pos, &used, &info, err))) goto done;
    pos += used;
    if (info->kind == MB_PK_DICT)
        for (int64_t k = 0; k + 1 < info->n; k += 2) {
            const mb_pk_obj *kk = info->items[k], *v = info->items[k + 1];
            if (kk->kind == MB_PK_STR && kk->len == 13 && memcmp(kk->s, "little_endian", 13) == 0 &&
                v->kind == MB_PK_BOOL && !v->i) {
                st = mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "big-endian legacy checkpoint");
                goto done;
            }
        }
    if ((st = mb_pickle_run(vm, data + pos, size - pos, &used, &root, err))) goto done;
    pos += used;
    if ((st = mb_pickle_run(vm, data + pos, size - pos, &used, &keys, err))) goto done;
    pos += used;
    if (keys->kind != MB_PK_LIST) {
        st = mb_error_set(err, MAMBAIR_ERR_FORMAT, "legacy checkpoint: storage key list missing");
        goto done;
    }
    L.stors = mb_calloc(keys->n ? (size_t)keys->n : 1, sizeof *L.stors);
    if (!L.stors) {
        st = mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory");
        goto done;
    }
    L.nstors = keys->n;
    for (int64_t k = 0; k < keys->n; k++) {
        const mb_pk_obj *kk = keys->items[k];
        if (kk->kind != MB_PK_STR) {
            st = mb_error_set(err, MAMBAIR_ERR_FORMAT, "legacy checkpoint: a storage key is not a string");
            goto done;
        }
        L.stors[k].key = kk->s;
        L.stors[k].key_len = kk->len;
        L.stors[k].numel = -2; /* untyped */
    }
    /* sort to find each storage's type quickly, then read the records in file order */
    stor *sorted = L.stors;
    qsort(sorted, (size_t)L.nstors, sizeof *sorted, cmp_key);
    for (int64_t k = 1; k < L.nstors; k++)
        if (cmp_key(&sorted[k - 1], &sorted[k]) == 0) {
            st = mb_error_set(err, MAMBAIR_ERR_FORMAT, "legacy checkpoint lists storage '%.*s' twice",
                              (int)MB_MIN(sorted[k].key_len, 100), sorted[k].key);
            goto done;
        }
    /* the dtype of each key comes from the pickle's persistent ids */
    if ((st = mb_pickle_each_storage(vm, note_storage, &L, err))) goto done;
    for (int64_t k = 0; k < keys->n; k++) {
        const mb_pk_obj *kk = keys->items[k];
        stor key = {.key = kk->s, .key_len = kk->len};
        stor *r = bsearch(&key, L.stors, (size_t)L.nstors, sizeof key, cmp_key);
        int klen = (int)MB_MIN(kk->len, 100);
        if (r->numel == -2) {
            st = mb_error_set(err, MAMBAIR_ERR_FORMAT, "legacy checkpoint: storage '%.*s' is never used",
                              klen, kk->s);
            goto done;
        }
        if (size - pos < 8) {
            st = mb_error_set(err, MAMBAIR_ERR_FORMAT, "legacy checkpoint truncated at storage '%.*s'",
                              klen, kk->s);
            goto done;
        }
        uint64_t n = 0;
        for (int b = 7; b >= 0; b--) n = (n << 8) | data[pos + (size_t)b];
        pos += 8;
        size_t es = mb_dtype_size(r->dtype);
        if (n > (size - pos) / es) {
            st = mb_error_set(err, MAMBAIR_ERR_FORMAT,
                              "legacy checkpoint: storage '%.*s' claims %llu elements, past the end of the file",
                              klen, kk->s, (unsigned long long)n);
            goto done;
        }
        r->data = data + pos;
        r->numel = (int64_t)n;
        pos += (size_t)n * es;
    }
    st = flatten(&L, root, err);
done:
    free(L.stors);
    mb_pickle_free(vm);
    return st;
}

mambair_status mb_pth_load(const void *data, size_t size, mb_tensordict *out, mambair_error *err) {
    memset(out, 0, sizeof *out);
    mambair_status st;
    switch (mb_detect_format(data, size)) {
    case MB_FORMAT_PTH_ZIP: st = load_zip(data, size, out, err); break;
    case MB_FORMAT_PTH_LEGACY: st = load_legacy(data, size, out, err); break;
    default: return mb_error_set(err, MAMBAIR_ERR_FORMAT, "not a PyTorch checkpoint");
    }
    if (st) mb_tensordict_free(out);
    return st;
}
