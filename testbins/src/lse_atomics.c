/* C11 atomics built with -march=armv8.1-a: GCC emits the FEAT_LSE instructions inline
 * (LDADD/LDCLR/LDEOR/LDSET/SWP/CAS in every ordering, the ST* forms when the result is
 * unused, CASPAL for a 16-byte __sync compare-and-swap); the signed/unsigned min/max
 * atomics have no C spelling and use inline assembly. Single-threaded: the values are
 * checked, not the atomicity. Also prints the LSE/RCpc/FlagM HWCAP bits. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <inttypes.h>
#include <sys/auxv.h>

static _Atomic uint8_t a8 = 0xF0;
static _Atomic uint16_t a16 = 0x8001;
static _Atomic uint32_t a32 = 0x80000000u;
static _Atomic uint64_t a64 = 0x0123456789ABCDEFull;
static __int128 a128 __attribute__((aligned(16)));

#define FETCH_OPS(T, obj, fmt)                                                                      \
    do {                                                                                            \
        T r1 = atomic_fetch_add_explicit(&obj, (T)0x7F, memory_order_relaxed);                      \
        T r2 = atomic_fetch_sub_explicit(&obj, (T)3, memory_order_acquire);                         \
        T r3 = atomic_fetch_and_explicit(&obj, (T)~(T)0x55, memory_order_release);                  \
        T r4 = atomic_fetch_or_explicit(&obj, (T)0x1234, memory_order_acq_rel);                     \
        T r5 = atomic_fetch_xor(&obj, (T)-1);                                                       \
        T r6 = atomic_exchange_explicit(&obj, (T)0x5A5A5A5A5A5A5A5Aull, memory_order_acquire);      \
        atomic_fetch_add_explicit(&obj, (T)1, memory_order_relaxed); /* result unused: STADD */     \
        atomic_fetch_or_explicit(&obj, (T)0x100, memory_order_release);  /* STSETL */               \
        atomic_fetch_xor_explicit(&obj, (T)0x3, memory_order_relaxed);   /* STEOR */                \
        atomic_fetch_and_explicit(&obj, (T)~(T)0x10, memory_order_release); /* STCLRL */            \
        printf(#T ": %" fmt " %" fmt " %" fmt " %" fmt " %" fmt " %" fmt " -> %" fmt "\n",          \
               r1, r2, r3, r4, r5, r6, (T)atomic_load(&obj));                                       \
        T e = (T)0x1111;                                                                            \
        int ok = atomic_compare_exchange_strong(&obj, &e, (T)7);                                    \
        printf("  strong fail ok=%d e=%" fmt, ok, e);                                               \
        ok = atomic_compare_exchange_strong_explicit(&obj, &e, (T)-2, memory_order_acq_rel,          \
                                                     memory_order_acquire);                         \
        printf("  strong ok=%d now=%" fmt, ok, (T)atomic_load(&obj));                               \
        int tries = 0;                                                                              \
        T cur = atomic_load_explicit(&obj, memory_order_relaxed);                                   \
        while (!atomic_compare_exchange_weak_explicit(&obj, &cur, (T)(cur * 5 + 1),                  \
                                                      memory_order_release, memory_order_relaxed))  \
            tries++;                                                                                \
        printf("  weak now=%" fmt "\n", (T)atomic_load(&obj));                                      \
        (void)tries;                                                                                \
    } while (0)

/* LDSMAX/LDSMIN/LDUMAX/LDUMIN at every size (and ordering): old value returned, memory = max/min. */
#define MINMAX(name, insn, reg, T) \
    static T name(T *p, T v) { T o; __asm__ volatile(insn " %" reg "1, %" reg "0, [%2]" : "=&r"(o) : "r"(v), "r"(p) : "memory"); return o; }
