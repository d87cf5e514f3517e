/* Prints a line, then executes an undefined instruction: expected killed by SIGILL. */
#include <stdio.h>
int main(void) {
    printf("about to execute udf\n");
    fflush(stdout);
    __asm__ volatile(".inst 0x00000000");
    printf("not reached\n");
    return 0;
}
