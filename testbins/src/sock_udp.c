// Sockets: UDP over loopback (bind to port 0, getsockname, sendto/recvfrom with the peer address,
// message boundaries kept, MSG_PEEK, MSG_TRUNC), connected UDP, SOCK_SEQPACKET and SOCK_DGRAM
// socketpairs, setsockopt/getsockopt round trips, shutdown, and sendmmsg/recvmmsg batches.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(void) {
    int a = socket(AF_INET, SOCK_DGRAM, 0), b = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bind(a, (struct sockaddr*)&sa, sizeof sa);
    bind(b, (struct sockaddr*)&sa, sizeof sa);
    struct sockaddr_in aa, ba; socklen_t len = sizeof aa;
    getsockname(a, (struct sockaddr*)&aa, &len); len = sizeof ba;
    getsockname(b, (struct sockaddr*)&ba, &len);
    printf("bound: port a>0 %d, distinct %d, loopback %d\n", ntohs(aa.sin_port) > 0, aa.sin_port != ba.sin_port,
           aa.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    struct timeval tv = {5, 0};
    setsockopt(a, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    const char* msgs[] = {"first", "second message", "3"};
    for (int i = 0; i < 3; i++) sendto(b, msgs[i], strlen(msgs[i]), 0, (struct sockaddr*)&aa, sizeof aa);
    char buf[64];
    ssize_t n = recv(a, buf, sizeof buf, MSG_PEEK);
    printf("peek %zd bytes\n", n);
    for (int i = 0; i < 3; i++) {
        struct sockaddr_in from; socklen_t fl = sizeof from;
        n = recvfrom(a, buf, i == 1 ? 6 : sizeof buf, i == 1 ? MSG_TRUNC : 0, (struct sockaddr*)&from, &fl);
        printf("datagram %d: %zd bytes%s from b: %d\n", i, n, i == 1 ? " (MSG_TRUNC: real length)" : "", from.sin_port == ba.sin_port);
    }
    connect(b, (struct sockaddr*)&aa, sizeof aa);
    send(b, "connected", 9, 0);
    n = recv(a, buf, sizeof buf, 0);
    printf("connected send: %.*s\n", (int)n, buf);

    int rcv = 0; len = sizeof rcv;
    int want = 65536;
    setsockopt(a, SOL_SOCKET, SO_RCVBUF, &want, sizeof want);
    getsockopt(a, SOL_SOCKET, SO_RCVBUF, &rcv, &len);
    int type = 0; len = sizeof type;
    getsockopt(a, SOL_SOCKET, SO_TYPE, &type, &len);
    printf("SO_RCVBUF doubled: %d, SO_TYPE dgram: %d\n", rcv == 2 * want, type == SOCK_DGRAM);

    struct mmsghdr out[4], in[4];
    struct iovec oi[4], ii[4];
    char inb[4][16];
    char payload[4][8];
    for (int i = 0; i < 4; i++) {
        snprintf(payload[i], sizeof payload[i], "m%d", i * 11);
        oi[i] = (struct iovec){payload[i], strlen(payload[i])};
        ii[i] = (struct iovec){inb[i], sizeof inb[i]};
        memset(&out[i], 0, sizeof out[i]); memset(&in[i], 0, sizeof in[i]);
        out[i].msg_hdr.msg_iov = &oi[i]; out[i].msg_hdr.msg_iovlen = 1;
        in[i].msg_hdr.msg_iov = &ii[i]; in[i].msg_hdr.msg_iovlen = 1;
    }
    printf("sendmmsg=%d ", sendmmsg(b, out, 4, 0));
    int got = 0;
    while (got < 4) { int r = recvmmsg(a, in + got, 4 - got, 0, NULL); if (r <= 0) break; got += r; }
    printf("recvmmsg=%d:", got);
    for (int i = 0; i < got; i++) printf(" %.*s", (int)in[i].msg_len, inb[i]);
    printf("\n");
    close(a); close(b);

    int sp[2];
    socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp);
    send(sp[0], "abc", 3, 0); send(sp[0], "defgh", 5, 0);
    n = recv(sp[1], buf, 2, 0);
    ssize_t n2 = recv(sp[1], buf, sizeof buf, 0);
    printf("seqpacket: %zd then %zd (records kept, excess dropped)\n", n, n2);
    shutdown(sp[0], SHUT_WR);
    printf("after shutdown: recv=%zd\n", recv(sp[1], buf, sizeof buf, 0));
    errno = 0;
    printf("send after SHUT_WR: %zd EPIPE=%d\n", send(sp[0], "x", 1, MSG_NOSIGNAL), errno == EPIPE);
    close(sp[0]); close(sp[1]);
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sp);
    for (int i = 0; i < 3; i++) send(sp[0], msgs[i], strlen(msgs[i]), 0);
    for (int i = 0; i < 3; i++) { n = recv(sp[1], buf, sizeof buf, 0); printf("unix dgram %zd ", n); }
    printf("\n");
    return 0;
}
