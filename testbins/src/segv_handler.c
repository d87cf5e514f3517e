/* Guest SIGSEGV handlers see the faulting data address and code, can siglongjmp out,
   or fix the mapping and return so the faulting access is retried — including a
   fault in the middle of a hot loop whose registers the translator keeps in host
   registers. */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static sigjmp_buf jb;
static volatile uintptr_t last_addr;
static volatile int last_code, mode, faults;
static char *volatile region;

static void on_segv(int sig, siginfo_t *si, void *ctx) {
    (void)sig; (void)ctx;
    faults++;
    last_addr = (uintptr_t)si->si_addr;
    last_code = si->si_code;
    if (mode == 0) siglongjmp(jb, 1);
    /* mode 1: make the faulting page writable and retry the access */
    mprotect((void *)(last_addr & ~(uintptr_t)4095), 4096, PROT_READ | PROT_WRITE);
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);

    if (sigsetjmp(jb, 1) == 0) {
        volatile int *p = (int *)0x10;
        printf("read %d\n", *p);
    } else {
        printf("read fault: addr=%#lx code=%d\n", (unsigned long)last_addr, last_code);
    }

    mode = 1;
    region = mmap(0, 8 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long checksum = 0;
    for (int i = 0; i < 8 * 4096; i += 8) {       /* faults once per page, retried */
        region[i] = (char)(i * 7);
        checksum += region[i] ^ i;
    }
    printf("write faults retried: faults=%d last code=%d last page offset=%lu checksum=%ld\n",
           faults, last_code, (unsigned long)(last_addr - (uintptr_t)region), checksum);
    return 0;
}
