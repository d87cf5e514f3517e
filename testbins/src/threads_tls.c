/* Thread-local storage and thread identity: __thread variables (initialised .tdata and
   zeroed .tbss) per thread, pthread keys with destructors, exit values through
   pthread_join (return and pthread_exit), pthread_self/gettid distinctness, 200 threads
   created and joined in sequence, detached threads, a thread on a caller-provided stack
   and one with a small stack size. Prints booleans and totals only. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { printf("FAIL %s: %s\n", #call, strerror(rc_)); exit(1); } } while (0)
#define NTHREADS 8

static __thread long tls_init = 1234;              /* .tdata */
static __thread char tls_name[32] = "initial";     /* .tdata */
static __thread long tls_zero[64];                 /* .tbss */
static _Thread_local int tls_counter;

static pthread_barrier_t all_alive;
static pthread_t selves[NTHREADS];
static pid_t tids[NTHREADS], pids[NTHREADS];
static int saw_initial[NTHREADS], own_values_kept[NTHREADS];

static long gettid_raw(void) { return syscall(SYS_gettid); }

static void *tls_worker(void *arg) {
    long id = (long)(intptr_t)arg;
    int initial = tls_init == 1234 && strcmp(tls_name, "initial") == 0 && tls_counter == 0;
    for (int i = 0; i < 64; i++) initial &= tls_zero[i] == 0;
    saw_initial[id] = initial;
    tls_init = id * 1000;
    snprintf(tls_name, sizeof tls_name, "thread-%ld", id);
    for (int i = 0; i < 64; i++) tls_zero[i] = id + i;
    selves[id] = pthread_self();
    tids[id] = (pid_t)gettid_raw();
    pids[id] = getpid();
    /* all threads are alive and have written their TLS at the same time */
    int r = pthread_barrier_wait(&all_alive);
    if (r != 0 && r != PTHREAD_BARRIER_SERIAL_THREAD) { printf("FAIL barrier\n"); exit(1); }
    for (int i = 0; i < 100000; i++) tls_counter++;
    char expect[32];
    snprintf(expect, sizeof expect, "thread-%ld", id);
    int kept = tls_init == id * 1000 && strcmp(tls_name, expect) == 0 && tls_counter == 100000;
    for (int i = 0; i < 64; i++) kept &= tls_zero[i] == id + i;
    own_values_kept[id] = kept;
    if (id % 2) pthread_exit((void *)(intptr_t)(id * id + 1));
    return (void *)(intptr_t)(id * id + 1);
}

static pthread_key_t key;
static int destructor_calls;
static long destructor_sum;
static pthread_mutex_t dlock = PTHREAD_MUTEX_INITIALIZER;
static void destructor(void *v) {
    pthread_mutex_lock(&dlock);
    destructor_calls++;
    destructor_sum += (long)(intptr_t)v;
    pthread_mutex_unlock(&dlock);
}
static void *key_worker(void *arg) {
    long id = (long)(intptr_t)arg;
    int empty = pthread_getspecific(key) == NULL;
    CHECK(pthread_setspecific(key, (void *)(intptr_t)(id + 10)));
    return (void *)(intptr_t)(empty && pthread_getspecific(key) == (void *)(intptr_t)(id + 10));
}

static void *seq_worker(void *arg) {
    long i = (long)(intptr_t)arg;
    tls_counter += (int)i;       /* a fresh TLS block every time */
    return (void *)(intptr_t)(tls_counter * 3 + (tls_init == 1234));
}

static sem_t detached_done;
static long detached_sum;
static void *detached_worker(void *arg) {
    __atomic_fetch_add(&detached_sum, (long)(intptr_t)arg, __ATOMIC_SEQ_CST);
    sem_post(&detached_done);
    return NULL;
}

