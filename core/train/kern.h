/* kern.h — the trainer's kernels in float (_f32) and double (_f64). */
#ifndef MB_TRAIN_KERN_H
#define MB_TRAIN_KERN_H

#undef MB_TRAIN_F64
#include "kern-decl.h"
#define MB_TRAIN_F64
#include "kern-decl.h"
#undef MB_TRAIN_F64
#undef real

#endif
