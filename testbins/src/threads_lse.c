// FEAT_LSE atomics from four threads at once (built -march=armv8.1-a, so the compiler emits
// LDADD, LDCLR/LDSET, SWP, CAS and CASP directly, not outline calls): every update must land
// exactly once.
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define THREADS 4
#define ROUNDS 200000

static uint64_t counter, bits, swaps, cas_total;
static uint64_t pair[2] __attribute__((aligned(16)));
static uint32_t small_max;

static void *worker(void *arg) {
    uint64_t id = (uint64_t)(uintptr_t)arg;
    for (int i = 0; i < ROUNDS; i++) {
        __atomic_fetch_add(&counter, 3, __ATOMIC_RELAXED);                       // LDADD
        __atomic_fetch_or(&bits, 1ull << (id * 8 + (i & 7)), __ATOMIC_ACQ_REL); // LDSET
        __atomic_exchange_n(&swaps, id, __ATOMIC_ACQUIRE);                       // SWP
        uint64_t old = __atomic_load_n(&cas_total, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(&cas_total, &old, old + 2, 0, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED)) {}
        for (;;) {                                                               // CASPAL loop
            uint64_t lo = __atomic_load_n(&pair[0], __ATOMIC_RELAXED), hi = __atomic_load_n(&pair[1], __ATOMIC_RELAXED);
            register uint64_t x0 __asm__("x0") = lo, x1 __asm__("x1") = hi;
            register uint64_t x2 __asm__("x2") = lo + 1, x3 __asm__("x3") = hi + 1;
            __asm__ volatile("caspal x0, x1, x2, x3, [%4]" : "+r"(x0), "+r"(x1) : "r"(x2), "r"(x3), "r"(pair) : "memory");
            if (x0 == lo && x1 == hi) break;
        }
        uint32_t m = (uint32_t)(id * ROUNDS + i);
        uint32_t cur = __atomic_load_n(&small_max, __ATOMIC_RELAXED);           // a max via CAS
        while (cur < m && !__atomic_compare_exchange_n(&small_max, &cur, m, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {}
    }
    return 0;
}

int main(void) {
    pthread_t t[THREADS];
    for (uintptr_t i = 0; i < THREADS; i++) pthread_create(&t[i], 0, worker, (void *)i);
    for (int i = 0; i < THREADS; i++) pthread_join(t[i], 0);
    printf("counter %llu (want %llu)\n", (unsigned long long)counter, 3ull * THREADS * ROUNDS);
    printf("bits %016llx\n", (unsigned long long)bits);
    printf("last swap from a worker: %s\n", swaps < THREADS ? "yes" : "no");
    printf("cas %llu (want %llu)\n", (unsigned long long)cas_total, 2ull * THREADS * ROUNDS);
    printf("pair %llu:%llu (want %llu)\n", (unsigned long long)pair[1], (unsigned long long)pair[0],
           (unsigned long long)THREADS * ROUNDS);
    printf("max %u (want %u)\n", small_max, (unsigned)(THREADS * ROUNDS - 1));
    return 0;
}
