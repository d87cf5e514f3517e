/* A W^X JIT: write code under PROT_READ|PROT_WRITE, flip to PROT_READ|PROT_EXEC, run;
   10,000 rounds, then unrelated mmap/munmap traffic that must not disturb anything. */
#include <stdio.h>
#include <stdint.h>
#include <sys/mman.h>
#include <string.h>
int main(void) {
    uint32_t *code = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    long sum = 0; int bad = 0;
    for (int i = 0; i < 10000; i++) {
        mprotect(code, 4096, PROT_READ | PROT_WRITE);
        code[0] = 0x52800000 | ((i & 0xffff) << 5);  /* mov w0, #i */
        code[1] = 0xd65f03c0;                         /* ret */
        __builtin___clear_cache((char *)code, (char *)(code + 2));
        mprotect(code, 4096, PROT_READ | PROT_EXEC);
        int r = ((int (*)(void))code)();
        if (r != (i & 0xffff)) bad++;
        sum += r;
    }
    /* unrelated munmaps must not disturb anything */
    for (int i = 0; i < 1000; i++) { void *p = mmap(0, 65536, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0); memset(p, 1, 100); munmap(p, 65536); }
    printf("sum=%ld bad=%d\n", sum, bad);
    return 0;
}
