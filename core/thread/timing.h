/*
 * timing.h — what a benchmark measures with: the wall and CPU clocks, the
 * median of its runs, and the machine's state it prints beside them (the
 * CPU's name and the load average), so that a figure says what it was
 * measured on.
 */
#ifndef MB_TIMING_H
#define MB_TIMING_H

#include <stddef.h>

/* Seconds on a monotonic clock (only differences mean anything). */
double mb_timing_wall(void);

/* CPU seconds (user + system) of all the process's threads so far. */
double mb_timing_cpu(void);

/* Median of v[0..n-1] (n >= 1), the mean of the middle two for an even n;
 * sorts v in place. */
double mb_timing_median(double *v, int n);

/* The CPU's model name from /proc/cpuinfo into buf, or "?" where it
 * cannot be read; always NUL-terminated (size >= 2). */
void mb_timing_cpu_name(char *buf, size_t size);

/* The 1, 5 and 15-minute load averages, or load[0] = -1 where they cannot
 * be read. */
void mb_timing_load(double load[3]);

#endif /* MB_TIMING_H */
