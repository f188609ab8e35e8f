/*
 * pickle.c — the allow-listed pickle machine (see pickle.h).
 *
 * Objects live in fixed chunks owned by the machine and are never freed one
 * by one: the memo and containers may share them freely (even in cycles).
 * All strings point into the input buffer, so their size is bounded by the
 * file. The value stack, the mark stack and the memo grow by doubling up to
 * their limits.
 */
#include "pickle.h"
#include "cursor.h"
#include "utf8.h"

#include <string.h>

#define CHUNK 4096

struct mb_pickle {
    mb_pk_obj **chunks;
    int64_t nchunks, chunks_cap;
    int64_t nobj; /* objects used in the last chunk are nobj % CHUNK */
    mb_pk_obj **stack;
    int64_t sp, stack_cap;
    int64_t *marks;
    int64_t nmarks, marks_cap;
    mb_pk_obj **memo;
    int64_t memo_cap, memo_len; /* memo_len: entries set, the next MEMOIZE index */
    mambair_status fail;        /* why the last new_obj returned NULL */
    mambair_error *err;
};

static mambair_status no_memory(mb_pickle *vm) {
    return mb_error_set(vm->err, MAMBAIR_ERR_NO_MEMORY, "out of memory running a pickle");
}

static mambair_status bad(mb_pickle *vm, const char *what, size_t pos) {
    return mb_error_set(vm->err, MAMBAIR_ERR_FORMAT, "corrupt pickle: %s at byte %zu", what, pos);
}

/* Grows *arr (elements of `elem` bytes) to hold at least `need`. */
static bool grow(void **arr, int64_t *cap, int64_t need, size_t elem) {
    if (need <= *cap) return true;
    int64_t nc = *cap ? *cap : 16;
    while (nc < need) nc *= 2;
    void *p = mb_realloc(*arr, (size_t)nc * elem);
    if (!p) return false;
    *arr = p;
    *cap = nc;
    return true;
}

mb_pickle *mb_pickle_new(void) {
    mb_pickle *vm = mb_malloc_plain(sizeof *vm);
    if (vm) memset(vm, 0, sizeof *vm);
    return vm;
}

void mb_pickle_free(mb_pickle *vm) {
    if (!vm) return;
    for (int64_t c = 0; c < vm->nchunks; c++) {
        int64_t used = c == vm->nchunks - 1 ? vm->nobj - c * CHUNK : CHUNK;
        for (int64_t k = 0; k < used; k++) free(vm->chunks[c][k].items);
        free(vm->chunks[c]);
    }
    free(vm->chunks);
    free(vm->stack);
    free(vm->marks);
    free(vm->memo);
    free(vm);
}

static mb_pk_obj *new_obj(mb_pickle *vm, mb_pk_kind kind) {
    if (vm->nobj >= MB_PK_MAX_OBJECTS) {
        vm->fail = mb_error_set(vm->err, MAMBAIR_ERR_LIMIT, "pickle makes more than %d objects",
                                MB_PK_MAX_OBJECTS);
        return NULL;
    }
    if (vm->nobj % CHUNK == 0) {
        if (!grow((void **)&vm->chunks, &vm->chunks_cap, vm->nchunks + 1, sizeof *vm->chunks)) {
            vm->fail = no_memory(vm);
            return NULL;
        }
        mb_pk_obj *c = mb_malloc_plain(CHUNK * sizeof *c);
        if (!c) {
            vm->fail = no_memory(vm);
            return NULL;
        }
        vm->chunks[vm->nchunks++] = c;
    }
    mb_pk_obj *o = &vm->chunks[vm->nchunks - 1][vm->nobj % CHUNK];
    vm->nobj++;
    memset(o, 0, sizeof *o);
    o->kind = (uint8_t)kind;
    return o;
}

static mambair_status push(mb_pickle *vm, mb_pk_obj *o) {
    if (!o) return vm->fail;
    if (vm->sp >= MB_PK_MAX_STACK)
        return mb_error_set(vm->err, MAMBAIR_ERR_LIMIT, "pickle stack deeper than %d", MB_PK_MAX_STACK);
    if (!grow((void **)&vm->stack, &vm->stack_cap, vm->sp + 1, sizeof *vm->stack)) return no_memory(vm);
    vm->stack[vm->sp++] = o;
    return MAMBAIR_OK;
}

