#ifndef COMPAT_RUN_CSUPPORT_H
#define COMPAT_RUN_CSUPPORT_H
#include <stddef.h>
#include <stdint.h>
#include <signal.h>

/// Raw host syscall: returns the kernel's result (negative errno on failure), no errno.
long cr_syscall6(long number, long a0, long a1, long a2, long a3, long a4, long a5);

/// Ends the process as if killed by `sig`, with default disposition and no core file.
void cr_die_by_signal(int sig) __attribute__((noreturn));

/// Installs the host SIGSEGV/SIGBUS/SIGFPE handler (see cr_set_guest_code_range).
void cr_install_fault_handlers(void);

/// A fault whose RIP is inside [code_start, code_end) (translated guest code) is not
/// fatal: the handler stores what the translator needs into the guest CPU state (r15
/// at the fault, at `fault_area`: fault address, host pc, signal, si_code, rbx rbp r12
/// r13 r14, eflags) and resumes at `stub`, which returns to the dispatcher.
void cr_set_guest_code_range(uintptr_t code_start, uintptr_t code_end, uintptr_t stub, long fault_area);

/// Copies `n` bytes from `src` to `dst`, either of which may be a bad guest pointer.
/// Returns 0 when everything was copied, else the number of bytes not copied (a
/// SIGSEGV/SIGBUS while copying is caught, like the kernel's copy_from_user). Needs
/// the fault handlers (cr_install_fault_handlers).
size_t cr_copy_guest(void *dst, const void *src, size_t n);

/// Host handler for signals the guest handles: records the signal (and its
/// siginfo) in the process-wide pending set, nothing else.
void cr_guest_signal_handler(int sig, siginfo_t *info, void *uctx);

/// The handler also sets *word = 1 so running guest code stops at its next block
/// entry (the translator polls it) and the signal is delivered promptly.
void cr_set_interrupt_word(volatile uint32_t *word);

/// Installs cr_guest_signal_handler for `sig` (SA_SIGINFO, no SA_RESTART, all
/// signals blocked while it runs); `extra_flags` adds e.g. SA_NOCLDSTOP/SA_NOCLDWAIT.
/// Returns 0 or a negative errno.
int cr_install_guest_signal(int sig, unsigned long extra_flags);

/// Sets the host disposition of `sig` to SIG_DFL (0) or SIG_IGN (1).
int cr_set_host_disposition(int sig, uintptr_t disposition, unsigned long extra_flags);

/// Takes the lowest recorded signal not in `blocked_mask` (bit n-1 = signal n),
/// clears it and copies its siginfo to `out`; 0 when none is deliverable.
int cr_take_pending_signal(uint64_t blocked_mask, siginfo_t *out);

/// Forgets a recorded instance of `sig` (the guest ignored it).
void cr_discard_pending_signal(int sig);

/// Recorded, not yet taken signals (bit n-1 = signal n).
uint64_t cr_pending_mask(void);

/// Address of the pending set, for cheap checks from generated code (non-zero = work).
const volatile uint64_t *cr_pending_mask_address(void);

#endif
