/* Self-modifying code: rewrite a function in an RWX page, __builtin___clear_cache
   (DC CVAU + IC IVAU), call it: the new code must run every time. */
#include <stdio.h>
#include <stdint.h>
#include <sys/mman.h>
int main(void) {
    uint32_t *code = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    int bad = 0; long sum = 0;
    for (int i = 0; i < 10000; i++) {
        code[0] = 0x52800000 | ((i & 0xffff) << 5);
        code[1] = 0xd65f03c0;
        __builtin___clear_cache((char *)code, (char *)(code + 2));
        int r = ((int (*)(void))code)();
        if (r != (i & 0xffff)) bad++;
        sum += r;
    }
    printf("sum=%ld bad=%d\n", sum, bad);
    return 0;
}
