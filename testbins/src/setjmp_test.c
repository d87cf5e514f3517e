/* setjmp/longjmp across frames, preserving callee-saved locals and FP registers. */
#include <stdio.h>
#include <setjmp.h>

static jmp_buf env, env2;
static int depth_reached;
__attribute__((noinline)) static void dive(int n) {
    volatile char pad[128]; pad[0] = (char)n; (void)pad;
    depth_reached = n;
    if (n == 50) longjmp(env, n * 2);
    if (n > 1000) return;
    dive(n + 1);
}
__attribute__((noinline)) static int try_div(int a, int b) {
    if (b == 0) longjmp(env2, 1);
    return a / b;
}

int main(void) {
    volatile int counter = 0; volatile double dv = 1.5;
    int r = setjmp(env);
    counter++;
    if (r == 0) { printf("first pass r=%d counter=%d\n", r, counter); dv *= 2; dive(0); printf("not reached\n"); }
    printf("after longjmp r=%d counter=%d depth=%d dv=%g\n", r, counter, depth_reached, dv);
    int errors = 0, sum = 0;
    for (int b = -3; b <= 3; b++) {
        if (setjmp(env2) == 0) sum += try_div(100, b);
        else errors++;
    }
    printf("sum=%d errors=%d\n", sum, errors);
    volatile int loops = 0;
    jmp_buf loopbuf;
    if (setjmp(loopbuf) < 5) { loops++; if (loops < 5) longjmp(loopbuf, loops); }
    printf("loops=%d\n", loops);
    sigjmp_buf sj; int v = sigsetjmp(sj, 1);
    if (v == 0) siglongjmp(sj, 0);  /* longjmp with 0 returns 1 */
    printf("siglongjmp(0) returned %d\n", v);
    return 0;
}
