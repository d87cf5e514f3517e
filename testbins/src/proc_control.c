/* POSIX timers (signal with a sigval, overruns, SIGEV_NONE), sched_* (affinity round trip,
   policies, priorities), pidfd_open + poll + pidfd_send_signal, sigqueue / rt_tgsigqueueinfo
   values, prctl basics. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t handled, last_value, last_code;
static void on_rt(int sig, siginfo_t *si, void *uc) {
    (void)sig; (void)uc; handled++; last_value = si->si_value.sival_int; last_code = si->si_code;
}

static void test_timers(void) {
    struct sigaction sa; memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_rt; sa.sa_flags = SA_SIGINFO; sigaction(SIGRTMIN, &sa, NULL);
    struct sigevent sev; memset(&sev, 0, sizeof sev);
    sev.sigev_notify = SIGEV_SIGNAL; sev.sigev_signo = SIGRTMIN; sev.sigev_value.sival_int = 777;
    timer_t t;
    printf("timer_create=%d\n", timer_create(CLOCK_MONOTONIC, &sev, &t));
    /* blocked until sigsuspend, so the expiry cannot slip in before the wait */
    sigset_t rt, waitmask; sigemptyset(&rt); sigaddset(&rt, SIGRTMIN); sigprocmask(SIG_BLOCK, &rt, &waitmask);
    struct itimerspec its = {{0, 0}, {0, 10000000}};
    printf("timer_settime=%d\n", timer_settime(t, 0, &its, NULL));
    while (!handled) sigsuspend(&waitmask);
    sigprocmask(SIG_UNBLOCK, &rt, NULL);
    printf("handled=%d value=%d code_timer=%d\n", handled, last_value, last_code == SI_TIMER);
    struct itimerspec cur; timer_gettime(t, &cur);
    printf("one-shot disarmed=%d overrun=%d\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0,
           timer_getoverrun(t));
    /* a blocked periodic timer accumulates overruns */
    sigset_t m; sigemptyset(&m); sigaddset(&m, SIGRTMIN); sigprocmask(SIG_BLOCK, &m, NULL);
    struct itimerspec per = {{0, 2000000}, {0, 2000000}};
    timer_settime(t, 0, &per, NULL);
    siginfo_t si; sigwaitinfo(&m, &si);
    struct timespec nap = {0, 30000000}; nanosleep(&nap, NULL);
    sigwaitinfo(&m, &si);
    printf("sigwaitinfo value=%d overrun>0=%d\n", si.si_value.sival_int, si.si_overrun > 0 || timer_getoverrun(t) > 0);
    printf("timer_delete=%d\n", timer_delete(t));
    errno = 0; printf("deleted gettime=%d EINVAL=%d\n", timer_gettime(t, &cur), errno == EINVAL);
    sigprocmask(SIG_UNBLOCK, &m, NULL);
    sev.sigev_notify = SIGEV_NONE; timer_t t2;
    printf("SIGEV_NONE create=%d\n", timer_create(CLOCK_REALTIME, &sev, &t2));
    struct itimerspec far = {{0, 0}, {100, 0}}; timer_settime(t2, 0, &far, NULL);
    timer_gettime(t2, &cur); printf("remaining>90s=%d\n", cur.it_value.tv_sec >= 90);
    timer_delete(t2);
}

static void test_sched(void) {
    cpu_set_t set, got; CPU_ZERO(&set);
    sched_getaffinity(0, sizeof set, &set);
    int first = -1; for (int i = 0; i < CPU_SETSIZE; i++) if (CPU_ISSET(i, &set)) { first = i; break; }
    cpu_set_t one; CPU_ZERO(&one); CPU_SET(first, &one);
    printf("setaffinity=%d\n", sched_setaffinity(0, sizeof one, &one));
    CPU_ZERO(&got); sched_getaffinity(0, sizeof got, &got);
    printf("round trip count=%d same=%d\n", CPU_COUNT(&got), CPU_EQUAL(&got, &one));
    sched_setaffinity(0, sizeof set, &set);
    printf("scheduler=%d\n", sched_getscheduler(0));
    struct sched_param sp; printf("getparam=%d prio=%d\n", sched_getparam(0, &sp), sp.sched_priority);
    printf("setscheduler other=%d\n", sched_setscheduler(0, SCHED_OTHER, &sp));
    printf("fifo max=%d min=%d rr max=%d other max=%d\n", sched_get_priority_max(SCHED_FIFO),
           sched_get_priority_min(SCHED_FIFO), sched_get_priority_max(SCHED_RR), sched_get_priority_max(SCHED_OTHER));
    struct timespec q; printf("rr_get_interval=%d\n", sched_rr_get_interval(0, &q));
    errno = 0; printf("bad policy=%d EINVAL=%d\n", sched_get_priority_max(12345), errno == EINVAL);
    printf("setparam=%d\n", sched_setparam(0, &sp));
    printf("ioprio_get ok=%d\n", (int)syscall(SYS_ioprio_get, 1, 0) >= 0);
}

