// FEAT_FRINTTS (-march=armv8.5-a): FRINT32Z/X and FRINT64Z/X through the ACLE scalar
// functions and the NEON intrinsics, in every rounding mode, with the FPSR flags
// (invalid for values outside the integer range, inexact when rounding changed the value).
// HWCAP2_FRINT must be advertised before a program picks these paths.
#include <arm_acle.h>
#include <arm_neon.h>
#include <fenv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

#ifndef HWCAP2_FRINT
#define HWCAP2_FRINT (1 << 8)
#endif

static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }

/// The raised flags as text (four buffers in rotation: one printf shows four results).
static const char *flags(void) {
    static char bufs[4][64];
    static int next;
    char *s = bufs[next++ & 3];
    int f = fetestexcept(FE_ALL_EXCEPT);
    snprintf(s, 64, "%s%s%s%s%s", f & FE_INVALID ? " invalid" : "", f & FE_DIVBYZERO ? " divbyzero" : "",
             f & FE_OVERFLOW ? " overflow" : "", f & FE_UNDERFLOW ? " underflow" : "", f & FE_INEXACT ? " inexact" : "");
    return f ? s : " none";
}

static volatile float fs[] = {2.5f, -2.5f, 0.4f, -0.4f, 2147483520.0f, 2147483648.0f, -2147483648.0f, -2147483904.0f,
                              9.2233715e18f, 9.223372e18f, -9.223372e18f, 1e30f, 1e-40f};
static volatile double ds[] = {3.5, -1.5, 2147483647.4, 2147483647.6, -2147483648.9, -2147483649.0,
                               9223372036854774784.0, 9223372036854775808.0, -9223372036854775808.0, 0.49999999999999994};
static volatile uint32_t specials[] = {0x7F800000u, 0xFFC00000u, 0x7F800001u};

int main(void) {
    printf("HWCAP2_FRINT %s\n", getauxval(AT_HWCAP2) & HWCAP2_FRINT ? "yes" : "no");
    static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        printf("-- mode %d\n", m);
        for (unsigned i = 0; i < sizeof fs / sizeof fs[0]; i++) {
            float f = fs[i];
            feclearexcept(FE_ALL_EXCEPT);
            volatile float a = __rint32zf(f);
            const char *fa = flags();
            feclearexcept(FE_ALL_EXCEPT);
            volatile float b = __rint32xf(f);
            const char *fb = flags();
            feclearexcept(FE_ALL_EXCEPT);
            volatile float c = __rint64zf(f);
            const char *fc = flags();
            feclearexcept(FE_ALL_EXCEPT);
            volatile float d = __rint64xf(f);
            const char *fd = flags();
            printf("f %-14g 32z %08x%s | 32x %08x%s | 64z %08x%s | 64x %08x%s\n", f, fbits(a), fa, fbits(b), fb, fbits(c), fc,
                   fbits(d), fd);
        }
        for (unsigned i = 0; i < sizeof ds / sizeof ds[0]; i++) {
            double x = ds[i];
            feclearexcept(FE_ALL_EXCEPT);
            volatile double a = __rint32z(x);
            const char *fa = flags();
            feclearexcept(FE_ALL_EXCEPT);
            volatile double b = __rint32x(x);
            const char *fb = flags();
            feclearexcept(FE_ALL_EXCEPT);
            volatile double c = __rint64z(x);
            const char *fc = flags();
            feclearexcept(FE_ALL_EXCEPT);
            volatile double d = __rint64x(x);
            const char *fd = flags();
            printf("d %-22.17g 32z %016llx%s | 32x %016llx%s | 64z %016llx%s | 64x %016llx%s\n", x,
                   (unsigned long long)dbits(a), fa, (unsigned long long)dbits(b), fb, (unsigned long long)dbits(c), fc,
                   (unsigned long long)dbits(d), fd);
        }
        float in[4] = {fs[0], fs[1], fs[5], fs[3]}, out[4];
        vst1q_f32(out, vrnd32xq_f32(vld1q_f32(in)));
        printf("vrnd32xq_f32: %g %g %g %g\n", out[0], out[1], out[2], out[3]);
        vst1q_f32(out, vrnd64zq_f32(vld1q_f32(in)));
        printf("vrnd64zq_f32: %g %g %g %g\n", out[0], out[1], out[2], out[3]);
        float32x2_t h = vrnd32z_f32(vld1_f32(in));
        printf("vrnd32z_f32: %g %g\n", vget_lane_f32(h, 0), vget_lane_f32(h, 1));
        double din[2] = {ds[2], ds[3]}, dout[2];
        vst1q_f64(dout, vrnd32xq_f64(vld1q_f64(din)));
        printf("vrnd32xq_f64: %.17g %.17g\n", dout[0], dout[1]);
        vst1q_f64(dout, vrnd64xq_f64(vld1q_f64(din)));
        printf("vrnd64xq_f64: %.17g %.17g\n", dout[0], dout[1]);
    }
    fesetround(FE_TONEAREST);
    for (int i = 0; i < 3; i++) {
        float f;
        uint32_t u = specials[i];
        memcpy(&f, &u, 4);
        feclearexcept(FE_ALL_EXCEPT);
        volatile float r = __rint32xf(f);
        printf("special %08x -> %08x%s\n", u, fbits(r), flags());
    }
    return 0;
}