static mambair_status append_item(mb_pickle *vm, mb_pk_obj *c, mb_pk_obj *item) {
    if (c->n >= MB_PK_MAX_ITEMS)
        return mb_error_set(vm->err, MAMBAIR_ERR_LIMIT, "pickle container with more than %d items",
                            MB_PK_MAX_ITEMS);
    if (!grow((void **)&c->items, &c->cap, c->n + 1, sizeof *c->items)) return no_memory(vm);
    c->items[c->n++] = item;
    return MAMBAIR_OK;
}

/* Position of the innermost mark (objects above it are the group). */
static bool pop_mark(mb_pickle *vm, int64_t *base) {
    if (vm->nmarks == 0) return false;
    *base = vm->marks[--vm->nmarks];
    return *base <= vm->sp;
}

/* ------------------------------------------------------------- globals */

static const struct {
    const char *module, *name;
    mb_pk_global g;
    mb_dtype dtype;
} allowed[] = {
    {"collections", "OrderedDict", MB_PK_G_ORDERED_DICT, 0},
    {"torch._utils", "_rebuild_tensor_v2", MB_PK_G_REBUILD_TENSOR_V2, 0},
    {"torch._utils", "_rebuild_tensor", MB_PK_G_REBUILD_TENSOR, 0},
    {"torch._utils", "_rebuild_parameter", MB_PK_G_REBUILD_PARAMETER, 0},
    {"torch", "FloatStorage", MB_PK_G_STORAGE_TYPE, MB_DTYPE_F32},
    {"torch", "HalfStorage", MB_PK_G_STORAGE_TYPE, MB_DTYPE_F16},
    {"torch", "BFloat16Storage", MB_PK_G_STORAGE_TYPE, MB_DTYPE_BF16},
    {"torch", "DoubleStorage", MB_PK_G_STORAGE_TYPE, MB_DTYPE_F64},
    {"torch", "LongStorage", MB_PK_G_STORAGE_TYPE, MB_DTYPE_I64},
    {"torch", "IntStorage", MB_PK_G_STORAGE_TYPE, MB_DTYPE_I32},
    {"torch", "ShortStorage", MB_PK_G_STORAGE_TYPE, MB_DTYPE_I16},
    {"torch", "CharStorage", MB_PK_G_STORAGE_TYPE, MB_DTYPE_I8},
    {"torch", "ByteStorage", MB_PK_G_STORAGE_TYPE, MB_DTYPE_U8},
    {"torch", "BoolStorage", MB_PK_G_STORAGE_TYPE, MB_DTYPE_BOOL},
};

static bool str_is(const char *s, size_t len, const char *lit) {
    return strlen(lit) == len && memcmp(s, lit, len) == 0;
}

/* Printable copy of a name for messages. */
static void printable(char *dst, size_t cap, const char *s, size_t len) {
    size_t k = 0;
    for (size_t i = 0; i < len && k + 1 < cap; i++)
        dst[k++] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
    dst[k] = '\0';
}

static mambair_status make_global(mb_pickle *vm, const char *mod, size_t mlen, const char *name,
                                  size_t nlen) {
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
        if (str_is(mod, mlen, allowed[i].module) && str_is(name, nlen, allowed[i].name)) {
            mb_pk_obj *o = new_obj(vm, MB_PK_GLOBAL);
            if (o) {
                o->global = (uint16_t)allowed[i].g;
                o->dtype = (uint8_t)allowed[i].dtype;
            }
            return push(vm, o);
        }
    }
    char m[100], n[100];
    printable(m, sizeof m, mod, mlen);
    printable(n, sizeof n, name, nlen);
    return mb_error_set(vm->err, MAMBAIR_ERR_UNSAFE, "refusing to load: the file asks to run '%s.%s'", m, n);
}

/* ------------------------------------------------------------- calls */

