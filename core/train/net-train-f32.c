/* net-train-f32.c — the training network in float (see net-train.inc). */
#include "net-train.h"

#include "kern.h"

#include <string.h>

#undef MB_TRAIN_F64
#include "real.h"
#include "net-train.inc"
