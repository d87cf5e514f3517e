// NEON reciprocal and reciprocal square root estimates as programs use them: an estimate
// refined by Newton-Raphson steps (FRECPS/FRSQRTS), the integer estimates, FRECPX, and
// the FPSR flags the estimates raise (fetestexcept).
#include <arm_neon.h>
#include <fenv.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t bits32(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static uint64_t bits64(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }

static volatile float inputs[] = {1.0f, 2.0f, 3.0f, 0.1f, 1e-3f, 123456.0f, 0.75f, 1e30f, 1e-39f, -5.5f};
static volatile double dinputs[] = {1.0, 3.0, 0.1, 1e-300, 1e300, 7.25, -2.0, 5e-324};

/// 1/x: the estimate and two refinement steps.
static float32x4_t recip(float32x4_t x) {
    float32x4_t e = vrecpeq_f32(x);
    e = vmulq_f32(e, vrecpsq_f32(x, e));
    return vmulq_f32(e, vrecpsq_f32(x, e));
}

/// 1/sqrt(x): the estimate and two refinement steps.
static float32x4_t rsqrt(float32x4_t x) {
    float32x4_t e = vrsqrteq_f32(x);
    e = vmulq_f32(e, vrsqrtsq_f32(vmulq_f32(x, e), e));
    return vmulq_f32(e, vrsqrtsq_f32(vmulq_f32(x, e), e));
}

static const char *flags(void) {
    static char s[64];
    int f = fetestexcept(FE_ALL_EXCEPT);
    snprintf(s, sizeof s, "%s%s%s%s%s", f & FE_INVALID ? " invalid" : "", f & FE_DIVBYZERO ? " divbyzero" : "",
             f & FE_OVERFLOW ? " overflow" : "", f & FE_UNDERFLOW ? " underflow" : "", f & FE_INEXACT ? " inexact" : "");
    return f ? s : " none";
}

int main(void) {
    int n = sizeof inputs / sizeof inputs[0];
    for (int i = 0; i + 1 < n; i += 2) {
        float in[4] = {inputs[i], inputs[i + 1], -inputs[i], inputs[i] * 4};
        float32x4_t x = vld1q_f32(in);
        float e[4], r[4], s[4], q[4];
        vst1q_f32(e, vrecpeq_f32(x));
        vst1q_f32(r, recip(x));
        vst1q_f32(s, vrsqrteq_f32(vabsq_f32(x)));
        vst1q_f32(q, rsqrt(vabsq_f32(x)));
        for (int k = 0; k < 4; k++)
            printf("x=%-12g recpe=%08x recip=%-12.7g rsqrte=%08x rsqrt=%.7g\n", in[k], bits32(e[k]), r[k], bits32(s[k]), q[k]);
    }
    float32x2_t lo = vrecpe_f32(vdup_n_f32(inputs[2]));
    printf("vrecpe_f32(3) = %08x %08x\n", bits32(vget_lane_f32(lo, 0)), bits32(vget_lane_f32(lo, 1)));

    int m = sizeof dinputs / sizeof dinputs[0];
    for (int i = 0; i < m; i++) {
        double d = dinputs[i];
        double e = vrecped_f64(d), s = vrsqrted_f64(fabs(d)), x = vrecpxd_f64(d);
        double r = e * vrecpsd_f64(d, e);
        r = r * vrecpsd_f64(d, r);
        r = r * vrecpsd_f64(d, r);
        printf("d=%-10g recpe=%016llx rsqrte=%016llx recpx=%016llx recip=%.15g\n", d, (unsigned long long)bits64(e),
               (unsigned long long)bits64(s), (unsigned long long)bits64(x), r);
    }
    for (int i = 0; i < n; i++) {
        float f = inputs[i];
        printf("s=%-12g recpes=%08x rsqrtes=%08x recpxs=%08x\n", f, bits32(vrecpes_f32(f)), bits32(vrsqrtes_f32(fabsf(f))),
               bits32(vrecpxs_f32(f)));
    }

    static volatile uint32_t u[] = {0x80000000u, 0xFFFFFFFFu, 0x12345678u, 0x40000000u, 0xC0000001u, 0x3FFFFFFFu,
                                    0x9ABCDEF0u, 0x7FFFFFFFu};
    for (int i = 0; i < 8; i += 4) {
        uint32_t in[4] = {u[i], u[i + 1], u[i + 2], u[i + 3]}, a[4], b[4];
        uint32x4_t v = vld1q_u32(in);
        vst1q_u32(a, vrecpeq_u32(v));
        vst1q_u32(b, vrsqrteq_u32(v));
        for (int k = 0; k < 4; k++) printf("u=%08x urecpe=%08x ursqrte=%08x\n", in[k], a[k], b[k]);
    }
    uint32x2_t ud = vrecpe_u32(vdup_n_u32(u[6]));
    printf("vrecpe_u32 = %08x %08x\n", vget_lane_u32(ud, 0), vget_lane_u32(ud, 1));

    // Exceptions: 1/0 is divide-by-zero, a tiny operand overflows, a negative rsqrt is invalid.
    static volatile float special[] = {0.0f, -0.0f, 1e-39f, -2.0f, INFINITY, NAN};
    for (int i = 0; i < 6; i++) {
        feclearexcept(FE_ALL_EXCEPT);
        float e = vrecpes_f32(special[i]);
        printf("recpe(%g) = %08x%s\n", special[i], bits32(e), flags());
        feclearexcept(FE_ALL_EXCEPT);
        e = vrsqrtes_f32(special[i]);
        printf("rsqrte(%g) = %08x%s\n", special[i], bits32(e), flags());
    }
    static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
    for (int i = 0; i < 4; i++) {
        fesetround(modes[i]);
        feclearexcept(FE_ALL_EXCEPT);
        float a = vrecpes_f32(special[2]), b = vrecpes_f32(-special[2]);
        printf("mode %d: recpe(+-1e-39) = %08x %08x%s\n", i, bits32(a), bits32(b), flags());
    }
    fesetround(FE_TONEAREST);
    return 0;
}
