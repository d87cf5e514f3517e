/* fork in a multithreaded program: four threads keep running (computing, and taking a
   mutex and malloc'ing in a loop) while the main thread forks. Only the forking thread
   exists in the child: it can malloc, printf, create and join its own threads, sees the
   mutex main held at fork still locked (EBUSY) and its atfork handlers ran in order. Then a
   worker thread forks too. The parent joins everything and reaps both children.
   Only the second child creates a thread: qemu-aarch64 7.2 (the oracle) aborts on
   pthread_create in a child forked by the main thread of a threaded program (a stale vCPU
   index: "qemu_plugin_vcpu_init_hook: assertion failed"). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { printf("FAIL %s: %s\n", #call, strerror(rc_)); exit(1); } } while (0)
#define YN(b) ((b) ? "yes" : "no")
#define NWORK 4

static atomic_int stop, running;
static pthread_mutex_t work_lock = PTHREAD_MUTEX_INITIALIZER;
static long shared_total;
static pthread_mutex_t main_holds = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *arg) {
    long id = (long)(intptr_t)arg, loops = 0;
    atomic_fetch_add(&running, 1);
    while (!atomic_load(&stop)) {
        if (id % 2) {
            char *p = malloc(64 + loops % 512);     /* malloc arena locks around the fork */
            p[0] = (char)loops;
            free(p);
            pthread_mutex_lock(&work_lock);
            shared_total++;
            pthread_mutex_unlock(&work_lock);
        } else {
            volatile unsigned long x = 0;
            for (int i = 0; i < 1000; i++) x += (unsigned long)i * i;
        }
        loops++;
    }
    return (void *)(intptr_t)(loops > 0);
}

static char atfork_log[64];
static void at_prepare(void) { strcat(atfork_log, "prepare "); }
static void at_parent(void) { strcat(atfork_log, "parent "); }
static void at_child(void) { strcat(atfork_log, "child "); }

static void *child_thread(void *arg) { return (void *)((intptr_t)arg * 2); }

static int child_main(const char *who, int make_thread) {
    /* a fresh thread in the child, malloc, stdio */
    pthread_t t;
    void *r = (void *)42;
    int created = !make_thread || (pthread_create(&t, NULL, child_thread, (void *)21) == 0 && pthread_join(t, &r) == 0);
    char *big = malloc(1 << 20);
    memset(big, 7, 1 << 20);
    long sum = 0;
    for (int i = 0; i < (1 << 20); i += 4096) sum += big[i];
    free(big);
    printf("child (%s): atfork log \"%s\", %s, malloc ok %s\n", who, atfork_log,
           !make_thread ? "no thread created" : created && (intptr_t)r == 42 ? "a thread created in the child returned 42" : "thread creation FAILED",
           YN(sum == 7 * 256));
    fflush(stdout);
    return 0;
}

static void *forking_worker(void *arg) {
    (void)arg;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        int busy = pthread_mutex_trylock(&main_holds) == EBUSY;
        printf("child of a non-main thread: mutex main held at fork still locked %s\n", YN(busy));
        child_main("forked by a thread", 1);
        _exit(9);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) { }
    return (void *)(intptr_t)(WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st));
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    CHECK(pthread_atfork(at_prepare, at_parent, at_child));
    pthread_t t[NWORK];
    for (long i = 0; i < NWORK; i++) CHECK(pthread_create(&t[i], NULL, worker, (void *)(intptr_t)i));
    while (atomic_load(&running) < NWORK) { }
    CHECK(pthread_mutex_lock(&main_holds));

    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) { printf("FAIL fork: %s\n", strerror(errno)); return 1; }
    if (pid == 0) {
        /* the mutex this thread locked before fork is still ours; work_lock may be in any state */
        int mine = pthread_mutex_unlock(&main_holds) == 0;
        printf("child: unlocks the mutex it held at fork: %s\n", YN(mine));
        child_main("forked by main", 0);
        exit(7);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) { }
    printf("parent: atfork log \"%s\", child exited %s %d\n", atfork_log,
           WIFEXITED(st) ? "normally with" : "by signal", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));

    atfork_log[0] = 0;
    pthread_t ft;
    void *r;
    CHECK(pthread_create(&ft, NULL, forking_worker, NULL));
    CHECK(pthread_join(ft, &r));
    printf("parent: the thread that forked reaped its child: status %ld\n", (long)(intptr_t)r);
    CHECK(pthread_mutex_unlock(&main_holds));

    atomic_store(&stop, 1);
    int all_ran = 1;
    for (int i = 0; i < NWORK; i++) { CHECK(pthread_join(t[i], &r)); all_ran &= (intptr_t)r == 1; }
    printf("parent: %d workers ran through both forks and joined: %s, shared counter positive: %s\n",
           NWORK, YN(all_ran), YN(shared_total > 0));
    return 0;
}
