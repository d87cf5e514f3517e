/* checksum_tool TEXT: prints TEXT's Adler-32 and the machine it ran on; no TEXT is an error. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include "checksum.h"
int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: checksum_tool TEXT\n"); return 2; }
    struct utsname u;
    uname(&u);
    printf("adler32(%s) = %08x on %s\n", argv[1], adler32((const unsigned char *)argv[1], strlen(argv[1])), u.machine);
    return 0;
}
