/*
 * pool.h — one pool of worker threads for the whole process.
 *
 * mb_pool_run(n, fn, ctx) calls fn(ctx, ith, nth) once for every ith in
 * 0..nth-1 on nth threads (the caller is thread 0) and returns when all are
 * done: a barrier between ops with no thread creation per op. Ops split their
 * outer independent dimension with mb_split_range().
 */
#ifndef MB_POOL_H
#define MB_POOL_H

#include <stdint.h>

typedef void (*mb_pool_fn)(void *ctx, int ith, int nth);

/* Most threads a job runs on (more are clamped). */
#define MB_POOL_MAX_THREADS 256

/* Number of online CPUs (>= 1). */
int mb_cpu_count(void);

/* Run fn on nth threads (nth <= 0: all cores). Not re-entrant from inside fn. */
void mb_pool_run(int nth, mb_pool_fn fn, void *ctx);

/* [*begin, *end) of n items for thread ith of nth: contiguous, balanced. */
static inline void mb_split_range(int64_t n, int ith, int nth, int64_t *begin, int64_t *end) {
    int64_t per = n / nth, rem = n % nth;
    *begin = ith * per + (ith < rem ? ith : rem);
    *end = *begin + per + (ith < rem ? 1 : 0);
}

/* Split n items over nth threads and call fn(ctx, begin, end) once per
 * thread with a non-empty range (fewer threads when n is small). */
typedef void (*mb_range_fn)(void *ctx, int64_t begin, int64_t end);
void mb_pool_for(int nth, int64_t n, mb_range_fn fn, void *ctx);

#endif /* MB_POOL_H */
