/* glibc string routines at many alignments and lengths 0..300 (SIMD paths). */
#include <stdio.h>
#include <string.h>
#include <stdint.h>

static unsigned char bufa[1024] __attribute__((aligned(64)));
static unsigned char bufb[1024] __attribute__((aligned(64)));
static uint32_t h = 2166136261u;
static void mix(long v) { h ^= (uint32_t)v; h *= 16777619u; h ^= (uint32_t)(v >> 32); h *= 16777619u; }
static int sgn(int x) { return (x > 0) - (x < 0); }

int main(void) {
    unsigned long checks = 0;
    for (int al = 0; al < 16; al++) {
        for (int len = 0; len <= 300; len += (len < 40 ? 1 : 7)) {
            char *a = (char *)bufa + al, *b = (char *)bufb + (al * 7) % 16;
            memset(bufa, 'x', sizeof bufa); memset(bufb, 'y', sizeof bufb);
            for (int i = 0; i < len; i++) a[i] = (char)('A' + (i * 7 + al) % 26);
            a[len] = 0;
            mix((long)strlen(a));
            strcpy(b, a); mix(memcmp(a, b, (size_t)len + 1) == 0);
            mix(sgn(strcmp(a, b)));
            if (len > 0) { b[len - 1] = 'a'; mix(sgn(strcmp(a, b))); mix(sgn(strncmp(a, b, (size_t)len - 1))); b[len - 1] = a[len - 1]; }
            char *c = strchr(a, 'Q'); mix(c ? c - a : -1);
            c = strrchr(a, 'B'); mix(c ? c - a : -1);
            mix(strchr(a, 0) - a);
            void *m = memchr(a, 'Z', (size_t)len); mix(m ? (char *)m - a : -1);
            if (len >= 5) { char needle[6]; memcpy(needle, a + len / 2, 5); needle[5] = 0; c = strstr(a, needle); mix(c ? c - a : -1); }
            mix(strstr(a, "NOTTHERE") != NULL);
            memcpy(b + 1, a, (size_t)len); mix(memcmp(b + 1, a, (size_t)len));
            memmove(a + 3, a, (size_t)len); mix(memcmp(a + 3, b + 1, (size_t)len));
            memmove(a, a + 3, (size_t)len); mix(memcmp(a, b + 1, (size_t)len));
            memset(a, al, (size_t)len); int ok = 1; for (int i = 0; i < len; i++) ok &= a[i] == al; mix(ok);
            mix(a[len] == (len ? a[len] : a[0]));
            mix(strnlen(b + 1, 17));
            checks++;
        }
    }
    printf("checks=%lu hash=%08x\n", checks, h);
    char s[64]; strcpy(s, "hello"); strcat(s, ", "); strcat(s, "world"); const char *bang = "!!!!!"; strncat(s, bang, 2);
    printf("%s len=%zu\n", s, strlen(s));
    printf("strcmp: %d %d %d\n", sgn(strcmp("abc", "abd")), sgn(strcmp("abc", "abc")), sgn(strcmp("b", "abc")));
    printf("strspn=%zu strcspn=%zu\n", strspn("aabbccdd", "ab"), strcspn("hello world", " w"));
    char tok[] = "  one,two;;three , four"; int n = 0;
    for (char *t = strtok(tok, " ,;"); t; t = strtok(NULL, " ,;")) printf("tok%d=[%s]\n", n++, t);
    printf("strstr=%s\n", strstr("the quick brown fox", "brown"));
    char big[300]; memset(big, 'k', sizeof big); big[299] = 0; big[250] = 'Q';
    printf("strchr big=%ld strlen big=%zu\n", (long)(strchr(big, 'Q') - big), strlen(big));
    return 0;
}
