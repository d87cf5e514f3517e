// Pipes: pipe2 flags (O_CLOEXEC, O_NONBLOCK: EAGAIN on empty read and full write), capacity via
// F_GETPIPE_SZ, poll/ppoll/select readiness, EOF and EPIPE (SIGPIPE ignored), dup2/dup3, and a
// parent-child pipeline through fork with the child's exit status.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    int p[2];
    if (pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0) { perror("pipe2"); return 1; }
    printf("cloexec=%d nonblock=%d\n", (fcntl(p[0], F_GETFD) & FD_CLOEXEC) != 0, (fcntl(p[1], F_GETFL) & O_NONBLOCK) != 0);
    char buf[256];
    errno = 0;
    printf("empty read: %zd errno=EAGAIN:%d\n", read(p[0], buf, sizeof buf), errno == EAGAIN);
    struct pollfd pf[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}};
    int n = poll(pf, 2, 0);
    printf("poll empty: n=%d in=%d out=%d\n", n, (pf[0].revents & POLLIN) != 0, (pf[1].revents & POLLOUT) != 0);
    int cap = fcntl(p[1], F_GETPIPE_SZ);
    long written = 0; ssize_t w;
    memset(buf, 'x', sizeof buf);
    while ((w = write(p[1], buf, sizeof buf)) > 0) written += w;
    printf("filled: written==capacity %d errno=EAGAIN:%d\n", written == cap, errno == EAGAIN);
    pf[0].revents = pf[1].revents = 0;
    n = poll(pf, 2, 0);
    printf("poll full: n=%d in=%d out=%d\n", n, (pf[0].revents & POLLIN) != 0, (pf[1].revents & POLLOUT) != 0);
    long drained = 0; ssize_t r;
    while ((r = read(p[0], buf, sizeof buf)) > 0) drained += r;
    printf("drained=%ld\n", drained);
    close(p[1]);
    printf("read at EOF: %zd\n", read(p[0], buf, sizeof buf));
    close(p[0]);

    signal(SIGPIPE, SIG_IGN);
    int q[2]; pipe(q); close(q[0]);
    errno = 0;
    printf("write to closed pipe: %zd EPIPE=%d\n", write(q[1], "a", 1), errno == EPIPE);
    close(q[1]);

    int up[2], down[2];
    pipe(up); pipe(down);
    fflush(stdout);  // the child must not inherit buffered output
    pid_t pid = fork();
    if (pid == 0) {
        dup2(down[0], 0); dup3(up[1], 1, 0);
        close(up[0]); close(up[1]); close(down[0]); close(down[1]);
        char line[64]; long sum = 0; int count = 0;
        while (fgets(line, sizeof line, stdin)) { sum += atol(line); count++; }
        printf("child: %d numbers, sum %ld\n", count, sum);
        fflush(stdout);
        _exit(count);
    }
    close(up[1]); close(down[0]);
    FILE* to = fdopen(down[1], "w");
    for (int i = 1; i <= 50; i++) fprintf(to, "%d\n", i * 3);
    fclose(to);
    fd_set rs; FD_ZERO(&rs); FD_SET(up[0], &rs);
    struct timeval tv = {10, 0};
    printf("select ready=%d\n", select(up[0] + 1, &rs, NULL, NULL, &tv));
    ssize_t k = read(up[0], buf, sizeof buf - 1);
    buf[k > 0 ? k : 0] = 0;
    printf("from child: %s", buf);
    int st; waitpid(pid, &st, 0);
    printf("child exit status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    return 0;
}
