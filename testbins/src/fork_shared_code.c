// After fork, parent and child run from memories that diverge. compat-run lets them share
// translated code until one writes to it; this checks that code the parent translates
// after the fork, from its changed memory, never reaches the child through a chain patch.
// Block A (page 0) ends in a conditional branch to X (page 1) that is not yet taken at the
// fork. The parent then rewrites X and takes that branch; the child, released afterwards,
// takes it too and must run its own, unchanged X.
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

typedef int (*code_fn)(int unused, int flag);

static void put(uint32_t *at, const uint32_t *words, int n) {
    memcpy(at, words, n * sizeof(uint32_t));
    __builtin___clear_cache((char *)at, (char *)(at + n));
}

int main(void) {
    long page = sysconf(_SC_PAGESIZE);
    uint8_t *code = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED) { perror("mmap"); return 1; }
    uint32_t imm19 = (uint32_t)(page / 4);
    const uint32_t block_a[] = {
        0x34000001u | (imm19 << 5),     // cbz w1, X (one page on)
        0x528000E0u,                    // mov w0, #7
        0xD65F03C0u,                    // ret
    };
    const uint32_t x_one[] = { 0x52800020u, 0xD65F03C0u };   // mov w0, #1; ret
    const uint32_t x_two[] = { 0x52800040u, 0xD65F03C0u };   // mov w0, #2; ret
    put((uint32_t *)code, block_a, 3);
    put((uint32_t *)(code + page), x_one, 2);
    if (mprotect(code, 2 * page, PROT_READ | PROT_EXEC) != 0) { perror("mprotect"); return 1; }
    code_fn a = (code_fn)(void *)code;

    printf("before fork: A(flag=1) = %d\n", a(0, 1));     // A runs; its branch to X is not taken
    fflush(stdout);
    int go[2];
    if (pipe(go) != 0) { perror("pipe"); return 1; }
    pid_t pid = fork();
    if (pid < 0) { perror("fork"); return 1; }
    if (pid == 0) {
        char c;
        if (read(go[0], &c, 1) != 1) _exit(3);
        printf("child: A(flag=0) = %d\n", a(0, 0));       // its own X: 1
        fflush(stdout);
        _exit(0);
    }
    if (mprotect(code + page, page, PROT_READ | PROT_WRITE) != 0) { perror("mprotect"); return 1; }
    put((uint32_t *)(code + page), x_two, 2);
    if (mprotect(code + page, page, PROT_READ | PROT_EXEC) != 0) { perror("mprotect"); return 1; }
    printf("parent: A(flag=0) = %d\n", a(0, 0));          // the rewritten X: 2
    fflush(stdout);
    if (write(go[1], "g", 1) != 1) return 1;
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) { perror("waitpid"); return 1; }
    printf("child status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    printf("parent again: A(flag=0) = %d\n", a(0, 0));
    return 0;
}
