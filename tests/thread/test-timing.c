/* test-timing.c — medians (odd, even, one value; sorted in place), the
 * clocks (a sleep moves the wall clock by at least its length, work moves
 * the CPU clock), and the machine state as /proc tells it. */
#include "test-util.h"

#include "thread/timing.h"

#include <time.h>

static void test_median(void) {
    double odd[] = {3, 1, 2}, even[] = {4, 1, 3, 2}, one[] = {7}, dup[] = {5, 5, 1, 5};
    CHECK(mb_timing_median(odd, 3) == 2, "median of 3 1 2: %g", mb_timing_median(odd, 3));
    CHECK(odd[0] == 1 && odd[1] == 2 && odd[2] == 3, "not sorted in place: %g %g %g", odd[0],
          odd[1], odd[2]);
    CHECK(mb_timing_median(even, 4) == 2.5, "median of 4 1 3 2: %g (the mean of 2 and 3)",
          mb_timing_median(even, 4));
    CHECK(even[0] == 1 && even[3] == 4, "min/max after the median: %g %g", even[0], even[3]);
    CHECK(mb_timing_median(one, 1) == 7, "median of one value: %g", one[0]);
    CHECK(mb_timing_median(dup, 4) == 5, "median of 5 5 1 5: %g", mb_timing_median(dup, 4));
}

static void test_clocks(void) {
    double w0 = mb_timing_wall();
    struct timespec ten_ms = {0, 10000000};
    while (nanosleep(&ten_ms, &ten_ms)) continue;
    double slept = mb_timing_wall() - w0;
    CHECK(slept >= 0.0099, "a sleep of 10 ms moved the wall clock by %.4f s", slept);

    /* work until the CPU clock has moved by 5 ms; the wall clock bounds the
       loop so that a CPU clock that never moves fails instead of hanging */
    double c0 = mb_timing_cpu(), w1 = mb_timing_wall();
    volatile double sink = 0;
    while (mb_timing_cpu() - c0 < 0.005 && mb_timing_wall() - w1 < 10)
        for (int i = 0; i < 100000; i++) sink += i * 1e-9;
    double used = mb_timing_cpu() - c0;
    CHECK(used >= 0.005, "the CPU clock moved by %.4f s in 10 s of work", used);
    CHECK(mb_timing_wall() - w1 >= used * 0.5, "wall %.4f s for %.4f s of CPU on one thread",
          mb_timing_wall() - w1, used);
}

static void test_machine_state(void) {
    char name[256];
    mb_timing_cpu_name(name, sizeof name);
    CHECK(name[0] && !strchr(name, '\n') && name[0] != ' ', "CPU name '%s'", name);
    /* where the kernel names the model, the name is read, not "?" (a /proc
       file has no size: read it to its end) */
    static char info[1 << 20];
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (f) {
        size_t n = fread(info, 1, sizeof info - 1, f);
        info[n] = 0;
        fclose(f);
        if (strstr(info, "model name"))
            CHECK(strcmp(name, "?") && strstr(info, name), "CPU name '%s' not in /proc/cpuinfo",
                  name);
    }
    char tiny[4];
    mb_timing_cpu_name(tiny, sizeof tiny);
    CHECK(strlen(tiny) <= 3, "a 4-byte buffer holds '%s'", tiny);

    double load[3];
    mb_timing_load(load);
    f = fopen("/proc/loadavg", "r");
    if (f) {
        fclose(f);
        CHECK(load[0] >= 0 && load[1] >= 0 && load[2] >= 0, "load %g %g %g", load[0], load[1],
              load[2]);
    } else {
        CHECK(load[0] == -1, "no /proc/loadavg, but load %g", load[0]);
    }
}

int main(void) {
    test_median();
    test_clocks();
    test_machine_state();
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    return g_failures ? 1 : 0;
}
