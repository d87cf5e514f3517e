/* A guest SIGILL handler runs for an undefined instruction, sees si_addr == pc, and
   resumes after it by editing the saved context (as JITs and CPU-feature probes do). */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static volatile int caught;
static void on_sigill(int sig, siginfo_t *si, void *ctx) {
    ucontext_t *uc = ctx;
    caught++;
    printf("caught signal %d, si_addr is pc: %d\n", sig, si->si_addr == (void *)uc->uc_mcontext.pc);
    uc->uc_mcontext.pc += 4;
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigill;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGILL, &sa, NULL);
    for (int i = 0; i < 3; i++) __asm__ volatile(".inst 0x00000000");
    printf("resumed, caught %d times\n", caught);
    return 0;
}
