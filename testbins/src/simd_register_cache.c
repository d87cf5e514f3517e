/* The vector register cache (guest V registers kept in host xmm registers across a block):
 * chains of FP/SIMD ops across loads and stores, LD4 of every 16-byte element size next to
 * the ops that read its results, lane 0 moved to general registers (UMOV/SMOV/FMOV) right
 * after the op that computed it, vector FMUL/FMLA tininess (the check's constant is cached), and a fault in the middle of an FP chain, whose handler must
 * see the FP results computed before it in the signal frame's fpsimd record. */
#include <asm/sigcontext.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static sigjmp_buf back;
static double seen[3];

static void on_segv(int sig, siginfo_t *si, void *ctx) {
    (void)sig; (void)si;
    ucontext_t *uc = ctx;
    struct _aarch64_ctx *head = (struct _aarch64_ctx *)uc->uc_mcontext.__reserved;
    for (; head->magic; head = (struct _aarch64_ctx *)((char *)head + head->size)) {
        if (head->magic != FPSIMD_MAGIC) continue;
        struct fpsimd_context *fp = (struct fpsimd_context *)head;
        for (int i = 0; i < 3; i++) memcpy(&seen[i], &fp->vregs[i], 8);
    }
    siglongjmp(back, 1);
}

static void print_bytes(const char *name, const uint8_t *p, int n) {
    printf("%s:", name);
    for (int i = 0; i < n; i++) printf(" %02x", p[i]);
    printf("\n");
}

