/* String-routine heavy: memcpy/memset/strlen/strchr/memcmp/strcmp on many sizes.
 * Exercises glibc's SIMD (ASIMD on arm64, SSE/AVX on x86) string functions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const size_t sizes[] = {1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 100, 128, 255,
                               256, 511, 1000, 1024, 4000, 4096, 16384, 65536};
#define NSIZES (sizeof sizes / sizeof sizes[0])

int main(int argc, char **argv) {
    long iters = argc > 1 ? atol(argv[1]) : 150000;
    size_t cap = 65536 + 256;
    char *src = malloc(cap), *dst = malloc(cap);
    for (size_t i = 0; i < cap; i++) src[i] = (char)('A' + (i * 7 + i / 13) % 50);
    unsigned long acc = 0;
    for (long it = 0; it < iters; it++) {
        for (size_t k = 0; k < NSIZES; k++) {
            size_t n = sizes[k];
            /* big sizes only occasionally so the mix stays balanced */
            if (n >= 4096 && (it % 16) != (long)k % 16) continue;
            size_t off = (size_t)(it + k) & 15;            /* vary alignment */
            memcpy(dst + off, src + ((off * 3) & 15), n);
            dst[off + n] = 0;
            acc += strlen(dst + off);
            char *p = strchr(dst + off, 'A' + (int)(it % 50));
            acc += p ? (size_t)(p - (dst + off)) : 7;
            acc += (unsigned)(memcmp(dst + off, src + ((off * 3) & 15), n) == 0);
            dst[off + n / 2] ^= 1;
            int c = memcmp(dst + off, src + ((off * 3) & 15), n);
            acc += (unsigned)(c > 0) * 3 + (unsigned)(c < 0) * 5;
            acc += (unsigned)(strcmp(dst + off, src + ((off * 3) & 15)) < 0);
            memset(dst + off, (int)(it & 0x7f) | 1, n);
            acc += (unsigned char)dst[off + n - 1];
            memmove(dst + off + 1, dst + off, n / 2);
            acc += (unsigned char)dst[off + n / 2];
            acc = acc * 1000003u;
        }
    }
    printf("strings iters=%ld acc=%lx\n", iters, acc);
    free(src); free(dst);
    return 0;
}
