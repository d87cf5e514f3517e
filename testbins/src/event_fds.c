/* epoll with 64-bit data values (ADD/MOD/DEL, edge/level), eventfd, timerfd expirations,
   signalfd reading a blocked signal, epoll_pwait with a sigmask, pipe2(O_DIRECT). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

static volatile sig_atomic_t got_usr2;
static void on_usr2(int sig) { (void)sig; got_usr2++; }

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    printf("epoll cloexec=%d\n", (fcntl(ep, F_GETFD) & FD_CLOEXEC) != 0);
    int efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    int p[2]; pipe2(p, O_NONBLOCK);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0xdeadbeefcafef00dULL};
    printf("ctl add eventfd=%d\n", epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev));
    ev.data.u64 = 0xfedcba9876543210ULL; ev.events = EPOLLIN | EPOLLET;
    printf("ctl add pipe=%d\n", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev));
    errno = 0;
    printf("ctl add again=%d EEXIST=%d\n", epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), errno == EEXIST);
    struct epoll_event out[8];
    printf("nothing ready=%d\n", epoll_wait(ep, out, 8, 0));
    uint64_t one = 3; write(efd, &one, 8);
    write(p[1], "x", 1);
    int n = epoll_wait(ep, out, 8, 1000);
    printf("ready=%d\n", n);
    uint64_t seen = 0;
    for (int i = 0; i < n; i++) { seen ^= out[i].data.u64; printf("  events=%#x\n", out[i].events); }
    printf("data xor=%#llx\n", (unsigned long long)seen);
    printf("edge-triggered pipe again (eventfd level)=%d\n", epoll_wait(ep, out, 8, 0));
    printf("  data=%#llx\n", (unsigned long long)out[0].data.u64);
    uint64_t val = 0; read(efd, &val, 8); printf("eventfd value=%llu\n", (unsigned long long)val);
    ev.events = EPOLLOUT; ev.data.u64 = 0x0123456789abcdefULL;
    printf("ctl mod=%d\n", epoll_ctl(ep, EPOLL_CTL_MOD, efd, &ev));
    n = epoll_wait(ep, out, 8, 0);
    printf("after mod ready=%d data=%#llx events=%#x\n", n, (unsigned long long)out[0].data.u64, out[0].events);
    printf("ctl del=%d\n", epoll_ctl(ep, EPOLL_CTL_DEL, efd, NULL));
    printf("after del ready=%d\n", epoll_wait(ep, out, 8, 0));
    /* maxevents smaller than the ready count */
    int fds[5]; for (int i = 0; i < 5; i++) { fds[i] = eventfd(1, 0); ev.events = EPOLLIN; ev.data.u64 = 100 + i;
        epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev); }
    n = epoll_wait(ep, out, 2, 0);
    printf("limited to %d\n", n);
    errno = 0; printf("maxevents 0=%d EINVAL=%d\n", epoll_wait(ep, out, 0, 0), errno == EINVAL);

    /* timerfd: 3 expirations of a 20 ms interval timer */
    int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    struct itimerspec its = {{0, 20000000}, {0, 20000000}};
    printf("timerfd_settime=%d\n", timerfd_settime(tfd, 0, &its, NULL));
    uint64_t total = 0;
    while (total < 3) { uint64_t e = 0; if (read(tfd, &e, 8) != 8) break; total += e; }
    printf("timerfd expirations>=3: %d\n", total >= 3);
    struct itimerspec cur; timerfd_gettime(tfd, &cur);
    printf("interval=%ld ns\n", cur.it_interval.tv_nsec);
    struct itimerspec off = {{0, 0}, {0, 0}}; timerfd_settime(tfd, 0, &off, NULL);
    timerfd_gettime(tfd, &cur); printf("disarmed=%d\n", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);

    /* signalfd: a blocked SIGUSR1 read as a signalfd_siginfo */
    sigset_t mask; sigemptyset(&mask); sigaddset(&mask, SIGUSR1);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    int sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
    printf("signalfd ok=%d\n", sfd >= 0);
    struct signalfd_siginfo si;
    errno = 0; printf("empty read=%zd EAGAIN=%d\n", read(sfd, &si, sizeof si), errno == EAGAIN);
    union sigval sv = {.sival_int = 4242};
    sigqueue(getpid(), SIGUSR1, sv);
    ssize_t r = read(sfd, &si, sizeof si);
    printf("signalfd read=%zd signo=%u code_queue=%d pid_ok=%d int=%d\n", r, si.ssi_signo, si.ssi_code == SI_QUEUE,
           si.ssi_pid == (uint32_t)getpid(), si.ssi_int);

    /* epoll_pwait: SIGUSR2 blocked normally, unblocked only during the wait */
    struct sigaction sa; memset(&sa, 0, sizeof sa); sa.sa_handler = on_usr2; sigaction(SIGUSR2, &sa, NULL);
    sigset_t b2; sigemptyset(&b2); sigaddset(&b2, SIGUSR2); sigprocmask(SIG_BLOCK, &b2, NULL);
    raise(SIGUSR2);
    printf("blocked usr2 handled=%d\n", got_usr2);
    int ep2 = epoll_create1(0);
    sigset_t during; sigprocmask(SIG_BLOCK, NULL, &during); sigdelset(&during, SIGUSR2);
    errno = 0;
    n = epoll_pwait(ep2, out, 4, 1000, &during);
    printf("epoll_pwait=%d EINTR=%d handled=%d\n", n, errno == EINTR, got_usr2);
    sigset_t now; sigprocmask(SIG_BLOCK, NULL, &now);
    printf("mask restored=%d\n", sigismember(&now, SIGUSR2));

    /* pipe2(O_DIRECT): packet mode keeps write boundaries */
    int d[2];
    printf("pipe2 O_DIRECT=%d\n", pipe2(d, O_DIRECT));
    printf("F_GETFL has O_DIRECT=%d\n", (fcntl(d[1], F_GETFL) & O_DIRECT) != 0);
    write(d[1], "abc", 3); write(d[1], "defgh", 5);
    char buf[16]; ssize_t a = read(d[0], buf, sizeof buf), b = read(d[0], buf + 3, sizeof buf - 3);
    printf("packets %zd %zd: %.8s\n", a, b, buf);
    return 0;
}
