/* pointwise-avx512.c — per-pixel kernels for AVX-512 (built with -mavx512f -mavx512dq). */
#define PW_VL 16
#define PW_SUFFIX avx512
#include "pointwise-kernel.h"
