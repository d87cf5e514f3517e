// __fp16 conversions (FCVT between H and S/D, FCVTL/FCVTN with 16-bit lanes) as C code
// and NEON intrinsics produce them: rounding in every mode, subnormal halves, overflow,
// NaN payloads, the alternative half-precision format (FPCR.AHP) and the FPSR flags.
#include <arm_neon.h>
#include <fenv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint16_t hbits(__fp16 h) { uint16_t u; memcpy(&u, &h, 2); return u; }
static __fp16 hfrom(uint16_t u) { __fp16 h; memcpy(&h, &u, 2); return h; }
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static float ffrom(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

static unsigned long get_fpcr(void) { unsigned long v; __asm__ volatile("mrs %0, fpcr" : "=r"(v)); return v; }
static void set_fpcr(unsigned long v) { __asm__ volatile("msr fpcr, %0" : : "r"(v)); }

static const char *flags(void) {
    static char s[64];
    int f = fetestexcept(FE_ALL_EXCEPT);
    snprintf(s, sizeof s, "%s%s%s%s%s", f & FE_INVALID ? " invalid" : "", f & FE_DIVBYZERO ? " divbyzero" : "",
             f & FE_OVERFLOW ? " overflow" : "", f & FE_UNDERFLOW ? " underflow" : "", f & FE_INEXACT ? " inexact" : "");
    return f ? s : " none";
}

static volatile float floats[] = {1.0f, 0.1f, 65504.0f, 65519.0f, 65520.0f, 1e6f, 6.1035156e-05f, 5.9604645e-08f,
                                  2.9802322e-08f, 2.9802326e-08f, 1e-9f, -3.14159f, 1.0009766f, 1.00048828f};
static volatile double doubles[] = {1.0 / 3, 65504.0, 65520.0, 1e-5, 5.960464477539063e-08, 2.98023223876953125e-08,
                                    1.00048828125, 1.0004882812500002, -2.5e-8, 1e300};
static volatile uint32_t special[] = {0xFF812345u, 0x7F800000u, 0xFFC00000u};
static volatile uint16_t halves[] = {0x0000, 0x8000, 0x3C00, 0x0001, 0x03FF, 0x0400, 0x7BFF, 0x7C00, 0xFC00, 0x7E00,
                                     0x7D55, 0xFC01, 0x5640, 0xB555};

int main(void) {
    static const int modes[] = {FE_TONEAREST, FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO};
    static const char *names[] = {"nearest", "up", "down", "zero"};
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        printf("-- %s\n", names[m]);
        for (unsigned i = 0; i < sizeof floats / sizeof floats[0]; i++) {
            feclearexcept(FE_ALL_EXCEPT);
            volatile __fp16 h = floats[i];
            const char *f = flags();
            printf("f %-14.8g -> %04x%s\n", floats[i], hbits(h), f);
        }
        for (unsigned i = 0; i < sizeof doubles / sizeof doubles[0]; i++) {
            feclearexcept(FE_ALL_EXCEPT);
            volatile __fp16 h = doubles[i];
            const char *f = flags();
            printf("d %-22.17g -> %04x%s\n", doubles[i], hbits(h), f);
        }
    }
    fesetround(FE_TONEAREST);
    for (unsigned i = 0; i < sizeof halves / sizeof halves[0]; i++) {
        feclearexcept(FE_ALL_EXCEPT);
        __fp16 h = hfrom(halves[i]);
        volatile float f = h;
        volatile double d = h;
        const char *fl = flags();
        printf("h %04x -> %08x %016llx %.9g%s\n", halves[i], fbits(f), (unsigned long long)dbits(d), f, fl);
    }
    // A NaN keeps its payload; a signalling one is quieted and raises invalid.
    feclearexcept(FE_ALL_EXCEPT);
    volatile __fp16 sn = ffrom(special[0]);
    const char *fl = flags();
    printf("snan float -> %04x%s\n", hbits(sn), fl);

    // NEON: four at a time, both halves of the register.
    float in[8] = {1.5f, -0.0f, 70000.0f, 1e-7f, 0.333333f, 2048.5f, -65504.0f, 3e-5f};
    float16x4_t lo = vcvt_f16_f32(vld1q_f32(in));
    float16x8_t both = vcvt_high_f16_f32(lo, vld1q_f32(in + 4));
    uint16_t hv[8];
    vst1q_u16(hv, vreinterpretq_u16_f16(both));
    printf("vcvt_f16_f32:");
    for (int i = 0; i < 8; i++) printf(" %04x", hv[i]);
    float back[8];
    vst1q_f32(back, vcvt_f32_f16(vget_low_f16(both)));
    vst1q_f32(back + 4, vcvt_high_f32_f16(both));
    printf("\nvcvt_f32_f16:");
    for (int i = 0; i < 8; i++) printf(" %g", back[i]);
    printf("\n");

    // Alternative half precision: no infinities or NaNs, exponent 31 is a normal binade.
    unsigned long fpcr = get_fpcr();
    set_fpcr(fpcr | 1ul << 26);
    static volatile float alt[] = {65504.0f, 65536.0f, 131008.0f, 131072.0f, 1e9f, -1e9f, 0.0f, 1.0f};
    for (unsigned i = 0; i < sizeof alt / sizeof alt[0]; i++) {
        feclearexcept(FE_ALL_EXCEPT);
        volatile __fp16 h = alt[i];
        fl = flags();
        printf("ahp f %-10g -> %04x%s\n", alt[i], hbits(h), fl);
    }
    static volatile uint16_t althalves[] = {0x7C00, 0x7FFF, 0xFE00, 0x7C01};
    for (unsigned i = 0; i < 4; i++) {
        feclearexcept(FE_ALL_EXCEPT);
        volatile float f = hfrom(althalves[i]);
        fl = flags();
        printf("ahp h %04x -> %g%s\n", althalves[i], f, fl);
    }
    feclearexcept(FE_ALL_EXCEPT);
    volatile __fp16 inf = ffrom(special[1]);
    fl = flags();
    printf("ahp inf -> %04x%s\n", hbits(inf), fl);
    feclearexcept(FE_ALL_EXCEPT);
    volatile __fp16 nan = ffrom(special[2]);
    fl = flags();
    printf("ahp nan -> %04x%s\n", hbits(nan), fl);
    set_fpcr(fpcr);
    return 0;
}
