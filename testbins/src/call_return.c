/* Calls and returns in unusual shapes: deep recursion, longjmp out of deep call
   chains, returns to a different address than the call site (x30 rewritten),
   tail calls through function pointers, and ucontext coroutines. The translator
   predicts returns with the host's return stack and must fall back correctly. */
#include <setjmp.h>
#include <stdio.h>
#include <ucontext.h>

static jmp_buf env;
static long depth(long n) { return n == 0 ? 0 : 1 + depth(n - 1); }
static void dive(int n) { if (n == 0) longjmp(env, 7); dive(n - 1); }

/* RET to an address no call pushed (x30 rewritten to a label in the same function). */
__attribute__((noinline)) static long skip_return(void) {
    long r;
    __asm__ volatile("mov %0, #99\n\tadr x30, 1f\n\tret\n1:" : "=r"(r) : : "x30");
    return r;
}

static ucontext_t main_ctx, co_ctx;
static char co_stack[64 * 1024];
static int co_value;
static void coroutine(void) {
    for (int i = 0; i < 5; i++) { co_value = i * i; swapcontext(&co_ctx, &main_ctx); }
}

typedef long (*op_fn)(long);
static long inc(long x) { return x + 1; }
static long dbl(long x) { return x * 2; }
static long apply(op_fn f, long x, int n) { return n == 0 ? x : apply(f, f(x), n - 1); }

int main(void) {
    printf("depth %ld\n", depth(100000));
    for (int round = 0; round < 3; round++) {
        int v = setjmp(env);
        if (v == 0) dive(20000 + round);
        else printf("longjmp round %d value %d\n", round, v);
    }
    printf("skip_return %ld\n", skip_return());
    getcontext(&co_ctx);
    co_ctx.uc_stack.ss_sp = co_stack;
    co_ctx.uc_stack.ss_size = sizeof co_stack;
    co_ctx.uc_link = &main_ctx;
    makecontext(&co_ctx, coroutine, 0);
    for (int i = 0; i < 5; i++) { swapcontext(&main_ctx, &co_ctx); printf("coroutine %d\n", co_value); }
    long acc = 0;
    for (int i = 0; i < 1000; i++) acc += apply(i & 1 ? inc : dbl, i, i % 7);
    printf("apply %ld\n", acc);
    return 0;
}
