/*
 * tensordict.h — a model file's tensors, by name, whatever the file format.
 *
 * Every reader (pth zip, pth legacy, safetensors) produces an mb_tensordict:
 * an ordered list of named, contiguous, row-major tensors. Floating tensors
 * stored as F16/BF16/F32 are converted to F32 on load (F64 stays F64); integer
 * tensors (e.g. BatchNorm's num_batches_tracked) are kept as I64. Strides and
 * storage offsets of the file are resolved here: the data is always dense.
 *
 * mb_tensordict_load_memory() recognises the format from the content, unwraps
 * BasicSR checkpoints ({'params_ema': ...} preferred, else {'params': ...})
 * and strips a leading "module." from every name.
 */
#ifndef MB_TENSORDICT_H
#define MB_TENSORDICT_H

#include "../base.h"

#define MB_MAX_DIMS 8

typedef enum mb_dtype {
    MB_DTYPE_F32 = 0,
    MB_DTYPE_F64,
    MB_DTYPE_I64,
    /* only as mb_tensor.file_dtype (how it was stored): */
    MB_DTYPE_F16,
    MB_DTYPE_BF16,
    MB_DTYPE_I32,
    MB_DTYPE_I16,
    MB_DTYPE_I8,
    MB_DTYPE_U8,
    MB_DTYPE_BOOL
} mb_dtype;

typedef struct mb_tensor {
    char *name;
    mb_dtype dtype;       /* F32, F64 or I64: the type of `data`            */
    mb_dtype file_dtype;  /* the type in the file                            */
    int ndim;             /* 0 (scalar) .. MB_MAX_DIMS                       */
    int64_t shape[MB_MAX_DIMS];
    int64_t numel;        /* product of shape (1 for a scalar)              */
    void *data;           /* dense row-major, owned by the dict             */
} mb_tensor;

typedef struct mb_tensordict {
    int64_t count;
    mb_tensor *tensors;   /* in file order (state_dict order for .pth)     */
    int64_t meta_count;   /* safetensors __metadata__ string pairs          */
    char **meta_keys;
    char **meta_values;
    int64_t tensors_cap;  /* allocated slots (internal)                     */
    int64_t meta_cap;
} mb_tensordict;

typedef enum mb_file_format {
    MB_FORMAT_UNKNOWN = 0,
    MB_FORMAT_PTH_ZIP,
    MB_FORMAT_PTH_LEGACY,
    MB_FORMAT_SAFETENSORS
} mb_file_format;

/* Limits that keep hostile files from exhausting the machine. */
#define MB_MAX_TENSORS 100000
#define MB_MAX_TENSOR_BYTES ((size_t)16 << 30)  /* one tensor, after conversion */

mb_file_format mb_detect_format(const void *data, size_t size);
const char *mb_format_name(mb_file_format f);

/* Parse any supported format. `name` (may be NULL) is used in messages. */
mambair_status mb_tensordict_load_memory(const void *data, size_t size, const char *name,
                                         mb_tensordict *out, mambair_error *err);
mambair_status mb_tensordict_load_file(const char *path, mb_tensordict *out,
                                       mambair_error *err);

/* Whole file into a fresh buffer (free() it); files over 4 GiB are refused. */
mambair_status mb_file_read(const char *path, void **data, size_t *size, mambair_error *err);

/* Per-format entry points (same contract as load_memory, no unwrapping). */
mambair_status mb_pth_load(const void *data, size_t size, mb_tensordict *out,
                           mambair_error *err);
mambair_status mb_safetensors_load(const void *data, size_t size, mb_tensordict *out,
                                   mambair_error *err);

/* Write F32 (or F64) tensors and string metadata as .safetensors, atomically
 * (temporary file + rename). */
mambair_status mb_safetensors_save(const char *path, const mb_tensordict *td,
                                   mambair_error *err);

void mb_tensordict_free(mb_tensordict *td); /* frees contents, not td itself */

const mb_tensor *mb_tensordict_find(const mb_tensordict *td, const char *name);
const char *mb_tensordict_meta(const mb_tensordict *td, const char *key);

/* Building dicts (trainer, tests): copies name and data. */
mambair_status mb_tensordict_add(mb_tensordict *td, const char *name, mb_dtype dtype, int ndim,
                                 const int64_t *shape, const void *data, mambair_error *err);
mambair_status mb_tensordict_set_meta(mb_tensordict *td, const char *key, const char *value,
                                      mambair_error *err);

/* Bytes of one element as stored in a file (F16: 2, ...); 0 for unknown. */
size_t mb_dtype_size(mb_dtype t);
const char *mb_dtype_name(mb_dtype t); /* "F32", "BF16", ... (safetensors spelling) */

/* IEEE half / bfloat16 bits -> float, exact (subnormals, inf, nan kept). */
float mb_f16_to_f32(uint16_t h);
float mb_bf16_to_f32(uint16_t h);

/* Add a tensor read from a file: element (i0, i1, ...) is at element index
 * offset + sum(i_k * stride[k]) of `src`, which holds src_numel elements of
 * file_dtype (little-endian). stride NULL = dense row-major. Every index is
 * checked against src_numel; floats become F32 (F64 stays), integers I64. */
mambair_status mb_tensordict_add_from_file(mb_tensordict *td, const char *name,
                                           mb_dtype file_dtype, int ndim, const int64_t *shape,
                                           const int64_t *stride, int64_t offset,
                                           const void *src, int64_t src_numel,
                                           mambair_error *err);

/* Refuses two tensors with the same name (message names it). */
mambair_status mb_tensordict_check_unique(const mb_tensordict *td, mambair_error *err);

#endif /* MB_TENSORDICT_H */
