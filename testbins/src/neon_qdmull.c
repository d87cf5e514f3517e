// Scalar saturating doubling multiplies (SQDMULL/SQDMLAL/SQDMLSL on H and S operands, and
// their by-element forms), as fixed-point code uses them, with FPSR.QC after each.
#include <arm_neon.h>
#include <stdint.h>
#include <stdio.h>

static unsigned long fpsr(void) { unsigned long v; __asm__ volatile("mrs %0, fpsr" : "=r"(v)); return v; }
static void clear_qc(void) { __asm__ volatile("msr fpsr, xzr"); }

static volatile int16_t h[] = {0x7FFF, -0x8000, 1, -1, 12345, -23456, 0x4000, 0};
static volatile int32_t s[] = {0x7FFFFFFF, INT32_MIN, 1, -1, 123456789, -987654321, 0x40000000, 0};

int main(void) {
    for (int i = 0; i < 8; i++) {
        for (int j = 0; j < 8; j += 3) {
            clear_qc();
            int32_t p = vqdmullh_s16(h[i], h[j]);
            unsigned long q1 = fpsr() >> 27 & 1;
            clear_qc();
            int32_t a = vqdmlalh_s16(s[j], h[i], h[j]);
            unsigned long q2 = fpsr() >> 27 & 1;
            clear_qc();
            int32_t b = vqdmlslh_s16(s[j], h[i], h[j]);
            unsigned long q3 = fpsr() >> 27 & 1;
            printf("h %6d %6d: mull %11d qc%lu  mlal %11d qc%lu  mlsl %11d qc%lu\n", h[i], h[j], p, q1, a, q2, b, q3);
        }
    }
    for (int i = 0; i < 8; i++) {
        for (int j = 0; j < 8; j += 3) {
            int64_t acc = (int64_t)s[j] << 31;
            clear_qc();
            int64_t p = vqdmulls_s32(s[i], s[j]);
            unsigned long q1 = fpsr() >> 27 & 1;
            clear_qc();
            int64_t a = vqdmlals_s32(acc, s[i], s[j]);
            unsigned long q2 = fpsr() >> 27 & 1;
            clear_qc();
            int64_t b = vqdmlsls_s32(acc, s[i], s[j]);
            unsigned long q3 = fpsr() >> 27 & 1;
            printf("s %11d %11d: mull %20lld qc%lu  mlal %20lld qc%lu  mlsl %20lld qc%lu\n", s[i], s[j], (long long)p, q1,
                   (long long)a, q2, (long long)b, q3);
        }
    }
    int16x4_t hv = {h[0], h[1], h[4], h[5]};
    int32x2_t sv = {s[1], s[4]};
    clear_qc();
    printf("lane: %d %lld", vqdmullh_lane_s16(h[1], hv, 1), (long long)vqdmulls_lane_s32(s[1], sv, 0));
    printf(" qc%lu\n", fpsr() >> 27 & 1);
    return 0;
}
