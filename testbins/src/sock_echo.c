/* Loopback TCP echo (a forked server) and UDP echo (nonblocking sockets + epoll, one process)
   on 127.0.0.1 with kernel-chosen ports; getsockname/getpeername, options, shutdown. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static struct sockaddr_in loopback(void) {
    struct sockaddr_in a; memset(&a, 0, sizeof a);
    a.sin_family = AF_INET; a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static int tcp_echo(void) {
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    printf("tcp socket ok=%d\n", ls >= 0);
    printf("SO_REUSEADDR set=%d\n", setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
    int v = 0; socklen_t vl = sizeof v;
    getsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &v, &vl);
    printf("SO_REUSEADDR get=%d len=%d\n", v != 0, (int)vl);
    vl = sizeof v; getsockopt(ls, SOL_SOCKET, SO_TYPE, &v, &vl);
    printf("SO_TYPE=%d\n", v);
    struct sockaddr_in a = loopback();
    printf("bind=%d listen=%d\n", bind(ls, (struct sockaddr *)&a, sizeof a), listen(ls, 4));
    socklen_t al = sizeof a;
    getsockname(ls, (struct sockaddr *)&a, &al);
    printf("port nonzero=%d family=%d len=%d\n", a.sin_port != 0, a.sin_family, (int)al);
    pid_t pid = fork();
    if (pid == 0) {
        struct sockaddr_in peer; socklen_t pl = sizeof peer;
        int c = accept4(ls, (struct sockaddr *)&peer, &pl, SOCK_CLOEXEC);
        char buf[256]; ssize_t n;
        while ((n = recv(c, buf, sizeof buf, 0)) > 0) {
            for (ssize_t i = 0; i < n; i++) if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] -= 32;
            send(c, buf, n, 0);
        }
        _exit(n == 0 ? 0 : 1);
    }
    close(ls);
    int s = socket(AF_INET, SOCK_STREAM, 0);
    printf("connect=%d\n", connect(s, (struct sockaddr *)&a, sizeof a));
    printf("TCP_NODELAY set=%d\n", setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one));
    struct sockaddr_in peer; socklen_t pl = sizeof peer;
    getpeername(s, (struct sockaddr *)&peer, &pl);
    printf("peer is server=%d addr=%s\n", peer.sin_port == a.sin_port, inet_ntoa(peer.sin_addr));
    const char *msgs[] = {"hello", "over tcp", "third message"};
    for (int i = 0; i < 3; i++) {
        send(s, msgs[i], strlen(msgs[i]), 0);
        char buf[64]; size_t got = 0;
        while (got < strlen(msgs[i])) { ssize_t n = recv(s, buf + got, sizeof buf - got, 0); if (n <= 0) break; got += n; }
        printf("echo: %.*s\n", (int)got, buf);
    }
    struct iovec iov[2] = {{"sendmsg ", 8}, {"gather", 6}};
    struct msghdr mh; memset(&mh, 0, sizeof mh); mh.msg_iov = iov; mh.msg_iovlen = 2;
    printf("sendmsg=%zd\n", sendmsg(s, &mh, 0));
    char b1[8], b2[32]; size_t got = 0;
    struct iovec riov[2] = {{b1, 8}, {b2, 6}};
    while (got < 14) {
        struct msghdr rm; memset(&rm, 0, sizeof rm);
        struct iovec part[2]; int cnt = 0;
        if (got < 8) { part[cnt].iov_base = b1 + got; part[cnt++].iov_len = 8 - got; part[cnt++] = riov[1]; }
        else { part[cnt].iov_base = b2 + (got - 8); part[cnt++].iov_len = 14 - got; }
        rm.msg_iov = part; rm.msg_iovlen = cnt;
        ssize_t n = recvmsg(s, &rm, 0); if (n <= 0) break; got += n;
    }
    printf("recvmsg: %.8s%.6s\n", b1, b2);
    printf("shutdown=%d\n", shutdown(s, SHUT_WR));
    char tail[8]; printf("recv after shutdown=%zd\n", recv(s, tail, sizeof tail, 0));
    int st; waitpid(pid, &st, 0);
    printf("server exit=%d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    close(s);
    return 0;
}

static int udp_echo(void) {
    int srv = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    int cli = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    struct sockaddr_in a = loopback(), c = loopback();
    bind(srv, (struct sockaddr *)&a, sizeof a);
    socklen_t al = sizeof a; getsockname(srv, (struct sockaddr *)&a, &al);
    bind(cli, (struct sockaddr *)&c, sizeof c);
    socklen_t cl = sizeof c; getsockname(cli, (struct sockaddr *)&c, &cl);
    printf("udp ports nonzero=%d\n", a.sin_port != 0 && c.sin_port != 0);
    char buf[64];
    errno = 0;
    printf("empty recv=%zd EAGAIN=%d\n", recv(srv, buf, sizeof buf, 0), errno == EAGAIN);
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0x1122334455667788ULL};
    epoll_ctl(ep, EPOLL_CTL_ADD, srv, &ev);
    ev.data.u64 = 0x8877665544332211ULL; epoll_ctl(ep, EPOLL_CTL_ADD, cli, &ev);
    const char *words[] = {"alpha", "beta", "gamma"};
    int replies = 0;
    for (int i = 0; i < 3; i++) sendto(cli, words[i], strlen(words[i]), 0, (struct sockaddr *)&a, sizeof a);
    while (replies < 3) {
        struct epoll_event out[4];
        int n = epoll_wait(ep, out, 4, 5000);
        if (n <= 0) { printf("epoll_wait=%d\n", n); break; }
        for (int i = 0; i < n; i++) {
            if (out[i].data.u64 == 0x1122334455667788ULL) {
                struct sockaddr_in from; socklen_t fl = sizeof from; ssize_t m;
                while ((m = recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl)) > 0) {
                    printf("server got %.*s from client=%d\n", (int)m, buf, from.sin_port == c.sin_port);
                    buf[m] = '!'; sendto(srv, buf, m + 1, 0, (struct sockaddr *)&from, fl);
                }
            } else if (out[i].data.u64 == 0x8877665544332211ULL) {
                ssize_t m;
                while ((m = recv(cli, buf, sizeof buf, 0)) > 0) { printf("client got %.*s\n", (int)m, buf); replies++; }
            } else printf("bad data %llx\n", (unsigned long long)out[i].data.u64);
        }
    }
    /* sendmmsg / recvmmsg: two datagrams in one call each. */
    struct iovec iv[2] = {{"one", 3}, {"two!", 4}};
    struct mmsghdr mm[2]; memset(mm, 0, sizeof mm);
    for (int i = 0; i < 2; i++) { mm[i].msg_hdr.msg_iov = &iv[i]; mm[i].msg_hdr.msg_iovlen = 1;
        mm[i].msg_hdr.msg_name = &a; mm[i].msg_hdr.msg_namelen = sizeof a; }
    printf("sendmmsg=%d\n", sendmmsg(cli, mm, 2, 0));
    char r1[16], r2[16]; struct iovec rv[2] = {{r1, 16}, {r2, 16}};
    struct mmsghdr rm[2]; memset(rm, 0, sizeof rm);
    for (int i = 0; i < 2; i++) { rm[i].msg_hdr.msg_iov = &rv[i]; rm[i].msg_hdr.msg_iovlen = 1; }
    struct epoll_event out; epoll_wait(ep, &out, 1, 5000);
    int got = recvmmsg(srv, rm, 2, MSG_WAITFORONE, NULL);
    printf("recvmmsg=%d: %.*s %.*s\n", got, (int)rm[0].msg_len, r1, got > 1 ? (int)rm[1].msg_len : 0, r2);
    close(ep); close(srv); close(cli);
    return 0;
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    tcp_echo();
    udp_echo();
    errno = 0;
    struct sockaddr_in a; socklen_t al = sizeof a;
    int r = getpeername(0, (struct sockaddr *)&a, &al);
    printf("getpeername(stdin)=%d ENOTSOCK=%d\n", r, errno == ENOTSOCK);
    return 0;
}
