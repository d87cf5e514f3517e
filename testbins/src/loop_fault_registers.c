/* A store faults inside a one-block loop whose registers the translator keeps in host
   registers, including registers the loop writes before it reads them (x10, x11): the
   guest SIGSEGV handler must see their values of the faulting iteration, and returning
   from it retries the store with them. */
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
    unsigned long i = uc->uc_mcontext.regs[9], x10 = uc->uc_mcontext.regs[10], x11 = uc->uc_mcontext.regs[11];
    printf("fault at page %lu: i=%lu x10=%lu x11=%#lx consistent=%d\n",
           (unsigned long)(((uintptr_t)si->si_addr - (uintptr_t)region) / 4096), i, x10, x11,
           x10 == 3 * i && x11 == (i ^ 0xff));
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
    register char *base asm("x12") = region;
    unsigned long last10, last11;
    __asm__ volatile(
        "mov x9, #0\n"
        "1: lsl x10, x9, #1\n"
        "add x10, x10, x9\n"          /* x10 = 3 * i, written before read */
        "eor x11, x9, #0xff\n"        /* x11 = i ^ 0xff, written before read */
        "str x10, [x12, x9, lsl #3]\n"
        "add x9, x9, #1\n"
        "cmp x9, x13\n"
        "b.ne 1b\n"
        "mov %0, x10\n"
        "mov %1, x11\n"
        : "=r"(last10), "=r"(last11) : "r"(end), "r"(base) : "x9", "x10", "x11", "memory", "cc");
    unsigned long sum = 0;
    for (unsigned long i = 0; i < end; i++) sum += ((unsigned long *)region)[i];
    printf("last x10=%lu x11=%#lx sum=%lu\n", last10, last11, sum);
    return 0;
}
