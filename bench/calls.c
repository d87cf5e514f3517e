/* Call-heavy: recursive fib plus calls through a function-pointer table. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

__attribute__((noinline)) static long op_add(long a, long b) { return a + b; }
__attribute__((noinline)) static long op_sub(long a, long b) { return a - b; }
__attribute__((noinline)) static long op_xor(long a, long b) { return a ^ (b << 1); }
__attribute__((noinline)) static long op_mul(long a, long b) { return a * (b | 1); }
__attribute__((noinline)) static long op_shr(long a, long b) { return a + (b >> 3); }
__attribute__((noinline)) static long op_rot(long a, long b) {
    unsigned long x = (unsigned long)a;
    return (long)((x << 7) | (x >> 57)) + b;
}

typedef long (*op_fn)(long, long);
static op_fn volatile table[8] = { op_add, op_sub, op_xor, op_mul, op_shr, op_rot, op_add, op_xor };

int main(int argc, char **argv) {
    int scale = argc > 1 ? atoi(argv[1]) : 36;
    long f = fib(scale);
    long iters = 1L << (scale - 10);      /* scale 36 -> 64M indirect calls */
    long acc = 1;
    unsigned int seed = 7;
    for (long i = 0; i < iters; i++) {
        seed = seed * 1664525u + 1013904223u;
        acc = table[seed >> 29](acc, (long)i);
    }
    printf("calls scale=%d fib=%ld acc=%ld\n", scale, f, acc);
    return 0;
}
