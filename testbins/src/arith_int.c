/* Integer arithmetic edge values; arm64 division semantics via inline asm. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>

static int64_t sdiv64(int64_t a, int64_t b) { int64_t r; __asm__ volatile("sdiv %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static uint64_t udiv64(uint64_t a, uint64_t b) { uint64_t r; __asm__ volatile("udiv %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int32_t sdiv32(int32_t a, int32_t b) { int32_t r; __asm__ volatile("sdiv %w0, %w1, %w2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static uint32_t udiv32(uint32_t a, uint32_t b) { uint32_t r; __asm__ volatile("udiv %w0, %w1, %w2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int64_t smulh(int64_t a, int64_t b) { int64_t r; __asm__ volatile("smulh %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static uint64_t umulh(uint64_t a, uint64_t b) { uint64_t r; __asm__ volatile("umulh %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }
static int64_t smaddl(int32_t a, int32_t b, int64_t c) { int64_t r; __asm__ volatile("smaddl %0, %w1, %w2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(c)); return r; }
static uint64_t umsubl(uint32_t a, uint32_t b, uint64_t c) { uint64_t r; __asm__ volatile("umsubl %0, %w1, %w2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(c)); return r; }

static volatile int64_t vals[] = { 0, 1, -1, 2, -2, 7, -7, 100, INT32_MAX, INT32_MIN, (int64_t)UINT32_MAX,
    INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1, 0x123456789abcdefLL, -0x123456789abcdefLL };
#define NV (sizeof vals / sizeof vals[0])

int main(void) {
    uint64_t h = 1469598103934665603ULL;
    for (unsigned i = 0; i < NV; i++) {
        for (unsigned j = 0; j < NV; j++) {
            int64_t a = vals[i], b = vals[j];
            uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
            uint64_t add = ua + ub, sub = ua - ub, mul = ua * ub;
            int64_t q = sdiv64(a, b);
            uint64_t uq = udiv64(ua, ub);
            int64_t rem = a - q * b;   /* msub semantics */
            int32_t q32 = sdiv32((int32_t)a, (int32_t)b);
            uint32_t uq32 = udiv32((uint32_t)a, (uint32_t)b);
            uint32_t add32 = (uint32_t)a + (uint32_t)b, mul32 = (uint32_t)a * (uint32_t)b;
            int64_t sh = smulh(a, b); uint64_t uh = umulh(ua, ub);
            if (i % 4 == 0 && j % 3 == 0)
                printf("a=%" PRId64 " b=%" PRId64 " add=%" PRIx64 " sub=%" PRIx64 " mul=%" PRIx64
                       " sdiv=%" PRId64 " udiv=%" PRIu64 " rem=%" PRId64 " sdiv32=%d udiv32=%u add32=%u mul32=%u smulh=%" PRId64 " umulh=%" PRIx64 "\n",
                       a, b, add, sub, mul, q, uq, (int64_t)rem, q32, uq32, add32, mul32, sh, uh);
            uint64_t parts[] = { add, sub, mul, (uint64_t)q, uq, (uint64_t)rem, (uint64_t)(uint32_t)q32, uq32, add32, mul32, (uint64_t)sh, uh };
            for (unsigned k = 0; k < sizeof parts / sizeof parts[0]; k++) { h ^= parts[k]; h *= 1099511628211ULL; }
        }
    }
    printf("INT64_MIN/-1 = %" PRId64 "\n", sdiv64(INT64_MIN, -1));
    printf("INT32_MIN/-1 = %d\n", sdiv32(INT32_MIN, -1));
    printf("5/0 = %" PRId64 " u5/0 = %" PRIu64 " 5/0 (32) = %d u5/0 (32) = %u\n", sdiv64(5, 0), udiv64(5, 0), sdiv32(5, 0), udiv32(5, 0));
    printf("-7/2 = %" PRId64 " 7/-2 = %" PRId64 " -7%%2 = %" PRId64 "\n", sdiv64(-7, 2), sdiv64(7, -2), (int64_t)(-7 - sdiv64(-7, 2) * 2));
    printf("smaddl(-3, 100000, 5) = %" PRId64 "\n", smaddl(-3, 100000, 5));
    printf("umsubl(0xffffffff, 0xffffffff, 0) = %" PRIx64 "\n", umsubl(0xffffffffu, 0xffffffffu, 0));
    /* 32-bit wraparound */
    volatile uint32_t u = 0xfffffff0u; volatile int32_t s = INT32_MAX;
    uint32_t acc = 0;
    for (int i = 0; i < 40; i++) { u += 1; acc += u; }
    printf("u=%u acc=%u s+1=%d s*2=%d -INT32_MIN=%d\n", u, acc, (int32_t)((uint32_t)s + 1u), (int32_t)((uint32_t)s * 2u), (int32_t)(0u - (uint32_t)INT32_MIN));
    volatile uint8_t b8 = 250; volatile uint16_t b16 = 65530; volatile int8_t sb = -128;
    b8 += 10; b16 += 10; sb = (int8_t)(sb - 1);
    printf("u8=%u u16=%u s8=%d\n", b8, b16, sb);
    volatile int64_t neg = -123456789; volatile uint32_t w = 0x80000000u;
    printf("sext: %" PRId64 " %" PRId64 " %" PRId64 " zext: %" PRIu64 "\n", (int64_t)(int8_t)neg, (int64_t)(int16_t)neg, (int64_t)(int32_t)neg, (uint64_t)w);
    printf("hash=%016" PRIx64 "\n", h);
    return 0;
}
