/*
 * tensordict.c — the tensor dictionary every reader fills: building it
 * (names, conversion of file dtypes to F32/F64/I64, strided gather), looking
 * things up, and the format-independent entry point that recognises a file,
 * calls its reader and unwraps BasicSR checkpoints (SPEC §2: 'params_ema'
 * preferred over 'params', leading "module." stripped).
 */
#include "tensordict.h"

#include <string.h>

/* ---------------------------------------------------------------- dtypes */

size_t mb_dtype_size(mb_dtype t) {
    switch (t) {
    case MB_DTYPE_F64: case MB_DTYPE_I64: return 8;
    case MB_DTYPE_F32: case MB_DTYPE_I32: return 4;
    case MB_DTYPE_F16: case MB_DTYPE_BF16: case MB_DTYPE_I16: return 2;
    case MB_DTYPE_I8: case MB_DTYPE_U8: case MB_DTYPE_BOOL: return 1;
    }
    return 0;
}

const char *mb_dtype_name(mb_dtype t) {
    switch (t) {
    case MB_DTYPE_F32: return "F32";
    case MB_DTYPE_F64: return "F64";
    case MB_DTYPE_I64: return "I64";
    case MB_DTYPE_F16: return "F16";
    case MB_DTYPE_BF16: return "BF16";
    case MB_DTYPE_I32: return "I32";
    case MB_DTYPE_I16: return "I16";
    case MB_DTYPE_I8: return "I8";
    case MB_DTYPE_U8: return "U8";
    case MB_DTYPE_BOOL: return "BOOL";
    }
    return "?";
}

static float bits_to_f32(uint32_t b) {
    float f;
    memcpy(&f, &b, 4);
    return f;
}

float mb_bf16_to_f32(uint16_t h) { return bits_to_f32((uint32_t)h << 16); }

float mb_f16_to_f32(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    uint32_t exp = (h >> 10) & 0x1F, man = h & 0x3FF;
    if (exp == 0x1F) return bits_to_f32(sign | 0x7F800000 | (man << 13)); /* inf, nan */
    if (exp != 0) return bits_to_f32(sign | ((exp + 112) << 23) | (man << 13));
    if (man == 0) return bits_to_f32(sign);
    /* subnormal half: man * 2^-24, normal as a float once the leading 1 moves to bit 10 */
    uint32_t e = 113;
    while (!(man & 0x400)) {
        man <<= 1;
        e--;
    }
    return bits_to_f32(sign | (e << 23) | ((man & 0x3FF) << 13));
}

static mb_dtype stored_dtype(mb_dtype file) {
    switch (file) {
    case MB_DTYPE_F32: case MB_DTYPE_F16: case MB_DTYPE_BF16: return MB_DTYPE_F32;
    case MB_DTYPE_F64: return MB_DTYPE_F64;
    default: return MB_DTYPE_I64;
    }
}

/* Element j of src (file dtype) into element i of dst (stored dtype). */
static void convert_one(void *dst, int64_t i, mb_dtype file, const uint8_t *src, int64_t j) {
    size_t es = mb_dtype_size(file);
    uint64_t v = 0;
    for (size_t b = es; b-- > 0;) v = (v << 8) | src[(size_t)j * es + b];
    switch (file) {
    case MB_DTYPE_F32: ((float *)dst)[i] = bits_to_f32((uint32_t)v); break;
    case MB_DTYPE_F16: ((float *)dst)[i] = mb_f16_to_f32((uint16_t)v); break;
    case MB_DTYPE_BF16: ((float *)dst)[i] = mb_bf16_to_f32((uint16_t)v); break;
    case MB_DTYPE_F64: memcpy((double *)dst + i, &v, 8); break;
    case MB_DTYPE_I64: ((int64_t *)dst)[i] = (int64_t)v; break;
    case MB_DTYPE_I32: ((int64_t *)dst)[i] = (int32_t)(uint32_t)v; break;
    case MB_DTYPE_I16: ((int64_t *)dst)[i] = (int16_t)(uint16_t)v; break;
    case MB_DTYPE_I8: ((int64_t *)dst)[i] = (int8_t)(uint8_t)v; break;
    case MB_DTYPE_U8: ((int64_t *)dst)[i] = (int64_t)v; break;
    case MB_DTYPE_BOOL: ((int64_t *)dst)[i] = v != 0; break;
    }
}

/* ---------------------------------------------------------------- building */

