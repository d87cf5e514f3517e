/* Conditional select/compare and overflow flags via __builtin_*_overflow. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>

#define CSEL(cond) static int64_t sel_##cond(int64_t a, int64_t b) { int64_t r; \
    __asm__("cmp %1, %2\n\tcsel %0, %1, %2, " #cond : "=r"(r) : "r"(a), "r"(b) : "cc"); return r; }
CSEL(eq) CSEL(ne) CSEL(lt) CSEL(le) CSEL(gt) CSEL(ge) CSEL(lo) CSEL(ls) CSEL(hi) CSEL(hs) CSEL(mi) CSEL(pl) CSEL(vs) CSEL(vc)

static uint64_t nzcv_after_adds(uint64_t a, uint64_t b) { uint64_t f; __asm__("adds xzr, %1, %2\n\tmrs %0, nzcv" : "=r"(f) : "r"(a), "r"(b) : "cc"); return f >> 28; }
static uint64_t nzcv_after_subs(uint64_t a, uint64_t b) { uint64_t f; __asm__("subs xzr, %1, %2\n\tmrs %0, nzcv" : "=r"(f) : "r"(a), "r"(b) : "cc"); return f >> 28; }
static uint64_t nzcv_after_adds32(uint32_t a, uint32_t b) { uint64_t f; __asm__("adds wzr, %w1, %w2\n\tmrs %0, nzcv" : "=r"(f) : "r"(a), "r"(b) : "cc"); return f >> 28; }
static uint64_t nzcv_after_subs32(uint32_t a, uint32_t b) { uint64_t f; __asm__("subs wzr, %w1, %w2\n\tmrs %0, nzcv" : "=r"(f) : "r"(a), "r"(b) : "cc"); return f >> 28; }
static uint64_t adc_chain(uint64_t a, uint64_t b) { uint64_t lo, hi; __asm__("adds %0, %2, %3\n\tadc %1, xzr, xzr" : "=&r"(lo), "=r"(hi) : "r"(a), "r"(b) : "cc"); return hi * 1000 + (lo & 0xff); }
static uint64_t sbc_chain(uint64_t a, uint64_t b) { uint64_t lo, hi; __asm__("subs %0, %2, %3\n\tsbc %1, xzr, xzr" : "=&r"(lo), "=r"(hi) : "r"(a), "r"(b) : "cc"); return hi; }
static int64_t csinc(int64_t a, int64_t b) { int64_t r; __asm__("cmp %1, %2\n\tcsinc %0, %1, %2, gt" : "=r"(r) : "r"(a), "r"(b) : "cc"); return r; }
static int64_t csinv(int64_t a, int64_t b) { int64_t r; __asm__("cmp %1, %2\n\tcsinv %0, %1, %2, gt" : "=r"(r) : "r"(a), "r"(b) : "cc"); return r; }
static int64_t csneg(int64_t a, int64_t b) { int64_t r; __asm__("cmp %1, %2\n\tcsneg %0, %1, %2, gt" : "=r"(r) : "r"(a), "r"(b) : "cc"); return r; }
static int64_t cset_ccmp(int64_t a, int64_t b) { int64_t r; __asm__("cmp %1, #0\n\tccmp %2, #5, #4, ne\n\tcset %0, eq" : "=r"(r) : "r"(a), "r"(b) : "cc"); return r; }
static int64_t ccmn_test(int64_t a, int64_t b) { int64_t r; __asm__("cmp %1, %2\n\tccmn %1, #3, #2, lt\n\tcset %0, hs" : "=r"(r) : "r"(a), "r"(b) : "cc"); return r; }

static volatile int64_t vals[] = { 0, 1, -1, 5, -5, INT64_MAX, INT64_MIN, INT32_MAX, INT32_MIN, (int64_t)0x80000000ULL, (int64_t)0xffffffffULL };
#define NV (sizeof vals / sizeof vals[0])

int main(void) {
    for (unsigned i = 0; i < NV; i++) for (unsigned j = 0; j < NV; j++) {
        int64_t a = vals[i], b = vals[j];
        printf("%" PRId64 ",%" PRId64 ": eq%d ne%d lt%d le%d gt%d ge%d lo%d ls%d hi%d hs%d mi%d pl%d vs%d vc%d",
               a, b, sel_eq(a,b)==a, sel_ne(a,b)==a, sel_lt(a,b)==a, sel_le(a,b)==a, sel_gt(a,b)==a, sel_ge(a,b)==a,
               sel_lo(a,b)==a, sel_ls(a,b)==a, sel_hi(a,b)==a, sel_hs(a,b)==a, sel_mi(a,b)==a, sel_pl(a,b)==a, sel_vs(a,b)==a, sel_vc(a,b)==a);
        printf(" adds=%" PRIx64 " subs=%" PRIx64 " adds32=%" PRIx64 " subs32=%" PRIx64 " adc=%" PRIu64 " sbc=%" PRId64,
               nzcv_after_adds(a, b), nzcv_after_subs(a, b), nzcv_after_adds32((uint32_t)a, (uint32_t)b), nzcv_after_subs32((uint32_t)a, (uint32_t)b),
               adc_chain(a, b), (int64_t)sbc_chain(a, b));
        printf(" csinc=%" PRId64 " csinv=%" PRId64 " csneg=%" PRId64 " ccmp=%" PRId64 " ccmn=%" PRId64 "\n",
               csinc(a, b), csinv(a, b), csneg(a, b), cset_ccmp(a, b), ccmn_test(a, b));
        int64_t r64; int32_t r32; uint64_t u64; uint32_t u32;
        int o1 = __builtin_add_overflow(a, b, &r64), o2 = __builtin_sub_overflow(a, b, &r64), o3 = __builtin_mul_overflow(a, b, &r64);
        int o4 = __builtin_add_overflow((int32_t)a, (int32_t)b, &r32), o5 = __builtin_mul_overflow((int32_t)a, (int32_t)b, &r32);
        int o6 = __builtin_add_overflow((uint64_t)a, (uint64_t)b, &u64), o7 = __builtin_sub_overflow((uint64_t)a, (uint64_t)b, &u64);
        int o8 = __builtin_mul_overflow((uint64_t)a, (uint64_t)b, &u64), o9 = __builtin_mul_overflow((uint32_t)a, (uint32_t)b, &u32);
        printf("  ovf add%d sub%d mul%d add32%d mul32%d uadd%d usub%d umul%d umul32%d mulres=%" PRIx64 "\n", o1, o2, o3, o4, o5, o6, o7, o8, o9, u64);
    }
    /* branchless C patterns the compiler turns into csel */
    volatile int acc = 0;
    for (int i = -50; i < 50; i++) { int v = i * 37 % 23; acc += v > 3 ? v : -v; acc += (i & 1) ? 1 : 100; acc = acc < 0 ? -acc : acc; }
    printf("acc=%d\n", acc);
    return 0;
}
