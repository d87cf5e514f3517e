/* sigaction handlers, raise/kill to self, blocked + pending signals, SA_SIGINFO fields. */
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr1, got_usr2, info_signo, info_code_user;
static void h_usr1(int sig) { got_usr1 += sig == SIGUSR1; }
static void h_usr2(int sig, siginfo_t *si, void *uc) { (void)uc; got_usr2++; info_signo = si->si_signo; info_code_user = si->si_code == SI_USER || si->si_code == SI_TKILL; (void)sig; }

int main(void) {
    struct sigaction sa; memset(&sa, 0, sizeof sa);
    sa.sa_handler = h_usr1; sigemptyset(&sa.sa_mask);
    printf("sigaction usr1=%d\n", sigaction(SIGUSR1, &sa, NULL));
    sa.sa_sigaction = h_usr2; sa.sa_flags = SA_SIGINFO;
    printf("sigaction usr2=%d\n", sigaction(SIGUSR2, &sa, NULL));
    raise(SIGUSR1); printf("after raise got_usr1=%d\n", got_usr1);
    kill(getpid(), SIGUSR2); printf("after kill got_usr2=%d signo=%d user=%d\n", got_usr2, info_signo, info_code_user);
    sigset_t set, old, pend; sigemptyset(&set); sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, &old);
    raise(SIGUSR1); raise(SIGUSR1);
    sigpending(&pend);
    printf("blocked: got_usr1=%d pending=%d\n", got_usr1, sigismember(&pend, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: got_usr1=%d\n", got_usr1);
    signal(SIGUSR1, SIG_IGN); raise(SIGUSR1); printf("ignored: got_usr1=%d\n", got_usr1);
    struct sigaction cur; sigaction(SIGUSR2, NULL, &cur);
    printf("query usr2 siginfo=%d\n", (cur.sa_flags & SA_SIGINFO) != 0);
    volatile long work = 0; for (int i = 0; i < 100; i++) { raise(SIGUSR2); work += i; }
    printf("many: got_usr2=%d work=%ld\n", got_usr2, work);
    return 0;
}
