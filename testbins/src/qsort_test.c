/* qsort and bsearch on ints, doubles, strings and structs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint64_t st = 88172645463325252ULL;
static uint64_t rnd(void) { st ^= st << 13; st ^= st >> 7; st ^= st << 17; return st; }
static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_dbl_desc(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x < y) - (x > y); }
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
struct rec { int key; int seq; char name[12]; };
static int cmp_rec(const void *a, const void *b) { const struct rec *x = a, *y = b; if (x->key != y->key) return x->key - y->key; return x->seq - y->seq; }

int main(void) {
    enum { N = 50000 };
    int *a = malloc(N * sizeof *a);
    for (int i = 0; i < N; i++) a[i] = (int)(rnd() % 2000001) - 1000000;
    qsort(a, N, sizeof *a, cmp_int);
    int sorted = 1; long sum = 0; for (int i = 0; i < N; i++) { if (i && a[i - 1] > a[i]) sorted = 0; sum += (long)a[i] * (i % 13); }
    printf("ints sorted=%d min=%d max=%d median=%d wsum=%ld\n", sorted, a[0], a[N - 1], a[N / 2], sum);
    int found = 0; for (int k = -1000000; k <= 1000000; k += 997) found += bsearch(&k, a, N, sizeof *a, cmp_int) != NULL;
    printf("bsearch found=%d\n", found);
    double d[1000]; for (int i = 0; i < 1000; i++) d[i] = (double)(rnd() % 100000) / 7.0 - 5000.0;
    qsort(d, 1000, sizeof d[0], cmp_dbl_desc);
    printf("doubles first=%.6f last=%.6f mid=%.6f\n", d[0], d[999], d[500]);
    static char pool[2000][8]; char *ptrs[2000];
    for (int i = 0; i < 2000; i++) { for (int k = 0; k < 7; k++) pool[i][k] = (char)('a' + rnd() % 26); pool[i][7] = 0; ptrs[i] = pool[i]; }
    qsort(ptrs, 2000, sizeof ptrs[0], cmp_str);
    printf("strings first=%s last=%s [1000]=%s\n", ptrs[0], ptrs[1999], ptrs[1000]);
    struct rec r[3000];
    for (int i = 0; i < 3000; i++) { r[i].key = (int)(rnd() % 50); r[i].seq = i; snprintf(r[i].name, sizeof r[i].name, "n%d", i); }
    qsort(r, 3000, sizeof r[0], cmp_rec);
    long h = 0; for (int i = 0; i < 3000; i++) h = h * 31 + r[i].seq;
    printf("recs first=%s/%d last=%s/%d hash=%ld\n", r[0].name, r[0].key, r[2999].name, r[2999].key, h);
    free(a);
    return 0;
}
