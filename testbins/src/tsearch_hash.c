// libc data structures: hsearch hash table, tsearch/tfind/tdelete/twalk binary tree, lsearch and
// bsearch, qsort_r with a context argument, and insque/remque lists, on words generated from a
// fixed seed (so the output is the same everywhere).
#define _GNU_SOURCE
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned state = 12345;
static unsigned next_rand(void) { state = state * 1664525u + 1013904223u; return state >> 9; }
static int cmpstr(const void* a, const void* b) { return strcmp(a, b); }
static int cmpint(const void* a, const void* b) { int x = *(const int*)a, y = *(const int*)b; return (x > y) - (x < y); }
static int walk_count, walk_depth_max;
static char first_word[16], last_word[16];
static void walker(const void* node, VISIT v, int depth) {
    if (v != postorder && v != leaf) return;
    const char* w = *(char* const*)node;
    if (walk_count == 0) strcpy(first_word, w);
    strcpy(last_word, w);
    walk_count++;
    if (depth > walk_depth_max) walk_depth_max = depth;
}
static int by_mod(const void* a, const void* b, void* ctx) {
    int m = *(int*)ctx, x = *(const int*)a, y = *(const int*)b;
    return x % m != y % m ? x % m - y % m : x - y;
}
struct elem { struct elem *next, *prev; int v; };

int main(void) {
    static char words[2000][8];
    for (int i = 0; i < 2000; i++) {
        int len = 3 + next_rand() % 4;
        for (int j = 0; j < len; j++) words[i][j] = 'a' + next_rand() % 6;
        words[i][len] = 0;
    }
    hcreate(4096);
    int distinct = 0, maxcount = 0; const char* most = "";
    for (int i = 0; i < 2000; i++) {
        ENTRY e = {words[i], NULL}, *found = hsearch(e, FIND);
        if (!found) { e.data = (void*)(long)1; hsearch(e, ENTER); distinct++; }
        else { found->data = (void*)((long)found->data + 1); if ((long)found->data > maxcount) { maxcount = (long)found->data; most = found->key; } }
    }
    printf("hsearch: %d distinct, most frequent \"%s\" x%d\n", distinct, most, maxcount);
    hdestroy();

    void* root = NULL;
    for (int i = 0; i < 2000; i++) tsearch(words[i], &root, cmpstr);
    twalk(root, walker);
    printf("tsearch: %d nodes, first %s, last %s, depth reasonable %d\n", walk_count, first_word, last_word, walk_depth_max < 40);
    printf("tfind(aaa)=%d tfind(zzz)=%d\n", tfind("aaa", &root, cmpstr) != NULL, tfind("zzz", &root, cmpstr) != NULL);
    int deleted = 0;
    for (int i = 0; i < 2000; i += 2) if (tfind(words[i], &root, cmpstr) && tdelete(words[i], &root, cmpstr)) deleted++;
    walk_count = 0; twalk(root, walker);
    printf("after %d deletions: %d nodes\n", deleted, walk_count);

    char* sorted[2000]; for (int i = 0; i < 2000; i++) sorted[i] = words[i];
    qsort(sorted, 2000, sizeof *sorted, (int (*)(const void*, const void*))strcmp);
    int nums[50]; size_t nn = 0;
    for (int i = 0; i < 80; i++) { int v = next_rand() % 60; lsearch(&v, nums, &nn, sizeof v, cmpint); if (nn >= 50) break; }
    int mod = 7;
    qsort_r(nums, nn, sizeof *nums, by_mod, &mod);
    printf("lsearch kept %zu unique; qsort_r by mod 7:", nn);
    for (size_t i = 0; i < nn && i < 12; i++) printf(" %d", nums[i]);
    printf("\n");
    int sorted_nums[10] = {1, 3, 5, 7, 9, 11, 13, 15, 17, 19}, key = 13;
    int* hit = bsearch(&key, sorted_nums, 10, sizeof(int), cmpint);
    printf("bsearch 13 at index %td\n", hit ? hit - sorted_nums : -1);

    struct elem e[5];
    insque(&e[0], NULL); e[0].next = e[0].prev = NULL;
    for (int i = 1; i < 5; i++) { e[i].v = i * 10; insque(&e[i], &e[i - 1]); }
    e[0].v = 0;
    remque(&e[2]);
    printf("insque list:");
    for (struct elem* p = &e[0]; p; p = p->next) printf(" %d", p->v);
    printf("\n");
    return 0;
}