static void test_pidfd(void) {
    pid_t child = fork();
    if (child == 0) { pause(); _exit(3); }
    int pfd = (int)syscall(SYS_pidfd_open, child, 0);
    printf("pidfd_open ok=%d\n", pfd >= 0);
    struct pollfd p = {pfd, POLLIN, 0};
    printf("poll before=%d\n", poll(&p, 1, 0));
    printf("pidfd_send_signal=%ld\n", syscall(SYS_pidfd_send_signal, pfd, SIGTERM, NULL, 0));
    int r = poll(&p, 1, 5000);
    printf("poll after=%d revents_in=%d\n", r, (p.revents & POLLIN) != 0);
    int st; waitpid(child, &st, 0);
    printf("child signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));
    errno = 0; printf("pidfd_open bad flags=%ld EINVAL=%d\n", syscall(SYS_pidfd_open, getpid(), 1), errno == EINVAL);
    int self = (int)syscall(SYS_pidfd_open, getpid(), 0);
    int dup = (int)syscall(SYS_pidfd_getfd, self, 1, 0);
    printf("pidfd_getfd ok=%d\n", dup >= 0);
}

static void test_sigqueue(void) {
    struct sigaction sa; memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_rt; sa.sa_flags = SA_SIGINFO; sigaction(SIGUSR1, &sa, NULL);
    handled = 0;
    union sigval v = {.sival_int = 31337};
    printf("sigqueue=%d\n", sigqueue(getpid(), SIGUSR1, v));
    printf("handled=%d value=%d code_queue=%d\n", handled, last_value, last_code == SI_QUEUE);
    siginfo_t si; memset(&si, 0, sizeof si);
    si.si_signo = SIGUSR1; si.si_code = SI_QUEUE; si.si_pid = getpid(); si.si_uid = getuid(); si.si_value.sival_int = 99;
    printf("rt_tgsigqueueinfo=%ld\n", syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid(), SIGUSR1, &si));
    printf("handled=%d value=%d\n", handled, last_value);
    si.si_value.sival_int = 123;
    printf("rt_sigqueueinfo=%ld\n", syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si));
    printf("handled=%d value=%d\n", handled, last_value);
    si.si_code = SI_KERNEL; errno = 0;
    printf("forged SI_KERNEL=%ld EPERM=%d\n", syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si), errno == EPERM);
}

static void test_prctl(void) {
    printf("dumpable=%d\n", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
    printf("no_new_privs=%d", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    printf(" set=%d", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
    printf(" now=%d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    printf("pdeathsig set=%d", prctl(PR_SET_PDEATHSIG, SIGHUP, 0, 0, 0));
    int sig = 0; prctl(PR_GET_PDEATHSIG, &sig, 0, 0, 0); printf(" get=%d\n", sig);
    printf("timerslack>0=%d\n", prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0) > 0);
    printf("capbset_read(CAP_CHOWN)>=0=%d\n", prctl(PR_CAPBSET_READ, 0, 0, 0, 0) >= 0);
    char name[16] = {0}; prctl(PR_SET_NAME, "renamed", 0, 0, 0); prctl(PR_GET_NAME, name, 0, 0, 0);
    printf("name=%s\n", name);
    errno = 0; printf("unknown option=%d EINVAL=%d\n", prctl(0x7fff0000, 0, 0, 0, 0), errno == EINVAL);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    test_timers();
    test_sched();
    test_pidfd();
    test_sigqueue();
    test_prctl();
    return 0;
}
