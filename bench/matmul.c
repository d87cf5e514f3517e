/* Vectorised double FP: C = A x B for N x N matrices, repeated R times (-O3: GCC
 * vectorises the inner loop; on arm64 with FMLA .2d, LD1R/DUP of A's element). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 200;
    int reps = argc > 2 ? atoi(argv[2]) : 10;
    double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n);
    double *c = malloc(sizeof(double) * n * n);
    unsigned x = 12345;
    for (int i = 0; i < n * n; i++) {
        x = x * 1103515245u + 12345u; a[i] = (double)(x >> 8) / 16777216.0;
        x = x * 1103515245u + 12345u; b[i] = (double)(x >> 8) / 16777216.0 - 0.5;
    }
    double checksum = 0;
    for (int r = 0; r < reps; r++) {
        for (int i = 0; i < n * n; i++) c[i] = 0;
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++) {
                double aik = a[i * n + k];
                for (int j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
            }
        for (int i = 0; i < n * n; i += n + 1) checksum += c[i];
        a[r % (n * n)] += 1.0 / (r + 1);
    }
    printf("matmul n=%d reps=%d checksum=%.9e c[1]=%.9e\n", n, reps, checksum, c[1]);
    return 0;
}
