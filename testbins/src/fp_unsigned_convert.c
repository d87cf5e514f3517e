// UCVTF and FCVTZU between general registers and scalar FP (compat-run: inline, with a second
// path for 64-bit values at or above 2^63) on edge values: results and the FPSR flags each one
// raises (IOC when saturating, IXC when inexact, never both).
#include <stdint.h>
#include <stdio.h>

static uint64_t fpsr_read(void) { uint64_t v; __asm__ volatile("mrs %0, fpsr" : "=r"(v)); return v; }
static void fpsr_clear(void) { __asm__ volatile("msr fpsr, %0" ::"r"(0ull)); }

static uint64_t fcvtzu_xd(double x, uint64_t *f) { uint64_t r; fpsr_clear(); __asm__ volatile("fcvtzu %x0, %d1" : "=r"(r) : "w"(x)); *f = fpsr_read() & 0x9f; return r; }
static uint32_t fcvtzu_wd(double x, uint64_t *f) { uint32_t r; fpsr_clear(); __asm__ volatile("fcvtzu %w0, %d1" : "=r"(r) : "w"(x)); *f = fpsr_read() & 0x9f; return r; }
static uint64_t fcvtzu_xs(float x, uint64_t *f) { uint64_t r; fpsr_clear(); __asm__ volatile("fcvtzu %x0, %s1" : "=r"(r) : "w"(x)); *f = fpsr_read() & 0x9f; return r; }
static uint32_t fcvtzu_ws(float x, uint64_t *f) { uint32_t r; fpsr_clear(); __asm__ volatile("fcvtzu %w0, %s1" : "=r"(r) : "w"(x)); *f = fpsr_read() & 0x9f; return r; }
static double ucvtf_dx(uint64_t x, uint64_t *f) { double r; fpsr_clear(); __asm__ volatile("ucvtf %d0, %x1" : "=w"(r) : "r"(x)); *f = fpsr_read() & 0x9f; return r; }
static double ucvtf_dw(uint32_t x, uint64_t *f) { double r; fpsr_clear(); __asm__ volatile("ucvtf %d0, %w1" : "=w"(r) : "r"(x)); *f = fpsr_read() & 0x9f; return r; }
static float ucvtf_sx(uint64_t x, uint64_t *f) { float r; fpsr_clear(); __asm__ volatile("ucvtf %s0, %x1" : "=w"(r) : "r"(x)); *f = fpsr_read() & 0x9f; return r; }
static float ucvtf_sw(uint32_t x, uint64_t *f) { float r; fpsr_clear(); __asm__ volatile("ucvtf %s0, %w1" : "=w"(r) : "r"(x)); *f = fpsr_read() & 0x9f; return r; }

// The scalar SIMD forms (integer in a V register), as V8 emits them.
static uint64_t fcvtzu_dd(double x, uint64_t *f) { double r; fpsr_clear(); __asm__ volatile("fcvtzu %d0, %d1" : "=w"(r) : "w"(x)); *f = fpsr_read() & 0x9f; uint64_t b; __builtin_memcpy(&b, &r, 8); return b; }
static uint64_t fcvtzs_dd(double x, uint64_t *f) { double r; fpsr_clear(); __asm__ volatile("fcvtzs %d0, %d1" : "=w"(r) : "w"(x)); *f = fpsr_read() & 0x9f; uint64_t b; __builtin_memcpy(&b, &r, 8); return b; }
static uint32_t fcvtzu_ss(float x, uint64_t *f) { float r; fpsr_clear(); __asm__ volatile("fcvtzu %s0, %s1" : "=w"(r) : "w"(x)); *f = fpsr_read() & 0x9f; uint32_t b; __builtin_memcpy(&b, &r, 4); return b; }
static double ucvtf_dd(uint64_t x, uint64_t *f) { double r, v; __builtin_memcpy(&v, &x, 8); fpsr_clear(); __asm__ volatile("ucvtf %d0, %d1" : "=w"(r) : "w"(v)); *f = fpsr_read() & 0x9f; return r; }
static double scvtf_dd(uint64_t x, uint64_t *f) { double r, v; __builtin_memcpy(&v, &x, 8); fpsr_clear(); __asm__ volatile("scvtf %d0, %d1" : "=w"(r) : "w"(v)); *f = fpsr_read() & 0x9f; return r; }
static float ucvtf_ss(uint32_t x, uint64_t *f) { float r, v; __builtin_memcpy(&v, &x, 4); fpsr_clear(); __asm__ volatile("ucvtf %s0, %s1" : "=w"(r) : "w"(v)); *f = fpsr_read() & 0x9f; return r; }

static uint64_t state = 0x243F6A8885A308D3ull;
static uint64_t next(void) { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state; }

