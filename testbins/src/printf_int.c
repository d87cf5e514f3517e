/* printf of integers: all widths, flags, length modifiers. */
#include <stdio.h>
#include <stdint.h>
#include <inttypes.h>
#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

int main(void) {
    long long vals[] = { 0, 1, -1, 42, -42, 255, 65535, 2147483647LL, -2147483647LL - 1, 4294967295LL, LLONG_MAX, LLONG_MIN, 1234567890123LL };
    for (unsigned i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        long long v = vals[i];
        printf("[%lld] [%20lld] [%-20lld] [%+lld] [% lld] [%020lld] [%.15lld] [%llu] [%llx] [%#llX] [%llo] [%#llo]\n",
               v, v, v, v, v, v, v, (unsigned long long)v, (unsigned long long)v, (unsigned long long)v, (unsigned long long)v, (unsigned long long)v);
        int w = (int)v; short sh = (short)v; signed char ch = (signed char)v;
        printf("  int[%d|%5d|%-5d|%05d|%+d|%x|%#x|%o] short[%hd|%hu|%hx] char[%hhd|%hhu|%hhx]\n",
               w, w, w, w, w, (unsigned)w, (unsigned)w, (unsigned)w, sh, (unsigned short)sh, (unsigned short)sh, ch, (unsigned char)ch, (unsigned char)ch);
    }
    printf("[%*d] [%-*d] [%.*d] [%*.*d]\n", 8, 123, 8, 123, 6, 123, 10, 4, -5);
    printf("[%.0d] [%.0x] [%#.0o] [%#x] [%#o]\n", 0, 0, 0, 0, 0);
    printf("[%zu] [%zd] [%td] [%jd] [%ju]\n", (size_t)123456789, (ssize_t)-5, (ptrdiff_t)-77, (intmax_t)INTMAX_MIN, (uintmax_t)UINTMAX_MAX);
    printf("[%" PRId8 "] [%" PRIu16 "] [%" PRIx32 "] [%" PRIX64 "] [%" PRIi64 "]\n", (int8_t)-100, (uint16_t)60000, (uint32_t)0xdeadbeef, (uint64_t)0xfeedfacecafebeefULL, (int64_t)-9);
    printf("[%c] [%5c] [%-5c] [%%] [%s] [%10s] [%-10s] [%.3s] [%10.2s]\n", 'Z', 'y', 'x', "str", "right", "left", "truncate", "ab");
    char buf[64]; int n = snprintf(buf, 10, "%d-%d-%d", 12345, 67890, 11111);
    printf("snprintf n=%d buf=%s\n", n, buf);
    n = sprintf(buf, "%lx%lX", 0xabcdefUL, 0xabcdefUL);
    printf("sprintf n=%d buf=%s\n", n, buf);
    long long sum = 0;
    for (int i = -1000; i <= 1000; i += 3) { char t[40]; sum += snprintf(t, sizeof t, "%+08d|%x", i * 7919, (unsigned)(i * 104729)); sum += t[3]; }
    printf("sum=%lld\n", sum);
    return 0;
}
