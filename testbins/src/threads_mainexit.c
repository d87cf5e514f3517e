/* The main thread leaves with pthread_exit while workers go on: the process lives until
   the last thread ends, then exits 0 (not when main's thread is gone). The workers end in
   a chain, each joining the previous one (the first joins main and gets its exit value),
   and the last prints the total. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N 5
static pthread_t chain[N];
static pthread_t main_thread;

static void *link_fn(void *arg) {
    long id = (long)(intptr_t)arg;
    long acc = 0;
    if (id == 0) {
        /* the first link joins main itself: its pthread_exit value is delivered */
        void *r;
        int rc = pthread_join(main_thread, &r);
        printf("link 0: joined main thread: %s, value %ld\n", rc == 0 ? "yes" : strerror(rc), (long)(intptr_t)r);
        acc = (long)(intptr_t)r;
    } else {
        void *r;
        pthread_join(chain[id - 1], &r);
        acc = (long)(intptr_t)r;
    }
    struct timespec t = { 0, 5000000 };
    nanosleep(&t, NULL);
    acc = acc * 10 + id;
    printf("link %ld: acc %ld\n", id, acc);
    if (id == N - 1) printf("last thread ends now; the process should exit 0\n");
    return (void *)(intptr_t)acc;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    main_thread = pthread_self();
    for (long i = 0; i < N; i++) pthread_create(&chain[i], NULL, link_fn, (void *)(intptr_t)i);
    printf("main: pthread_exit(7)\n");
    pthread_exit((void *)7);
}
