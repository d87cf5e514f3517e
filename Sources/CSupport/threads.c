// Host threads for guest threads: one detached pthread each, with a stack large
// enough for the dispatcher, the translator and the return-address stack.
#define _GNU_SOURCE
#include "CSupport.h"
#include <pthread.h>
#include <sys/syscall.h>

int cr_start_thread(void *(*body)(void *), void *context) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, 8u << 20);
    pthread_t thread;
    int r = pthread_create(&thread, &attr, body, context);
    pthread_attr_destroy(&attr);
    return r;
}

void cr_exit_thread(int status) {
    for (;;) cr_syscall6(SYS_exit, status, 0, 0, 0, 0, 0);
}
