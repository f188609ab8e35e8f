/* kern-f64.c — the trainer's kernels in double, for gradient checks. */
#include "../base.h"

#include <string.h>
#include "../ops/gemm.h"
#include "../thread/pool.h"
#include "kern.h"

#define MB_TRAIN_F64
#include "real.h"
#include "grad-gemm.inc"
#include "grad-conv.inc"
#include "grad-norm.inc"
#include "grad-act.inc"
#include "grad-dtproj.inc"
#include "grad-ca.inc"
#include "grad-scan.inc"
