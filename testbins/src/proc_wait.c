// Processes: fork trees with exit statuses, waitpid with WNOHANG and for a specific child,
// waitid with WEXITED|WNOWAIT, a child killed by a signal (WIFSIGNALED, core flag clear),
// vfork+_exit, process groups and sessions (setpgid/getpgid/setsid), and getppid in children.
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);  // children must not inherit buffered output
    pid_t me = getpid();
    pid_t kids[5];
    for (int i = 0; i < 5; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            if (getppid() != me) _exit(100);
            if (i == 4) { for (;;) pause(); }
            _exit(10 + i);
        }
    }
    int st;
    printf("WNOHANG before kill: %d\n", waitpid(kids[4], &st, WNOHANG));
    kill(kids[4], SIGTERM);
    waitpid(kids[4], &st, 0);
    printf("signalled=%d sig=%d core=%d\n", WIFSIGNALED(st), WTERMSIG(st), WCOREDUMP(st));
    siginfo_t si = {0};
    waitid(P_PID, kids[2], &si, WEXITED | WNOWAIT);
    printf("waitid peek: code=CLD_EXITED:%d status=%d pid match=%d\n", si.si_code == CLD_EXITED, si.si_status, si.si_pid == kids[2]);
    int sum = 0;
    for (int i = 0; i < 4; i++) {
        pid_t p = waitpid(kids[i], &st, 0);
        sum += WEXITSTATUS(st);
        if (p != kids[i]) printf("wrong pid\n");
    }
    printf("exit statuses sum=%d, no children left: %d\n", sum, wait(&st) == -1);

    // a grandchild chain: each level exits with its depth + child's status
    pid_t p = fork();
    if (p == 0) {
        int depth = 0;
        while (depth < 4) {
            pid_t c = fork();
            if (c != 0) { int s; waitpid(c, &s, 0); _exit(WEXITSTATUS(s) + 1); }
            depth++;
        }
        _exit(0);
    }
    waitpid(p, &st, 0);
    printf("chain depth status=%d\n", WEXITSTATUS(st));

    volatile int touched = 0;
    pid_t v = vfork();
    if (v == 0) { _exit(7); }
    waitpid(v, &st, 0);
    printf("vfork child status=%d touched=%d\n", WEXITSTATUS(st), touched);

    p = fork();
    if (p == 0) {
        pid_t sid = setsid();
        printf("child: new session=%d pgid==pid=%d\n", sid == getpid(), getpgid(0) == getpid());
        fflush(stdout);
        _exit(0);
    }
    waitpid(p, &st, 0);
    p = fork();
    if (p == 0) { pause(); _exit(0); }
    setpgid(p, p);
    printf("setpgid child: %d\n", getpgid(p) == p);
    kill(-p, SIGKILL);
    waitpid(p, &st, 0);
    printf("group kill: sig=%d\n", WIFSIGNALED(st) ? WTERMSIG(st) : -1);
    struct rusage ru;
    printf("getrusage children: %d\n", getrusage(RUSAGE_CHILDREN, &ru) == 0);
    return 0;
}