int main(void) {
    uint8_t buf[64], out[64];
    for (int i = 0; i < 64; i++) buf[i] = (uint8_t)(i * 7 + 3);
#define LD4(form)                                                                           \
    __asm__ volatile("ld4 {v4." form ", v5." form ", v6." form ", v7." form "}, [%0]\n"     \
                     "add v4.16b, v4.16b, v7.16b\n"                                         \
                     "eor v5.16b, v5.16b, v6.16b\n"                                         \
                     "stp q4, q5, [%1]\nstp q6, q7, [%1, #32]\n"                            \
                     :: "r"(buf), "r"(out) : "v4", "v5", "v6", "v7", "memory");             \
    print_bytes("ld4 " form, out, 64);
    LD4("16b") LD4("8h") LD4("4s") LD4("2d") LD4("8b") LD4("4h")

    /* A scalar chain whose values cross loads and stores, then a vector op on the same registers. */
    double in[4] = {1.5, -2.25, 3.0e-300, 7.0}, res[4];
    __asm__ volatile("ldp d0, d1, [%0]\n"
                     "fmul d2, d0, d1\n"
                     "ldr d3, [%0, #16]\n"
                     "fadd d2, d2, d0\n"
                     "fmul d3, d3, d3\n"              /* underflows */
                     "str d2, [%1]\n"
                     "fdiv d4, d2, d1\n"
                     "ldr d5, [%0, #24]\n"
                     "fsqrt d5, d5\n"
                     "fmadd d4, d4, d5, d0\n"
                     "ins v2.d[1], v4.d[0]\n"
                     "fadd v2.2d, v2.2d, v2.2d\n"
                     "stp d3, d4, [%1, #8]\n"
                     "str d2, [%1, #24]\n"
                     :: "r"(in), "r"(res) : "v0", "v1", "v2", "v3", "v4", "v5", "memory");
    printf("chain: %.17g %.17g %.17g %.17g\n", res[0], res[1], res[2], res[3]);

    /* Lane 0 to general registers right after the op that computed it (read from the cache). */
    uint64_t g[8];
    uint8_t neg[16];
    for (int i = 0; i < 16; i++) neg[i] = (uint8_t)(0xF0 + i * 3);
    __asm__ volatile("ldr q0, [%0]\n"
                     "add v0.16b, v0.16b, v0.16b\n"
                     "umov w9, v0.b[0]\n"
                     "smov x10, v0.b[0]\n"
                     "smov w11, v0.h[0]\n"
                     "umov w12, v0.h[0]\n"
                     "smov x13, v0.s[0]\n"
                     "fmov w14, s0\n"
                     "fmov x15, d0\n"
                     "mov w16, v0.s[0]\n"
                     "stp x9, x10, [%1]\nstp x11, x12, [%1, #16]\nstp x13, x14, [%1, #32]\nstp x15, x16, [%1, #48]\n"
                     :: "r"(neg), "r"(g)
                     : "v0", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "memory");
    printf("to gpr:");
    for (int i = 0; i < 8; i++) printf(" %llx", (unsigned long long)g[i]);
    printf("\n");

    /* Arm's tininess before rounding on vector FMUL/FMLA: the second op of each pair reads the
     * check's constant from the cache. (1 + 2^-52) * (1 - 2^-52) * 2^-1022 is below the smallest
     * normal and rounds up to it: tiny before rounding (Arm: UFC), not after (x86: no UE). */
    double lanes[6] = {0.5, 3.0, 1.0 + 0x1p-52, 1.0, 0x0.fffffffffffffp-1022, 1.0};
    uint64_t fpsr[2];
    __asm__ volatile("ldp q1, q2, [%0]\n"
                     "ldr q3, [%0, #32]\n"
                     "msr fpsr, xzr\n"
                     "fmul v4.2d, v1.2d, v1.2d\n"
                     "fmul v5.2d, v2.2d, v3.2d\n"
                     "mrs x9, fpsr\n"
                     "msr fpsr, xzr\n"
                     "movi v6.2d, #0\n"
                     "fmla v6.2d, v1.2d, v1.2d\n"
                     "movi v7.2d, #0\n"
                     "fmla v7.2d, v2.2d, v3.2d\n"
                     "mrs x10, fpsr\n"
                     "stp x9, x10, [%1]\n"
                     "msr fpsr, xzr\n"
                     :: "r"(lanes), "r"(fpsr) : "v1", "v2", "v3", "v4", "v5", "v6", "v7", "x9", "x10", "memory");
    printf("tiny: fmul fpsr %llx, fmla fpsr %llx\n", (unsigned long long)fpsr[0], (unsigned long long)fpsr[1]);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    if (!sigsetjmp(back, 1)) {
        __asm__ volatile("fmov d0, #1.5\n"
                         "fmov d1, #-2.0\n"
                         "fmul d2, d0, d1\n"
                         "fadd d0, d2, d1\n"
                         "ldr x9, [%0]\n"          /* faults: d0-d2 must be in the frame */
                         "fmov d0, #3.0\n"
                         :: "r"((uintptr_t)8) : "v0", "v1", "v2", "x9", "memory");
        printf("no fault\n");
    }
    printf("fault frame: d0=%g d1=%g d2=%g\n", seen[0], seen[1], seen[2]);

    /* A loop that is one block: the V registers it names stay in host registers across
     * iterations. First 40 iterations with scalar and vector values carried around, then the
     * same loop following a pointer chain that ends in a fault on the third iteration. */
    double acc[2];
    __asm__ volatile("fmov d0, #1.0\n"
                     "fmov d1, #0.5\n"
                     "movi v4.2d, #0\n"
                     "mov x9, #40\n"
                     "1:\n"
                     "fmul d2, d0, d1\n"
                     "fadd d0, d0, d2\n"
                     "fmov s3, s1\n"
                     "fadd d1, d1, d3\n"
                     "ins v4.d[1], v0.d[0]\n"
                     "fadd v4.2d, v4.2d, v4.2d\n"
                     "subs x9, x9, #1\n"
                     "b.ne 1b\n"
                     "stp d0, d1, [%0]\n"
                     "str q4, [%1]\n"
                     :: "r"(acc), "r"(out) : "v0", "v1", "v2", "v3", "v4", "x9", "memory");
    printf("loop: %.17g %.17g %016llx %016llx\n", acc[0], acc[1],
           (unsigned long long)((uint64_t *)out)[0], (unsigned long long)((uint64_t *)out)[1]);
    uintptr_t chain[3];
    chain[0] = (uintptr_t)&chain[1];
    chain[1] = (uintptr_t)&chain[2];
    chain[2] = 8;
    memset(seen, 0, sizeof seen);
    if (!sigsetjmp(back, 1)) {
        __asm__ volatile("fmov d0, #1.0\n"
                         "fmov d1, #0.5\n"
                         "mov x10, %0\n"
                         "1:\n"
                         "fmul d2, d0, d1\n"
                         "fadd d0, d0, d2\n"
                         "fadd d1, d1, d1\n"
                         "ldr x10, [x10]\n"       /* the third iteration faults */
                         "cbnz x10, 1b\n"
                         :: "r"(chain) : "v0", "v1", "v2", "x10", "memory");
        printf("no fault\n");
    }
    printf("loop fault frame: d0=%g d1=%g d2=%g\n", seen[0], seen[1], seen[2]);
    return 0;
}