int main(void) {
    const double doubles[] = {0.0, -0.0, 0.5, 0.99999, 1.0, 1.5, -0.5, -0.99999, -1.0, -1.5, -2.0, 4294967295.0,
                              4294967295.5, 4294967296.0, 4294967296.5, 1e10, 9223372036854774784.0,
                              9223372036854775808.0, 9223372036854777856.0, 18446744073709549568.0,
                              18446744073709551616.0, 1e30, -1e30, -9223372036854775808.0, -9223372036854777856.0,
                              __builtin_inf(), -__builtin_inf(), __builtin_nan(""), -__builtin_nan(""),
                              __builtin_nans(""), 4.9406564584124654e-324, -4.9406564584124654e-324,
                              2.2250738585072014e-308, 123456789.75};
    uint64_t f;
    for (unsigned i = 0; i < sizeof doubles / sizeof doubles[0]; i++) {
        double x = doubles[i];
        uint64_t r64 = fcvtzu_xd(x, &f), f64 = f;
        uint32_t r32 = fcvtzu_wd(x, &f);
        printf("fcvtzu d %-24.17g x=%016llx (fpsr %02llx) w=%08x (fpsr %02llx)\n", x, (unsigned long long)r64,
               (unsigned long long)f64, r32, (unsigned long long)f);
        float s = (float)x;
        r64 = fcvtzu_xs(s, &f); f64 = f;
        r32 = fcvtzu_ws(s, &f);
        printf("fcvtzu s %-24.9g x=%016llx (fpsr %02llx) w=%08x (fpsr %02llx)\n", (double)s, (unsigned long long)r64,
               (unsigned long long)f64, r32, (unsigned long long)f);
    }
    const uint64_t ints[] = {0, 1, 2, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x100000000ull, (1ull << 53) + 1, (1ull << 63) - 1,
                             1ull << 63, (1ull << 63) + 1, (1ull << 63) + 0x400, (1ull << 63) + 0x401, (1ull << 63) + 0xC00,
                             0xFFFFFFFFFFFFF800ull, 0xFFFFFFFFFFFFFBFFull, 0xFFFFFFFFFFFFFC00ull, ~0ull, 0x8000008000000000ull,
                             0x8000008000000001ull, 0xFFFFFF7FFFFFFFFFull};
    for (unsigned i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        uint64_t x = ints[i], fd, fs, fdw, fsw;
        double d = ucvtf_dx(x, &fd), dw = ucvtf_dw((uint32_t)x, &fdw);
        float s = ucvtf_sx(x, &fs), sw = ucvtf_sw((uint32_t)x, &fsw);
        printf("ucvtf %016llx d=%a (%02llx) s=%a (%02llx) w: d=%a (%02llx) s=%a (%02llx)\n", (unsigned long long)x, d,
               (unsigned long long)fd, (double)s, (unsigned long long)fs, dw, (unsigned long long)fdw, (double)sw,
               (unsigned long long)fsw);
    }
    // Seeded random values: a checksum of results and flags.
    uint64_t acc = 0;
    for (int i = 0; i < 200000; i++) {
        uint64_t bits = next(), g;
        double x;
        if (i % 3 == 0) { uint64_t e = 1023 + next() % 70; bits = (bits & 0x800FFFFFFFFFFFFFull) | e << 52; }
        __builtin_memcpy(&x, &bits, 8);
        acc = acc * 31 + fcvtzu_xd(x, &g) + g;
        acc = acc * 31 + fcvtzu_wd(x, &g) + g;
        double d = ucvtf_dx(bits, &g);
        uint64_t db; __builtin_memcpy(&db, &d, 8);
        acc = acc * 31 + db + g;
        float s = ucvtf_sx(bits >> (i % 40), &g);
        uint32_t sb; __builtin_memcpy(&sb, &s, 4);
        acc = acc * 31 + sb + g;
    }
    printf("random: %016llx\n", (unsigned long long)acc);
    // The scalar SIMD forms agree with the general-register ones, flags included.
    int differ = 0;
    for (int i = 0; i < 100000; i++) {
        uint64_t bits = next(), g1, g2;
        double x;
        if (i % 2 == 0) { uint64_t e = 1000 + next() % 90; bits = (bits & 0x800FFFFFFFFFFFFFull) | e << 52; }
        __builtin_memcpy(&x, &bits, 8);
        if (fcvtzu_dd(x, &g1) != fcvtzu_xd(x, &g2) || g1 != g2) differ++;
        int64_t s64; uint64_t g3; __asm__ volatile("msr fpsr, %1; fcvtzs %0, %d2; mrs %1, fpsr" : "=r"(s64), "=r"(g3) : "w"(x), "1"(0ull));
        if (fcvtzs_dd(x, &g1) != (uint64_t)s64 || g1 != (g3 & 0x9f)) differ++;
        float fx = (float)x;
        if (fcvtzu_ss(fx, &g1) != fcvtzu_ws(fx, &g2) || g1 != g2) differ++;
        double a = ucvtf_dd(bits, &g1), b = ucvtf_dx(bits, &g2);
        if (__builtin_memcmp(&a, &b, 8) || g1 != g2) differ++;
        double c; __asm__ volatile("msr fpsr, %1; scvtf %d0, %2; mrs %1, fpsr" : "=w"(c), "=r"(g3) : "r"(bits), "1"(0ull));
        a = scvtf_dd(bits, &g1);
        if (__builtin_memcmp(&a, &c, 8) || g1 != (g3 & 0x9f)) differ++;
        float e = ucvtf_ss((uint32_t)bits, &g1), f = ucvtf_sw((uint32_t)bits, &g2);
        if (__builtin_memcmp(&e, &f, 4) || g1 != g2) differ++;
    }
    printf("scalar SIMD forms: %d differences from the general-register forms\n", differ);
    return 0;
}