static void *stack_probe(void *arg) {
    char local;
    uintptr_t lo = ((uintptr_t *)arg)[0], hi = ((uintptr_t *)arg)[1];
    /* recurse a little on the provided stack */
    volatile char pad[4096];
    pad[0] = 1; pad[4095] = 2;
    return (void *)(intptr_t)((uintptr_t)&local >= lo && (uintptr_t)&local < hi && pad[0] + pad[4095] == 3);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    tls_init = -1;
    strcpy(tls_name, "main");
    tls_counter = 77;
    CHECK(pthread_barrier_init(&all_alive, NULL, NTHREADS));
    pthread_t t[NTHREADS];
    for (long i = 0; i < NTHREADS; i++) CHECK(pthread_create(&t[i], NULL, tls_worker, (void *)(intptr_t)i));
    long retsum = 0; int rets_ok = 1;
    for (long i = 0; i < NTHREADS; i++) {
        void *ret;
        CHECK(pthread_join(t[i], &ret));
        retsum += (long)(intptr_t)ret;
        rets_ok &= (long)(intptr_t)ret == i * i + 1;
        rets_ok &= pthread_equal(t[i], selves[i]) != 0;
    }
    int initial_ok = 1, kept_ok = 1, self_distinct = 1, tid_distinct = 1, tid_not_pid = 1, same_pid = 1;
    pid_t pid = getpid();
    for (int i = 0; i < NTHREADS; i++) {
        initial_ok &= saw_initial[i];
        kept_ok &= own_values_kept[i];
        tid_not_pid &= tids[i] != pid && tids[i] > 0;
        same_pid &= pids[i] == pid;
        if (pthread_equal(selves[i], pthread_self())) self_distinct = 0;
        for (int j = 0; j < i; j++) {
            if (pthread_equal(selves[i], selves[j])) self_distinct = 0;
            if (tids[i] == tids[j]) tid_distinct = 0;
        }
    }
    printf("new threads see initial TLS values: %s\n", initial_ok ? "yes" : "no");
    printf("each thread keeps its own TLS values: %s\n", kept_ok ? "yes" : "no");
    printf("main TLS untouched: %s\n", tls_init == -1 && strcmp(tls_name, "main") == 0 && tls_counter == 77 ? "yes" : "no");
    printf("join values: sum %ld, each right and pthread_self matches the pthread_t: %s\n", retsum, rets_ok ? "yes" : "no");
    printf("pthread_self distinct (and not main's): %s\n", self_distinct ? "yes" : "no");
    printf("gettid distinct, positive and not the pid: %s\n", tid_distinct && tid_not_pid ? "yes" : "no");
    printf("main thread gettid == getpid: %s\n", gettid_raw() == pid ? "yes" : "no");
    printf("getpid is the same in every thread: %s\n", same_pid ? "yes" : "no");

    CHECK(pthread_key_create(&key, destructor));
    int key_ok = 1;
    for (long i = 0; i < 4; i++) CHECK(pthread_create(&t[i], NULL, key_worker, (void *)(intptr_t)i));
    for (int i = 0; i < 4; i++) { void *r; CHECK(pthread_join(t[i], &r)); key_ok &= (intptr_t)r == 1; }
    printf("pthread keys: per-thread values %s, destructor calls %d, sum %ld\n", key_ok ? "ok" : "WRONG", destructor_calls, destructor_sum);

    long seq_sum = 0; int seq_ok = 1;
    for (long i = 0; i < 200; i++) {
        pthread_t st; void *r;
        CHECK(pthread_create(&st, NULL, seq_worker, (void *)(intptr_t)i));
        CHECK(pthread_join(st, &r));
        seq_ok &= (long)(intptr_t)r == i * 3 + 1;
        seq_sum += (long)(intptr_t)r;
    }
    printf("200 threads in sequence: every exit value right %s, sum %ld\n", seq_ok ? "yes" : "no", seq_sum);

    CHECK(sem_init(&detached_done, 0, 0));
    pthread_attr_t da;
    CHECK(pthread_attr_init(&da));
    CHECK(pthread_attr_setdetachstate(&da, PTHREAD_CREATE_DETACHED));
    for (long i = 1; i <= 16; i++) { pthread_t dt; CHECK(pthread_create(&dt, &da, detached_worker, (void *)(intptr_t)i)); }
    for (int i = 0; i < 16; i++) while (sem_wait(&detached_done) != 0 && errno == EINTR) { }
    printf("16 detached threads: sum %ld\n", __atomic_load_n(&detached_sum, __ATOMIC_SEQ_CST));

    size_t sz = 256 * 1024;
    void *stack = NULL;
    CHECK(posix_memalign(&stack, 65536, sz));
    uintptr_t range[2] = { (uintptr_t)stack, (uintptr_t)stack + sz };
    pthread_attr_t sa;
    CHECK(pthread_attr_init(&sa));
    CHECK(pthread_attr_setstack(&sa, stack, sz));
    void *r;
    CHECK(pthread_create(&t[0], &sa, stack_probe, range));
    CHECK(pthread_join(t[0], &r));
    printf("thread on a caller-provided stack runs there: %s\n", (intptr_t)r ? "yes" : "no");
    pthread_attr_t small;
    CHECK(pthread_attr_init(&small));
    CHECK(pthread_attr_setstacksize(&small, PTHREAD_STACK_MIN));
    CHECK(pthread_create(&t[0], &small, seq_worker, (void *)5));
    CHECK(pthread_join(t[0], &r));
    printf("thread with a PTHREAD_STACK_MIN stack: %ld\n", (long)(intptr_t)r);
    return 0;
}