static mambair_status reserve_tensor(mb_tensordict *td, mambair_error *err) {
    if (td->count >= MB_MAX_TENSORS)
        return mb_error_set(err, MAMBAIR_ERR_LIMIT, "more than %d tensors", MB_MAX_TENSORS);
    if (td->count < td->tensors_cap) return MAMBAIR_OK;
    int64_t cap = td->tensors_cap ? td->tensors_cap * 2 : 16;
    mb_tensor *t = mb_realloc(td->tensors, (size_t)cap * sizeof *t);
    if (!t) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory for the tensor list");
    td->tensors = t;
    td->tensors_cap = cap;
    return MAMBAIR_OK;
}

/* numel of a shape, refusing negative dims and sizes past the limit. */
static mambair_status shape_numel(const char *name, int ndim, const int64_t *shape,
                                  size_t elem, int64_t *numel, mambair_error *err) {
    if (ndim < 0 || ndim > MB_MAX_DIMS)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "tensor '%s' has %d dimensions (max %d)",
                            name, ndim, MB_MAX_DIMS);
    size_t n = 1;
    for (int k = 0; k < ndim; k++) {
        if (shape[k] < 0)
            return mb_error_set(err, MAMBAIR_ERR_FORMAT, "tensor '%s' has a negative size %lld",
                                name, (long long)shape[k]);
        size_t bytes;
        if (!mb_mul_size(n, (size_t)shape[k], &n) || !mb_mul_size(n, elem, &bytes) ||
            bytes > MB_MAX_TENSOR_BYTES)
            return mb_error_set(err, MAMBAIR_ERR_LIMIT,
                                "tensor '%s' is too large (shape product exceeds %zu bytes)",
                                name, MB_MAX_TENSOR_BYTES);
    }
    *numel = (int64_t)n;
    return MAMBAIR_OK;
}

mambair_status mb_tensordict_add_from_file(mb_tensordict *td, const char *name,
                                           mb_dtype file_dtype, int ndim, const int64_t *shape,
                                           const int64_t *stride, int64_t offset,
                                           const void *src, int64_t src_numel,
                                           mambair_error *err) {
    mb_dtype dt = stored_dtype(file_dtype);
    int64_t numel;
    mambair_status st = shape_numel(name, ndim, shape, mb_dtype_size(dt), &numel, err);
    if (st) return st;
    int64_t dense[MB_MAX_DIMS];
    if (!stride) {
        int64_t s = 1;
        for (int k = ndim - 1; k >= 0; k--) {
            dense[k] = s;
            s *= shape[k]; /* no overflow: the product was checked above */
        }
        stride = dense;
    }
    if (numel > 0) {
        /* the last element's index must lie inside the storage */
        if (offset < 0 || offset >= src_numel)
            return mb_error_set(err, MAMBAIR_ERR_FORMAT,
                                "tensor '%s': storage offset %lld is outside its storage of %lld elements",
                                name, (long long)offset, (long long)src_numel);
        uint64_t last = (uint64_t)offset;
        for (int k = 0; k < ndim; k++) {
            if (stride[k] < 0)
                return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                                    "tensor '%s' has a negative stride", name);
            uint64_t span = (uint64_t)(shape[k] - 1);
            if ((uint64_t)stride[k] != 0 && span > (UINT64_MAX - last) / (uint64_t)stride[k])
                last = UINT64_MAX;
            else
                last += span * (uint64_t)stride[k];
        }
        if (last >= (uint64_t)src_numel)
            return mb_error_set(err, MAMBAIR_ERR_FORMAT,
                                "tensor '%s' reaches past the end of its storage (%lld elements)",
                                name, (long long)src_numel);
        /* a view with more elements than its storage would let a tiny file
         * demand a huge allocation (stride 0); checkpoints never need it */
        if (numel > src_numel)
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                                "tensor '%s' has %lld elements but its storage only %lld",
                                name, (long long)numel, (long long)src_numel);
    }
    if ((st = reserve_tensor(td, err))) return st;
    mb_tensor *t = &td->tensors[td->count];
    memset(t, 0, sizeof *t);
    t->name = mb_strdup(name);
    t->data = mb_malloc((size_t)numel * mb_dtype_size(dt));
    if (!t->name || !t->data) {
        free(t->name);
        free(t->data);
        return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory for tensor '%s'", name);
    }
    t->dtype = dt;
    t->file_dtype = file_dtype;
    t->ndim = ndim;
    for (int k = 0; k < ndim; k++) t->shape[k] = shape[k];
    t->numel = numel;
    /* odometer over the index, innermost dimension fastest */
    int64_t idx[MB_MAX_DIMS] = {0};
    int64_t pos = offset;
    for (int64_t i = 0; i < numel; i++) {
        convert_one(t->data, i, file_dtype, src, pos);
        for (int k = ndim - 1; k >= 0; k--) {
            pos += stride[k];
            if (++idx[k] < shape[k]) break;
            pos -= stride[k] * shape[k];
            idx[k] = 0;
        }
    }
    td->count++;
    return MAMBAIR_OK;
}

