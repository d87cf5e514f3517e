/* Scalar floating point: arithmetic, sqrt, conversions, rounding, fmin/fmax, fma, compare. */
#include <stdio.h>
#include <math.h>
#include <stdint.h>
#include <inttypes.h>
#include <string.h>

static uint64_t bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static int64_t fcvtzs(double d) { int64_t r; __asm__("fcvtzs %0, %d1" : "=r"(r) : "w"(d)); return r; }
static uint64_t fcvtzu(double d) { uint64_t r; __asm__("fcvtzu %0, %d1" : "=r"(r) : "w"(d)); return r; }
static int32_t fcvtzs32(double d) { int32_t r; __asm__("fcvtzs %w0, %d1" : "=r"(r) : "w"(d)); return r; }
static uint32_t fcvtzu32(double d) { uint32_t r; __asm__("fcvtzu %w0, %d1" : "=r"(r) : "w"(d)); return r; }
static int64_t fcvtas(double d) { int64_t r; __asm__("fcvtas %0, %d1" : "=r"(r) : "w"(d)); return r; }
static int64_t fcvtns(double d) { int64_t r; __asm__("fcvtns %0, %d1" : "=r"(r) : "w"(d)); return r; }
static int64_t fcvtms(double d) { int64_t r; __asm__("fcvtms %0, %d1" : "=r"(r) : "w"(d)); return r; }
static int64_t fcvtps(double d) { int64_t r; __asm__("fcvtps %0, %d1" : "=r"(r) : "w"(d)); return r; }
static double fmaxnm_(double a, double b) { double r; __asm__("fmaxnm %d0, %d1, %d2" : "=w"(r) : "w"(a), "w"(b)); return r; }
static double fmax_(double a, double b) { double r; __asm__("fmax %d0, %d1, %d2" : "=w"(r) : "w"(a), "w"(b)); return r; }
static double fmin_(double a, double b) { double r; __asm__("fmin %d0, %d1, %d2" : "=w"(r) : "w"(a), "w"(b)); return r; }
static double frintx_(double a) { double r; __asm__("frintx %d0, %d1" : "=w"(r) : "w"(a)); return r; }
static double frinti_(double a) { double r; __asm__("frinti %d0, %d1" : "=w"(r) : "w"(a)); return r; }

int main(void) {
    volatile double zero = 0.0;
    double vals[] = { 0.0, -0.0, 1.0, -1.5, 2.5, 3.5, -2.5, 0.49999999999999994, 1e-310, 123456.789, -987654321.5, 4.5e15, 1e19, -1e19, 9.3e18,
                      1.8446744073709552e19, 2147483647.5, 4294967296.0, -2147483649.0, 1.0 / zero, -1.0 / zero, zero / zero, 0.1, 1.0 / 3.0 };
    unsigned n = sizeof vals / sizeof vals[0];
    for (unsigned i = 0; i < n; i++) {
        double a = vals[i];
        printf("a=%.17g floor=%g ceil=%g round=%g trunc=%g rint=%g nearbyint=%g frintx=%g frinti=%g sqrt=%.17g\n",
               a, floor(a), ceil(a), round(a), trunc(a), rint(a), nearbyint(a), frintx_(a), frinti_(a), sqrt(a));
        printf("  zs=%" PRId64 " zu=%" PRIu64 " zs32=%d zu32=%u as=%" PRId64 " ns=%" PRId64 " ms=%" PRId64 " ps=%" PRId64 " float=%08x lround=%ld\n",
               fcvtzs(a), fcvtzu(a), fcvtzs32(a), fcvtzu32(a), fcvtas(a), fcvtns(a), fcvtms(a), fcvtps(a), fbits((float)a), isfinite(a) && fabs(a) < 1e18 ? lround(a) : 0L);
    }
    uint64_t h = 0;
    for (unsigned i = 0; i < n; i++) for (unsigned j = 0; j < n; j++) {
        double a = vals[i], b = vals[j];
        uint64_t parts[] = { bits(a + b), bits(a - b), bits(a * b), bits(a / b), bits(fmin(a, b)), bits(fmax(a, b)), bits(fmaxnm_(a, b)),
                             bits(fmax_(a, b)), bits(fmin_(a, b)), bits(fma(a, b, 1.0)), bits(fma(a, b, -a)), (uint64_t)(a < b), (uint64_t)(a == b), (uint64_t)(a >= b),
                             (uint64_t)isunordered(a, b), fbits((float)a * (float)b), fbits((float)a / (float)b), bits(copysign(a, b)), bits(fmod(a, b)) };
        for (unsigned k = 0; k < sizeof parts / sizeof parts[0]; k++) h = (h ^ parts[k]) * 0x100000001b3ULL;
        if (i % 5 == 0 && j % 4 == 0)
            printf("%g op %g: + %a - %a * %a / %a fmin %g fmax %g fmaxnm %g fmax_insn %g fma %a\n", a, b, a + b, a - b, a * b, a / b,
                   fmin(a, b), fmax(a, b), fmaxnm_(a, b), fmax_(a, b), fma(a, b, 1.0));
    }
    printf("hash=%016" PRIx64 "\n", h);
    /* int -> fp conversions */
    int64_t ints[] = { 0, 1, -1, INT64_MAX, INT64_MIN, 9007199254740993LL, -9007199254740993LL, 16777217, 123456789 };
    for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++)
        printf("i=%" PRId64 " d=%.17g f=%.9g ud=%.17g uf=%.9g\n", ints[i], (double)ints[i], (double)(float)ints[i], (double)(uint64_t)ints[i], (double)(float)(uint64_t)ints[i]);
    float fs[] = { 1.0f, 0.1f, -3.75f, 3.4e38f, 1e-45f, 16777216.0f };
    for (unsigned i = 0; i < sizeof fs / sizeof fs[0]; i++) {
        float f = fs[i];
        printf("f=%.9g sq=%.9g sqrt=%.9g inv=%.9g d=%.17g i=%d floorf=%g roundf=%g\n", f, f * f, sqrtf(f), 1.0f / f, (double)f, (int)f, floorf(f), roundf(f));
    }
    double s = 0; for (int i = 1; i <= 100000; i++) s += 1.0 / ((double)i * i);
    printf("basel=%.15f pi^2/6=%.15f\n", s, M_PI * M_PI / 6);
    printf("math: exp(1)=%.15g log(10)=%.15g sin(1)=%.15g cos(1)=%.15g atan2(1,-1)=%.15g pow(2,0.5)=%.15g\n", exp(1.0), log(10.0), sin(1.0), cos(1.0), atan2(1, -1), pow(2, 0.5));
    return 0;
}
