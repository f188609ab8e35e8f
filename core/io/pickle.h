/*
 * pickle.h — a pickle machine that builds data and executes nothing.
 *
 * It understands the opcodes torch.save emits (protocols 2..5) and resolves
 * only an allow-list of globals: collections.OrderedDict, the torch tensor
 * rebuild functions and the torch.*Storage types. Any other global is refused
 * by name (MAMBAIR_ERR_UNSAFE). Calls to allowed functions are not run: they
 * become records (a dict, a tensor record) checked for the expected shape.
 *
 * Persistent ids (torch storages) become STORAGE objects:
 *   zip format:    ('storage', <Type>Storage, key, location, numel)
 *   legacy format: ('storage', <Type>Storage, key, location, numel, view)
 *                  view = None or (view_key, element offset, view numel)
 */
#ifndef MB_PICKLE_H
#define MB_PICKLE_H

#include "tensordict.h"

typedef enum mb_pk_kind {
    MB_PK_NONE = 0,
    MB_PK_BOOL,
    MB_PK_INT,
    MB_PK_BIGINT,  /* LONG1/LONG4 wider than 64 bits: raw bytes in s/len    */
    MB_PK_FLOAT,
    MB_PK_STR,     /* unicode or byte string: s/len point into the input     */
    MB_PK_TUPLE,
    MB_PK_LIST,
    MB_PK_DICT,    /* items: key0, value0, key1, value1, ...; n = 2 * pairs */
    MB_PK_GLOBAL,  /* an allowed global; `global` says which                 */
    MB_PK_STORAGE, /* dtype, key s/len, numel i, element offset j (view)     */
    MB_PK_TENSOR   /* items: storage, size tuple, stride tuple; offset i     */
} mb_pk_kind;

typedef enum mb_pk_global {
    MB_PK_G_ORDERED_DICT = 1,
    MB_PK_G_REBUILD_TENSOR_V2,
    MB_PK_G_REBUILD_TENSOR,
    MB_PK_G_REBUILD_PARAMETER,
    MB_PK_G_STORAGE_TYPE /* dtype says which */
} mb_pk_global;

typedef struct mb_pk_obj {
    uint8_t kind;
    uint8_t dtype;    /* STORAGE / GLOBAL storage type: an mb_dtype */
    uint16_t global;
    int64_t i;
    int64_t j;
    double f;
    const char *s;
    size_t len;
    struct mb_pk_obj **items;
    int64_t n, cap;
} mb_pk_obj;

/* Limits: a hostile pickle cannot make us allocate without bound. */
#define MB_PK_MAX_OBJECTS (1 << 22)
#define MB_PK_MAX_STACK (1 << 20)
#define MB_PK_MAX_MARKS (1 << 12)   /* nesting depth of MARK-delimited groups */
#define MB_PK_MAX_MEMO (1 << 22)
#define MB_PK_MAX_ITEMS (1 << 24)   /* elements in one list/dict/tuple          */

typedef struct mb_pickle mb_pickle;

/* A machine owns every object it makes until mb_pickle_free; several pickles
 * may run on one machine (the legacy format has five in a row). */
mb_pickle *mb_pickle_new(void);
void mb_pickle_free(mb_pickle *vm);

/* Runs one pickle starting at data[0]; *used = bytes up to and including
 * STOP. *result is the value left on the stack. */
mambair_status mb_pickle_run(mb_pickle *vm, const uint8_t *data, size_t size, size_t *used,
                             mb_pk_obj **result, mambair_error *err);

/* Calls fn for every STORAGE object made so far (legacy format: learn each
 * key's dtype before reading the raw storages). */
mambair_status mb_pickle_each_storage(mb_pickle *vm,
                                      mambair_status (*fn)(void *ctx, const mb_pk_obj *s,
                                                           mambair_error *err),
                                      void *ctx, mambair_error *err);

#endif /* MB_PICKLE_H */
