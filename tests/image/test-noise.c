/* test-noise.c — our generator equals numpy's legacy RandomState.
 * Expected values printed by Debian's python3-numpy 1.24.2:
 *   np.random.seed(0); np.random.rand()                        -> 0.5488135039273248
 *   np.random.seed(0); np.random.randint(0, 2**32, 3, uint64)  -> 2357136044 2546248239 3071714933
 *   np.random.seed(0); a = np.random.normal(0, 1, 100001)
 *     a[0], a[1], a[2] = 1.764052345967664 0.4001572083672233 0.9787379841057392
 *     a[99999], a[100000] = -1.2852076475754735 -0.48379749195754734; a.sum() = 157.18625332057644
 *   np.random.seed(0); np.random.normal(0, 25/255., (4,5,3)).ravel()[:4]
 *     -> 0.17294630842820236 0.039231098859531695 0.09595470432409207 0.21969541168641743,
 *        last -0.03556285941050374
 * (0.5488135039273248 and 1.764052345967664 are also the values numpy's own
 * documentation and countless tutorials show for seed 0.) */
#include "image-test.h"
#include "image/noise.h"

#include <math.h>

int main(void) {
    mb_rng r;
    mb_rng_seed(&r, 0);
    double u = mb_rng_double(&r);
    CHECK(u == 0.5488135039273248, "rand() %.17g", u);

    mb_rng_seed(&r, 0);
    uint32_t a = mb_rng_u32(&r), b = mb_rng_u32(&r), c = mb_rng_u32(&r);
    CHECK(a == 2357136044u && b == 2546248239u && c == 3071714933u, "u32 %u %u %u", a, b, c);

    mb_rng_seed(&r, 0);
    double sum = 0, v[100001];
    for (int i = 0; i < 100001; i++) sum += v[i] = mb_rng_gauss(&r);
    CHECK(v[0] == 1.764052345967664, "gauss[0] %.17g", v[0]);
    CHECK(v[1] == 0.4001572083672233, "gauss[1] %.17g", v[1]);
    CHECK(v[2] == 0.9787379841057392, "gauss[2] %.17g", v[2]);
    CHECK(v[99999] == -1.2852076475754735, "gauss[99999] %.17g", v[99999]);
    CHECK(v[100000] == -0.48379749195754734, "gauss[100000] %.17g", v[100000]);
    /* numpy sums pairwise; the order differs, so compare loosely */
    CHECK(fabs(sum - 157.18625332057644) < 1e-8, "sum %.17g", sum);

    /* the exact call of the official test: clean + normal(0, sigma/255, shape) */
    float clean[60] = {0}, noisy[60];
    mb_rng_seed(&r, 0);
    mb_noise_add_gaussian(&r, clean, noisy, 60, 25.0);
    CHECK(noisy[0] == (float)0.17294630842820236, "noisy[0] %.9g", noisy[0]);
    CHECK(noisy[3] == (float)0.21969541168641743, "noisy[3] %.9g", noisy[3]);
    CHECK(noisy[59] == (float)-0.03556285941050374, "noisy[59] %.9g", noisy[59]);
    if (g_failures) fprintf(stderr, "%d failure(s)\n", g_failures);
    else printf("numpy legacy normal reproduced (seed 0, 100001 values)\n");
    return g_failures ? 1 : 0;
}