MINMAX(smax8, "ldsmaxalb", "w", uint8_t)
MINMAX(umax8, "ldumaxb", "w", uint8_t)
MINMAX(smin8, "ldsminlb", "w", uint8_t)
MINMAX(umin8, "lduminab", "w", uint8_t)
MINMAX(smax16, "ldsmaxh", "w", uint16_t)
MINMAX(smin16, "ldsminalh", "w", uint16_t)
MINMAX(umax16, "ldumaxah", "w", uint16_t)
MINMAX(umin16, "lduminlh", "w", uint16_t)
MINMAX(smax32, "ldsmaxa", "w", uint32_t)
MINMAX(umax32, "ldumaxal", "w", uint32_t)
MINMAX(smin32, "ldsmin", "w", uint32_t)
MINMAX(umin32, "ldumin", "w", uint32_t)
MINMAX(smax64, "ldsmaxl", "x", uint64_t)
MINMAX(umin64, "ldumina", "x", uint64_t)
MINMAX(smin64, "ldsminal", "x", uint64_t)
MINMAX(umax64, "ldumax", "x", uint64_t)

static void minmax(void) {
    uint8_t b = 0x7F; uint16_t h = 0x8000; uint32_t w = 5; uint64_t x = 0xFFFFFFFFFFFFFFF0ull;
    uint8_t rb[4]; uint16_t rh[4]; uint32_t rw[4]; uint64_t rx[4];
    rb[0] = smax8(&b, 0x80); rb[1] = umax8(&b, 0x80); rb[2] = smin8(&b, 0x81); rb[3] = umin8(&b, 0x01);
    printf("b: %02x %02x %02x %02x -> %02x\n", rb[0], rb[1], rb[2], rb[3], b);
    rh[0] = smax16(&h, 0x7FFF); rh[1] = smin16(&h, 0x8000); rh[2] = umax16(&h, 0x7FFF); rh[3] = umin16(&h, 0x1234);
    printf("h: %04x %04x %04x %04x -> %04x\n", rh[0], rh[1], rh[2], rh[3], h);
    rw[0] = smax32(&w, 0xFFFFFFFFu); rw[1] = umax32(&w, 0xFFFFFFFFu); rw[2] = smin32(&w, 3); rw[3] = umin32(&w, 2);
    printf("w: %08x %08x %08x %08x -> %08x\n", rw[0], rw[1], rw[2], rw[3], w);
    rx[0] = smax64(&x, 7); rx[1] = umin64(&x, 0x8000000000000000ull); rx[2] = smin64(&x, 0x8000000000000000ull);
    rx[3] = umax64(&x, 1);
    printf("x: %016" PRIx64 " %016" PRIx64 " %016" PRIx64 " %016" PRIx64 " -> %016" PRIx64 "\n", rx[0], rx[1], rx[2], rx[3], x);
}

int main(void) {
    unsigned long hw = getauxval(AT_HWCAP), hw2 = getauxval(AT_HWCAP2);
    printf("HWCAP atomics=%d lrcpc=%d ilrcpc=%d flagm=%d; HWCAP2 flagm2=%d\n", !!(hw & HWCAP_ATOMICS),
           !!(hw & HWCAP_LRCPC), !!(hw & HWCAP_ILRCPC), !!(hw & HWCAP_FLAGM), !!(hw2 & HWCAP2_FLAGM2));
    FETCH_OPS(uint8_t, a8, "02x");
    FETCH_OPS(uint16_t, a16, "04x");
    FETCH_OPS(uint32_t, a32, "08" PRIx32);
    FETCH_OPS(uint64_t, a64, "016" PRIx64);
    minmax();
    /* 16-byte compare-and-swap: CASPAL */
    __int128 one = (__int128)1 << 64 | 2;
    int ok1 = __sync_bool_compare_and_swap(&a128, (__int128)5, one);
    int ok2 = __sync_bool_compare_and_swap(&a128, (__int128)0, one);
    __int128 old = __sync_val_compare_and_swap(&a128, one, ~one);
    printf("cas128 %d %d old=%016" PRIx64 "%016" PRIx64 " now=%016" PRIx64 "%016" PRIx64 "\n", ok1, ok2,
           (uint64_t)(old >> 64), (uint64_t)old, (uint64_t)(a128 >> 64), (uint64_t)a128);
    /* a counter bumped 100000 times by LDADDAL */
    static _Atomic long counter;
    for (long i = 0; i < 100000; i++) atomic_fetch_add(&counter, i & 7);
    printf("counter=%ld\n", (long)atomic_load(&counter));
    return 0;
}
