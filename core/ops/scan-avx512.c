/* scan-avx512.c — the selective scan for AVX-512 (built with -mavx512f -mavx512dq). */
#define SCAN_VL 16
#define SCAN_FN op_scan_forward_avx512
#include "scan-kernel.h"
