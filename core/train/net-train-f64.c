/* net-train-f64.c — the training network in double, for gradient checks. */
#include "net-train.h"

#include "kern.h"

#include <string.h>

#define MB_TRAIN_F64
#include "real.h"
#include "net-train.inc"
