/* Known Adler-32 values (RFC 1950's algorithm): exit 0 when all match. */
#include <stdio.h>
#include <string.h>
#include "checksum.h"
int main(void) {
    struct { const char *text; unsigned expected; } cases[] = {
        {"", 0x00000001}, {"a", 0x00620062}, {"abc", 0x024d0127}, {"Wikipedia", 0x11e60398},
    };
    int failed = 0;
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        unsigned got = adler32((const unsigned char *)cases[i].text, strlen(cases[i].text));
        if (got != cases[i].expected) { printf("adler32(%s) = %08x, expected %08x\n", cases[i].text, got, cases[i].expected); failed = 1; }
    }
    return failed;
}
