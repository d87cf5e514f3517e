/* Deep and branchy recursion: ackermann, fib, hanoi, mutual recursion. */
#include <stdio.h>

__attribute__((noinline)) static unsigned long ack(unsigned long m, unsigned long n) {
    if (m == 0) return n + 1;
    if (n == 0) return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}
__attribute__((noinline)) static unsigned long fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
static unsigned long moves;
__attribute__((noinline)) static void hanoi(int n, int from, int to, int via) {
    if (n == 0) return;
    hanoi(n - 1, from, via, to); moves += (unsigned long)(from * 3 + to); hanoi(n - 1, via, to, from);
}
static int is_odd(unsigned n);
__attribute__((noinline)) static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
__attribute__((noinline)) static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }
__attribute__((noinline)) static double deep(int n, double x) { volatile char pad[64]; pad[n % 64] = (char)n; return n == 0 ? x + pad[0] : deep(n - 1, x * 1.0000001) + 1.0; }

int main(void) {
    for (unsigned m = 0; m <= 3; m++) for (unsigned n = 0; n <= 5; n++) printf("ack(%u,%u)=%lu\n", m, n, ack(m, n));
    printf("ack(2,300)=%lu\n", ack(2, 300));
    for (unsigned n = 0; n <= 27; n += 3) printf("fib(%u)=%lu\n", n, fib(n));
    hanoi(16, 0, 2, 1);
    printf("hanoi moves checksum=%lu\n", moves);
    printf("even(10001)=%d odd(7777)=%d\n", is_even(10001), is_odd(7777));
    printf("deep=%.6f\n", deep(20000, 1.0));
    return 0;
}
