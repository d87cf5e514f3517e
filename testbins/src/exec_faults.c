/* Guest code runs only from PROT_EXEC pages: a jump to a RW page, data, unmapped memory,
   NULL or PROT_NONE is a SIGSEGV (SEGV_ACCERR / SEGV_MAPERR) whose si_addr is the target;
   a misaligned pc is SIGBUS (BUS_ADRALN). */
#include <signal.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
static sigjmp_buf jb; static volatile void *addr; static volatile int sig, code;
static void h(int s, siginfo_t *i, void *u) { sig = s; code = i->si_code; addr = i->si_addr; siglongjmp(jb, 1); }
static int stackcode[4];
static void try(const char *what, void *target) {
    sig = 0;
    if (!sigsetjmp(jb, 1)) ((void (*)(void))target)();
    printf("%s: sig=%d code=%d addr_ok=%d\n", what, sig, code, addr == target);
}
int main(void) {
    struct sigaction sa = {0}; sa.sa_sigaction = h; sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, 0); sigaction(SIGBUS, &sa, 0);
    uint32_t ret = 0xd65f03c0;
    uint32_t *rw = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    rw[0] = ret;
    try("rw page", rw);
    memcpy(stackcode, &ret, 4);
    try("data", stackcode);
    munmap(rw, 4096);
    try("unmapped", rw);
    try("null", 0);
    uint32_t *none = mmap(0, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    try("prot_none", none);
    uint32_t *rx = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    rx[0] = ret; __builtin___clear_cache((char *)rx, (char *)rx + 4);
    try("rwx page", rx);
    try("misaligned", (char *)rx + 2);
    return 0;
}
