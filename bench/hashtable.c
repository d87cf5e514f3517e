/* Hash table with string keys: insert / lookup, strcmp, strlen, strcpy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry { struct entry *next; char *key; long value; };

static unsigned long hash(const char *s) {
    unsigned long h = 1469598103934665603UL;
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 1099511628211UL; }
    return h;
}

static void make_key(char *buf, unsigned long i) {
    /* variable-length keys: "key-<i>-" followed by a tail of length i % 23 */
    int n = sprintf(buf, "key-%lu-", i * 2654435761UL % 1000000007UL);
    int tail = (int)(i % 23);
    for (int k = 0; k < tail; k++) buf[n + k] = (char)('a' + (i + k) % 26);
    buf[n + tail] = 0;
}

int main(int argc, char **argv) {
    unsigned long n = argc > 1 ? strtoul(argv[1], 0, 10) : 400000;
    unsigned long nb = 1; while (nb < n) nb <<= 1;
    struct entry **tab = calloc(nb, sizeof *tab);
    char buf[128];
    for (unsigned long i = 0; i < n; i++) {
        make_key(buf, i);
        unsigned long h = hash(buf) & (nb - 1);
        struct entry *e = tab[h];
        while (e && strcmp(e->key, buf) != 0) e = e->next;
        if (e) { e->value += (long)i; continue; }
        e = malloc(sizeof *e);
        e->key = malloc(strlen(buf) + 1);
        strcpy(e->key, buf);
        e->value = (long)i;
        e->next = tab[h];
        tab[h] = e;
    }
    unsigned long found = 0, missing = 0; long sum = 0;
    for (int round = 0; round < 3; round++) {
        for (unsigned long i = 0; i < n + n / 4; i++) {
            make_key(buf, i);
            unsigned long h = hash(buf) & (nb - 1);
            struct entry *e = tab[h];
            while (e && strcmp(e->key, buf) != 0) e = e->next;
            if (e) { found++; sum += e->value; } else missing++;
        }
    }
    unsigned long chain = 0, used = 0;
    for (unsigned long b = 0; b < nb; b++) {
        unsigned long c = 0;
        for (struct entry *e = tab[b]; e; e = e->next) c++;
        if (c) used++;
        if (c > chain) chain = c;
    }
    printf("hashtable n=%lu found=%lu missing=%lu sum=%ld buckets_used=%lu longest_chain=%lu\n",
           n, found, missing, sum, used, chain);
    return 0;
}
