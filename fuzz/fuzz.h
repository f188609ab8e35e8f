/* fuzz.h — the entry point every fuzz target defines (libFuzzer's). */
#ifndef MB_FUZZ_H
#define MB_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Inputs larger than this are ignored: every reader's allocations are
 * bounded by the input size, so this keeps a run's memory small. */
#define MB_FUZZ_MAX_INPUT (1 << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