static bool is_int_tuple(const mb_pk_obj *t) {
    if (t->kind != MB_PK_TUPLE && t->kind != MB_PK_LIST) return false;
    for (int64_t k = 0; k < t->n; k++)
        if (t->items[k]->kind != MB_PK_INT) return false;
    return true;
}

/* _rebuild_tensor(_v2)(storage, offset, size, stride, ...) -> tensor record */
static mambair_status rebuild_tensor(mb_pickle *vm, mb_pk_obj *args, size_t pos) {
    if (args->n < 4) return bad(vm, "tensor rebuilt with too few arguments", pos);
    mb_pk_obj *storage = args->items[0], *off = args->items[1], *size = args->items[2],
              *stride = args->items[3];
    if (storage->kind != MB_PK_STORAGE) return bad(vm, "tensor without a storage", pos);
    if (off->kind != MB_PK_INT || off->i < 0) return bad(vm, "bad tensor storage offset", pos);
    if (!is_int_tuple(size) || !is_int_tuple(stride) || size->n != stride->n)
        return bad(vm, "bad tensor size or stride", pos);
    if (size->n > MB_MAX_DIMS)
        return mb_error_set(vm->err, MAMBAIR_ERR_UNSUPPORTED, "tensor with %lld dimensions (max %d)",
                            (long long)size->n, MB_MAX_DIMS);
    mb_pk_obj *t = new_obj(vm, MB_PK_TENSOR);
    if (!t) return vm->fail;
    t->i = off->i;
    mambair_status st;
    if ((st = append_item(vm, t, storage)) || (st = append_item(vm, t, size)) ||
        (st = append_item(vm, t, stride)))
        return st;
    return push(vm, t);
}

static mambair_status call(mb_pickle *vm, mb_pk_obj *fn, mb_pk_obj *args, bool newobj, size_t pos) {
    if (fn->kind != MB_PK_GLOBAL) return bad(vm, "call of something that is not a global", pos);
    if (args->kind != MB_PK_TUPLE) return bad(vm, "call arguments are not a tuple", pos);
    switch ((mb_pk_global)fn->global) {
    case MB_PK_G_ORDERED_DICT: {
        mb_pk_obj *d = new_obj(vm, MB_PK_DICT);
        if (!d) return vm->fail;
        /* OrderedDict([[k, v], ...]) as older Pythons wrote it */
        if (args->n == 1 && args->items[0]->kind == MB_PK_LIST) {
            mb_pk_obj *l = args->items[0];
            for (int64_t k = 0; k < l->n; k++) {
                mb_pk_obj *p = l->items[k];
                if ((p->kind != MB_PK_LIST && p->kind != MB_PK_TUPLE) || p->n != 2)
                    return bad(vm, "bad OrderedDict item", pos);
                mambair_status st;
                if ((st = append_item(vm, d, p->items[0])) || (st = append_item(vm, d, p->items[1])))
                    return st;
            }
        } else if (args->n != 0) {
            return bad(vm, "unexpected OrderedDict arguments", pos);
        }
        return push(vm, d);
    }
    case MB_PK_G_REBUILD_TENSOR_V2:
    case MB_PK_G_REBUILD_TENSOR:
        if (newobj) break;
        return rebuild_tensor(vm, args, pos);
    case MB_PK_G_REBUILD_PARAMETER:
        if (newobj) break;
        /* Parameter(data, requires_grad, hooks): the data is what we keep */
        if (args->n < 1 || args->items[0]->kind != MB_PK_TENSOR)
            return bad(vm, "parameter without a tensor", pos);
        return push(vm, args->items[0]);
    case MB_PK_G_STORAGE_TYPE: break;
    }
    return bad(vm, newobj ? "object of a class we do not build" : "call of a storage type", pos);
}

