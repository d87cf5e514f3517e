/* Integer loop: sum of Collatz sequence lengths for 1..N. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    unsigned long n = argc > 1 ? strtoul(argv[1], 0, 10) : 3000000;
    unsigned long total = 0, best = 0, besti = 0;
    for (unsigned long i = 1; i <= n; i++) {
        unsigned long x = i, len = 0;
        while (x != 1) {
            x = (x & 1) ? 3 * x + 1 : x >> 1;
            len++;
        }
        total += len;
        if (len > best) { best = len; besti = i; }
    }
    printf("collatz n=%lu total=%lu longest=%lu at %lu\n", n, total, best, besti);
    return 0;
}
