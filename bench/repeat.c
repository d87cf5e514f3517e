/* Host helper for the startup workload: run a command N times in sequence
 * (stdout/stderr inherited, so outputs concatenate). Exits with the first
 * failing child's status (128+signal for a signal), else 0.
 * Usage: repeat N PROG ARGS... */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: repeat N PROG ARGS...\n"); return 2; }
    long n = atol(argv[1]);
    for (long i = 0; i < n; i++) {
        fflush(stdout);
        pid_t pid = fork();
        if (pid < 0) { perror("fork"); return 2; }
        if (pid == 0) { execv(argv[2], argv + 2); perror(argv[2]); _exit(127); }
        int st;
        if (waitpid(pid, &st, 0) < 0) { perror("waitpid"); return 2; }
        if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
        if (WEXITSTATUS(st)) return WEXITSTATUS(st);
    }
    return 0;
}
