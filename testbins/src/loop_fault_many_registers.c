/* A store faults inside a one-block loop that uses many guest registers (more than the five
   callee-saved host registers loop promotion keeps today) and advances its pointer by
   pre-indexing (`str x10, [x12, #8]!`). The guest SIGSEGV handler must see every register of
   the faulting iteration, the pointer not yet advanced, and returning retries the store: a
   guard for keeping more loop registers in host registers (branch hotloops) or folding the
   write-back into them. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

static char *volatile region;

static void on_segv(int sig, siginfo_t *si, void *ctx) {
    (void)sig;
    ucontext_t *uc = ctx;
    unsigned long *x = (unsigned long *)uc->uc_mcontext.regs;
    unsigned long i = x[9], n = i + 1;
    int steps = x[3] == n && x[4] == 2 * n && x[5] == 3 * n && x[6] == 5 * n && x[7] == 7 * n;
    int temps = x[10] == 3 * i && x[11] == (i ^ 0xff);
    int pointer = x[12] + 8 == (unsigned long)(uintptr_t)si->si_addr;
    printf("fault at page %lu: i=%lu x3=%lu x7=%lu x10=%lu steps=%d temps=%d pointer=%d\n",
           (unsigned long)(((uintptr_t)si->si_addr - (uintptr_t)region) / 4096), i, x[3], x[7], x[10], steps, temps,
           pointer);
    mprotect((void *)((uintptr_t)si->si_addr & ~(uintptr_t)4095), 4096, PROT_READ | PROT_WRITE);
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    region = mmap(0, 4 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    register unsigned long end asm("x13") = 4 * 4096 / 8;
    register char *pointer asm("x12") = region - 8;
    unsigned long out[6];
    __asm__ volatile(
        "mov x9, #0\n"
        "mov x3, #0\n"
        "mov x4, #0\n"
        "mov x5, #0\n"
        "mov x6, #0\n"
        "mov x7, #0\n"
        "1: add x3, x3, #1\n"         /* loop-carried steps: x3..x7 = (i + 1) * 1, 2, 3, 5, 7 */
        "add x4, x4, #2\n"
        "add x5, x5, #3\n"
        "add x6, x6, #5\n"
        "add x7, x7, #7\n"
        "lsl x10, x9, #1\n"
        "add x10, x10, x9\n"          /* x10 = 3 * i, written before read */
        "eor x11, x9, #0xff\n"        /* x11 = i ^ 0xff, written before read */
        "str x10, [x12, #8]!\n"
        "add x9, x9, #1\n"
        "cmp x9, x13\n"
        "b.ne 1b\n"
        "stp x3, x4, [%1]\n"
        "stp x5, x6, [%1, #16]\n"
        "stp x7, x10, [%1, #32]\n"
        : "+r"(pointer) : "r"(out), "r"(end) : "x3", "x4", "x5", "x6", "x7", "x9", "x10", "x11", "memory", "cc");
    unsigned long sum = 0;
    for (unsigned long i = 0; i < end; i++) sum += ((unsigned long *)region)[i];
    printf("last x3=%lu x4=%lu x5=%lu x6=%lu x7=%lu x10=%lu pointer=%ld sum=%lu\n", out[0], out[1], out[2], out[3],
           out[4], out[5], (long)(pointer - region), sum);
    return 0;
}
