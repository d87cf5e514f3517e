/* Sieve of Eratosthenes: count primes below N, repeated R times. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    unsigned long n = argc > 1 ? strtoul(argv[1], 0, 10) : 20000000;
    int reps = argc > 2 ? atoi(argv[2]) : 5;
    unsigned char *s = malloc(n);
    unsigned long count = 0, sum = 0;
    for (int r = 0; r < reps; r++) {
        memset(s, 1, n);
        s[0] = 0; if (n > 1) s[1] = 0;
        for (unsigned long i = 2; i * i < n; i++)
            if (s[i])
                for (unsigned long j = i * i; j < n; j += i) s[j] = 0;
        count = 0; sum = 0;
        for (unsigned long i = 0; i < n; i++)
            if (s[i]) { count++; sum += i; }
    }
    printf("sieve n=%lu primes=%lu sum=%lu\n", n, count, sum);
    free(s);
    return 0;
}
