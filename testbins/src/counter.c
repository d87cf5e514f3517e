/* CNTFRQ_EL0/CNTVCT_EL0: the virtual counter runs at the advertised frequency. */
#include <stdio.h>
#include <stdint.h>
#include <time.h>
int main(void) {
    uint64_t f, a, b;
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
    __asm__ volatile("mrs %0, cntvct_el0" : "=r"(a));
    struct timespec ts = {0, 20000000}; nanosleep(&ts, 0);
    __asm__ volatile("mrs %0, cntvct_el0" : "=r"(b));
    double ms = (double)(b - a) * 1000.0 / (double)f;
    printf("counter advances: %d, ~20ms: %d\n", b > a, ms > 15 && ms < 200);
    return 0;
}
