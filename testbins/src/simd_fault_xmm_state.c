/* Precise faults with guest V registers still in host registers: the vector register cache
 * keeps FP/SIMD results in xmm registers across plain loads and stores (it does not write them
 * to the CPU state first), so a fault there must rebuild them from the host signal frame. Each
 * case computes whole 128-bit values in many V registers, then faults on a load, a store or a
 * load pair, in a straight block and in a one-block loop (whose V registers stay in host
 * registers across iterations); the handler prints every V register it sees. */
#include <asm/sigcontext.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

static sigjmp_buf back;
static uint64_t seen[12][2];
static uintptr_t fault_pc, expected_pc;

static void on_segv(int sig, siginfo_t *si, void *ctx) {
    (void)sig; (void)si;
    ucontext_t *uc = ctx;
    fault_pc = uc->uc_mcontext.pc;
    struct _aarch64_ctx *head = (struct _aarch64_ctx *)uc->uc_mcontext.__reserved;
    for (; head->magic; head = (struct _aarch64_ctx *)((char *)head + head->size)) {
        if (head->magic != FPSIMD_MAGIC) continue;
        struct fpsimd_context *fp = (struct fpsimd_context *)head;
        for (int i = 0; i < 12; i++) memcpy(seen[i], &fp->vregs[i], 16);
    }
    siglongjmp(back, 1);
}

/* Only the registers the case wrote (v0-v`last` from v`first`): the others hold whatever the
 * C library's string routines left, which depends on the CPU features it chose them by. */
static void report(const char *name, int faulted, int first, int last) {
    printf("%s: %s, pc is the instruction: %s\n", name, faulted ? "fault" : "no fault",
           fault_pc == expected_pc ? "yes" : "no");
    for (int i = first; i <= last; i++)
        printf("  v%-2d %016llx %016llx\n", i, (unsigned long long)seen[i][1], (unsigned long long)seen[i][0]);
}

static const double inputs[8] = {1.5, -2.25, 3.0, 0.125, 1e10, -7.5, 2.0, 0.5};

int main(void) {
    struct sigaction sa = {0};
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, 0);
    long pg = sysconf(_SC_PAGESIZE);
    uint8_t *two = mmap(0, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(two + pg, pg, PROT_NONE);
    uint8_t *bad = two + pg;

    /* Straight block: vector and scalar results in v0-v11, then a load that faults. */
    memset(seen, 0, sizeof seen); fault_pc = 0;
    if (!sigsetjmp(back, 1)) {
        __asm__ volatile("ldp q0, q1, [%[in]]\n"
                         "ldp q2, q3, [%[in], #32]\n"
                         "fadd v4.2d, v0.2d, v1.2d\n"
                         "fmul v5.2d, v2.2d, v3.2d\n"
                         "fmla v0.2d, v1.2d, v2.2d\n"
                         "eor v6.16b, v4.16b, v5.16b\n"
                         "fsub d7, d4, d5\n"
                         "add v8.4s, v6.4s, v5.4s\n"
                         "fmov d9, #0.75\n"
                         "movi v10.16b, #0x5a\n"
                         "zip1 v11.4s, v8.4s, v10.4s\n"
                         "fmls v3.2d, v4.2d, v5.2d\n"
                         "adr x9, 1f\n"
                         "str x9, %[pc]\n"
                         "1: ldr x10, [%[bad]]\n"
                         "fmov d0, #3.0\n"
                         : [pc] "=m"(expected_pc)
                         : [in] "r"(inputs), [bad] "r"(bad)
                         : "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "x9", "x10",
                           "memory");
        report("load", 0, 0, 11);
    } else {
        report("load", 1, 0, 11);
    }

    /* A store of a just-computed register faults (read-only page), then a load pair. */
    uint8_t *ro = mmap(0, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(seen, 0, sizeof seen); fault_pc = 0;
    if (!sigsetjmp(back, 1)) {
        __asm__ volatile("ldp q0, q1, [%[in]]\n"
                         "fmul v2.2d, v0.2d, v1.2d\n"
                         "fadd v3.2d, v2.2d, v0.2d\n"
                         "fdiv v4.2d, v3.2d, v1.2d\n"
                         "ext v5.16b, v4.16b, v2.16b, #8\n"
                         "adr x9, 1f\n"
                         "str x9, %[pc]\n"
                         "1: str q5, [%[ro]]\n"
                         : [pc] "=m"(expected_pc)
                         : [in] "r"(inputs), [ro] "r"(ro)
                         : "v0", "v1", "v2", "v3", "v4", "v5", "x9", "memory");
        report("store", 0, 0, 5);
    } else {
        report("store", 1, 0, 5);
    }
    memset(seen, 0, sizeof seen); fault_pc = 0;
    if (!sigsetjmp(back, 1)) {
        __asm__ volatile("ldp q6, q7, [%[in], #32]\n"
                         "fsqrt v8.2d, v6.2d\n"
                         "fneg v9.2d, v7.2d\n"
                         "adr x9, 1f\n"
                         "str x9, %[pc]\n"
                         "1: ldp q10, q11, [%[bad], #-16]\n"
                         : [pc] "=m"(expected_pc)
                         : [in] "r"(inputs), [bad] "r"(bad)
                         : "v6", "v7", "v8", "v9", "v10", "v11", "x9", "memory");
        report("load pair across the page end", 0, 6, 9);
    } else {
        report("load pair across the page end", 1, 6, 9);
    }

    /* A one-block loop: FMLA accumulators and a scalar sum stay in host registers across
     * iterations; it walks an array into the inaccessible page and faults there. */
    double *walk = (double *)(two + pg - 5 * 16);
    for (int i = 0; i < 10; i++) walk[i] = 0.25 * (i + 1);
    memset(seen, 0, sizeof seen); fault_pc = 0;
    if (!sigsetjmp(back, 1)) {
        __asm__ volatile("movi v0.2d, #0\n"
                         "movi v1.2d, #0\n"
                         "fmov d2, #1.0\n"
                         "ldr q3, [%[in]]\n"
                         "mov x10, %[walk]\n"
                         "adr x9, 2f\n"
                         "str x9, %[pc]\n"
                         "1:\n"
                         "2: ldr q4, [x10], #16\n"
                         "fmla v0.2d, v4.2d, v3.2d\n"
                         "fadd v1.2d, v1.2d, v4.2d\n"
                         "fadd d2, d2, d2\n"
                         "b 1b\n"
                         : [pc] "=m"(expected_pc)
                         : [in] "r"(inputs), [walk] "r"(walk)
                         : "v0", "v1", "v2", "v3", "v4", "x9", "x10", "memory");
        report("loop", 0, 0, 4);
    } else {
        report("loop", 1, 0, 4);
    }
    return 0;
}
