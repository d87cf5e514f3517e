/* Prints a line, then writes to address 0: expected killed by SIGSEGV. */
#include <stdio.h>
int main(void) {
    printf("about to write to NULL\n");
    fflush(stdout);
    volatile int *p = (volatile int *)0;
    *p = 1234;
    printf("not reached\n");
    return 0;
}
