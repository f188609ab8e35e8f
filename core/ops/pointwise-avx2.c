/* pointwise-avx2.c — per-pixel kernels for AVX2+FMA (built with -mavx2 -mfma). */
#define PW_VL 8
#define PW_SUFFIX avx2
#include "pointwise-kernel.h"
