/* Pending signals are not inherited across fork (fork(2): "The child's set of pending
   signals is initially empty"), while the parent keeps its own. Blocked SIGUSR1 and a
   queued real-time signal are pending in the parent before fork. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static int pending(int sig) {
    sigset_t s;
    sigpending(&s);
    return sigismember(&s, sig);
}

int main(void) {
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGRTMIN + 1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    raise(SIGUSR1);
    union sigval v = { .sival_int = 7 };
    sigqueue(getpid(), SIGRTMIN + 1, v);
    printf("parent before fork: usr1 %d rt %d\n", pending(SIGUSR1), pending(SIGRTMIN + 1));
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        printf("child: usr1 %d rt %d\n", pending(SIGUSR1), pending(SIGRTMIN + 1));
        fflush(stdout);
        _exit(0);
    }
    int status;
    waitpid(pid, &status, 0);
    printf("parent after fork: usr1 %d rt %d, child exit %d\n", pending(SIGUSR1), pending(SIGRTMIN + 1),
           WEXITSTATUS(status));
    return 0;
}
