/* __atomic builtins; built with -march=armv8-a -mno-outline-atomics so they are LDXR/STXR loops. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>

static uint8_t a8; static uint16_t a16; static uint32_t a32; static uint64_t a64;

int main(void) {
    for (int i = 0; i < 1000; i++) {
        __atomic_fetch_add(&a8, 3, __ATOMIC_SEQ_CST);
        __atomic_fetch_add(&a16, 300, __ATOMIC_RELAXED);
        __atomic_fetch_sub(&a32, 7, __ATOMIC_ACQ_REL);
        __atomic_add_fetch(&a64, 0x100000001ULL, __ATOMIC_RELEASE);
        __atomic_fetch_xor(&a32, (uint32_t)i * 2654435761u, __ATOMIC_SEQ_CST);
        __atomic_fetch_or(&a64, (uint64_t)1 << (i % 64), __ATOMIC_ACQUIRE);
        __atomic_fetch_and(&a16, (uint16_t)~(1u << (i % 16)), __ATOMIC_SEQ_CST);
    }
    printf("a8=%u a16=%u a32=%08x a64=%016" PRIx64 "\n", a8, a16, a32, a64);
    uint64_t old = __atomic_exchange_n(&a64, 0x1234, __ATOMIC_SEQ_CST);
    printf("xchg old=%016" PRIx64 " new=%" PRIx64 "\n", old, __atomic_load_n(&a64, __ATOMIC_ACQUIRE));
    uint64_t expected = 0x9999;
    int ok = __atomic_compare_exchange_n(&a64, &expected, 5, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    printf("cas fail ok=%d expected=%" PRIx64 "\n", ok, expected);
    ok = __atomic_compare_exchange_n(&a64, &expected, 5, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    printf("cas success ok=%d value=%" PRIu64 "\n", ok, a64);
    int tries = 0; uint32_t cur = __atomic_load_n(&a32, __ATOMIC_RELAXED);
    while (!__atomic_compare_exchange_n(&a32, &cur, cur * 3 + 1, 1, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) tries++;
    printf("weak cas a32=%08x\n", a32);
    uint8_t e8 = a8; ok = __atomic_compare_exchange_n(&a8, &e8, 200, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); printf("cas8 ok=%d a8=%u\n", ok, a8);
    uint16_t e16 = 1; ok = __atomic_compare_exchange_n(&a16, &e16, 2, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); printf("cas16 ok=%d e16=%u\n", ok, e16);
    int flag = __atomic_test_and_set(&a8, __ATOMIC_SEQ_CST); printf("tas was=%d\n", flag);
    __atomic_store_n(&a32, 77, __ATOMIC_RELEASE); __atomic_thread_fence(__ATOMIC_SEQ_CST);
    printf("store/load=%u lockfree64=%d\n", __atomic_load_n(&a32, __ATOMIC_SEQ_CST), __atomic_always_lock_free(8, 0));
    /* __sync legacy builtins */
    static long counter; for (int i = 0; i < 500; i++) __sync_fetch_and_add(&counter, i); long prev = __sync_val_compare_and_swap(&counter, 124750, -1);
    printf("sync counter prev=%ld now=%ld\n", prev, counter);
    (void)tries;
    return 0;
}
