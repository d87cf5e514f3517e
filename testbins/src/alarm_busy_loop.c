/* SIGALRM must interrupt a loop that makes no system calls (translated code polls at block entry). */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
static volatile sig_atomic_t flag;
static void h(int s) { (void)s; flag = 1; }
int main(void) {
    signal(SIGALRM, h);
    alarm(1);
    unsigned long n = 0;
    while (!flag) n++;
    printf("alarm interrupted the busy loop: %d\n", n > 0);
    return 0;
}