/* ('storage', type, key, location, numel[, view]) -> STORAGE */
static mambair_status persistent(mb_pickle *vm, mb_pk_obj *pid, size_t pos) {
    if (pid->kind != MB_PK_TUPLE || (pid->n != 5 && pid->n != 6))
        return bad(vm, "persistent id is not a storage tuple", pos);
    mb_pk_obj **a = pid->items;
    if (a[0]->kind != MB_PK_STR || !str_is(a[0]->s, a[0]->len, "storage"))
        return bad(vm, "persistent id is not a storage", pos);
    if (a[1]->kind != MB_PK_GLOBAL || a[1]->global != MB_PK_G_STORAGE_TYPE)
        return bad(vm, "storage of an unknown type", pos);
    if (a[2]->kind != MB_PK_STR || a[2]->len == 0 || a[2]->len > 256)
        return bad(vm, "bad storage key", pos);
    if (a[4]->kind != MB_PK_INT || a[4]->i < 0) return bad(vm, "bad storage size", pos);
    mb_pk_obj *s = new_obj(vm, MB_PK_STORAGE);
    if (!s) return vm->fail;
    s->dtype = a[1]->dtype;
    s->s = a[2]->s;
    s->len = a[2]->len;
    s->i = a[4]->i;
    if (pid->n == 6 && a[5]->kind != MB_PK_NONE) {
        /* legacy view: a window (offset, numel) of the root storage `key` */
        mb_pk_obj *v = a[5];
        if (v->kind != MB_PK_TUPLE || v->n != 3 || v->items[1]->kind != MB_PK_INT ||
            v->items[2]->kind != MB_PK_INT || v->items[1]->i < 0 || v->items[2]->i < 0)
            return bad(vm, "bad storage view", pos);
        s->j = v->items[1]->i;
        s->i = v->items[2]->i;
        s->dtype = a[1]->dtype;
        /* the root's own numel is a[4]; the view must fit in it */
        if (s->j > a[4]->i || s->i > a[4]->i - s->j) return bad(vm, "storage view out of range", pos);
    }
    return push(vm, s);
}

/* ------------------------------------------------------------- the loop */

static mambair_status memo_put(mb_pickle *vm, uint64_t idx, size_t pos) {
    if (vm->sp == 0) return bad(vm, "memo store with an empty stack", pos);
    if (idx >= MB_PK_MAX_MEMO)
        return mb_error_set(vm->err, MAMBAIR_ERR_LIMIT, "pickle memo index %llu exceeds %d",
                            (unsigned long long)idx, MB_PK_MAX_MEMO);
    int64_t old = vm->memo_cap;
    if (!grow((void **)&vm->memo, &vm->memo_cap, (int64_t)idx + 1, sizeof *vm->memo)) return no_memory(vm);
    if (vm->memo_cap > old) memset(vm->memo + old, 0, (size_t)(vm->memo_cap - old) * sizeof *vm->memo);
    if (!vm->memo[idx]) vm->memo_len++;
    vm->memo[idx] = vm->stack[vm->sp - 1];
    return MAMBAIR_OK;
}

static mambair_status memo_get(mb_pickle *vm, uint64_t idx, size_t pos) {
    if (idx >= (uint64_t)vm->memo_cap || !vm->memo[idx]) return bad(vm, "memo key not found", pos);
    return push(vm, vm->memo[idx]);
}

/* `text`: a str opcode (BINUNICODE, SHORT_BINUNICODE, BINUNICODE8), whose
 * bytes must be UTF-8 as Python decodes them ("surrogatepass"); else bytes. */
static mambair_status make_str(mb_pickle *vm, mb_cursor *c, int lenbytes, bool text, size_t pos) {
    uint64_t n;
    const uint8_t *p;
    if (!mb_cursor_uint(c, lenbytes, &n)) return bad(vm, "truncated string length", pos);
    if (lenbytes == 4 && (n >> 31)) return bad(vm, "negative string length", pos);
    if (n > mb_cursor_left(c) || !mb_cursor_take(c, (size_t)n, &p))
        return bad(vm, "string runs past the end", pos);
    size_t at;
    if (text && !mb_utf8_valid(p, (size_t)n, true, &at))
        return bad(vm, "text string that is not valid UTF-8 (a damaged name?)", pos + 1 + (size_t)lenbytes + at);
    mb_pk_obj *o = new_obj(vm, MB_PK_STR);
    if (o) {
        o->s = (const char *)p;
        o->len = (size_t)n;
    }
    return push(vm, o);
}