mambair_status mb_tensordict_add(mb_tensordict *td, const char *name, mb_dtype dtype, int ndim,
                                 const int64_t *shape, const void *data, mambair_error *err) {
    if (!td || !name || (ndim > 0 && !shape))
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "tensordict_add: NULL argument");
    if (dtype != MB_DTYPE_F32 && dtype != MB_DTYPE_F64 && dtype != MB_DTYPE_I64)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT,
                            "tensordict_add: '%s' must be F32, F64 or I64", name);
    int64_t numel;
    mambair_status st = shape_numel(name, ndim, shape, mb_dtype_size(dtype), &numel, err);
    if (st) return st;
    if ((st = reserve_tensor(td, err))) return st;
    mb_tensor *t = &td->tensors[td->count];
    memset(t, 0, sizeof *t);
    size_t bytes = (size_t)numel * mb_dtype_size(dtype);
    t->name = mb_strdup(name);
    t->data = mb_malloc(bytes);
    if (!t->name || !t->data) {
        free(t->name);
        free(t->data);
        return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory for tensor '%s'", name);
    }
    if (data) memcpy(t->data, data, bytes);
    else memset(t->data, 0, bytes);
    t->dtype = t->file_dtype = dtype;
    t->ndim = ndim;
    for (int k = 0; k < ndim; k++) t->shape[k] = shape[k];
    t->numel = numel;
    td->count++;
    return MAMBAIR_OK;
}

mambair_status mb_tensordict_set_meta(mb_tensordict *td, const char *key, const char *value,
                                      mambair_error *err) {
    if (!td || !key || !value)
        return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "tensordict_set_meta: NULL argument");
    for (int64_t i = 0; i < td->meta_count; i++) {
        if (strcmp(td->meta_keys[i], key) == 0) {
            char *v = mb_strdup(value);
            if (!v) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory for metadata");
            free(td->meta_values[i]);
            td->meta_values[i] = v;
            return MAMBAIR_OK;
        }
    }
    if (td->meta_count >= td->meta_cap) {
        int64_t cap = td->meta_cap ? td->meta_cap * 2 : 8;
        char **k = mb_realloc(td->meta_keys, (size_t)cap * sizeof *k);
        if (!k) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory for metadata");
        td->meta_keys = k;
        char **v = mb_realloc(td->meta_values, (size_t)cap * sizeof *v);
        if (!v) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory for metadata");
        td->meta_values = v;
        td->meta_cap = cap;
    }
    char *k = mb_strdup(key), *v = mb_strdup(value);
    if (!k || !v) {
        free(k);
        free(v);
        return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory for metadata");
    }
    td->meta_keys[td->meta_count] = k;
    td->meta_values[td->meta_count] = v;
    td->meta_count++;
    return MAMBAIR_OK;
}

void mb_tensordict_free(mb_tensordict *td) {
    if (!td) return;
    for (int64_t i = 0; i < td->count; i++) {
        free(td->tensors[i].name);
        free(td->tensors[i].data);
    }
    free(td->tensors);
    for (int64_t i = 0; i < td->meta_count; i++) {
        free(td->meta_keys[i]);
        free(td->meta_values[i]);
    }
    free(td->meta_keys);
    free(td->meta_values);
    memset(td, 0, sizeof *td);
}

/* ---------------------------------------------------------------- lookup */

const mb_tensor *mb_tensordict_find(const mb_tensordict *td, const char *name) {
    if (!td || !name) return NULL;
    for (int64_t i = 0; i < td->count; i++)
        if (strcmp(td->tensors[i].name, name) == 0) return &td->tensors[i];
    return NULL;
}

const char *mb_tensordict_meta(const mb_tensordict *td, const char *key) {
    if (!td || !key) return NULL;
    for (int64_t i = 0; i < td->meta_count; i++)
        if (strcmp(td->meta_keys[i], key) == 0) return td->meta_values[i];
    return NULL;
}

static int cmp_name(const void *a, const void *b) {
    return strcmp((*(const mb_tensor *const *)a)->name, (*(const mb_tensor *const *)b)->name);
}

