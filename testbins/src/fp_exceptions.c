// FPSR cumulative exception flags as C programs see them (fetestexcept): divide by zero,
// overflow, underflow, inexact and invalid from scalar arithmetic, FMA, square root,
// comparisons and conversions, in float and double, in each rounding mode, and with
// flush-to-zero (FPCR.FZ: input denormal).
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

static void show(const char *what) {
    int f = fetestexcept(FE_ALL_EXCEPT);
    printf("  %-26s%s%s%s%s%s%s\n", what, f & FE_INVALID ? " invalid" : "", f & FE_DIVBYZERO ? " divbyzero" : "",
           f & FE_OVERFLOW ? " overflow" : "", f & FE_UNDERFLOW ? " underflow" : "", f & FE_INEXACT ? " inexact" : "",
           f ? "" : " none");
}

static unsigned long fpsr(void) { unsigned long v; __asm__ volatile("mrs %0, fpsr" : "=r"(v)); return v; }
static unsigned long get_fpcr(void) { unsigned long v; __asm__ volatile("mrs %0, fpcr" : "=r"(v)); return v; }
static void set_fpcr(unsigned long v) { __asm__ volatile("msr fpcr, %0" : : "r"(v)); }

static volatile float f1 = 1.0f, f0 = 0.0f, fbig = 3e38f, fsmall = 1e-30f, fthird = 3.0f, fneg = -1.0f, fden = 1e-40f;
static volatile double d1 = 1.0, d0 = 0.0, dbig = 1e308, dsmall = 1e-300, dthird = 3.0, dneg = -1.0, dden = 1e-310;
static volatile double dhuge = 1e20, dexact = 1024.0, dhalf = 2.5;
static volatile float sink_f;
static volatile double sink_d;
static volatile long sink_l;
static volatile int sink_i;

#define CASE(text, expr) do { feclearexcept(FE_ALL_EXCEPT); expr; show(text); } while (0)

int main(void) {
    static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
    static const char *names[] = {"nearest", "upward", "downward", "towardzero"};
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        printf("%s\n", names[m]);
        CASE("float 1/0", sink_f = f1 / f0);
        CASE("float 0/0", sink_f = f0 / f0);
        CASE("float overflow", sink_f = fbig * fbig);
        CASE("float underflow", sink_f = fsmall * fsmall);
        CASE("float inexact", sink_f = f1 / fthird);
        CASE("float exact", sink_f = f1 + f1);
        CASE("float sqrt(-1)", sink_f = sqrtf(fneg));
        CASE("float fma overflow", sink_f = fmaf(fbig, fbig, f1));
        CASE("float fma inexact", sink_f = fmaf(f1 / fthird, fthird, fneg));
        CASE("float nan < 1", sink_i = (f0 / f0 < f1));
        CASE("float nan == 1", sink_i = (f0 / f0 == f1));
        CASE("float nan < 1 (after clear)", { volatile float n = f0 / f0; feclearexcept(FE_ALL_EXCEPT); sink_i = n < f1; });
        CASE("float nan == 1 (after clr)", { volatile float n = f0 / f0; feclearexcept(FE_ALL_EXCEPT); sink_i = n == f1; });
        CASE("double 1/0", sink_d = d1 / d0);
        CASE("double -1/0", sink_d = dneg / d0);
        CASE("double overflow", sink_d = dbig * dbig);
        CASE("double underflow", sink_d = dsmall * dsmall);
        CASE("double inexact", sink_d = d1 / dthird);
        CASE("double sqrt(-1)", sink_d = sqrt(dneg));
        CASE("double inf-inf", { volatile double i = d1 / d0; feclearexcept(FE_ALL_EXCEPT); sink_d = i - i; });
        CASE("double fma underflow", sink_d = fma(dsmall, dsmall, d0));
        CASE("double to float overflow", sink_f = (float)dbig);
        CASE("double to float inexact", sink_f = (float)(d1 / dthird));
        CASE("double to float underflow", sink_f = (float)dsmall);
        CASE("double to int overflow", sink_i = (int)dhuge);
        CASE("double to int inexact", sink_i = (int)dhalf);
        CASE("double to int exact", sink_i = (int)dexact);
        CASE("double to long nan", { volatile double n = d0 / d0; feclearexcept(FE_ALL_EXCEPT); sink_l = (long)n; });
        CASE("double to unsigned -1", sink_l = (unsigned)dneg);
        CASE("long to float inexact", { volatile long v = 0x7FFFFFFFFFFFFFFFL; sink_f = (float)v; });
        CASE("lrint(2.5)", sink_l = lrint(dhalf));
        CASE("rint(2.5)", sink_d = rint(dhalf));
        CASE("nearbyint(2.5)", sink_d = nearbyint(dhalf));
        CASE("float denormal * 1", sink_f = fden * f1);
        CASE("double denormal + 0", sink_d = dden + d0);
    }
    fesetround(FE_TONEAREST);
    // Flush-to-zero: denormal inputs are zeros (input denormal, bit 7, no fenv macro), tiny results flushed.
    unsigned long fpcr = get_fpcr();
    set_fpcr(fpcr | 1ul << 24);
    feclearexcept(FE_ALL_EXCEPT);
    sink_f = fden * f1;
    printf("FZ: float denormal * 1 = %g, fpsr %#lx\n", sink_f, fpsr() & 0x9f);
    feclearexcept(FE_ALL_EXCEPT);
    sink_d = dsmall * dsmall;
    printf("FZ: double tiny product = %g, fpsr %#lx\n", sink_d, fpsr() & 0x9f);
    feclearexcept(FE_ALL_EXCEPT);
    sink_d = dden + d1;
    printf("FZ: double denormal + 1 = %g, fpsr %#lx\n", sink_d, fpsr() & 0x9f);
    set_fpcr(fpcr);
    // Flags accumulate until cleared, and feraiseexcept/fetestexcept round-trip through FPSR.
    feclearexcept(FE_ALL_EXCEPT);
    sink_d = d1 / d0;
    sink_d = d1 / dthird;
    show("accumulated");
    feraiseexcept(FE_OVERFLOW);
    show("after feraiseexcept");
    return 0;
}
