/* Every syscall family called with bad pointers, (void *)0x10 and an unmapped page: each must
   fail with EFAULT (14) and the process must carry on, as on Linux. Raw syscalls: the libc
   wrappers would touch some of these pointers themselves. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <netinet/in.h>
#include <time.h>
#include <unistd.h>

static void *bad;
static int tests, efaults;

#define CHECK(name, call) do { \
    errno = 0; long r_ = (call); tests++; \
    if (r_ == -1 && errno == EFAULT) efaults++; \
    printf("%-28s %s\n", name, r_ == -1 ? (errno == EFAULT ? "EFAULT" : strerror(errno)) : "succeeded"); \
} while (0)

static void run(void) {
    char good[512];
    int sock = socket(AF_INET, SOCK_DGRAM, 0);
    int ep = epoll_create1(0);
    int fd = open("/", O_RDONLY | O_DIRECTORY);
    int pfd[2]; pipe(pfd);
    CHECK("fstat", syscall(SYS_fstat, fd, bad));
    CHECK("newfstatat path", syscall(SYS_newfstatat, AT_FDCWD, bad, good, 0));
    CHECK("newfstatat buf", syscall(SYS_newfstatat, AT_FDCWD, "/", bad, 0));
    CHECK("openat", syscall(SYS_openat, AT_FDCWD, bad, O_RDONLY, 0));
    CHECK("statx path", syscall(SYS_statx, AT_FDCWD, bad, 0, 0x7ff, good));
    CHECK("statx buf", syscall(SYS_statx, AT_FDCWD, "/", 0, 0x7ff, bad));
    CHECK("faccessat", syscall(SYS_faccessat, AT_FDCWD, bad, F_OK));
    CHECK("readlinkat path", syscall(SYS_readlinkat, AT_FDCWD, bad, good, sizeof good));
    CHECK("readlinkat buf", syscall(SYS_readlinkat, AT_FDCWD, "/proc/self/cwd", bad, sizeof good));
    CHECK("execve path", syscall(SYS_execve, bad, NULL, NULL));
    CHECK("execve argv", syscall(SYS_execve, "/bin/true", bad, NULL));
    CHECK("rt_sigaction act", syscall(SYS_rt_sigaction, SIGUSR1, bad, NULL, 8));
    CHECK("rt_sigaction oldact", syscall(SYS_rt_sigaction, SIGUSR1, NULL, bad, 8));
    CHECK("rt_sigprocmask set", syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad, NULL, 8));
    CHECK("rt_sigprocmask oldset", syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, bad, 8));
    CHECK("rt_sigpending", syscall(SYS_rt_sigpending, bad, 8));
    CHECK("rt_sigsuspend", syscall(SYS_rt_sigsuspend, bad, 8));
    CHECK("sigaltstack ss", syscall(SYS_sigaltstack, bad, NULL));
    CHECK("sigaltstack old", syscall(SYS_sigaltstack, NULL, bad));
    CHECK("uname", syscall(SYS_uname, bad));
    write(pfd[1], "x", 1);
    CHECK("read", syscall(SYS_read, pfd[0], bad, 1));
    CHECK("write", syscall(SYS_write, pfd[1], bad, 16));
    CHECK("pipe2", syscall(SYS_pipe2, bad, 0));
    CHECK("clock_gettime", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, bad));
    CHECK("epoll_ctl", syscall(SYS_epoll_ctl, ep, EPOLL_CTL_ADD, pfd[0], bad));
    struct epoll_event ev = {.events = EPOLLOUT}; epoll_ctl(ep, EPOLL_CTL_ADD, pfd[1], &ev);
    CHECK("epoll_pwait events", syscall(SYS_epoll_pwait, ep, bad, 4, 0, NULL, 8));
    CHECK("bind", syscall(SYS_bind, sock, bad, sizeof(struct sockaddr_in)));
    CHECK("connect", syscall(SYS_connect, sock, bad, sizeof(struct sockaddr_in)));
    socklen_t len = sizeof good;
    CHECK("getsockname addr", syscall(SYS_getsockname, sock, bad, &len));
    CHECK("getsockname len", syscall(SYS_getsockname, sock, good, bad));
    CHECK("setsockopt", syscall(SYS_setsockopt, sock, SOL_SOCKET, SO_REUSEADDR, bad, 4));
    CHECK("getsockopt", syscall(SYS_getsockopt, sock, SOL_SOCKET, SO_TYPE, bad, &len));
    CHECK("sendto", syscall(SYS_sendto, sock, good, 4, 0, bad, sizeof(struct sockaddr_in)));
    CHECK("sendmsg", syscall(SYS_sendmsg, sock, bad, 0));
    CHECK("recvmsg", syscall(SYS_recvmsg, sock, bad, MSG_DONTWAIT));
    CHECK("socketpair", syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, bad));
    CHECK("timerfd_settime", syscall(SYS_timerfd_settime, syscall(SYS_timerfd_create, CLOCK_MONOTONIC, 0), 0, bad, NULL));
    CHECK("signalfd4", syscall(SYS_signalfd4, -1, bad, 8, 0));
    CHECK("inotify_add_watch", syscall(SYS_inotify_add_watch, syscall(SYS_inotify_init1, 0), bad, 0x100));
    CHECK("getxattr", syscall(SYS_getxattr, bad, "user.x", good, sizeof good));
    CHECK("timer_create", syscall(SYS_timer_create, CLOCK_MONOTONIC, NULL, bad));
    CHECK("sched_setaffinity", syscall(SYS_sched_setaffinity, 0, 128, bad));
    CHECK("rt_sigqueueinfo", syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, bad));
    CHECK("wait4 status", fork() == 0 ? (_exit(0), 0) : syscall(SYS_wait4, -1, bad, 0, NULL));
    CHECK("semctl IPC_STAT", syscall(SYS_semctl, syscall(SYS_semget, IPC_PRIVATE, 1, 0600), 0, IPC_STAT, bad));
    CHECK("prctl PR_GET_PDEATHSIG", syscall(SYS_prctl, 2, bad, 0, 0, 0));
    close(sock); close(ep); close(fd);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("-- pointer 0x10\n");
    bad = (void *)0x10;
    run();
    printf("-- unmapped page\n");
    bad = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(bad, 4096);
    run();
    printf("%d of %d calls answered EFAULT; still alive\n", efaults, tests);
    return 0;
}
