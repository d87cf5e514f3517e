// Host signal handling: deaths that mirror the guest's, and the fault handler.
// A fault in translated guest code is handed back to the translator (which turns it
// into a guest signal with the exact pc); any other fault kills the process with the
// same signal, as a native crash would.
#define _GNU_SOURCE
#include "CSupport.h"
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <ucontext.h>

// Called once before a death the process decides on itself (not inside a signal handler):
// compat-run's --stats writes its last words there.
static void (*g_death_hook)(int);

void cr_set_death_hook(void (*hook)(int)) { g_death_hook = hook; }

static void die_now(int sig) __attribute__((noreturn));

void cr_die_by_signal(int sig) {
    void (*hook)(int) = g_death_hook;
    g_death_hook = NULL;
    if (hook) hook(sig);
    die_now(sig);
}

static void die_now(int sig) {
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

static uintptr_t g_code_start, g_code_end, g_fault_stub;
static long g_fault_area, g_fault_vectors;

void cr_set_guest_code_range(uintptr_t code_start, uintptr_t code_end, uintptr_t stub, long fault_area,
                             long fault_vectors) {
    g_code_start = code_start;
    g_code_end = code_end;
    g_fault_stub = stub;
    g_fault_area = fault_area;
    g_fault_vectors = fault_vectors;
}

// The instructions of cr_copy_guest that touch guest memory (guest_access.c).
extern const char cr_guest_access_start[], cr_guest_access_end[], cr_guest_access_fixup[];

static void fault_handler(int sig, siginfo_t *info, void *uctx) {
    ucontext_t *uc = uctx;
    greg_t *r = uc->uc_mcontext.gregs;
    uintptr_t rip = (uintptr_t)r[REG_RIP];
    // Sent by a process (kill, tgkill, sigqueue), not raised by a fault: its default
    // action, whatever code was running, as for a native process.
    if (info->si_code <= 0) die_now(sig);
    // A bad guest pointer met by the shim's safe copy: the copy returns failure (EFAULT).
    if ((sig == SIGSEGV || sig == SIGBUS) && rip >= (uintptr_t)cr_guest_access_start
        && rip < (uintptr_t)cr_guest_access_end) {
        r[REG_RIP] = (greg_t)(uintptr_t)cr_guest_access_fixup;
        return;
    }
    if (g_fault_stub && rip >= g_code_start && rip < g_code_end) {
        unsigned char *area = (unsigned char *)(uintptr_t)r[REG_R15] + g_fault_area;
        uint64_t words[CR_FAULT_WORDS] = {0};
        words[CR_FAULT_ADDRESS] = (uint64_t)(uintptr_t)info->si_addr;
        words[CR_FAULT_HOST_PC] = rip;
        words[CR_FAULT_SIGNAL_CODE] = (uint64_t)(uint32_t)sig | (uint64_t)(uint32_t)info->si_code << 32;
        const int promoted[CR_FAULT_PROMOTED_COUNT] = {REG_RBX, REG_RBP, REG_R12, REG_R13, REG_R14};
        for (int i = 0; i < CR_FAULT_PROMOTED_COUNT; i++) words[CR_FAULT_PROMOTED + i] = (uint64_t)r[promoted[i]];
        words[CR_FAULT_EFLAGS] = (uint64_t)r[REG_EFL];
        memcpy(area, words, sizeof words);
        // Guest V registers newer in the vector register cache than in the state: the fault
        // site says which (Engine.resolveFault); the kernel's frame has them all.
        if (uc->uc_mcontext.fpregs)
            memcpy((unsigned char *)(uintptr_t)r[REG_R15] + g_fault_vectors, &uc->uc_mcontext.fpregs->_xmm[CR_FAULT_FIRST_XMM],
                   CR_FAULT_XMM_COUNT * 16);
        r[REG_RIP] = (greg_t)g_fault_stub;
        return;
    }
    // Not guest code: the process dies with the same signal; no Swift crash trace.
    die_now(sig);
}

void cr_install_fault_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fault_handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
}
