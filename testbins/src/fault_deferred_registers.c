/* Registers written before a faulting load or store and overwritten after it, in one block:
   a translator may keep such values in host registers instead of the guest state (only a fault
   could see them there; compat-run stores them today). The guest SIGSEGV handler must still see every register's value at
   the faulting instruction (x0-x30 and sp), and execution must go on with what the handler
   leaves: a load stepped over (pc + 4) with its destination set, or a store retried after
   mprotect. Also: one value in two registers, sp itself, a vector load, and more written
   registers than the host has registers to hold them. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

static unsigned long seen[32];   /* x0-x30 and sp at the last fault */
static volatile int faults;
static volatile int step_over;   /* 1: skip the faulting access, x12 := 1000; 0: unprotect, retry */
static char *volatile page;

static void on_segv(int sig, siginfo_t *si, void *ctx) {
    (void)sig, (void)si;
    ucontext_t *uc = ctx;
    for (int i = 0; i < 31; i++) seen[i] = uc->uc_mcontext.regs[i];
    seen[31] = uc->uc_mcontext.sp;
    faults++;
    if (step_over) {
        uc->uc_mcontext.pc += 4;
        uc->uc_mcontext.regs[12] = 1000;
    } else {
        mprotect(page, 4096, PROT_READ | PROT_WRITE);
    }
}

/* x9, x10, x11 and x13 (a copy of x9) written, a load faults, all four overwritten. */
static void load_fault(unsigned long in) {
    register unsigned long r1 asm("x1") = in;
    register char *bad asm("x2") = page;
    unsigned long o9, o10, o11, o13;
    step_over = 1;
    __asm__ volatile("add x9, x1, #1\n"
                     "eor x10, x1, #0xff\n"
                     "add x11, x9, x10\n"
                     "mov x13, x9\n"
                     "ldr x12, [x2]\n"
                     "add x9, x12, #2\n"
                     "mov x10, x12\n"
                     "add x11, x12, x9\n"
                     "add x13, x12, #13\n"
                     "mov %0, x9\n"
                     "mov %1, x10\n"
                     "mov %2, x11\n"
                     "mov %3, x13\n"
                     : "=&r"(o9), "=&r"(o10), "=&r"(o11), "=&r"(o13)
                     : "r"(r1), "r"(bad)
                     : "x9", "x10", "x11", "x12", "x13", "memory");
    int ok = seen[9] == in + 1 && seen[10] == (in ^ 0xff) && seen[11] == (in + 1) + (in ^ 0xff) && seen[13] == in + 1;
    printf("load: at the fault x9=%lu x10=%#lx x11=%lu x13=%lu ok=%d; after x9=%lu x10=%lu x11=%lu x13=%lu\n",
           seen[9], seen[10], seen[11], seen[13], ok, o9, o10, o11, o13);
}

/* sp and x3-x8 written, a store faults and is retried, all overwritten. */
static void store_fault(unsigned long in) {
    mprotect(page, 4096, PROT_READ);   /* before the register variables: a call may clobber them */
    register unsigned long r1 asm("x1") = in;
    register char *bad asm("x2") = page;
    unsigned long before_sp, o3, o8;
    step_over = 0;
    __asm__ volatile("mov x14, sp\n"
                     "sub sp, sp, #64\n"
                     "add x3, x1, #3\n"
                     "add x4, x1, #4\n"
                     "add x5, x3, x4\n"
                     "lsl x6, x1, #6\n"
                     "mul x7, x1, x1\n"
                     "sub x8, x7, x1\n"
                     "str x5, [x2, #8]\n"
                     "add sp, sp, #64\n"
                     "add x3, x5, #1\n"
                     "mov x4, #4\n"
                     "mov x5, #5\n"
                     "mov x6, #6\n"
                     "mov x7, #7\n"
                     "add x8, x3, x8\n"
                     "mov %0, x14\n"
                     "mov %1, x3\n"
                     "mov %2, x8\n"
                     : "=&r"(before_sp), "=&r"(o3), "=&r"(o8)
                     : "r"(r1), "r"(bad)
                     : "x3", "x4", "x5", "x6", "x7", "x8", "x14", "memory");
    int ok = seen[31] == before_sp - 64 && seen[3] == in + 3 && seen[4] == in + 4 && seen[5] == 2 * in + 7
             && seen[6] == in << 6 && seen[7] == in * in && seen[8] == in * in - in;
    printf("store: at the fault x3=%lu x4=%lu x5=%lu x6=%lu x7=%lu x8=%lu sp-ok=%d ok=%d; stored %lu; after x3=%lu x8=%lu\n",
           seen[3], seen[4], seen[5], seen[6], seen[7], seen[8], seen[31] == before_sp - 64, ok,
           ((unsigned long *)page)[1], o3, o8);
}

