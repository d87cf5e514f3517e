/* qsort of N pseudo-random ints; comparator called through a function pointer. */
#include <stdio.h>
#include <stdlib.h>

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    unsigned long n = argc > 1 ? strtoul(argv[1], 0, 10) : 3000000;
    int *a = malloc(n * sizeof *a);
    unsigned int seed = 12345;
    for (unsigned long i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        a[i] = (int)(seed >> 1);
    }
    qsort(a, n, sizeof *a, cmp_int);
    unsigned long h = 0;
    int sorted = 1;
    for (unsigned long i = 0; i < n; i++) {
        h = h * 31 + (unsigned)a[i];
        if (i && a[i - 1] > a[i]) sorted = 0;
    }
    printf("qsort n=%lu sorted=%d hash=%lx min=%d max=%d\n", n, sorted, h, a[0], a[n - 1]);
    free(a);
    return 0;
}
