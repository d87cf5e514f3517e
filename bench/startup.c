/* Startup: a tiny static program. The harness runs it many times (200 by default)
 * and times all runs together. The argument is ignored beyond being echoed. */
#include <stdio.h>

int main(int argc, char **argv) {
    printf("hello from startup argc=%d\n", argc);
    return 0;
}
