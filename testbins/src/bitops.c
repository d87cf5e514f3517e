/* Shifts, rotates, bitfield extract/insert, clz/cls/rbit/rev, popcount. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>

static uint64_t rbit64(uint64_t x) { uint64_t r; __asm__("rbit %0, %1" : "=r"(r) : "r"(x)); return r; }
static uint32_t rbit32(uint32_t x) { uint32_t r; __asm__("rbit %w0, %w1" : "=r"(r) : "r"(x)); return r; }
static uint64_t rev64(uint64_t x) { uint64_t r; __asm__("rev %0, %1" : "=r"(r) : "r"(x)); return r; }
static uint64_t rev16(uint64_t x) { uint64_t r; __asm__("rev16 %0, %1" : "=r"(r) : "r"(x)); return r; }
static uint64_t rev32(uint64_t x) { uint64_t r; __asm__("rev32 %0, %1" : "=r"(r) : "r"(x)); return r; }
static uint64_t clz64(uint64_t x) { uint64_t r; __asm__("clz %0, %1" : "=r"(r) : "r"(x)); return r; }
static uint32_t clz32(uint32_t x) { uint32_t r; __asm__("clz %w0, %w1" : "=r"(r) : "r"(x)); return r; }
static uint64_t cls64(uint64_t x) { uint64_t r; __asm__("cls %0, %1" : "=r"(r) : "r"(x)); return r; }
static uint64_t ror64(uint64_t x, uint64_t n) { uint64_t r; __asm__("ror %0, %1, %2" : "=r"(r) : "r"(x), "r"(n)); return r; }
static uint32_t ror32(uint32_t x, uint32_t n) { uint32_t r; __asm__("ror %w0, %w1, %w2" : "=r"(r) : "r"(x), "r"(n)); return r; }
static uint64_t lslv(uint64_t x, uint64_t n) { uint64_t r; __asm__("lsl %0, %1, %2" : "=r"(r) : "r"(x), "r"(n)); return r; }
static int64_t asrv(int64_t x, uint64_t n) { int64_t r; __asm__("asr %0, %1, %2" : "=r"(r) : "r"(x), "r"(n)); return r; }
static uint32_t lsrv32(uint32_t x, uint32_t n) { uint32_t r; __asm__("lsr %w0, %w1, %w2" : "=r"(r) : "r"(x), "r"(n)); return r; }
static uint64_t ubfx(uint64_t x) { uint64_t r; __asm__("ubfx %0, %1, #12, #20" : "=r"(r) : "r"(x)); return r; }
static int64_t sbfx(uint64_t x) { int64_t r; __asm__("sbfx %0, %1, #40, #16" : "=r"(r) : "r"(x)); return r; }
static uint64_t bfi(uint64_t d, uint64_t x) { __asm__("bfi %0, %1, #8, #12" : "+r"(d) : "r"(x)); return d; }
static uint64_t bfxil(uint64_t d, uint64_t x) { __asm__("bfxil %0, %1, #4, #8" : "+r"(d) : "r"(x)); return d; }
static uint32_t ubfiz32(uint32_t x) { uint32_t r; __asm__("ubfiz %w0, %w1, #24, #8" : "=r"(r) : "r"(x)); return r; }
static int64_t sbfiz(uint64_t x) { int64_t r; __asm__("sbfiz %0, %1, #3, #5" : "=r"(r) : "r"(x)); return r; }
static uint64_t extr(uint64_t a, uint64_t b) { uint64_t r; __asm__("extr %0, %1, %2, #13" : "=r"(r) : "r"(a), "r"(b)); return r; }

struct bf { unsigned a : 3; signed b : 5; unsigned c : 11; signed d : 13; unsigned long long e : 33; };

static volatile uint64_t vals[] = { 0, 1, 0x80, 0xff, 0x8000000000000000ULL, 0xffffffffffffffffULL, 0x0123456789abcdefULL,
    0xfedcba9876543210ULL, 0x00000000ffffffffULL, 0x7fffffffffffffffULL, 0x5555aaaa3333ccccULL, 0x10000ULL };
#define NV (sizeof vals / sizeof vals[0])

int main(void) {
    for (unsigned i = 0; i < NV; i++) {
        uint64_t x = vals[i];
        printf("x=%016" PRIx64 " rbit=%016" PRIx64 " rbit32=%08x rev=%016" PRIx64 " rev16=%016" PRIx64 " rev32=%016" PRIx64 "\n",
               x, rbit64(x), rbit32((uint32_t)x), rev64(x), rev16(x), rev32(x));
        printf("  clz=%" PRIu64 " clz32=%u cls=%" PRIu64 " pop=%d ctz=%d parity=%d\n",
               clz64(x), clz32((uint32_t)x), cls64(x), __builtin_popcountll(x), x ? __builtin_ctzll(x) : -1, __builtin_parityll(x));
        printf("  ubfx=%" PRIx64 " sbfx=%" PRId64 " bfi=%016" PRIx64 " bfxil=%016" PRIx64 " ubfiz32=%08x sbfiz=%" PRId64 " extr=%016" PRIx64 "\n",
               ubfx(x), sbfx(x), bfi(0xaaaaaaaaaaaaaaaaULL, x), bfxil(0x5555555555555555ULL, x), ubfiz32((uint32_t)x), sbfiz(x), extr(x, ~x));
        for (uint64_t n = 0; n < 130; n += 13)
            printf("  n=%" PRIu64 " ror=%016" PRIx64 " ror32=%08x lsl=%016" PRIx64 " asr=%016" PRIx64 " lsr32=%08x\n",
                   n, ror64(x, n), ror32((uint32_t)x, (uint32_t)n), lslv(x, n), (uint64_t)asrv((int64_t)x, n), lsrv32((uint32_t)x, (uint32_t)n));
    }
    volatile struct bf s = { 0 };
    for (int k = 0; k < 20; k++) {
        s.a += 3; s.b -= 7; s.c = s.c * 3 + 1000; s.d ^= (k * 997); s.e += 0x123456789ULL;
        printf("bf a=%u b=%d c=%u d=%d e=%llx\n", s.a, s.b, s.c, s.d, (unsigned long long)s.e);
    }
    volatile uint64_t m = 0xdeadbeefcafebabeULL;
    printf("and=%" PRIx64 " orr=%" PRIx64 " eor=%" PRIx64 " bic=%" PRIx64 " orn=%" PRIx64 " eon=%" PRIx64 "\n",
           (uint64_t)(m & 0xff00ff00ff00ff00ULL), (uint64_t)(m | 0x0f0f), (uint64_t)(m ^ 0xffff0000ffff0000ULL), (uint64_t)(m & ~0xf0f0f0f0ULL), (uint64_t)(m | ~0xffULL), (uint64_t)(m ^ ~0x1234ULL));
    return 0;
}
