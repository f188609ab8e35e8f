/*
 * zip.c — ZIP central directory -> entry table.
 *
 * Layout (APPNOTE 6.3): [local header + data]* central directory, optional
 * ZIP64 end record + locator, end of central directory (EOCD) record with an
 * optional comment of up to 65535 bytes.
 *
 *   EOCD   (22 B)  sig 0x06054b50, disk, cd disk, entries here, entries,
 *                  cd size (u32), cd offset (u32), comment length
 *   ZIP64 locator (20 B, just before the EOCD) sig 0x07064b50, disk,
 *                  offset of the ZIP64 EOCD (u64), disks
 *   ZIP64 EOCD     sig 0x06064b50, record size, versions, disks,
 *                  entries here (u64), entries (u64), cd size (u64), cd offset (u64)
 *   central header (46 B + name + extra + comment) sig 0x02014b50, versions,
 *                  flags, method, time, date, crc, csize, size, name len,
 *                  extra len, comment len, disk, attrs (2+4), local offset
 *   local header   (30 B + name + extra) sig 0x04034b50, version, flags,
 *                  method, time, date, crc, csize, size, name len, extra len
 *
 * 0xFFFFFFFF in a 32-bit size/offset means "see the ZIP64 extra field"
 * (id 0x0001: size, csize, offset, in that order, each only when flagged).
 * Every offset and size is checked against the buffer; the local header must
 * agree with the central one (name, method, sizes unless deferred to a data
 * descriptor), so an entry cannot claim bytes it does not have.
 */
#include "zip.h"
#include "cursor.h"

#include <string.h>

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_EOCD 0x06054b50u
#define SIG_EOCD64 0x06064b50u
#define SIG_LOC64 0x07064b50u

static mambair_status bad(mambair_error *err, const char *what) {
    return mb_error_set(err, MAMBAIR_ERR_FORMAT, "corrupt zip archive: %s", what);
}

static uint32_t u32_at(const uint8_t *p) { return (uint32_t)mb_le_load(p, 4); }

/* Finds the EOCD scanning back over at most the largest comment. */
static bool find_eocd(const uint8_t *d, size_t size, size_t *pos) {
    if (size < 22) return false;
    size_t lo = size - 22 > 65535 ? size - 22 - 65535 : 0;
    for (size_t i = size - 22 + 1; i-- > lo;) {
        if (u32_at(d + i) == SIG_EOCD) {
            size_t comment = (size_t)mb_le_load(d + i + 20, 2);
            if (i + 22 + comment <= size) {
                *pos = i;
                return true;
            }
        }
    }
    return false;
}

/* ZIP64 extra field: replace the fields that were 0xFFFFFFFF. */
static bool read_zip64_extra(const uint8_t *extra, size_t len, uint64_t *size, uint64_t *csize,
                             uint64_t *offset) {
    mb_cursor c = mb_cursor_make(extra, len);
    while (mb_cursor_left(&c) >= 4) {
        uint16_t id = 0, n = 0;
        mb_cursor_u16(&c, &id);
        mb_cursor_u16(&c, &n);
        mb_cursor f = mb_cursor_make(c.data + c.pos, MB_MIN((size_t)n, mb_cursor_left(&c)));
        if (!mb_cursor_skip(&c, n)) return false;
        if (id != 0x0001) continue;
        if (*size == 0xFFFFFFFFu && !mb_cursor_u64(&f, size)) return false;
        if (*csize == 0xFFFFFFFFu && !mb_cursor_u64(&f, csize)) return false;
        if (*offset == 0xFFFFFFFFu && !mb_cursor_u64(&f, offset)) return false;
        return true;
    }
    return *size != 0xFFFFFFFFu && *csize != 0xFFFFFFFFu && *offset != 0xFFFFFFFFu;
}

static int cmp_entry(const void *a, const void *b) {
    const mb_zip_entry *x = a, *y = b;
    size_t n = MB_MIN(x->name_len, y->name_len);
    int c = memcmp(x->name, y->name, n);
    if (c) return c;
    return (x->name_len > y->name_len) - (x->name_len < y->name_len);
}

