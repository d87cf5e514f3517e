// Host signal handling: deaths that mirror the guest's, and a fault handler for
// faults raised by generated code (until precise guest signal delivery exists,
// a fault in guest code kills the process with the same signal, as natively).
#define _GNU_SOURCE
#include "CSupport.h"
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>

void cr_die_by_signal(int sig) {
    struct rlimit nocore = {0, 0};
    setrlimit(RLIMIT_CORE, &nocore);
    signal(sig, SIG_DFL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig);
}

static uintptr_t g_code_start, g_code_end;

static void fault_handler(int sig, siginfo_t *info, void *uctx) {
    (void)info; (void)uctx;
    // Whether the fault came from guest code or the host, the process dies with the
    // same signal a native run would; no Swift crash trace.
    cr_die_by_signal(sig);
}

void cr_install_fault_handlers(uintptr_t code_start, uintptr_t code_end) {
    g_code_start = code_start;
    g_code_end = code_end;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fault_handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
}
