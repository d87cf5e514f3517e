#ifndef COMPAT_RUN_CSUPPORT_H
#define COMPAT_RUN_CSUPPORT_H
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>

/// Raw host syscall: returns the kernel's result (negative errno on failure), no errno.
long cr_syscall6(long number, long a0, long a1, long a2, long a3, long a4, long a5);

/// Ends the process as if killed by `sig`, with default disposition and no core file.
void cr_die_by_signal(int sig) __attribute__((noreturn));
/// `hook(sig)` runs once in the thread that calls cr_die_by_signal, before it dies (never
/// from a signal handler).
void cr_set_death_hook(void (*hook)(int));

/// Installs the host SIGSEGV/SIGBUS/SIGFPE handler (see cr_set_guest_code_range).
void cr_install_fault_handlers(void);

/// A fault whose RIP is inside [code_start, code_end) (translated guest code) is not
/// fatal: the handler stores what the translator needs into the guest CPU state (r15
/// at the fault, at `fault_area`: fault address, host pc, signal, si_code, rbx rbp r12
/// r13 r14, eflags; at `fault_vectors`: xmm5-xmm15, 16 bytes each, the vector register cache)
/// and resumes at `stub`, which returns to the dispatcher.
void cr_set_guest_code_range(uintptr_t code_start, uintptr_t code_end, uintptr_t stub, long fault_area,
                             long fault_vectors);

/// The fault area's words (8 bytes each), the one definition of its layout: signals.c fills
/// it from the host context of a fault in generated code, generated code fills it for an
/// alignment fault, and the dispatcher (Engine.resolveFault) rebuilds the guest state from it.
#define CR_FAULT_ADDRESS 0         /* si_addr */
#define CR_FAULT_HOST_PC 1         /* rip of the faulting access */
#define CR_FAULT_SIGNAL_CODE 2     /* signal | si_code << 32 */
#define CR_FAULT_PROMOTED 3        /* rbx, rbp, r12, r13, r14: the loop-promoted registers, in this order */
#define CR_FAULT_PROMOTED_COUNT 5
#define CR_FAULT_EFLAGS 8          /* the guest's NZCV when it lived in EFLAGS */
#define CR_FAULT_WORDS 10
/// xmm5-xmm15 at the fault (the fault vectors area): the guest V registers the vector register
/// cache held there, which the fault site's slot map names.
#define CR_FAULT_FIRST_XMM 5
#define CR_FAULT_XMM_COUNT 11

/// Copies `n` bytes from `src` to `dst`, either of which may be a bad guest pointer.
/// Returns 0 when everything was copied, else the number of bytes not copied (a
/// SIGSEGV/SIGBUS while copying is caught, like the kernel's copy_from_user). Needs
/// the fault handlers (cr_install_fault_handlers).
size_t cr_copy_guest(void *dst, const void *src, size_t n);

/// Host handler for signals the guest handles: records the signal (and its
/// siginfo) in the receiving thread's pending set, nothing else.
void cr_guest_signal_handler(int sig, siginfo_t *info, void *uctx);

/// The handler also sets *word = 1 (the calling thread's word) so running guest code
/// stops at its next block entry (the translator polls it) and the signal is delivered
/// promptly.
void cr_set_interrupt_word(volatile uint32_t *word);

/// Installs cr_guest_signal_handler for `sig` (SA_SIGINFO, no SA_RESTART, all
/// signals blocked while it runs); `extra_flags` adds e.g. SA_NOCLDSTOP/SA_NOCLDWAIT.
/// Returns 0 or a negative errno.
int cr_install_guest_signal(int sig, unsigned long extra_flags);

/// Sets the host disposition of `sig` to SIG_DFL (0) or SIG_IGN (1).
int cr_set_host_disposition(int sig, uintptr_t disposition, unsigned long extra_flags);

/// Signals recorded for one thread and not yet taken (SyscallShim's PendingSignals is
/// its Swift face and states the rules): standard signals coalesce (one instance per
/// number, the latest siginfo); real-time ones (32..64) queue in arrival order, up to
/// CR_RT_QUEUE extra instances; the lowest number is taken first.
#define CR_RT_FIRST 32
#define CR_RT_QUEUE 64
typedef struct cr_pending_signals {
    uint64_t pending;  // bit n-1: signal n recorded
    siginfo_t info[65];
    struct { int sig; siginfo_t info; } rt[CR_RT_QUEUE];
    int rt_count;
} cr_pending_signals;

/// The calling thread's queue, the one cr_guest_signal_handler records into.
cr_pending_signals *cr_thread_pending_signals(void);

/// Records `sig` with `info` (NULL: a siginfo holding only si_signo). Async-signal-safe.
void cr_pending_record(cr_pending_signals *q, int sig, const siginfo_t *info);

/// Takes the lowest recorded signal not in `blocked_mask` (bit n-1 = signal n),
/// clears it (or moves up its next queued instance) and copies its siginfo to `out`;
/// 0 when none is deliverable. Host signals are blocked while it copies.
int cr_pending_take(cr_pending_signals *q, uint64_t blocked_mask, siginfo_t *out);

/// Forgets every recorded instance of `sig` (the guest ignored it).
void cr_pending_discard(cr_pending_signals *q, int sig);

/// Recorded, not yet taken signals (bit n-1 = signal n).
uint64_t cr_pending_set(const cr_pending_signals *q);

/// fork(2) whose child starts with the calling thread's queue empty (Linux clears a
/// fork child's pending signals); host signals are blocked across it.
pid_t cr_fork_without_pending(void);


/// Sequentially consistent 32-bit load/store, for words shared between host threads
/// (e.g. a CPU state's in-generated-code flag read by the thread that flushes the cache).
static inline uint32_t cr_atomic_load32(const volatile uint32_t *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
static inline void cr_atomic_store32(volatile uint32_t *p, uint32_t v) { __atomic_store_n(p, v, __ATOMIC_SEQ_CST); }
static inline _Bool cr_atomic_cas32(volatile uint32_t *p, uint32_t expected, uint32_t desired) {
    return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}
static inline void cr_atomic_store_rel32(volatile uint32_t *p, uint32_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
/* CPUID leaf/subleaf: out[0..3] = eax, ebx, ecx, edx (the host features generated code may use). */
static inline void cr_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]) {
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(leaf), "c"(subleaf));
    out[0] = a; out[1] = b; out[2] = c; out[3] = d;
}
/* XCR0 (the register states the OS saves); only valid when CPUID.1:ECX.OSXSAVE is set. */
static inline uint64_t cr_xgetbv0(void) {
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (uint64_t)hi << 32 | lo;
}
/* Starts loading the cache line at p for a write soon (the translator's block map). */
static inline void cr_prefetch_write(const void *p) { __builtin_prefetch(p, 1, 3); }

/// Starts a detached host thread with an 8 MiB stack running `body(context)`; 0 or an errno.
int cr_start_thread(void *(*body)(void *), void *context);

/// Ends the calling host thread only (not the process), without running anything.
void cr_exit_thread(int status) __attribute__((noreturn));

/// This executable's vsnprintf, for libraries that take one (Capstone's CS_OPT_MEM; Swift
/// cannot name a C function with a va_list parameter as a function pointer).
static inline void *cr_vsnprintf_address(void) { return (void *)&vsnprintf; }

/// posix_spawn_file_actions_addchdir_np on a posix_spawn_file_actions_t*: 0 or an errno.
int cr_spawn_actions_add_chdir(void *actions, const char *path);

#endif
