/*
 * utf8.h — is a byte string well-formed UTF-8 (RFC 3629)?
 *
 * Tensor names reach messages, the dialog and files we write, so a name that
 * is not text is refused where it is read, as Python and the safetensors
 * library do: no overlong forms, nothing above U+10FFFF, no stray
 * continuation bytes, nothing cut short. Surrogates (U+D800..U+DFFF) are
 * refused unless `allow_surrogates`: Python's pickle decodes strings with
 * "surrogatepass", so a .pth may hold them; JSON text may not.
 */
#ifndef MB_IO_UTF8_H
#define MB_IO_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when s[0..n) is well-formed; else *bad_at (if not NULL) gets the
 * offset of the first byte of the ill-formed sequence. */
bool mb_utf8_valid(const uint8_t *s, size_t n, bool allow_surrogates, size_t *bad_at);

#endif
