/* 128-bit integer mul/div/mod/shift (compiler-rt/libgcc __divti3 etc). */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>

typedef unsigned __int128 u128; typedef __int128 s128;
static void pu(const char *name, u128 v) {
    char buf[48]; int i = 47; buf[i] = 0;
    if (v == 0) buf[--i] = '0';
    while (v) { buf[--i] = (char)('0' + (int)(v % 10)); v /= 10; }
    printf("%s=%s\n", name, buf + i);
}
static void ps(const char *name, s128 v) {
    if (v < 0) { char n2[64]; snprintf(n2, sizeof n2, "%s(neg)", name); pu(n2, (u128)0 - (u128)v); } else pu(name, (u128)v);
}
int main(void) {
    volatile u128 a = ((u128)0x0123456789abcdefULL << 64) | 0xfedcba9876543210ULL;
    volatile u128 b = 0xffffffffffffffffULL;
    volatile u128 c = 1000000007;
    pu("a", a); pu("b", b);
    pu("a*b", a * b); pu("a/b", a / b); pu("a%b", a % b); pu("a/c", a / c); pu("a%c", a % c);
    pu("b*b", b * b); pu("max", ~(u128)0); pu("a>>67", a >> 67); pu("a<<13", a << 13);
    volatile s128 s = -(s128)a, t = 12345678901234567LL;
    ps("s", s); ps("s/t", s / t); ps("s%t", s % t); ps("s*t", s * t); ps("s>>70", s >> 70);
    s128 mn = (s128)((u128)1 << 127); ps("min", mn); ps("min/3", mn / 3);
    u128 f = 1; for (int i = 1; i <= 34; i++) { f *= (u128)i; if (i % 6 == 0 || i == 34) { char n[16]; snprintf(n, sizeof n, "%d!", i); pu(n, f); } }
    u128 x = 1; uint64_t h = 0; for (int i = 0; i < 200; i++) { x = x * 6364136223846793005ULL + 1442695040888963407ULL; h ^= (uint64_t)(x >> 64) ^ (uint64_t)(x % 1000003); }
    printf("lcg hash=%016" PRIx64 "\n", h);
    printf("cmp a>b=%d s<t=%d clz(hi)=%d\n", a > b, s < t, __builtin_clzll((uint64_t)(a >> 64)));
    return 0;
}