/* Local header at `off` must match central entry e; sets e->data_offset. */
static mambair_status check_local(const uint8_t *d, uint64_t limit, uint64_t off, mb_zip_entry *e,
                                  mambair_error *err) {
    if (off > limit || limit - off < 30) return bad(err, "local header offset past the central directory");
    const uint8_t *p = d + off;
    if (u32_at(p) != SIG_LOCAL) return bad(err, "missing local header");
    uint16_t flags = (uint16_t)mb_le_load(p + 6, 2), method = (uint16_t)mb_le_load(p + 8, 2);
    uint64_t csize = u32_at(p + 18), size = u32_at(p + 22);
    size_t nlen = (size_t)mb_le_load(p + 26, 2), xlen = (size_t)mb_le_load(p + 28, 2);
    uint64_t start = off + 30 + nlen + xlen;
    if (start > limit) return bad(err, "local header runs past the central directory");
    if (nlen != e->name_len || memcmp(p + 30, e->name, nlen) != 0)
        return bad(err, "local and central names differ");
    if (method != e->method) return bad(err, "local and central compression methods differ");
    if (!(flags & 8)) {
        /* sizes are in the local header unless a data descriptor follows */
        uint64_t lsize = size, lcsize = csize, dummy = 0;
        if ((lsize == 0xFFFFFFFFu || lcsize == 0xFFFFFFFFu) &&
            !read_zip64_extra(p + 30 + nlen, xlen, &lsize, &lcsize, &dummy))
            return bad(err, "bad ZIP64 extra field in a local header");
        if (lsize != e->size || lcsize != e->csize) {
            return mb_error_set(err, MAMBAIR_ERR_FORMAT,
                                "corrupt zip archive: entry '%.*s' claims %llu bytes locally but %llu "
                                "in the central directory",
                                (int)MB_MIN(e->name_len, 200), e->name, (unsigned long long)lcsize,
                                (unsigned long long)e->csize);
        }
    }
    if (e->csize > limit - start)
        return mb_error_set(err, MAMBAIR_ERR_FORMAT,
                            "corrupt zip archive: entry '%.*s' (%llu bytes) runs past the end of the data",
                            (int)MB_MIN(e->name_len, 200), e->name, (unsigned long long)e->csize);
    e->data_offset = start;
    return MAMBAIR_OK;
}

