/*
 * pool.c — a process-wide pool of worker threads with a run-and-wait call.
 *
 * Workers sleep on a condition variable between jobs. A job is one call of
 * fn(ctx, ith, nth) per thread; the caller runs ith = 0 itself and waits for
 * the others. Jobs from different callers are serialised by a mutex, so two
 * runs in two threads stay correct (they take turns for the pool).
 */
#include "pool.h"

#include "../base.h"

#include <pthread.h>
#include <unistd.h>

#define MB_POOL_MAX MB_POOL_MAX_THREADS

typedef struct pool {
    pthread_mutex_t job_lock; /* one job at a time */
    pthread_mutex_t lock;
    pthread_cond_t wake, done;
    int n_workers;             /* started threads (excluding callers) */
    long generation;
    int job_nth;
    int pending;
    mb_pool_fn fn;
    void *ctx;
} pool;

static pool the_pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                        PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, 0, NULL,
                        NULL};

typedef struct worker_arg {
    int index; /* ith of this worker, 1.. */
} worker_arg;

static worker_arg worker_args[MB_POOL_MAX];

int mb_cpu_count(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : (n > MB_POOL_MAX ? MB_POOL_MAX : (int)n);
}

static void *worker_main(void *arg) {
    int ith = ((worker_arg *)arg)->index;
    long seen = 0;
    pthread_mutex_lock(&the_pool.lock);
    for (;;) {
        while (the_pool.generation == seen) pthread_cond_wait(&the_pool.wake, &the_pool.lock);
        seen = the_pool.generation;
        if (ith >= the_pool.job_nth) continue;
        mb_pool_fn fn = the_pool.fn;
        void *ctx = the_pool.ctx;
        int nth = the_pool.job_nth;
        pthread_mutex_unlock(&the_pool.lock);
        fn(ctx, ith, nth);
        pthread_mutex_lock(&the_pool.lock);
        if (--the_pool.pending == 0) pthread_cond_signal(&the_pool.done);
    }
    return NULL;
}

/* Start workers up to n - 1 (called with job_lock held). Returns how many
 * threads (caller included) are available. */
static int ensure_workers(int n) {
    while (the_pool.n_workers < n - 1 && the_pool.n_workers < MB_POOL_MAX - 1) {
        int idx = the_pool.n_workers + 1;
        worker_args[idx].index = idx;
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        int rc = pthread_create(&t, &attr, worker_main, &worker_args[idx]);
        pthread_attr_destroy(&attr);
        if (rc != 0) break;
        the_pool.n_workers++;
    }
    return the_pool.n_workers + 1;
}

void mb_pool_run(int nth, mb_pool_fn fn, void *ctx) {
    if (nth <= 0) nth = mb_cpu_count();
    if (nth > MB_POOL_MAX) nth = MB_POOL_MAX;
    if (nth == 1) {
        fn(ctx, 0, 1);
        return;
    }
    pthread_mutex_lock(&the_pool.job_lock);
    int avail = ensure_workers(nth);
    if (nth > avail) nth = avail;
    if (nth == 1) {
        pthread_mutex_unlock(&the_pool.job_lock);
        fn(ctx, 0, 1);
        return;
    }
    pthread_mutex_lock(&the_pool.lock);
    the_pool.fn = fn;
    the_pool.ctx = ctx;
    the_pool.job_nth = nth;
    the_pool.pending = nth - 1;
    the_pool.generation++;
    pthread_cond_broadcast(&the_pool.wake);
    pthread_mutex_unlock(&the_pool.lock);

    fn(ctx, 0, nth);

    pthread_mutex_lock(&the_pool.lock);
    while (the_pool.pending > 0) pthread_cond_wait(&the_pool.done, &the_pool.lock);
    pthread_mutex_unlock(&the_pool.lock);
    pthread_mutex_unlock(&the_pool.job_lock);
}

typedef struct range_job {
    int64_t n;
    mb_range_fn fn;
    void *ctx;
} range_job;

static void range_job_run(void *arg, int ith, int nth) {
    range_job *j = arg;
    int64_t b, e;
    mb_split_range(j->n, ith, nth, &b, &e);
    if (e > b) j->fn(j->ctx, b, e);
}

void mb_pool_for(int nth, int64_t n, mb_range_fn fn, void *ctx) {
    if (n <= 0) return;
    if (nth <= 0) nth = mb_cpu_count();
    if (nth > n) nth = (int)n;
    if (nth <= 1) {
        fn(ctx, 0, n);
        return;
    }
    range_job j = {n, fn, ctx};
    mb_pool_run(nth, range_job_run, &j);
}
