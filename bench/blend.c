/* Vectorised 8/16-bit integer work: alpha-blend two N-pixel RGBA images R times, then a
 * histogram-free checksum (-O3: GCC vectorises with widening multiplies, narrowing,
 * min/max and across-lane sums). */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

static void blend(uint8_t *dst, const uint8_t *a, const uint8_t *b, const uint8_t *alpha, int n) {
    for (int i = 0; i < n; i++) {
        unsigned w = alpha[i];
        dst[i] = (uint8_t)((a[i] * w + b[i] * (255u - w) + 128u) >> 8);
    }
}

static void clamp_add(int16_t *acc, const uint8_t *p, int n) {
    for (int i = 0; i < n; i++) {
        int v = acc[i] + p[i] - 100;
        acc[i] = (int16_t)(v > 2000 ? 2000 : v < -2000 ? -2000 : v);
    }
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1 << 20;
    int reps = argc > 2 ? atoi(argv[2]) : 200;
    uint8_t *a = malloc(n), *b = malloc(n), *al = malloc(n), *d = malloc(n);
    int16_t *acc = calloc(n, sizeof(int16_t));
    uint32_t x = 7;
    for (int i = 0; i < n; i++) {
        x = x * 1664525u + 1013904223u; a[i] = x >> 24; b[i] = x >> 16; al[i] = x >> 8;
    }
    for (int r = 0; r < reps; r++) {
        blend(d, a, b, al, n);
        clamp_add(acc, d, n);
        uint8_t *t = a; a = d; d = t;
    }
    uint64_t sum = 0, wsum = 0;
    for (int i = 0; i < n; i++) { sum += a[i]; wsum += (uint64_t)(uint16_t)acc[i] * (i & 255); }
    printf("blend n=%d reps=%d sum=%llu wsum=%llu\n", n, reps, (unsigned long long)sum, (unsigned long long)wsum);
    return 0;
}
