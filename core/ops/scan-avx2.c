/* scan-avx2.c — the selective scan for AVX2+FMA (built with -mavx2 -mfma). */
#define SCAN_VL 8
#define SCAN_FN op_scan_forward_avx2
#include "scan-kernel.h"
