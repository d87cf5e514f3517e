/* exit_group from a worker thread: while two threads compute, one blocks in read() on a
   pipe nobody writes, one sleeps for 1000 s, one waits on a condition variable nobody
   signals, one in sem_wait, and main is blocked in pthread_join, a worker calls exit(3).
   atexit handlers run once, stdio is flushed and the whole process ends at once with
   status 3 (a translator that only ends the calling thread hangs here). */
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { printf("FAIL %s: %s\n", #call, strerror(rc_)); exit(1); } } while (0)

static atomic_int ready;
static int never_written[2];
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never_signalled = PTHREAD_COND_INITIALIZER;
static sem_t never_posted;
static volatile unsigned long sink[2];

static void *spin(void *arg) {
    long id = (long)(intptr_t)arg;
    atomic_fetch_add(&ready, 1);
    unsigned long x = (unsigned long)id;
    for (;;) { x = x * 2862933555777941757UL + 3037000493UL; sink[id] = x; }
    return NULL;
}
static void *block_read(void *arg) {
    (void)arg;
    char c;
    atomic_fetch_add(&ready, 1);
    ssize_t n = read(never_written[0], &c, 1);
    printf("FAIL: read returned %zd\n", n);
    return NULL;
}
static void *block_sleep(void *arg) {
    (void)arg;
    atomic_fetch_add(&ready, 1);
    struct timespec t = { 1000, 0 };
    nanosleep(&t, NULL);
    printf("FAIL: nanosleep returned\n");
    return NULL;
}
static void *block_cond(void *arg) {
    (void)arg;
    pthread_mutex_lock(&m);
    atomic_fetch_add(&ready, 1);
    for (;;) pthread_cond_wait(&never_signalled, &m);
    return NULL;
}
static void *block_sem(void *arg) {
    (void)arg;
    atomic_fetch_add(&ready, 1);
    for (;;) sem_wait(&never_posted);
    return NULL;
}
static void *exiter(void *arg) {
    (void)arg;
    while (atomic_load(&ready) < 6) { struct timespec t = { 0, 1000000 }; nanosleep(&t, NULL); }
    struct timespec t = { 0, 50000000 };       /* let the others reach their system calls */
    nanosleep(&t, NULL);
    printf("worker: calling exit(3) with 6 other threads running or blocked\n");
    exit(3);
}
static void at_exit_handler(void) { printf("atexit handler ran\n"); }

int main(void) {
    atexit(at_exit_handler);
    pipe(never_written);
    sem_init(&never_posted, 0, 0);
    printf("main: starting threads\n");
    pthread_t t[7];
    CHECK(pthread_create(&t[0], NULL, spin, (void *)0));
    CHECK(pthread_create(&t[1], NULL, spin, (void *)1));
    CHECK(pthread_create(&t[2], NULL, block_read, NULL));
    CHECK(pthread_create(&t[3], NULL, block_sleep, NULL));
    CHECK(pthread_create(&t[4], NULL, block_cond, NULL));
    CHECK(pthread_create(&t[5], NULL, block_sem, NULL));
    CHECK(pthread_create(&t[6], NULL, exiter, NULL));
    pthread_join(t[2], NULL);
    printf("FAIL: main joined a thread that never ends\n");
    return 1;
}
