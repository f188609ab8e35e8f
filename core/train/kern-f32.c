/* kern-f32.c — the trainer's kernels in float (see real.h). */
#include "../base.h"

#include <string.h>
#include "../ops/gemm.h"
#include "../thread/pool.h"
#include "kern.h"

#undef MB_TRAIN_F64
#include "real.h"
#include "grad-gemm.inc"
#include "grad-conv.inc"
#include "grad-norm.inc"
#include "grad-act.inc"
#include "grad-dtproj.inc"
#include "grad-ca.inc"
#include "grad-scan.inc"
