/* exit(42) after buffered output and atexit handlers. */
#include <stdio.h>
#include <stdlib.h>
static void h1(void) { printf("atexit handler 1\n"); }
static void h2(void) { printf("atexit handler 2 (runs first)\n"); }
int main(void) {
    atexit(h1); atexit(h2);
    printf("buffered line before exit");
    printf(" ... done\n");
    exit(42);
}
