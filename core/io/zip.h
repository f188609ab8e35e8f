/*
 * zip.h — the entry table of a ZIP archive held in memory (PyTorch >= 1.6
 * checkpoints). Only what torch writes is needed: one disk, STORED entries,
 * ZIP64 records for large files.
 */
#ifndef MB_ZIP_H
#define MB_ZIP_H

#include "../base.h"

typedef struct mb_zip_entry {
    const char *name;    /* points into the archive, NOT NUL-terminated */
    size_t name_len;
    uint64_t data_offset; /* first byte of the (stored) data              */
    uint64_t size;        /* uncompressed size                            */
    uint64_t csize;       /* compressed size                              */
    uint16_t method;      /* 0 = stored                                   */
    uint16_t flags;
} mb_zip_entry;

typedef struct mb_zip {
    const uint8_t *data;
    size_t size;
    int64_t count;
    mb_zip_entry *entries; /* sorted by name (for mb_zip_find)           */
} mb_zip;

#define MB_ZIP_MAX_ENTRIES 1000000

/* Reads the central directory and checks every local header against it. */
mambair_status mb_zip_open(const void *data, size_t size, mb_zip *z, mambair_error *err);
void mb_zip_free(mb_zip *z);

const mb_zip_entry *mb_zip_find(const mb_zip *z, const char *name);

/* The bytes of an entry; refuses compressed or encrypted ones. */
mambair_status mb_zip_entry_bytes(const mb_zip *z, const mb_zip_entry *e, const uint8_t **out,
                                  mambair_error *err);

#endif /* MB_ZIP_H */
