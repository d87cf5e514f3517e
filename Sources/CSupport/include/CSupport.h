#ifndef COMPAT_RUN_CSUPPORT_H
#define COMPAT_RUN_CSUPPORT_H
#include <stdint.h>

/// Raw host syscall: returns the kernel's result (negative errno on failure), no errno.
long cr_syscall6(long number, long a0, long a1, long a2, long a3, long a4, long a5);

/// Ends the process as if killed by `sig`, with default disposition and no core file.
void cr_die_by_signal(int sig) __attribute__((noreturn));

/// Installs host SIGSEGV/SIGBUS handlers that report faults in generated code.
/// `code_start`/`code_end` bound the code cache.
void cr_install_fault_handlers(uintptr_t code_start, uintptr_t code_end);

#endif
