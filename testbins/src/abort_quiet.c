/* abort(): the process dies by SIGABRT and prints nothing but its own output. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    printf("before abort\n");
    fflush(stdout);
    abort();
}
