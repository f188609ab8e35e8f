/*
 * real.h — the trainer's kernels are written once and built twice: in float
 * (training) and in double (gradient checks against finite differences and
 * the float64 autograd oracle). A file that includes this header after
 * defining MB_TRAIN_F64 (or not) gets `real` and TR(name) -> name_f64/_f32.
 * `real` is a macro, not a typedef, so a header may be included in both
 * modes in one file (kern.h declares both sets).
 */
#ifndef MB_TRAIN_REAL_H
#define MB_TRAIN_REAL_H
#include <math.h>
#endif

#undef TR
#undef real
#undef TR_
#undef TR__
#undef R_EXP
#undef R_LOG1P
#undef R_SQRT
#undef R_ERF
#undef R_FABS
#ifdef MB_TRAIN_F64
#define real double
#define TR__(n, s) n##s
#define TR_(n, s) TR__(n, s)
#define TR(n) TR_(n, _f64)
#define R_EXP exp
#define R_LOG1P log1p
#define R_SQRT sqrt
#define R_ERF erf
#define R_FABS fabs
#else
#define real float
#define TR__(n, s) n##s
#define TR_(n, s) TR__(n, s)
#define TR(n) TR_(n, _f32)
#define R_EXP expf
#define R_LOG1P log1pf
#define R_SQRT sqrtf
#define R_ERF erff
#define R_FABS fabsf
#endif
