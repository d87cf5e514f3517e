/* Thousands of malloc/free/realloc of varying sizes, a linked list and a binary tree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static uint32_t rng = 12345;
static uint32_t rnd(void) { rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5; return rng; }

struct node { long val; struct node *next; };
struct tnode { int key; int count; struct tnode *l, *r; };
static struct tnode *insert(struct tnode *t, int k) {
    if (!t) { t = calloc(1, sizeof *t); t->key = k; t->count = 1; return t; }
    if (k < t->key) t->l = insert(t->l, k); else if (k > t->key) t->r = insert(t->r, k); else t->count++;
    return t;
}
static long walk(struct tnode *t, int depth, int *maxd, long *nodes) {
    if (!t) return 0;
    if (depth > *maxd) *maxd = depth;
    (*nodes)++;
    return walk(t->l, depth + 1, maxd, nodes) + (long)t->key * t->count + walk(t->r, depth + 1, maxd, nodes);
}
static void freetree(struct tnode *t) { if (t) { freetree(t->l); freetree(t->r); free(t); } }

#define SLOTS 512
int main(void) {
    unsigned char *slot[SLOTS] = { 0 }; size_t sz[SLOTS] = { 0 };
    unsigned long ok = 0, bad = 0;
    for (int it = 0; it < 60000; it++) {
        unsigned i = rnd() % SLOTS; uint32_t r = rnd();
        if (slot[i]) {
            for (size_t k = 0; k < sz[i]; k += 1 + sz[i] / 8) { if (slot[i][k] == (unsigned char)(i + k)) ok++; else bad++; }
            if (r & 1) { free(slot[i]); slot[i] = NULL; continue; }
            size_t ns = (r >> 8) % ((r & 2) ? 200000 : 300) + 1;
            unsigned char *p = realloc(slot[i], ns);
            if (!p) { printf("realloc failed\n"); return 1; }
            size_t keep = ns < sz[i] ? ns : sz[i];
            for (size_t k = 0; k < keep; k += 1 + keep / 8) { if (p[k] == (unsigned char)(i + k)) ok++; else bad++; }
            slot[i] = p; sz[i] = ns;
        } else {
            sz[i] = (r >> 4) % ((r & 8) ? 70000 : 100) + 1;
            slot[i] = (r & 4) ? calloc(1, sz[i]) : malloc(sz[i]);
            if (!slot[i]) { printf("malloc failed\n"); return 1; }
        }
        for (size_t k = 0; k < sz[i]; k++) slot[i][k] = (unsigned char)(i + k);
    }
    for (int i = 0; i < SLOTS; i++) free(slot[i]);
    printf("heap checks ok=%lu bad=%lu\n", ok, bad);
    struct node *head = NULL;
    for (long i = 0; i < 20000; i++) { struct node *n = malloc(sizeof *n); n->val = i * 3 - 7; n->next = head; head = n; }
    struct node *prev = NULL, *cur = head; long removed = 0;
    while (cur) { struct node *nx = cur->next; if (cur->val % 5 == 0) { if (prev) prev->next = nx; else head = nx; free(cur); removed++; } else prev = cur; cur = nx; }
    struct node *rev = NULL; while (head) { struct node *nx = head->next; head->next = rev; rev = head; head = nx; }
    long sum = 0, cnt = 0; for (struct node *p = rev; p; p = p->next) { sum += p->val * (cnt % 7); cnt++; }
    while (rev) { struct node *nx = rev->next; free(rev); rev = nx; }
    printf("list removed=%ld remaining=%ld weighted=%ld\n", removed, cnt, sum);
    struct tnode *root = NULL;
    for (int i = 0; i < 30000; i++) root = insert(root, (int)(rnd() % 10000));
    int maxd = 0; long nodes = 0; long w = walk(root, 0, &maxd, &nodes);
    printf("tree nodes=%ld depth=%d weighted=%ld\n", nodes, maxd, w);
    freetree(root);
    char *s = NULL; size_t len = 0;
    for (int i = 0; i < 3000; i++) { char tmp[32]; int n = snprintf(tmp, sizeof tmp, "%d,", i); s = realloc(s, len + (size_t)n + 1); memcpy(s + len, tmp, (size_t)n + 1); len += (size_t)n; }
    printf("string len=%zu tail=%s\n", len, s + len - 15);
    free(s);
    void *big = malloc(64 << 20); memset(big, 0x5a, 64 << 20); printf("big[%d]=%x\n", (64 << 20) - 1, ((unsigned char *)big)[(64 << 20) - 1]); free(big);
    void *al = aligned_alloc(4096, 8192); printf("aligned=%d\n", ((uintptr_t)al & 4095) == 0); free(al);
    return 0;
}
