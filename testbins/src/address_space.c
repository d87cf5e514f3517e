/* The guest's address space as Linux shows it: /proc/self/maps has only guest lines
   with the right names, brk never grows over a MAP_FIXED mapping, hints and
   MAP_FIXED_NOREPLACE behave as on Linux. Output is free of addresses. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <sys/mman.h>
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
static int count_lines(const char *needle, const char *perms) {
    FILE *f = fopen("/proc/self/maps", "r"); char l[512]; int n = 0;
    while (fgets(l, sizeof l, f)) if (strstr(l, needle) && (!perms || strstr(l, perms))) n++;
    fclose(f); return n;
}
int main(int argc, char **argv) {
    char *self = realpath("/proc/self/exe", NULL);
    printf("program text r-x: %d\n", count_lines(self, "r-xp") == 1);
    printf("stack: %d\n", count_lines("[stack]", "rw-p"));
    printf("foreign lines: %d\n", count_lines("compat-run", 0) + count_lines("memfd", 0) + count_lines("qemu", 0) + count_lines("swift", 0));
    void *p = malloc(100000 / 10); (void)p;
    /* brk around a fixed mapping */
    char *cur = sbrk(0);
    char *top = (char *)(((unsigned long)cur + 0xffff) & ~0xfffUL);
    char *fixed = mmap(top + 0x10000, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("fixed above break: %d\n", fixed == top + 0x10000);
    strcpy(fixed, "kept");
    errno = 0;
    void *r = sbrk(0x20000 + (top - cur));
    printf("brk over it refused: %d (ENOMEM %d)\n", r == (void *)-1, errno == ENOMEM);
    printf("data intact: %s\n", fixed);
    /* (MAP_FIXED_NOREPLACE over it: EEXIST on Linux; qemu 7.2 ignores the flag, so the
       Shim tests check it instead.) */
    munmap(fixed, 4096);
    void *hint = mmap(fixed, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("hint honoured: %d\n", hint == fixed);
    munmap(hint, 4096);
    printf("grow after unmap: %d\n", sbrk(0x20000) != (void *)-1);
    /* protection changes show up */
    char *q = mmap(0, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(q + 4096, 4096, PROT_READ);
    char want[64]; snprintf(want, sizeof want, "%lx-%lx r--p", (unsigned long)(q + 4096), (unsigned long)(q + 8192));
    printf("split r--p line: %d\n", count_lines(want, 0));
    printf("mprotect unmapped: %d\n", mprotect(q + 3 * 4096 + 0x100000000UL, 4096, PROT_READ) == -1 && errno == ENOMEM);
    return 0;
}