/* x9 and x10 written, a vector load faults and is stepped over, both overwritten. */
static void vector_load_fault(unsigned long in) {
    mprotect(page, 4096, PROT_NONE);   /* before the register variables: a call may clobber them */
    register unsigned long r1 asm("x1") = in;
    register char *bad asm("x2") = page;
    unsigned long o9, o10;
    step_over = 1;
    __asm__ volatile("movi v0.2d, #0\n"
                     "add x9, x1, #9\n"
                     "eor x10, x1, #0x10\n"
                     "ldr q0, [x2, #16]\n"
                     "mov x9, #99\n"
                     "add x10, x10, #1\n"
                     "mov %0, x9\n"
                     "mov %1, x10\n"
                     : "=&r"(o9), "=&r"(o10)
                     : "r"(r1), "r"(bad)
                     : "x9", "x10", "x12", "v0", "memory");
    printf("vector load: at the fault x9=%lu x10=%lu ok=%d; after x9=%lu x10=%lu\n", seen[9], seen[10],
           seen[9] == in + 9 && seen[10] == (in ^ 0x10), o9, o10);
}

/* Twenty registers written (more than the host's allocatable registers), a load faults and is
   stepped over, all overwritten from the handler's x12 and summed. */
static void many_registers_fault(unsigned long in) {
    register unsigned long r1 asm("x1") = in;
    register char *bad asm("x2") = page;
    unsigned long sum;
    step_over = 1;
#define W(n) "add x" #n ", x1, #" #n "\n"
#define O(n) "add x" #n ", x12, #" #n "\n"
#define S(n) "add x3, x3, x" #n "\n"
    __asm__ volatile(W(3) W(4) W(5) W(6) W(7) W(8) W(9) W(10) W(11) W(13) W(14) W(15) W(16) W(17)
                     W(19) W(20) W(21) W(22) W(23) W(24) W(25) W(26) W(27) W(28)
                     "ldr x12, [x2, #24]\n"
                     O(3) O(4) O(5) O(6) O(7) O(8) O(9) O(10) O(11) O(13) O(14) O(15) O(16) O(17)
                     O(19) O(20) O(21) O(22) O(23) O(24) O(25) O(26) O(27) O(28)
                     S(4) S(5) S(6) S(7) S(8) S(9) S(10) S(11) S(13) S(14) S(15) S(16) S(17)
                     S(19) S(20) S(21) S(22) S(23) S(24) S(25) S(26) S(27) S(28)
                     "mov %0, x3\n"
                     : "=&r"(sum)
                     : "r"(r1), "r"(bad)
                     : "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16",
                       "x17", "x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "memory");
    int wrong = 0;
    for (int n = 3; n <= 28; n++)
        if (n != 12 && n != 18 && seen[n] != in + n) wrong++;
    printf("many registers: %d of 24 wrong at the fault; sum after %lu\n", wrong, sum);
}

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    page = mmap(0, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (unsigned long in = 40; in < 43; in++) {
        mprotect(page, 4096, PROT_NONE);
        load_fault(in);
        store_fault(in);
        vector_load_fault(in);
        many_registers_fault(in);
    }
    printf("faults: %d\n", faults);
    return 0;
}
