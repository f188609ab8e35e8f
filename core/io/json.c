/*
 * json.c — recursive-descent JSON reader with depth and size limits.
 *
 * Grammar per RFC 8259. Recursion is bounded by MB_JSON_MAX_DEPTH, so a
 * header of a million '[' cannot exhaust the stack; member arrays grow by
 * doubling through mb_realloc so a failing allocation is reported cleanly.
 */
#include "json.h"

#include <errno.h>
#include <math.h>
#include <string.h>

typedef struct parser {
    const char *s;
    size_t n, pos;
    mambair_error *err;
} parser;

static mambair_status fail(parser *p, const char *what) {
    return mb_error_set(p->err, MAMBAIR_ERR_FORMAT, "bad JSON header: %s at byte %zu", what,
                        p->pos);
}

static mambair_status no_memory(parser *p) {
    return mb_error_set(p->err, MAMBAIR_ERR_NO_MEMORY, "out of memory reading a JSON header");
}

static void skip_ws(parser *p) {
    while (p->pos < p->n) {
        char c = p->s[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        p->pos++;
    }
}

static bool literal(parser *p, const char *word) {
    size_t k = strlen(word);
    if (p->n - p->pos < k || memcmp(p->s + p->pos, word, k) != 0) return false;
    p->pos += k;
    return true;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool hex4(parser *p, unsigned *out) {
    if (p->n - p->pos < 4) return false;
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(p->s[p->pos + i]);
        if (h < 0) return false;
        v = v * 16 + (unsigned)h;
    }
    p->pos += 4;
    *out = v;
    return true;
}

static size_t put_utf8(char *d, unsigned cp) {
    if (cp < 0x80) { d[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        d[0] = (char)(0xC0 | (cp >> 6));
        d[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (char)(0xE0 | (cp >> 12));
        d[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        d[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | (cp >> 18));
    d[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    d[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    d[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* p->pos is on the opening quote. The decoded text is never longer than the
 * escaped one (a 6-byte \uXXXX gives at most 3 bytes, a 12-byte pair 4), so
 * one allocation of the raw length suffices. */
static mambair_status parse_string(parser *p, char **out) {
    p->pos++;
    size_t end = p->pos;
    while (end < p->n && p->s[end] != '"') {
        if (p->s[end] == '\\') end++;
        end++;
    }
    if (end >= p->n) return fail(p, "unterminated string");
    char *d = mb_malloc_plain(end - p->pos + 8); /* + room for an escape cut by the quote */
    if (!d) return no_memory(p);
    size_t k = 0;
    while (p->pos < end) {
        unsigned char c = (unsigned char)p->s[p->pos];
        if (c < 0x20) { free(d); return fail(p, "control character in string"); }
        if (c != '\\') { d[k++] = (char)c; p->pos++; continue; }
        p->pos++;
        char e = p->s[p->pos++];
        switch (e) {
        case '"': d[k++] = '"'; break;
        case '\\': d[k++] = '\\'; break;
        case '/': d[k++] = '/'; break;
        case 'b': d[k++] = '\b'; break;
        case 'f': d[k++] = '\f'; break;
        case 'n': d[k++] = '\n'; break;
        case 'r': d[k++] = '\r'; break;
        case 't': d[k++] = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (!hex4(p, &cp)) { free(d); return fail(p, "bad \\u escape"); }
            if (cp >= 0xD800 && cp < 0xDC00) {
                if (!literal(p, "\\u") || !hex4(p, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
                    free(d);
                    return fail(p, "unpaired surrogate");
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp < 0xE000) {
                free(d);
                return fail(p, "unpaired surrogate");
            }
            if (cp == 0) { free(d); return fail(p, "NUL character in string"); }
            k += put_utf8(d + k, cp);
            break;
        }
        default: free(d); return fail(p, "bad escape");
        }
    }
    if (p->pos != end) { free(d); return fail(p, "bad escape"); }
    d[k] = '\0';
    p->pos = end + 1;
    *out = d;
    return MAMBAIR_OK;
}

static mambair_status parse_number(parser *p, mb_json *v) {
    size_t start = p->pos;
    bool is_int = true;
    if (p->s[p->pos] == '-') p->pos++;
    if (p->pos >= p->n) return fail(p, "bad number");
    if (p->s[p->pos] == '0') {
        p->pos++;
    } else if (p->s[p->pos] >= '1' && p->s[p->pos] <= '9') {
        while (p->pos < p->n && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') p->pos++;
    } else {
        return fail(p, "bad number");
    }
    if (p->pos < p->n && p->s[p->pos] == '.') {
        is_int = false;
        p->pos++;
        size_t d = p->pos;
        while (p->pos < p->n && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') p->pos++;
        if (p->pos == d) return fail(p, "bad number");
    }
    if (p->pos < p->n && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
        is_int = false;
        p->pos++;
        if (p->pos < p->n && (p->s[p->pos] == '+' || p->s[p->pos] == '-')) p->pos++;
        size_t d = p->pos;
        while (p->pos < p->n && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') p->pos++;
        if (p->pos == d) return fail(p, "bad number");
    }
    char buf[64];
    size_t len = p->pos - start;
    if (len >= sizeof buf) return fail(p, "number too long");
    memcpy(buf, p->s + start, len);
    buf[len] = '\0';
    v->type = MB_JSON_NUMBER;
    v->number = strtod(buf, NULL);
    if (!isfinite(v->number)) return fail(p, "number out of range");
    if (is_int) {
        errno = 0;
        long long x = strtoll(buf, NULL, 10);
        if (errno == 0) {
            v->is_int = true;
            v->integer = x;
        }
    }
    return MAMBAIR_OK;
}

static mambair_status parse_value(parser *p, mb_json *v, int depth);

static mambair_status grow(parser *p, mb_json *v, int64_t *cap, bool with_keys) {
    if (v->count < *cap) return MAMBAIR_OK;
    int64_t nc = *cap ? *cap * 2 : 4;
    mb_json *items = mb_realloc(v->items, (size_t)nc * sizeof *items);
    if (!items) return no_memory(p);
    v->items = items;
    if (with_keys) {
        char **keys = mb_realloc(v->keys, (size_t)nc * sizeof *keys);
        if (!keys) return no_memory(p);
        v->keys = keys;
    }
    *cap = nc;
    return MAMBAIR_OK;
}

static mambair_status parse_container(parser *p, mb_json *v, int depth, bool object) {
    if (depth >= MB_JSON_MAX_DEPTH) return fail(p, "nesting too deep");
    v->type = object ? MB_JSON_OBJECT : MB_JSON_ARRAY;
    char close = object ? '}' : ']';
    int64_t cap = 0;
    p->pos++;
    skip_ws(p);
    if (p->pos < p->n && p->s[p->pos] == close) {
        p->pos++;
        return MAMBAIR_OK;
    }
    for (;;) {
        mambair_status st = grow(p, v, &cap, object);
        if (st) return st;
        char *key = NULL;
        skip_ws(p);
        if (object) {
            if (p->pos >= p->n || p->s[p->pos] != '"') return fail(p, "expected a member name");
            if ((st = parse_string(p, &key))) return st;
            skip_ws(p);
            if (p->pos >= p->n || p->s[p->pos] != ':') {
                free(key);
                return fail(p, "expected ':'");
            }
            p->pos++;
        }
        mb_json *item = &v->items[v->count];
        memset(item, 0, sizeof *item);
        if (object) v->keys[v->count] = key;
        v->count++; /* counted now so a failure below still frees key and item */
        if ((st = parse_value(p, item, depth + 1))) return st;
        skip_ws(p);
        if (p->pos < p->n && p->s[p->pos] == ',') {
            p->pos++;
            continue;
        }
        if (p->pos < p->n && p->s[p->pos] == close) {
            p->pos++;
            return MAMBAIR_OK;
        }
        return fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static mambair_status parse_value(parser *p, mb_json *v, int depth) {
    skip_ws(p);
    if (p->pos >= p->n) return fail(p, "unexpected end");
    char c = p->s[p->pos];
    if (c == '{') return parse_container(p, v, depth, true);
    if (c == '[') return parse_container(p, v, depth, false);
    if (c == '"') {
        v->type = MB_JSON_STRING;
        return parse_string(p, &v->string);
    }
    if (c == '-' || (c >= '0' && c <= '9')) return parse_number(p, v);
    if (literal(p, "true")) { v->type = MB_JSON_BOOL; v->boolean = true; return MAMBAIR_OK; }
    if (literal(p, "false")) { v->type = MB_JSON_BOOL; return MAMBAIR_OK; }
    if (literal(p, "null")) { v->type = MB_JSON_NULL; return MAMBAIR_OK; }
    return fail(p, "unexpected character");
}

mambair_status mb_json_parse(const char *text, size_t size, mb_json *out, mambair_error *err) {
    memset(out, 0, sizeof *out);
    if (size > MB_JSON_MAX_BYTES)
        return mb_error_set(err, MAMBAIR_ERR_LIMIT, "JSON header of %zu bytes exceeds the %zu limit",
                            size, MB_JSON_MAX_BYTES);
    parser p = {text, size, 0, err};
    mambair_status st = parse_value(&p, out, 0);
    if (!st) {
        skip_ws(&p);
        if (p.pos != p.n) st = fail(&p, "trailing characters");
    }
    if (st) mb_json_free(out);
    return st;
}

void mb_json_free(mb_json *v) {
    if (!v) return;
    for (int64_t i = 0; i < v->count; i++) {
        mb_json_free(&v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->string);
    memset(v, 0, sizeof *v);
}

const mb_json *mb_json_get(const mb_json *obj, const char *key) {
    if (!obj || obj->type != MB_JSON_OBJECT) return NULL;
    for (int64_t i = 0; i < obj->count; i++)
        if (strcmp(obj->keys[i], key) == 0) return &obj->items[i];
    return NULL;
}