mambair_status mb_zip_open(const void *data, size_t size, mb_zip *z, mambair_error *err) {
    memset(z, 0, sizeof *z);
    const uint8_t *d = data;
    size_t eocd;
    if (!d || !find_eocd(d, size, &eocd))
        return bad(err, "end of central directory not found (truncated file?)");
    uint64_t count = mb_le_load(d + eocd + 10, 2);
    uint64_t cd_size = u32_at(d + eocd + 12), cd_off = u32_at(d + eocd + 16);
    if (mb_le_load(d + eocd + 4, 2) != 0 || mb_le_load(d + eocd + 6, 2) != 0)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "multi-disk zip archives are not supported");
    if (count == 0xFFFF || cd_size == 0xFFFFFFFFu || cd_off == 0xFFFFFFFFu) {
        if (eocd < 20 || u32_at(d + eocd - 20) != SIG_LOC64) return bad(err, "ZIP64 locator missing");
        uint64_t off64 = mb_le_load(d + eocd - 20 + 8, 8);
        if (off64 > eocd - 20 || eocd - 20 - off64 < 56) return bad(err, "ZIP64 end record out of range");
        const uint8_t *r = d + off64;
        if (u32_at(r) != SIG_EOCD64) return bad(err, "ZIP64 end record missing");
        count = mb_le_load(r + 32, 8);
        cd_size = mb_le_load(r + 40, 8);
        cd_off = mb_le_load(r + 48, 8);
        /* the central directory ends where the ZIP64 record starts */
        if (cd_off > off64 || cd_size > off64 - cd_off) return bad(err, "central directory out of range");
    } else if (cd_off > eocd || cd_size > eocd - cd_off) {
        return bad(err, "central directory out of range");
    }
    if (count > MB_ZIP_MAX_ENTRIES)
        return mb_error_set(err, MAMBAIR_ERR_LIMIT, "zip archive has %llu entries (limit %d)",
                            (unsigned long long)count, MB_ZIP_MAX_ENTRIES);
    if (count * 46 > cd_size) return bad(err, "entry count larger than the central directory");
    z->data = d;
    z->size = size;
    z->entries = mb_calloc(count ? (size_t)count : 1, sizeof *z->entries);
    if (!z->entries) return mb_error_set(err, MAMBAIR_ERR_NO_MEMORY, "out of memory for the zip directory");
    mb_cursor c = mb_cursor_make(d + cd_off, (size_t)cd_size);
    mambair_status st = MAMBAIR_OK;
    for (uint64_t i = 0; i < count; i++) {
        const uint8_t *h;
        if (!mb_cursor_take(&c, 46, &h) || u32_at(h) != SIG_CENTRAL) {
            st = bad(err, "bad central directory entry");
            goto fail;
        }
        mb_zip_entry *e = &z->entries[i];
        e->flags = (uint16_t)mb_le_load(h + 8, 2);
        e->method = (uint16_t)mb_le_load(h + 10, 2);
        e->csize = u32_at(h + 20);
        e->size = u32_at(h + 24);
        size_t nlen = (size_t)mb_le_load(h + 28, 2), xlen = (size_t)mb_le_load(h + 30, 2),
               clen = (size_t)mb_le_load(h + 32, 2);
        uint64_t local = u32_at(h + 42);
        const uint8_t *name, *extra, *comment;
        if (!mb_cursor_take(&c, nlen, &name) || !mb_cursor_take(&c, xlen, &extra) ||
            !mb_cursor_take(&c, clen, &comment)) {
            st = bad(err, "central directory entry runs past its end");
            goto fail;
        }
        e->name = (const char *)name;
        e->name_len = nlen;
        if ((e->size == 0xFFFFFFFFu || e->csize == 0xFFFFFFFFu || local == 0xFFFFFFFFu) &&
            !read_zip64_extra(extra, xlen, &e->size, &e->csize, &local)) {
            st = bad(err, "bad ZIP64 extra field");
            goto fail;
        }
        if ((st = check_local(d, cd_off, local, e, err))) goto fail;
    }
    z->count = (int64_t)count;
    qsort(z->entries, (size_t)count, sizeof *z->entries, cmp_entry);
    for (int64_t i = 1; i < z->count; i++)
        if (cmp_entry(&z->entries[i - 1], &z->entries[i]) == 0) {
            st = mb_error_set(err, MAMBAIR_ERR_FORMAT, "corrupt zip archive: entry '%.*s' appears twice",
                              (int)MB_MIN(z->entries[i].name_len, 200), z->entries[i].name);
            goto fail;
        }
    return MAMBAIR_OK;
fail:
    mb_zip_free(z);
    return st;
}

void mb_zip_free(mb_zip *z) {
    if (!z) return;
    free(z->entries);
    memset(z, 0, sizeof *z);
}

const mb_zip_entry *mb_zip_find(const mb_zip *z, const char *name) {
    mb_zip_entry key = {.name = name, .name_len = strlen(name)};
    return bsearch(&key, z->entries, (size_t)z->count, sizeof key, cmp_entry);
}

mambair_status mb_zip_entry_bytes(const mb_zip *z, const mb_zip_entry *e, const uint8_t **out,
                                  mambair_error *err) {
    if (e->flags & 1)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED, "zip entry '%.*s' is encrypted",
                            (int)MB_MIN(e->name_len, 200), e->name);
    if (e->method != 0)
        return mb_error_set(err, MAMBAIR_ERR_UNSUPPORTED,
                            "zip entry '%.*s' is compressed (method %u); only stored entries are "
                            "supported (torch.save writes them stored)",
                            (int)MB_MIN(e->name_len, 200), e->name, e->method);
    if (e->size != e->csize)
        return mb_error_set(err, MAMBAIR_ERR_FORMAT,
                            "corrupt zip archive: stored entry '%.*s' has different sizes",
                            (int)MB_MIN(e->name_len, 200), e->name);
    *out = z->data + e->data_offset;
    return MAMBAIR_OK;
}
