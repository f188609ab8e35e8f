/* test-loss.c — the training losses' parsing, and the luma term against a
 * direct computation: its value in double, its gradient by central finite
 * differences of the loss itself. Without the term, the planar loss must be
 * the plain one bit for bit. */
#include "train/loss.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fails;
#define CHECK(c, ...)                                                                              \
    do {                                                                                           \
        if (!(c)) {                                                                                \
            printf("FAIL: " __VA_ARGS__);                                                          \
            printf("\n");                                                                          \
            fails++;                                                                               \
        }                                                                                          \
    } while (0)

static double rho(const tr_loss *l, double d) { return l->kind == TR_LOSS_L1 ? fabs(d) : sqrt(d * d + l->eps); }

/* the loss written out: every value's term, then every pixel's luma term */
static double direct(const tr_loss *l, int n, int C, int plane, long total, const float *o, const float *t) {
    double s = 0;
    for (long i = 0; i < (long)n * C * plane; i++) s += rho(l, (double)o[i] - t[i]);
    if (l->luma > 0 && C == 3)
        for (int b = 0; b < n; b++)
            for (int i = 0; i < plane; i++) {
                const float *ob = o + (long)b * 3 * plane, *tb = t + (long)b * 3 * plane;
                double dy = 0.299 * ((double)ob[i] - tb[i]) + 0.587 * ((double)ob[plane + i] - tb[plane + i]) +
                            0.114 * ((double)ob[2 * plane + i] - tb[2 * plane + i]);
                s += l->luma * rho(l, dy);
            }
    return s / (double)total;
}

static void parse_cases(void) {
    static const char *good[][2] = {
        {"l1", "l1"},
        {"charbonnier:0.5", "charbonnier:0.5"},
        {"charbonnier:0.5+luma:3", "charbonnier:0.5+luma:3"},
        {"l1+luma:0.25", "l1+luma:0.25"},
    };
    for (size_t k = 0; k < sizeof good / sizeof *good; k++) {
        tr_loss l;
        char buf[64];
        CHECK(tr_loss_parse(good[k][0], &l) == 0, "%s refused", good[k][0]);
        tr_loss_describe(&l, buf, sizeof buf);
        CHECK(strcmp(buf, good[k][1]) == 0, "%s described as %s", good[k][0], buf);
        tr_loss back;
        CHECK(tr_loss_parse(buf, &back) == 0 && back.kind == l.kind && back.eps == l.eps && back.luma == l.luma,
              "%s does not parse back to itself", buf);
    }
    tr_loss l;
    CHECK(tr_loss_parse("charbonnier", &l) == 0 && l.eps == 1e-3 && l.luma == 0, "charbonnier's default");
    static const char *bad[] = {"",
                                "l2",
                                "charbonnier:",
                                "charbonnier:0",
                                "charbonnier:2",
                                "charbonnier:0.1x",
                                "charbonnier:0.1+",
                                "charbonnier:0.1+luma:",
                                "charbonnier:0.1+luma:0",
                                "charbonnier:0.1+luma:-1",
                                "charbonnier:0.1+luma:101",
                                "charbonnier:0.1+luma:3x",
                                "charbonnier:0.1+chroma:3",
                                "l1+luma:1+luma:1",
                                "charbonnier:0.100000000000000000000000000000000000000000000000000000000001"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
        CHECK(tr_loss_parse(bad[k], &l) != 0, "\"%s\" accepted", bad[k]);
}

int main(void) {
    parse_cases();
    enum { N = 2, C = 3, PLANE = 5 * 7 };
    const long n = (long)N * C * PLANE, total = 3 * n; /* a part of a larger batch */
    float o[N * C * PLANE], t[N * C * PLANE], g[N * C * PLANE], g0[N * C * PLANE];
    unsigned s = 12345;
    for (long i = 0; i < n; i++) {
        s = s * 1103515245u + 12345u;
        o[i] = (float)((s >> 8) & 0xffff) / 65536.0f;
        s = s * 1103515245u + 12345u;
        t[i] = (float)((s >> 8) & 0xffff) / 65536.0f;
    }
    const char *names[] = {"charbonnier:0.1+luma:3", "charbonnier:0.001+luma:0.5", "charbonnier:1+luma:2"};
    for (int k = 0; k < 3; k++) {
        tr_loss l;
        tr_loss_parse(names[k], &l);
        double L = tr_loss_planar_part_f32(&l, N, C, PLANE, total, o, t, g);
        double ref = direct(&l, N, C, PLANE, total, o, t);
        CHECK(fabs(L - ref) <= 1e-6 * fabs(ref), "%s: loss %.12g, direct %.12g", names[k], L, ref);
        /* without the term it is a different number: the term is there */
        tr_loss plain = l;
        plain.luma = 0;
        double L0 = tr_loss_planar_part_f32(&plain, N, C, PLANE, total, o, t, g0);
        CHECK(L - L0 > 1e-3 * L0, "%s: the luma term adds nothing (%g vs %g)", names[k], L, L0);
        double worst = 0;
        for (long i = 0; i < n; i += 7) {
            float keep = o[i];
            const double h = 1e-3;
            o[i] = (float)(keep + h);
            double up = tr_loss_planar_part_f32(&l, N, C, PLANE, total, o, t, NULL);
            double hu = (double)o[i] - keep;
            o[i] = (float)(keep - h);
            double dn = tr_loss_planar_part_f32(&l, N, C, PLANE, total, o, t, NULL);
            double hd = keep - (double)o[i];
            o[i] = keep;
            double fd = (up - dn) / (hu + hd), err = fabs(fd - g[i]) / (fabs(fd) + 1e-3 / total);
            if (err > worst) worst = err;
        }
        CHECK(worst < 2e-3, "%s: gradient off finite differences by %.3g (relative)", names[k], worst);
    }
    /* no luma term, or one channel: exactly the plain loss */
    tr_loss plain, gray;
    tr_loss_parse("charbonnier:0.1", &plain);
    tr_loss_parse("charbonnier:0.1+luma:3", &gray);
    double a = tr_loss_planar_part_f32(&plain, N, C, PLANE, total, o, t, g);
    double b = tr_loss_part_f32(&plain, n, total, o, t, g0);
    CHECK(a == b && memcmp(g, g0, sizeof g) == 0, "without the term the planar loss differs from the plain one");
    a = tr_loss_planar_part_f32(&gray, N * C, 1, PLANE, total, o, t, g);
    CHECK(a == b && memcmp(g, g0, sizeof g) == 0, "one channel: the luma term was applied");
    if (fails) return 1;
    printf("ok\n");
    return 0;
}
