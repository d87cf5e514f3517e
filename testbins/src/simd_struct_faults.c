// Faults inside the structure loads/stores (LD2-LD4, ST2-ST4, single-structure lanes, LD4R),
// which run out of line, reach the guest handler precisely: si_addr = the first inaccessible
// byte and pc = the faulting instruction, as on the reference.
#include <arm_neon.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static sigjmp_buf env;
static volatile uintptr_t fault_addr, fault_pc;
static uintptr_t expected_pc;
static void handler(int sig, siginfo_t *si, void *uc) {
    fault_addr = (uintptr_t)si->si_addr;
    fault_pc = ((ucontext_t *)uc)->uc_mcontext.pc;
    siglongjmp(env, sig);
}

int main(void) {
    struct sigaction sa = {0};
    sa.sa_sigaction = handler; sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, 0);
    long pg = sysconf(_SC_PAGESIZE);
    uint8_t *two = mmap(0, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    memset(two, 7, 2 * pg);
    mprotect(two + pg, pg, PROT_NONE);
    uint8_t *ro = mmap(0, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct { const char *name; int kind; uint8_t *addr; } cases[] = {
        {"ld4 at page end", 0, two + pg - 32},
        {"ld4 in none", 0, two + pg},
        {"st3 read-only", 1, ro},
        {"ld2 lane in none", 2, two + pg + 8},
        {"ld4r crossing", 3, two + pg - 2},
        {"st4 crossing", 4, two + pg - 40},
    };
    uint8x16x4_t v4; memset(&v4, 1, sizeof v4);
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int sig = sigsetjmp(env, 1);
        if (sig == 0) {
            uint8_t *a = cases[i].addr;
            switch (cases[i].kind) {
            case 0: __asm__ volatile("adr x9, 1f\n str x9, %[g]\n1: ld4 {v0.16b-v3.16b}, [%[a]]" : [g] "=m"(expected_pc) : [a] "r"(a) : "x9", "v0", "v1", "v2", "v3", "memory"); break;
            case 1: __asm__ volatile("adr x9, 1f\n str x9, %[g]\n1: st3 {v0.16b-v2.16b}, [%[a]]" : [g] "=m"(expected_pc) : [a] "r"(a) : "x9", "memory"); break;
            case 2: __asm__ volatile("adr x9, 1f\n str x9, %[g]\n1: ld2 {v0.s, v1.s}[1], [%[a]]" : [g] "=m"(expected_pc) : [a] "r"(a) : "x9", "v0", "v1", "memory"); break;
            case 3: __asm__ volatile("adr x9, 1f\n str x9, %[g]\n1: ld4r {v0.4s-v3.4s}, [%[a]]" : [g] "=m"(expected_pc) : [a] "r"(a) : "x9", "v0", "v1", "v2", "v3", "memory"); break;
            default: __asm__ volatile("adr x9, 1f\n str x9, %[g]\n1: st4 {v0.16b-v3.16b}, [%[a]]" : [g] "=m"(expected_pc) : [a] "r"(a) : "x9", "memory"); break;
            }
            printf("%s: no fault\n", cases[i].name);
        } else {
            printf("%s: signal %d at page offset %+ld, pc is the instruction: %s\n", cases[i].name, sig,
                   (long)(fault_addr - ((uintptr_t)cases[i].addr & ~(uintptr_t)(pg - 1))),
                   fault_pc == expected_pc ? "yes" : "no");
        }
    }
    (void)v4;
    return 0;
}
