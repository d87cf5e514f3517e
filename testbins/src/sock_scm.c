/* socketpair + SCM_RIGHTS across fork (the child sends an fd to a file it opened, the parent
   reads through it) and SCM_CREDENTIALS (the sender's pid/uid as the kernel reports them). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static int send_fd(int sock, int fd) {
    char byte = 'F';
    struct iovec iov = {&byte, 1};
    union { char buf[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } u;
    memset(&u, 0, sizeof u);
    struct msghdr mh; memset(&mh, 0, sizeof mh);
    mh.msg_iov = &iov; mh.msg_iovlen = 1; mh.msg_control = u.buf; mh.msg_controllen = sizeof u.buf;
    struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
    c->cmsg_level = SOL_SOCKET; c->cmsg_type = SCM_RIGHTS; c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof fd);
    return (int)sendmsg(sock, &mh, 0);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int sv[2];
    printf("socketpair=%d\n", socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
    printf("cloexec=%d\n", (fcntl(sv[0], F_GETFD) & FD_CLOEXEC) != 0);
    char path[] = "/tmp/compat-scm-XXXXXX";
    int tmp = mkstemp(path);
    write(tmp, "file contents via SCM_RIGHTS\n", 29);
    close(tmp);
    int one = 1; setsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &one, sizeof one);
    pid_t pid = fork();
    if (pid == 0) {
        close(sv[0]);
        int fd = open(path, O_RDONLY);
        int r = send_fd(sv[1], fd);
        close(fd);
        /* credentials: the kernel fills in our pid/uid/gid */
        struct ucred cr = {getpid(), getuid(), getgid()};
        char byte = 'C'; struct iovec iov = {&byte, 1};
        union { char buf[CMSG_SPACE(sizeof cr)]; struct cmsghdr align; } u; memset(&u, 0, sizeof u);
        struct msghdr mh; memset(&mh, 0, sizeof mh);
        mh.msg_iov = &iov; mh.msg_iovlen = 1; mh.msg_control = u.buf; mh.msg_controllen = sizeof u.buf;
        struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
        c->cmsg_level = SOL_SOCKET; c->cmsg_type = SCM_CREDENTIALS; c->cmsg_len = CMSG_LEN(sizeof cr);
        memcpy(CMSG_DATA(c), &cr, sizeof cr);
        int r2 = (int)sendmsg(sv[1], &mh, 0);
        _exit(r == 1 && r2 == 1 ? 0 : 1);
    }
    close(sv[1]);
    for (int round = 0; round < 2; round++) {
        char byte = 0; struct iovec iov = {&byte, 1};
        union { char buf[256]; struct cmsghdr align; } u;
        struct msghdr mh; memset(&mh, 0, sizeof mh);
        mh.msg_iov = &iov; mh.msg_iovlen = 1; mh.msg_control = u.buf; mh.msg_controllen = sizeof u.buf;
        ssize_t n = recvmsg(sv[0], &mh, MSG_CMSG_CLOEXEC);
        printf("recvmsg=%zd byte=%c\n", n, byte);
        for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
                int fd; memcpy(&fd, CMSG_DATA(c), sizeof fd);
                char buf[64] = {0};
                ssize_t m = read(fd, buf, sizeof buf - 1);
                printf("SCM_RIGHTS len=%d read=%zd: %s", (int)c->cmsg_len, m, buf);
                printf("received fd cloexec=%d\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
                close(fd);
            } else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
                struct ucred cr; memcpy(&cr, CMSG_DATA(c), sizeof cr);
                printf("SCM_CREDENTIALS len=%d pid is child=%d uid ok=%d gid ok=%d\n", (int)c->cmsg_len,
                       cr.pid == pid, cr.uid == getuid(), cr.gid == getgid());
            } else printf("cmsg level=%d type=%d\n", c->cmsg_level, c->cmsg_type);
        }
    }
    int st; waitpid(pid, &st, 0);
    printf("child exit=%d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    unlink(path);
    /* datagram socketpair keeps message boundaries */
    int dv[2]; socketpair(AF_UNIX, SOCK_DGRAM, 0, dv);
    send(dv[0], "ab", 2, 0); send(dv[0], "cde", 3, 0);
    char b[8]; ssize_t x = recv(dv[1], b, 8, 0), y = recv(dv[1], b + 2, 6, 0);
    printf("dgram lens %zd %zd: %.5s\n", x, y, b);
    return 0;
}
