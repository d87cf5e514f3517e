/* A fatal signal in one thread kills them all: a worker calls abort() while two threads
   compute, one blocks in read() and main waits in pthread_join. The process dies by
   SIGABRT (wait status "signal 6"), as natively; nothing after abort() prints. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static atomic_int ready;
static int never_written[2];
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
    read(never_written[0], &c, 1);
    printf("FAIL: read returned\n");
    return NULL;
}
static void *aborter(void *arg) {
    (void)arg;
    while (atomic_load(&ready) < 3) { struct timespec t = { 0, 1000000 }; nanosleep(&t, NULL); }
    struct timespec t = { 0, 50000000 };
    nanosleep(&t, NULL);
    printf("worker: calling abort()\n");
    fflush(stdout);
    abort();
}

int main(void) {
    pipe(never_written);
    printf("main: starting threads\n");
    fflush(stdout);
    pthread_t t[4];
    pthread_create(&t[0], NULL, spin, (void *)0);
    pthread_create(&t[1], NULL, spin, (void *)1);
    pthread_create(&t[2], NULL, block_read, NULL);
    pthread_create(&t[3], NULL, aborter, NULL);
    pthread_join(t[2], NULL);
    printf("FAIL: main joined a thread that never ends\n");
    return 1;
}
