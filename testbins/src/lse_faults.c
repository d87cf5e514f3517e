/* Faults in LSE atomics and RCpc accesses are precise guest signals: SIGSEGV with the
 * data address on unmapped/read-only memory (a handler that fixes the mapping and returns
 * retries the instruction, also inside a hot loop), SIGBUS BUS_ADRALN with the address for
 * a misaligned atomic or ordered access (no FEAT_LSE2). */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static sigjmp_buf jb;
static volatile uintptr_t last_addr;
static volatile int last_sig, last_code, retry, faults;

static void on_fault(int sig, siginfo_t *si, void *ctx) {
    (void)ctx;
    faults++;
    last_sig = sig; last_addr = (uintptr_t)si->si_addr; last_code = si->si_code;
    if (!retry) siglongjmp(jb, 1);
    mprotect((void *)(last_addr & ~(uintptr_t)4095), 4096, PROT_READ | PROT_WRITE);
}

static char *region;
#define OFF(a) ((long)((uintptr_t)(a) - (uintptr_t)region))
#define TRY(name, body)                                                                         \
    do {                                                                                        \
        last_sig = 0;                                                                           \
        if (sigsetjmp(jb, 1) == 0) { body; printf("%s: no fault\n", name); }                    \
        else printf("%s: signal %d code %d offset %ld\n", name, last_sig, last_code, OFF(last_addr)); \
    } while (0)

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    region = mmap(0, 16 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint64_t *rw = (uint64_t *)region;
    char *ro = region + 4096, *none = region + 2 * 4096;
    mprotect(ro, 4096, PROT_READ);
    mprotect(none, 4096, PROT_NONE);

    uint64_t v = 0;
    TRY("ldadd on PROT_NONE", __asm__ volatile("ldaddal %1, %0, [%2]" : "=&r"(v) : "r"(1ul), "r"(none + 64) : "memory"));
    TRY("stset on read-only", __asm__ volatile("stset %0, [%1]" : : "r"(1ul), "r"(ro + 8) : "memory"));
    TRY("swp on read-only", __asm__ volatile("swpal %1, %0, [%2]" : "=&r"(v) : "r"(2ul), "r"(ro + 16) : "memory"));
    TRY("ldsmax on read-only", __asm__ volatile("ldsmaxh %w1, %w0, [%2]" : "=&r"(v) : "r"(2u), "r"(ro + 2) : "memory"));
    TRY("ldapr on PROT_NONE", __asm__ volatile("ldapr %0, [%1]" : "=r"(v) : "r"(none + 8) : "memory"));
    TRY("stlur on read-only", __asm__ volatile("stlur %w0, [%1, #-4]" : : "r"(7u), "r"(ro + 260) : "memory"));

    rw[1] = 5;
    TRY("ldadd misaligned", __asm__ volatile("ldadd %1, %0, [%2]" : "=&r"(v) : "r"(1ul), "r"(region + 9) : "memory"));
    TRY("ldaddh misaligned", __asm__ volatile("ldaddh %w1, %w0, [%2]" : "=&r"(v) : "r"(1u), "r"(region + 3) : "memory"));
    TRY("ldaddb any address", __asm__ volatile("ldaddb %w1, %w0, [%2]" : "=&r"(v) : "r"(1u), "r"(region + 3) : "memory"));
    TRY("cas misaligned", __asm__ volatile("casal %0, %1, [%2]" : "+r"(v) : "r"(1ul), "r"(region + 12) : "memory"));
    uint64_t pair[2] = {0, 0};
    TRY("casp misaligned", __asm__ volatile("mov x4, #0\n mov x5, #0\n mov x6, #1\n mov x7, #2\n casp x4, x5, x6, x7, [%1]\n"
                                            "stp x4, x5, [%0]" : : "r"(pair), "r"(region + 24) : "x4", "x5", "x6", "x7", "memory"));
    TRY("casp aligned", __asm__ volatile("mov x4, #0\n mov x5, #0\n mov x6, #1\n mov x7, #2\n casp x4, x5, x6, x7, [%1]\n"
                                         "stp x4, x5, [%0]" : : "r"(pair), "r"(region + 32) : "x4", "x5", "x6", "x7", "memory"));
    printf("casp old %lu %lu now %lu %lu\n", (unsigned long)pair[0], (unsigned long)pair[1], (unsigned long)rw[4], (unsigned long)rw[5]);
    TRY("ldapur misaligned", __asm__ volatile("ldapur %0, [%1, #-3]" : "=r"(v) : "r"(region + 64) : "memory"));
    TRY("stlur aligned", __asm__ volatile("stlur %w0, [%1, #-4]" : : "r"(9u), "r"(region + 68) : "memory"));
    printf("word at 64: %u, byte at 3: %u\n", ((uint32_t *)region)[16], (unsigned)(uint8_t)region[3]);

    /* Retried faults: CAS on a read-only page succeeds after the handler makes it writable;
       then a loop of LDADDs over read-only pages faults once per page. */
    retry = 1;
    mprotect(ro, 4096, PROT_READ);
    uint64_t expected = 0;
    __asm__ volatile("casal %0, %1, [%2]" : "+r"(expected) : "r"(0x1234ul), "r"(ro + 8) : "memory");
    printf("cas after retry: old=%lu now=%#lx faults=%d code=%d\n", (unsigned long)expected,
           (unsigned long)*(uint64_t *)(ro + 8), faults, last_code);
    char *pages = region + 4 * 4096;
    mprotect(pages, 8 * 4096, PROT_READ);
    faults = 0;
    uint64_t sum = 0;
    for (long i = 0; i < 8 * 4096; i += 64) {
        uint64_t old;
        __asm__ volatile("ldadd %1, %0, [%2]" : "=&r"(old) : "r"((uint64_t)i), "r"(pages + i) : "memory");
        sum += old + *(uint64_t *)(pages + i);
    }
    printf("ldadd loop: faults=%d sum=%lu\n", faults, (unsigned long)sum);
    return 0;
}
