/* NEON intrinsics and auto-vectorisable loops (vectorised at -O2, scalar at -O0). */
#include <stdio.h>
#include <stdint.h>
#include <arm_neon.h>

static int32_t ia[256], ib[256], ic[256];
static float fa[256], fb[256];
static uint8_t ba[1024];

int main(void) {
    for (int i = 0; i < 256; i++) { ia[i] = i * 7 - 900; ib[i] = (i * 13) % 101 - 50; fa[i] = (float)i * 0.5f - 20.0f; fb[i] = (float)(i % 17) * 0.25f; }
    for (int i = 0; i < 1024; i++) ba[i] = (uint8_t)(i * 37 + (i >> 3));
    for (int i = 0; i < 256; i++) ic[i] = ia[i] * ib[i] + (ia[i] > ib[i] ? ia[i] : ib[i]);
    long s = 0; for (int i = 0; i < 256; i++) s += ic[i];
    unsigned bs = 0; uint8_t bmax = 0; for (int i = 0; i < 1024; i++) { bs += ba[i]; if (ba[i] > bmax) bmax = ba[i]; }
    float fs = 0; for (int i = 0; i < 256; i++) { fa[i] = fa[i] * fb[i] + 1.0f; }
    for (int i = 0; i < 256; i++) fs += fa[i] * (1.0f / 64.0f);
    printf("auto: s=%ld bs=%u bmax=%u fa[255]=%g\n", s, bs, bmax, fa[255]);
    (void)fs;
    int32x4_t v = vld1q_s32(ia), w = vld1q_s32(ib + 4);
    int32x4_t m = vmlaq_s32(v, w, vdupq_n_s32(3));
    printf("vmla: %d %d %d %d\n", vgetq_lane_s32(m, 0), vgetq_lane_s32(m, 1), vgetq_lane_s32(m, 2), vgetq_lane_s32(m, 3));
    printf("vaddv=%d vmaxv=%d vminv=%d\n", vaddvq_s32(m), vmaxvq_s32(m), vminvq_s32(m));
    uint8x16_t bv = vld1q_u8(ba), bw = vld1q_u8(ba + 16);
    uint8x16_t q = vqaddq_u8(bv, bw), d = vabdq_u8(bv, bw), c = vcntq_u8(bv);
    uint8_t out[16]; vst1q_u8(out, q); printf("vqadd:"); for (int i = 0; i < 16; i++) printf(" %u", out[i]); printf("\n");
    vst1q_u8(out, d); printf("vabd:"); for (int i = 0; i < 16; i++) printf(" %u", out[i]); printf("\n");
    printf("vcnt sum=%u tbl=%u\n", vaddvq_u8(c), vgetq_lane_u8(vqtbl1q_u8(bv, vdupq_n_u8(5)), 0));
    float32x4_t f = vld1q_f32(fa + 100), g = vld1q_f32(fb + 100);
    float32x4_t h = vfmaq_f32(f, g, vdupq_n_f32(2.0f));
    printf("vfma: %g %g %g %g maxnmv=%g\n", vgetq_lane_f32(h, 0), vgetq_lane_f32(h, 1), vgetq_lane_f32(h, 2), vgetq_lane_f32(h, 3), vmaxnmvq_f32(h));
    int16x8_t s16 = vreinterpretq_s16_s32(m);
    int16x8_t sh = vshlq_n_s16(s16, 3); int16x8_t sr = vrshrq_n_s16(s16, 2);
    printf("vshl lane1=%d vrshr lane1=%d\n", vgetq_lane_s16(sh, 1), vgetq_lane_s16(sr, 1));
    uint32x4_t z = vzip1q_u32(vreinterpretq_u32_s32(v), vreinterpretq_u32_s32(w));
    printf("vzip1: %08x %08x %08x %08x\n", vgetq_lane_u32(z, 0), vgetq_lane_u32(z, 1), vgetq_lane_u32(z, 2), vgetq_lane_u32(z, 3));
    uint64x2_t wide = vpaddlq_u32(vpaddlq_u16(vpaddlq_u8(bv)));
    printf("vpaddl: %lu %lu\n", (unsigned long)vgetq_lane_u64(wide, 0), (unsigned long)vgetq_lane_u64(wide, 1));
    return 0;
}
