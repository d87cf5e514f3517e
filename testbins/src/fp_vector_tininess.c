// Underflow as Arm detects it (tininess before rounding) for vector FMUL/FDIV: a lane whose
// exact result lies just below the smallest normal and rounds up to it raises UFC (and IXC);
// x86 detects tininess after rounding. Each operation is inline asm so that the compiler
// cannot move it across the flag reads.
#include <fenv.h>
#include <stdint.h>
#include <stdio.h>

typedef struct { uint64_t lo, hi; } v128;

static void show(const char *name, v128 r) {
    int e = fetestexcept(FE_ALL_EXCEPT);
    printf("%-40s %016llx %016llx%s%s%s%s%s\n", name, (unsigned long long)r.hi, (unsigned long long)r.lo,
           e & FE_UNDERFLOW ? " UFC" : "", e & FE_INEXACT ? " IXC" : "", e & FE_OVERFLOW ? " OFC" : "",
           e & FE_INVALID ? " IOC" : "", e & FE_DIVBYZERO ? " DZC" : "");
    feclearexcept(FE_ALL_EXCEPT);
}

#define OP(insn, name, nlo, nhi, mlo, mhi)                                                           \
    do {                                                                                              \
        v128 n = {nlo, nhi}, m = {mlo, mhi}, r;                                                       \
        feclearexcept(FE_ALL_EXCEPT);                                                                 \
        __asm__ volatile("ldr q1, [%1]\n ldr q2, [%2]\n " insn "\n str q0, [%0]"                      \
                         : : "r"(&r), "r"(&n), "r"(&m) : "v0", "v1", "v2", "memory");                 \
        show(name, r);                                                                                \
    } while (0)

int main(void) {
    const uint64_t one4 = 0x3F8000003F800000ull;
    // 2^-126 (1 + 2^-23) * (1 - 2^-23) = 2^-126 (1 - 2^-46): tiny before rounding (Arm: UFC),
    // not after (x86 rounds it to 2^-126 with an unbounded exponent first).
    OP("fmul v0.4s, v1.4s, v2.4s", "fmul.4s lane 0 rounds up", 0x3F80000000800001ull, one4, 0x3F8000003F7FFFFEull, one4);
    OP("fmul v0.4s, v1.4s, v2.4s", "fmul.4s lane 3 rounds up", one4, 0x008000013F800000ull, one4, 0x3F7FFFFE3F800000ull);
    OP("fmul v0.2s, v1.2s, v2.2s", "fmul.2s lane 1 rounds up", 0x008000013F800000ull, 0, 0x3F7FFFFE3F800000ull, 0);
    OP("fmul v0.4s, v1.4s, v2.4s", "fmul.4s tiny after rounding too", 0x3F8000003F7FFFFFull, one4, 0x3F80000000800000ull, one4);
    OP("fmul v0.4s, v1.4s, v2.4s", "fmul.4s exactly smallest normal", 0x3F80000040000000ull, one4, 0x3F80000000400000ull, one4);
    OP("fmul v0.4s, v1.4s, v2.4s", "fmul.4s subnormal result", 0x3F8000003F000000ull, one4, 0x3F80000000800000ull, one4);
    OP("fmul v0.2d, v1.2d, v2.2d", "fmul.2d lane 0 rounds up", 0x0010000000000001ull, 0x3FF0000000000000ull,
       0x3FEFFFFFFFFFFFFEull, 0x3FF0000000000000ull);
    OP("fmul v0.2d, v1.2d, v2.2d", "fmul.2d lane 1 rounds up", 0x3FF0000000000000ull, 0x0010000000000001ull,
       0x3FF0000000000000ull, 0x3FEFFFFFFFFFFFFEull);
    OP("fdiv v0.4s, v1.4s, v2.4s", "fdiv.4s tiny", 0x3F80000000800000ull, one4, 0x3F8000003F800001ull, one4);
    OP("fadd v0.4s, v1.4s, v2.4s", "fadd.4s exact", one4, one4, one4, one4);
    return 0;
}
