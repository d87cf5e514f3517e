/* A small 4-thread program for repeated runs (scripts/stress-threads runs it 1,000 times in
   a row): a mutex-protected counter, an atomic fetch_add and a CAS loop from four threads,
   a condition-variable handoff, join values, and at the end main returns while a detached
   thread is still blocked in read() (exit_group must end it). Must finish in well under a
   second; any hang, crash or wrong total is a failure. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { printf("FAIL %s: %s\n", #call, strerror(rc_)); exit(1); } } while (0)
#define NT 4
#define ITER 5000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static long locked_counter;
static atomic_long atomic_counter, cas_counter;
static int turn;                  /* condition-variable handoff: threads take turns 0,1,2,3,... */
static long turn_log[NT * 50];
static int turn_n;
static int never_written[2];

static void *work(void *arg) {
    long id = (long)(intptr_t)arg;
    for (int i = 0; i < ITER; i++) {
        CHECK(pthread_mutex_lock(&lock));
        locked_counter++;
        CHECK(pthread_mutex_unlock(&lock));
        atomic_fetch_add_explicit(&atomic_counter, 1, memory_order_relaxed);
        long cur = atomic_load_explicit(&cas_counter, memory_order_relaxed);
        while (!atomic_compare_exchange_weak(&cas_counter, &cur, cur + id + 1)) { }
    }
    for (int round = 0; round < 50; round++) {
        CHECK(pthread_mutex_lock(&lock));
        while (turn % NT != id) CHECK(pthread_cond_wait(&cv, &lock));
        turn_log[turn_n++] = id;
        turn++;
        CHECK(pthread_cond_broadcast(&cv));
        CHECK(pthread_mutex_unlock(&lock));
    }
    return (void *)(intptr_t)(id * 11);
}

static void *blocked_forever(void *arg) {
    (void)arg;
    char c;
    read(never_written[0], &c, 1);
    return NULL;
}

int main(void) {
    pipe(never_written);
    pthread_t bt;
    CHECK(pthread_create(&bt, NULL, blocked_forever, NULL));
    CHECK(pthread_detach(bt));
    pthread_t t[NT];
    for (long i = 0; i < NT; i++) CHECK(pthread_create(&t[i], NULL, work, (void *)(intptr_t)i));
    long rets = 0;
    for (int i = 0; i < NT; i++) { void *r; CHECK(pthread_join(t[i], &r)); rets += (long)(intptr_t)r; }
    int order_ok = turn_n == NT * 50;
    for (int i = 0; i < turn_n; i++) order_ok &= turn_log[i] == i % NT;
    printf("mutex %ld atomic %ld cas %ld turns %d in order %s joins %ld\n", locked_counter,
           atomic_load(&atomic_counter), atomic_load(&cas_counter), turn_n, order_ok ? "yes" : "no", rets);
    return 0;
}