static mambair_status make_long(mb_pickle *vm, mb_cursor *c, int lenbytes, size_t pos) {
    uint64_t n;
    const uint8_t *p;
    if (!mb_cursor_uint(c, lenbytes, &n)) return bad(vm, "truncated integer length", pos);
    if (lenbytes == 4 && (n >> 31)) return bad(vm, "negative integer length", pos);
    if (n > mb_cursor_left(c) || !mb_cursor_take(c, (size_t)n, &p))
        return bad(vm, "integer runs past the end", pos);
    mb_pk_obj *o = new_obj(vm, n <= 8 ? MB_PK_INT : MB_PK_BIGINT);
    if (!o) return push(vm, o);
    if (n <= 8) {
        uint64_t v = n ? mb_le_load(p, (int)n) : 0;
        if (n && n < 8 && (p[n - 1] & 0x80)) v |= ~(uint64_t)0 << (8 * n); /* sign-extend */
        o->i = (int64_t)v;
    } else {
        o->s = (const char *)p;
        o->len = (size_t)n;
    }
    return push(vm, o);
}

/* Pops the objects above the innermost mark into a new container. */
static mambair_status collect(mb_pickle *vm, mb_pk_kind kind, size_t pos) {
    int64_t base;
    if (!pop_mark(vm, &base)) return bad(vm, "missing mark", pos);
    mb_pk_obj *o = new_obj(vm, kind);
    if (!o) return vm->fail;
    if (kind == MB_PK_DICT && (vm->sp - base) % 2) return bad(vm, "odd number of dict items", pos);
    for (int64_t k = base; k < vm->sp; k++) {
        mambair_status st = append_item(vm, o, vm->stack[k]);
        if (st) return st;
    }
    vm->sp = base;
    return push(vm, o);
}

