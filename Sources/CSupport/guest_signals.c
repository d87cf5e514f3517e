// Host side of guest signal delivery. For every signal the guest handles itself,
// cr_guest_signal_handler is installed on the host: it only records the signal
// (the receiving thread's pending set plus the latest siginfo per signal) and returns.
// Every guest thread is a host thread whose blocked mask mirrors the guest's, so the
// host kernel already picks the thread Linux would (tgkill's target, or a thread not
// blocking a process-directed signal): recording per thread keeps that choice.
// The syscall shim takes recorded signals at its delivery points and builds the
// arm64 signal frame in Swift. siginfo_t is copied raw: the generic 128-byte
// layout is identical on x86-64 and arm64.
#define _GNU_SOURCE
#include "CSupport.h"
#include <signal.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

// Per thread: every guest thread is a host thread, and the recorder runs on the thread
// the kernel picked (see cr_pending_signals in CSupport.h for the queue rules).
static __thread cr_pending_signals t_queue;

cr_pending_signals *cr_thread_pending_signals(void) { return &t_queue; }

// Word in this thread's guest CPU state that generated code polls at block entry.
static __thread volatile uint32_t *t_interrupt_word;

void cr_set_interrupt_word(volatile uint32_t *word) { t_interrupt_word = word; }

// Restorer for handlers installed with the raw syscall (x86-64 needs SA_RESTORER).
extern void cr_host_sigreturn(void);
__asm__(".text\n"
        ".globl cr_host_sigreturn\n"
        ".hidden cr_host_sigreturn\n"
        ".type cr_host_sigreturn,@function\n"
        "cr_host_sigreturn:\n"
        "    mov $15, %eax\n"   // __NR_rt_sigreturn
        "    syscall\n"
        "    hlt\n"
        ".size cr_host_sigreturn, .-cr_host_sigreturn\n");

struct kernel_sigaction {
    uintptr_t handler;
    unsigned long flags;
    void (*restorer)(void);
    uint64_t mask;
};

#define CR_SA_RESTORER 0x04000000UL

void cr_pending_record(cr_pending_signals *q, int sig, const siginfo_t *info) {
    if (sig < 1 || sig > 64) return;
    siginfo_t *slot = &q->info[sig];
    // A real-time signal whose earlier instance is still pending queues behind it (a full
    // queue coalesces, as the kernel does past RLIMIT_SIGPENDING).
    if (sig >= CR_RT_FIRST && (q->pending & (1ULL << (sig - 1))) && q->rt_count < CR_RT_QUEUE) {
        q->rt[q->rt_count].sig = sig;
        slot = &q->rt[q->rt_count++].info;
    }
    if (info) memcpy(slot, info, sizeof *info);
    else {
        memset(slot, 0, sizeof *slot);
        slot->si_signo = sig;
    }
    __atomic_fetch_or(&q->pending, 1ULL << (sig - 1), __ATOMIC_SEQ_CST);
}

void cr_guest_signal_handler(int sig, siginfo_t *info, void *uctx) {
    (void)uctx;
    cr_pending_record(&t_queue, sig, info);
    if (t_interrupt_word) __atomic_store_n(t_interrupt_word, 1, __ATOMIC_SEQ_CST);
}

static int set_host_action(int sig, uintptr_t handler, unsigned long flags) {
    struct kernel_sigaction ka;
    ka.handler = handler;
    ka.flags = flags | CR_SA_RESTORER;
    ka.restorer = cr_host_sigreturn;
    ka.mask = ~0ULL;  // everything blocked while the recorder runs
    return (int)cr_syscall6(SYS_rt_sigaction, sig, (long)&ka, 0, 8, 0, 0);
}

int cr_install_guest_signal(int sig, unsigned long extra_flags) {
    // No SA_RESTART: an interrupted host syscall must come back to the shim so the
    // guest handler runs now; the shim restarts it itself when the guest asked.
    return set_host_action(sig, (uintptr_t)cr_guest_signal_handler, SA_SIGINFO | extra_flags);
}

int cr_set_host_disposition(int sig, uintptr_t disposition, unsigned long extra_flags) {
    return set_host_action(sig, disposition, extra_flags);
}

// The next queued instance of real-time `sig` becomes the pending one; false when none.
// Called with every signal blocked.
static int take_queued(cr_pending_signals *q, int sig) {
    for (int i = 0; i < q->rt_count; i++) {
        if (q->rt[i].sig != sig) continue;
        memcpy(&q->info[sig], &q->rt[i].info, sizeof q->info[sig]);
        memmove(&q->rt[i], &q->rt[i + 1], (size_t)(q->rt_count - i - 1) * sizeof q->rt[0]);
        q->rt_count--;
        return 1;
    }
    return 0;
}

int cr_pending_take(cr_pending_signals *q, uint64_t blocked_mask, siginfo_t *out) {
    if ((__atomic_load_n(&q->pending, __ATOMIC_SEQ_CST) & ~blocked_mask) == 0) return 0;
    // Block everything so a new instance cannot overwrite the siginfo mid-copy.
    uint64_t all = ~0ULL, old = 0;
    cr_syscall6(SYS_rt_sigprocmask, SIG_SETMASK, (long)&all, (long)&old, 8, 0, 0);
    int sig = 0;
    uint64_t avail = __atomic_load_n(&q->pending, __ATOMIC_SEQ_CST) & ~blocked_mask;
    if (avail) {
        sig = __builtin_ctzll(avail) + 1;
        if (out) memcpy(out, &q->info[sig], sizeof *out);
        if (!take_queued(q, sig)) __atomic_fetch_and(&q->pending, ~(1ULL << (sig - 1)), __ATOMIC_SEQ_CST);
    }
    cr_syscall6(SYS_rt_sigprocmask, SIG_SETMASK, (long)&old, 0, 8, 0, 0);
    return sig;
}

void cr_pending_discard(cr_pending_signals *q, int sig) {
    if (sig < 1 || sig > 64) return;
    uint64_t all = ~0ULL, old = 0;
    cr_syscall6(SYS_rt_sigprocmask, SIG_SETMASK, (long)&all, (long)&old, 8, 0, 0);
    while (sig >= CR_RT_FIRST && take_queued(q, sig)) {}
    __atomic_fetch_and(&q->pending, ~(1ULL << (sig - 1)), __ATOMIC_SEQ_CST);
    cr_syscall6(SYS_rt_sigprocmask, SIG_SETMASK, (long)&old, 0, 8, 0, 0);
}

uint64_t cr_pending_set(const cr_pending_signals *q) {
    return __atomic_load_n(&q->pending, __ATOMIC_SEQ_CST);
}

// Linux starts a fork child with no pending signals. Host signals stay blocked across
// the fork, so none is recorded into the queue while the child empties its copy; ones
// sent to the child meanwhile stay pending in the kernel until the mask is restored.
pid_t cr_fork_without_pending(void) {
    uint64_t all = ~0ULL, old = 0;
    cr_syscall6(SYS_rt_sigprocmask, SIG_SETMASK, (long)&all, (long)&old, 8, 0, 0);
    pid_t pid = fork();
    if (pid == 0) {
        t_queue.rt_count = 0;
        __atomic_store_n(&t_queue.pending, 0, __ATOMIC_SEQ_CST);
    }
    int saved = errno;
    cr_syscall6(SYS_rt_sigprocmask, SIG_SETMASK, (long)&old, 0, 8, 0, 0);
    errno = saved;
    return pid;
}