mambair_status mb_tensordict_check_unique(const mb_tensordict *td, mambair_error *err) {
    if (td->count < 2) return MAMBAIR_OK;
    const mb_tensor **v = mb_malloc((size_t)td->count * sizeof *v);
    if (!v) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory checking tensor names");
    for (int64_t i = 0; i < td->count; i++) v[i] = &td->tensors[i];
    qsort(v, (size_t)td->count, sizeof *v, cmp_name);
    mambair_status st = MAMBAIR_OK;
    for (int64_t i = 1; i < td->count && !st; i++)
        if (strcmp(v[i - 1]->name, v[i]->name) == 0)
            st = mb_error_set(err, MAMBAIR_ERR_FORMAT, "tensor '%s' appears twice", v[i]->name);
    free(v);
    return st;
}

/* ---------------------------------------------------------------- formats */

mb_file_format mb_detect_format(const void *data, size_t size) {
    const uint8_t *p = data;
    if (!p) return MB_FORMAT_UNKNOWN;
    if (size >= 4 && p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4) return MB_FORMAT_PTH_ZIP;
    /* legacy torch.save: PROTO 2, LONG1 of 10 bytes (the magic number) */
    if (size >= 4 && p[0] == 0x80 && p[1] == 0x02 && p[2] == 0x8a && p[3] == 0x0a)
        return MB_FORMAT_PTH_LEGACY;
    if (size >= 9) {
        uint64_t n = 0;
        for (int i = 7; i >= 0; i--) n = (n << 8) | p[i];
        if (n >= 2 && n <= size - 8 && p[8] == '{') return MB_FORMAT_SAFETENSORS;
    }
    return MB_FORMAT_UNKNOWN;
}

const char *mb_format_name(mb_file_format f) {
    switch (f) {
    case MB_FORMAT_PTH_ZIP: return "PyTorch zip checkpoint";
    case MB_FORMAT_PTH_LEGACY: return "PyTorch legacy checkpoint";
    case MB_FORMAT_SAFETENSORS: return "safetensors";
    default: return "unknown";
    }
}

static bool has_prefix(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Keeps only tensors named "<prefix>..." (prefix removed); frees the rest. */
static void keep_prefixed(mb_tensordict *td, const char *prefix) {
    size_t plen = strlen(prefix);
    int64_t w = 0;
    for (int64_t i = 0; i < td->count; i++) {
        mb_tensor t = td->tensors[i];
        if (has_prefix(t.name, prefix)) {
            memmove(t.name, t.name + plen, strlen(t.name + plen) + 1);
            td->tensors[w++] = t;
        } else {
            free(t.name);
            free(t.data);
        }
    }
    td->count = w;
}

static bool any_prefixed(const mb_tensordict *td, const char *prefix) {
    for (int64_t i = 0; i < td->count; i++)
        if (has_prefix(td->tensors[i].name, prefix)) return true;
    return false;
}

mambair_status mb_tensordict_load_memory(const void *data, size_t size, const char *name,
                                         mb_tensordict *out, mambair_error *err) {
    if (!out) return mb_error_set(err, MAMBAIR_ERR_INVALID_ARGUMENT, "load: NULL output");
    memset(out, 0, sizeof *out);
    if (!name) name = "model";
    if (!data || size == 0)
        return mb_error_set(err, MAMBAIR_ERR_FORMAT, "%s: empty file", name);
    mambair_status st;
    switch (mb_detect_format(data, size)) {
    case MB_FORMAT_PTH_ZIP:
    case MB_FORMAT_PTH_LEGACY: st = mb_pth_load(data, size, out, err); break;
    case MB_FORMAT_SAFETENSORS: st = mb_safetensors_load(data, size, out, err); break;
    default:
        return mb_error_set(err, MAMBAIR_ERR_FORMAT,
                            "%s: not a model file (neither a PyTorch checkpoint nor safetensors)",
                            name);
    }
    if (st) {
        mb_error_prefix(err, "%s", name);
        return st;
    }
    /* BasicSR wraps the state dict; pth.c joins nested dict keys with '.' */
    if (any_prefixed(out, "params_ema.")) keep_prefixed(out, "params_ema.");
    else if (any_prefixed(out, "params.")) keep_prefixed(out, "params.");
    else if (any_prefixed(out, "state_dict.")) keep_prefixed(out, "state_dict.");
    for (int64_t i = 0; i < out->count; i++) {
        char *n = out->tensors[i].name;
        if (has_prefix(n, "module.")) memmove(n, n + 7, strlen(n + 7) + 1);
    }
    if (out->count == 0) {
        st = mb_error_set(err, MAMBAIR_ERR_FORMAT, "%s: the file contains no tensors", name);
    } else if ((st = mb_tensordict_check_unique(out, err))) {
        mb_error_prefix(err, "%s", name);
    }
    if (st) mb_tensordict_free(out);
    return st;
}
