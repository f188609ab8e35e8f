/* rng.h — small deterministic random numbers for initialisation, crops and
 * noise (xoshiro256**, seeded by splitmix64). The state is 4 words so a
 * checkpoint can store it and a resumed run draws the same numbers. */
#ifndef MB_TRAIN_RNG_H
#define MB_TRAIN_RNG_H

#include <math.h>
#include <stdint.h>

typedef struct tr_rng {
    uint64_t s[4];
} tr_rng;

static inline uint64_t tr_splitmix(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static inline void tr_rng_seed(tr_rng *r, uint64_t seed) {
    for (int i = 0; i < 4; i++) r->s[i] = tr_splitmix(&seed);
}

static inline uint64_t tr_rng_next(tr_rng *r) {
    uint64_t *s = r->s;
    uint64_t x = s[1] * 5, res = ((x << 7) | (x >> 57)) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return res;
}

/* Uniform in [0, 1). */
static inline double tr_rng_uniform(tr_rng *r) { return (tr_rng_next(r) >> 11) * 0x1.0p-53; }

/* Uniform integer in [0, n). */
static inline int64_t tr_rng_int(tr_rng *r, int64_t n) {
    return n <= 1 ? 0 : (int64_t)(tr_rng_uniform(r) * (double)n);
}

/* Standard normal (Box-Muller, one value per call). */
static inline double tr_rng_normal(tr_rng *r) {
    double u1 = tr_rng_uniform(r), u2 = tr_rng_uniform(r);
    if (u1 < 1e-300) u1 = 1e-300;
    return sqrt(-2 * log(u1)) * cos(2 * M_PI * u2);
}

#endif