mambair_status mb_pickle_run(mb_pickle *vm, const uint8_t *data, size_t size, size_t *used,
                             mb_pk_obj **result, mambair_error *err) {
    vm->err = err;
    vm->sp = 0;
    vm->nmarks = 0;
    vm->fail = MAMBAIR_ERR_NO_MEMORY;
    vm->memo_len = 0;
    if (vm->memo) memset(vm->memo, 0, (size_t)vm->memo_cap * sizeof *vm->memo);
    mb_cursor c = mb_cursor_make(data, size);
    mambair_status st = MAMBAIR_OK;
#define NEED(k) do { if (vm->sp < (k)) return bad(vm, "stack underflow", pos); } while (0)
#define TOP(k) (vm->stack[vm->sp - (k)])
    for (;;) {
        size_t pos = c.pos;
        uint8_t op;
        uint64_t v;
        if (!mb_cursor_u8(&c, &op)) return bad(vm, "no STOP before the end", pos);
        switch (op) {
        case 0x80: /* PROTO */
            if (!mb_cursor_uint(&c, 1, &v)) return bad(vm, "truncated", pos);
            if (v > 5) return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "pickle protocol %llu", (unsigned long long)v);
            break;
        case 0x95: /* FRAME: a length hint, the opcodes follow inline */
            if (!mb_cursor_uint(&c, 8, &v)) return bad(vm, "truncated", pos);
            break;
        case '.': /* STOP */
            NEED(1);
            *result = TOP(1);
            *used = c.pos;
            return MAMBAIR_OK;
        case '(': /* MARK */
            if (vm->nmarks >= MB_PK_MAX_MARKS)
                return mb_error_set(err, MAMBAIR_ERR_LIMIT, "pickle nested deeper than %d", MB_PK_MAX_MARKS);
            if (!grow((void **)&vm->marks, &vm->marks_cap, vm->nmarks + 1, sizeof *vm->marks))
                return no_memory(vm);
            vm->marks[vm->nmarks++] = vm->sp;
            break;
        case '0': NEED(1); vm->sp--; break; /* POP */
        case '1': { /* POP_MARK */
            int64_t base;
            if (!pop_mark(vm, &base)) return bad(vm, "missing mark", pos);
            vm->sp = base;
            break;
        }
        case '2': NEED(1); st = push(vm, TOP(1)); break; /* DUP */
        case 'N': st = push(vm, new_obj(vm, MB_PK_NONE)); break;
        case 0x88: case 0x89: { /* NEWTRUE, NEWFALSE */
            mb_pk_obj *o = new_obj(vm, MB_PK_BOOL);
            if (o) o->i = op == 0x88;
            st = push(vm, o);
            break;
        }
        case 'J': case 'K': case 'M': { /* BININT, BININT1, BININT2 */
            int n = op == 'J' ? 4 : op == 'K' ? 1 : 2;
            if (!mb_cursor_uint(&c, n, &v)) return bad(vm, "truncated integer", pos);
            mb_pk_obj *o = new_obj(vm, MB_PK_INT);
            if (o) o->i = op == 'J' ? (int64_t)(int32_t)(uint32_t)v : (int64_t)v;
            st = push(vm, o);
            break;
        }
        case 0x8a: st = make_long(vm, &c, 1, pos); break; /* LONG1 */
        case 0x8b: st = make_long(vm, &c, 4, pos); break; /* LONG4 */
        case 'G': { /* BINFLOAT: big-endian double */
            const uint8_t *p;
            if (!mb_cursor_take(&c, 8, &p)) return bad(vm, "truncated float", pos);
            uint64_t b = 0;
            for (int k = 0; k < 8; k++) b = (b << 8) | p[k];
            mb_pk_obj *o = new_obj(vm, MB_PK_FLOAT);
            if (o) memcpy(&o->f, &b, 8);
            st = push(vm, o);
            break;
        }
        case 'X': st = make_str(vm, &c, 4, true, pos); break;
        case 'T': case 'B': st = make_str(vm, &c, 4, false, pos); break;
        case 0x8c: st = make_str(vm, &c, 1, true, pos); break;
        case 'U': case 'C': st = make_str(vm, &c, 1, false, pos); break;
        case 0x8d: st = make_str(vm, &c, 8, true, pos); break;
        case 0x8e: st = make_str(vm, &c, 8, false, pos); break;
        case ')': st = push(vm, new_obj(vm, MB_PK_TUPLE)); break;
        case ']': st = push(vm, new_obj(vm, MB_PK_LIST)); break;
        case '}': st = push(vm, new_obj(vm, MB_PK_DICT)); break;
        case 't': st = collect(vm, MB_PK_TUPLE, pos); break;
        case 'l': st = collect(vm, MB_PK_LIST, pos); break;
        case 'd': st = collect(vm, MB_PK_DICT, pos); break;
        case 0x85: case 0x86: case 0x87: { /* TUPLE1..3 */
            int n = op - 0x84;
            NEED(n);
            mb_pk_obj *o = new_obj(vm, MB_PK_TUPLE);
            if (!o) return vm->fail;
            for (int k = n; k >= 1 && !st; k--) st = append_item(vm, o, TOP(k));
            if (st) return st;
            vm->sp -= n;
            st = push(vm, o);
            break;
        }
        case 'a': { /* APPEND */
            NEED(2);
            mb_pk_obj *l = TOP(2);
            if (l->kind != MB_PK_LIST) return bad(vm, "append to a non-list", pos);
            st = append_item(vm, l, TOP(1));
            vm->sp--;
            break;
        }
        case 'e': { /* APPENDS */
            int64_t base;
            if (!pop_mark(vm, &base) || base < 1) return bad(vm, "missing mark", pos);
            mb_pk_obj *l = vm->stack[base - 1];
            if (l->kind != MB_PK_LIST) return bad(vm, "append to a non-list", pos);
            for (int64_t k = base; k < vm->sp && !st; k++) st = append_item(vm, l, vm->stack[k]);
            vm->sp = base;
            break;
        }
        case 's': { /* SETITEM */
            NEED(3);
            mb_pk_obj *d = TOP(3);
            if (d->kind != MB_PK_DICT) return bad(vm, "setitem on a non-dict", pos);
            if (!(st = append_item(vm, d, TOP(2)))) st = append_item(vm, d, TOP(1));
            vm->sp -= 2;
            break;
        }
        case 'u': { /* SETITEMS */
            int64_t base;
            if (!pop_mark(vm, &base) || base < 1) return bad(vm, "missing mark", pos);
            mb_pk_obj *d = vm->stack[base - 1];
            if (d->kind != MB_PK_DICT) return bad(vm, "setitem on a non-dict", pos);
            if ((vm->sp - base) % 2) return bad(vm, "odd number of dict items", pos);
            for (int64_t k = base; k < vm->sp && !st; k++) st = append_item(vm, d, vm->stack[k]);
            vm->sp = base;
            break;
        }
        case 'c': { /* GLOBAL "module\nname\n" */
            const uint8_t *start = c.data + c.pos;
            size_t left = mb_cursor_left(&c);
            const uint8_t *nl1 = memchr(start, '\n', MB_MIN(left, (size_t)256));
            if (!nl1) return bad(vm, "bad GLOBAL", pos);
            size_t rest = left - (size_t)(nl1 + 1 - start);
            const uint8_t *nl2 = memchr(nl1 + 1, '\n', MB_MIN(rest, (size_t)256));
            if (!nl2) return bad(vm, "bad GLOBAL", pos);
            mb_cursor_skip(&c, (size_t)(nl2 + 1 - start));
            st = make_global(vm, (const char *)start, (size_t)(nl1 - start), (const char *)nl1 + 1,
                             (size_t)(nl2 - nl1 - 1));
            break;
        }
        case 0x93: { /* STACK_GLOBAL */
            NEED(2);
            mb_pk_obj *m = TOP(2), *n = TOP(1);
            if (m->kind != MB_PK_STR || n->kind != MB_PK_STR) return bad(vm, "bad STACK_GLOBAL", pos);
            vm->sp -= 2;
            st = make_global(vm, m->s, m->len, n->s, n->len);
            break;
        }
        case 'R': case 0x81: { /* REDUCE, NEWOBJ */
            NEED(2);
            mb_pk_obj *fn = TOP(2), *args = TOP(1);
            vm->sp -= 2;
            st = call(vm, fn, args, op == 0x81, pos);
            break;
        }
        case 'b': /* BUILD: state of a dict (_metadata) or tensor; not needed */
            NEED(2);
            if (TOP(2)->kind != MB_PK_DICT && TOP(2)->kind != MB_PK_TENSOR)
                return bad(vm, "BUILD on an object we do not build", pos);
            vm->sp--;
            break;
        case 'Q': { /* BINPERSID */
            NEED(1);
            mb_pk_obj *pid = TOP(1);
            vm->sp--;
            st = persistent(vm, pid, pos);
            break;
        }
        case 'q': case 'r': /* BINPUT, LONG_BINPUT */
            if (!mb_cursor_uint(&c, op == 'q' ? 1 : 4, &v)) return bad(vm, "truncated", pos);
            st = memo_put(vm, v, pos);
            break;
        case 0x94: /* MEMOIZE: index = entries so far */
            st = memo_put(vm, (uint64_t)vm->memo_len, pos);
            break;
        case 'h': case 'j': /* BINGET, LONG_BINGET */
            if (!mb_cursor_uint(&c, op == 'h' ? 1 : 4, &v)) return bad(vm, "truncated", pos);
            st = memo_get(vm, v, pos);
            break;
        default:
            return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                                "pickle opcode 0x%02x at byte %zu is not supported", op, pos);
        }
        if (st) return st;
    }
#undef NEED
#undef TOP
}

mambair_status mb_pickle_each_storage(mb_pickle *vm,
                                      mambair_status (*fn)(void *ctx, const mb_pk_obj *s,
                                                           mambair_error *err),
                                      void *ctx, mambair_error *err) {
    for (int64_t k = 0; k < vm->nobj; k++) {
        const mb_pk_obj *o = &vm->chunks[k / CHUNK][k % CHUNK];
        if (o->kind != MB_PK_STORAGE) continue;
        mambair_status st = fn(ctx, o, err);
        if (st) return st;
    }
    return MAMBAIR_OK;
}
