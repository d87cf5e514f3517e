/* Real-time signals queue: three SIGRTMIN sent with sigqueue while blocked each reach the handler with their own si_value, in order; standard signals coalesce. Delivery nests like the kernel's: the later, higher-numbered handler runs first. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
static int got[16], n;
static void h(int s, siginfo_t *i, void *u) { if (n < 16) got[n++] = i->si_value.sival_int; }
int main(void) {
    struct sigaction sa = {0}; sa.sa_sigaction = h; sa.sa_flags = SA_SIGINFO; sigaction(SIGRTMIN, &sa, 0); sigaction(SIGUSR1, &sa, 0);
    sigset_t set; sigemptyset(&set); sigaddset(&set, SIGRTMIN); sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, 0);
    for (int v = 1; v <= 3; v++) { union sigval sv = { .sival_int = v * 10 }; sigqueue(getpid(), SIGRTMIN, sv); }
    for (int v = 1; v <= 2; v++) { union sigval sv = { .sival_int = v }; sigqueue(getpid(), SIGUSR1, sv); }
    sigprocmask(SIG_UNBLOCK, &set, 0);
    printf("handled %d:", n); for (int i = 0; i < n; i++) printf(" %d", got[i]); printf("\n");
    return 0;
}
