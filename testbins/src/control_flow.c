/* switch jump tables, goto, nested loops, break/continue. */
#include <stdio.h>

__attribute__((noinline)) static int dense_switch(int x) {
    switch (x) {
    case 0: return 11; case 1: return 22; case 2: return 35; case 3: return 47; case 4: return 51;
    case 5: return 68; case 6: return 73; case 7: return 89; case 8: return 91; case 9: return 104;
    case 10: return 117; case 11: return 123; case 12: return 139; case 13: return 141; case 14: return 157;
    default: return -1;
    }
}
__attribute__((noinline)) static const char *sparse_switch(long x) {
    switch (x) {
    case -1000000: return "minus-million"; case -3: return "minus-three"; case 0: return "zero";
    case 17: return "seventeen"; case 4096: return "page"; case 1L << 40: return "tera"; default: return "other";
    }
}
__attribute__((noinline)) static int char_class(unsigned char c) {
    switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': return 1;
    case '0' ... '9': return 2;
    case ' ': case '\t': case '\n': return 3;
    case 'A' ... 'Z': return 4;
    default: return 0;
    }
}
__attribute__((noinline)) static int goto_machine(const char *s) {
    int state = 0, count = 0;
    const char *p = s;
start:
    if (!*p) goto done;
    if (*p == '(') { state++; goto next; }
    if (*p == ')') { if (state == 0) goto bad; state--; count++; goto next; }
next:
    p++;
    goto start;
bad:
    return -1;
done:
    return state == 0 ? count : -2;
}

int main(void) {
    long sum = 0;
    for (int i = -3; i < 20; i++) { int v = dense_switch(i); printf("%d:%d ", i, v); sum += v; }
    printf("\nsum=%ld\n", sum);
    long sx[] = { -1000000, -3, 0, 17, 4096, 1L << 40, 5, -4 };
    for (unsigned i = 0; i < sizeof sx / sizeof sx[0]; i++) printf("%ld=%s\n", sx[i], sparse_switch(sx[i]));
    const char *text = "Hello World 2024, the quick brown fox\tjumps over 13 lazy dogs\n";
    int classes[5] = { 0 };
    for (const char *p = text; *p; p++) classes[char_class((unsigned char)*p)]++;
    printf("classes %d %d %d %d %d\n", classes[0], classes[1], classes[2], classes[3], classes[4]);
    const char *exprs[] = { "", "()", "(()())", "((())", "())(", "(a(b)c(d(e)))", ")(" };
    for (unsigned i = 0; i < 7; i++) printf("goto('%s')=%d\n", exprs[i], goto_machine(exprs[i]));
    /* nested loops with break/continue */
    int primes = 0, last = 0;
    for (int n = 2; n < 5000; n++) {
        int isp = 1;
        for (int d = 2; d * d <= n; d++) { if (n % d == 0) { isp = 0; break; } }
        if (!isp) continue;
        primes++; last = n;
    }
    printf("primes<5000=%d last=%d\n", primes, last);
    unsigned collatz_max = 0, arg = 0;
    for (unsigned s = 1; s < 3000; s++) {
        unsigned long n = s; unsigned steps = 0;
        do { n = (n & 1) ? 3 * n + 1 : n / 2; steps++; } while (n != 1);
        if (steps > collatz_max) { collatz_max = steps; arg = s; }
    }
    printf("collatz max steps=%u at %u\n", collatz_max, arg);
    int i = 0, w = 0;
    while (1) { i++; if (i % 7 == 0) continue; w += i; if (w > 10000) break; }
    printf("while i=%d w=%d\n", i, w);
    return 0;
}
