/* Signals in a multithreaded process: pthread_kill to a chosen thread (spinning in
   computation, or blocked in ppoll, which returns EINTR), a signal pending on a thread that
   blocks it (not on the others), sigwaitinfo in a thread, masks inherited by new threads,
   synchronous SIGSEGVs handled on the faulting (non-main) threads, four at once (siglongjmp
   out), a per-thread sigaltstack (not inherited by new threads), a stack overflow in a
   thread caught on its alternate stack, and a process-directed kill(getpid()) delivered to
   the one thread that does not block it. Prints booleans and counts only. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { printf("FAIL %s: %s\n", #call, strerror(rc_)); exit(1); } } while (0)
#define YN(b) ((b) ? "yes" : "no")

static long gettid_raw(void) { return syscall(SYS_gettid); }
static void pause_ms(int ms) { struct timespec t = { 0, ms * 1000000L }; nanosleep(&t, NULL); }

/* ---- SIGUSR1 to a chosen spinning thread -------------------------------------------- */
#define NSPIN 4
static atomic_int stop_spinning, spinners_ready;
static pthread_t spin_threads[NSPIN];
static atomic_long usr1_tid, usr1_count;
static pthread_t usr1_self;
static volatile long spin_work[NSPIN];

static void on_usr1(int sig) {
    (void)sig;
    usr1_self = pthread_self();
    atomic_store(&usr1_tid, gettid_raw());
    atomic_fetch_add(&usr1_count, 1);
}

static void *spinner(void *arg) {
    long id = (long)(intptr_t)arg;
    atomic_fetch_add(&spinners_ready, 1);
    unsigned long x = (unsigned long)id + 1;
    while (!atomic_load_explicit(&stop_spinning, memory_order_relaxed)) {
        for (int i = 0; i < 1000; i++) x = x * 6364136223846793005UL + 1442695040888963407UL;
        spin_work[id] = (long)x;
    }
    return (void *)gettid_raw();
}

/* ---- a thread blocked in ppoll that unblocks SIGUSR1 atomically ---------------------- */
static atomic_int poller_ready;
static atomic_long poller_tid;
static int poll_pipe[2];
static void *poller(void *arg) {
    (void)arg;
    sigset_t block, during;
    sigemptyset(&block); sigaddset(&block, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &block, &during);
    sigdelset(&during, SIGUSR1);
    atomic_store(&poller_tid, gettid_raw());
    atomic_store(&poller_ready, 1);
    struct pollfd p = { poll_pipe[0], POLLIN, 0 };
    int r = ppoll(&p, 1, NULL, &during);
    return (void *)(intptr_t)(r == -1 && errno == EINTR);
}

/* ---- a thread that blocks SIGUSR1 while one is sent to it --------------------------- */
static atomic_int blocker_stage;
static void *blocker(void *arg) {
    (void)arg;
    sigset_t s, pend;
    sigemptyset(&s); sigaddset(&s, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &s, NULL);
    atomic_store(&blocker_stage, 1);
    while (atomic_load(&blocker_stage) != 2) pause_ms(1);       /* main sends SIGUSR1 now */
    sigpending(&pend);
    int pending_here = sigismember(&pend, SIGUSR1);
    long before = atomic_load(&usr1_count);
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);                      /* delivered here, now */
    long after = atomic_load(&usr1_count);
    int ran_here = after == before + 1 && atomic_load(&usr1_tid) == gettid_raw();
    return (void *)(intptr_t)(pending_here * 2 + ran_here);
}

/* ---- sigwaitinfo in a thread, masks inherited --------------------------------------- */
static atomic_int waiter_ready;
static void *sig_waiter(void *arg) {
    (void)arg;
    sigset_t s, cur;
    pthread_sigmask(SIG_SETMASK, NULL, &cur);
    int inherited = sigismember(&cur, SIGUSR2) == 1;
    sigemptyset(&s); sigaddset(&s, SIGUSR2);
    atomic_store(&waiter_ready, 1);
    siginfo_t si;
    int sig = sigwaitinfo(&s, &si);
    int ok = sig == SIGUSR2 && (si.si_code == SI_TKILL || si.si_code == SI_USER) && si.si_pid == getpid();
    atomic_store(&waiter_ready, 2);
    sig = sigwaitinfo(&s, &si);                  /* process-directed sigqueue, value 42 */
    int queued = sig == SIGUSR2 && si.si_code == SI_QUEUE && si.si_value.sival_int == 42 && si.si_pid == getpid();
    return (void *)(intptr_t)(inherited * 4 + queued * 2 + ok);
}

/* ---- SIGSEGV on the faulting thread --------------------------------------------------- */
#define NFAULT 4
#define FAULTS_EACH 50
static __thread sigjmp_buf fault_jb;
static __thread int in_fault_test;
static atomic_long fault_tids[NFAULT];
static atomic_int wrong_thread_faults, good_faults;
static void on_segv(int sig, siginfo_t *si, void *uc) {
    (void)sig; (void)uc;
    uintptr_t a = (uintptr_t)si->si_addr;
    long id = (long)(a / 4096) - 1;                /* thread id encoded in the fault address */
    if (id < 0 || id >= NFAULT || atomic_load(&fault_tids[id]) != gettid_raw() || !in_fault_test)
        atomic_fetch_add(&wrong_thread_faults, 1);
    else
        atomic_fetch_add(&good_faults, 1);
    siglongjmp(fault_jb, 1);
}
static void *faulter(void *arg) {
    long id = (long)(intptr_t)arg;
    atomic_store(&fault_tids[id], gettid_raw());
    in_fault_test = 1;
    int caught = 0;
    for (int i = 0; i < FAULTS_EACH; i++) {
        if (sigsetjmp(fault_jb, 1) == 0) {
            volatile int *p = (volatile int *)(uintptr_t)(4096 * (id + 1) + 8 * i);
            *p = i;                                   /* faults: the first pages are unmapped */
        } else {
            caught++;
        }
    }
    in_fault_test = 0;
    return (void *)(intptr_t)caught;
}

/* ---- sigaltstack per thread ------------------------------------------------------------ */
#define ALT_SIZE (64 * 1024)
static __thread uintptr_t alt_lo, alt_hi;
static __thread volatile int alt_on, alt_flag_onstack, alt_handled;
static void on_alt(int sig) {
    (void)sig;
    char local;
    alt_on = alt_lo && (uintptr_t)&local >= alt_lo && (uintptr_t)&local < alt_hi;
    stack_t cur;
    sigaltstack(NULL, &cur);
    alt_flag_onstack = (cur.ss_flags & SS_ONSTACK) != 0;
    alt_handled = 1;
}
static void *alt_thread(void *arg) {
    (void)arg;
    stack_t cur;
    sigaltstack(NULL, &cur);
    int inherited = !(cur.ss_flags & SS_DISABLE);
    void *mem = malloc(ALT_SIZE);
    stack_t ss = { .ss_sp = mem, .ss_size = ALT_SIZE, .ss_flags = 0 };
    if (sigaltstack(&ss, NULL) != 0) { printf("FAIL sigaltstack\n"); exit(1); }
    alt_lo = (uintptr_t)mem; alt_hi = alt_lo + ALT_SIZE;
    pthread_kill(pthread_self(), SIGRTMIN + 1);
    int ok = alt_handled && alt_on && alt_flag_onstack;
    stack_t off = { .ss_flags = SS_DISABLE };
    sigaltstack(&off, NULL);
    free(mem);
    return (void *)(intptr_t)(inherited * 2 + ok);
}

/* ---- stack overflow in a thread, caught on its alternate stack ------------------------ */
static __thread sigjmp_buf overflow_jb;
static __thread volatile long overflow_depth;
static atomic_int overflow_on_alt;
static void on_overflow(int sig, siginfo_t *si, void *uc) {
    (void)sig; (void)si; (void)uc;
    char local;
    atomic_store(&overflow_on_alt, (uintptr_t)&local >= alt_lo && (uintptr_t)&local < alt_hi);
    siglongjmp(overflow_jb, 1);
}
static long recurse(long depth) {
    volatile char frame[512];
    frame[0] = (char)depth;
    overflow_depth = depth;
    if (depth < 0x7fffffff) return recurse(depth + 1) + frame[0];
    return frame[0];
}
static void *overflow_thread(void *arg) {
    (void)arg;
    void *mem = malloc(ALT_SIZE);
    stack_t ss = { .ss_sp = mem, .ss_size = ALT_SIZE, .ss_flags = 0 };
    sigaltstack(&ss, NULL);
    alt_lo = (uintptr_t)mem; alt_hi = alt_lo + ALT_SIZE;
    int caught = 0;
    if (sigsetjmp(overflow_jb, 1) == 0) recurse(0);
    else caught = 1;
    return (void *)(intptr_t)(caught && overflow_depth > 100);
}

/* ---- process-directed SIGUSR2 ---------------------------------------------------------- */
static atomic_long usr2_tid;
static atomic_int usr2_count, receiver_ready;
static void on_usr2(int sig) { (void)sig; atomic_store(&usr2_tid, gettid_raw()); atomic_fetch_add(&usr2_count, 1); }
static void *blocked_spinner(void *arg) {
    (void)arg;
    atomic_fetch_add(&spinners_ready, 1);
    while (!atomic_load(&stop_spinning)) pause_ms(1);
    return NULL;
}
static void *receiver(void *arg) {
    (void)arg;
    sigset_t s;
    sigemptyset(&s); sigaddset(&s, SIGUSR2);
    pthread_sigmask(SIG_UNBLOCK, &s, NULL);
    long my = gettid_raw();
    atomic_store(&receiver_ready, 1);
    unsigned long x = 1;
    while (atomic_load(&usr2_count) == 0) x = x * 3 + 1;   /* spins until the handler ran */
    return (void *)(intptr_t)(atomic_load(&usr2_tid) == my && x != 0);
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;                      /* no SA_RESTART: ppoll returns EINTR */
    sigaction(SIGUSR1, &sa, NULL);

    /* 1. pthread_kill to the third of four spinning threads */
    for (long i = 0; i < NSPIN; i++) CHECK(pthread_create(&spin_threads[i], NULL, spinner, (void *)(intptr_t)i));
    while (atomic_load(&spinners_ready) < NSPIN) pause_ms(1);
    CHECK(pthread_kill(spin_threads[2], SIGUSR1));
    for (int i = 0; i < 20000 && atomic_load(&usr1_count) == 0; i++) pause_ms(1);
    int on_target = pthread_equal(usr1_self, spin_threads[2]) != 0;
    atomic_store(&stop_spinning, 1);
    long spin_tids[NSPIN];
    for (int i = 0; i < NSPIN; i++) { void *r; CHECK(pthread_join(spin_threads[i], &r)); spin_tids[i] = (long)(intptr_t)r; }
    printf("pthread_kill(SIGUSR1) to a spinning thread: handled %ld time(s), on the target thread: %s (tid too: %s)\n",
           atomic_load(&usr1_count), YN(on_target), YN(atomic_load(&usr1_tid) == spin_tids[2]));

    /* 2. a thread in ppoll */
    pipe(poll_pipe);
    pthread_t pt;
    atomic_store(&usr1_count, 0);
    CHECK(pthread_create(&pt, NULL, poller, NULL));
    while (!atomic_load(&poller_ready)) pause_ms(1);
    CHECK(pthread_kill(pt, SIGUSR1));
    void *r;
    CHECK(pthread_join(pt, &r));
    printf("pthread_kill to a thread in ppoll: ppoll EINTR %s, handler on that thread: %s\n",
           YN((intptr_t)r), YN(atomic_load(&usr1_tid) == atomic_load(&poller_tid) && atomic_load(&usr1_count) == 1));

    /* 3. pending on the blocking thread only */
    pthread_t bt;
    atomic_store(&usr1_count, 0);
    CHECK(pthread_create(&bt, NULL, blocker, NULL));
    while (atomic_load(&blocker_stage) != 1) pause_ms(1);
    CHECK(pthread_kill(bt, SIGUSR1));
    sigset_t pend;
    sigpending(&pend);
    int pending_in_main = sigismember(&pend, SIGUSR1);
    atomic_store(&blocker_stage, 2);
    CHECK(pthread_join(bt, &r));
    printf("SIGUSR1 sent to a thread blocking it: pending there %s, pending in main %s, handled on unblock there %s\n",
           YN((intptr_t)r & 2), YN(pending_in_main), YN((intptr_t)r & 1));

    /* 4. sigwaitinfo in a thread; the mask is inherited */
    sigset_t s2, old;
    sigemptyset(&s2); sigaddset(&s2, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &s2, &old);
    pthread_t wt;
    CHECK(pthread_create(&wt, NULL, sig_waiter, NULL));
    while (!atomic_load(&waiter_ready)) pause_ms(1);
    CHECK(pthread_kill(wt, SIGUSR2));
    while (atomic_load(&waiter_ready) != 2) pause_ms(1);
    union sigval sv42 = { .sival_int = 42 };
    sigqueue(getpid(), SIGUSR2, sv42);
    CHECK(pthread_join(wt, &r));
    printf("new thread inherits the blocked mask: %s, sigwaitinfo in a thread got pthread_kill's SIGUSR2: %s, "
           "then sigqueue's (SI_QUEUE, value 42): %s\n", YN((intptr_t)r & 4), YN((intptr_t)r & 1), YN((intptr_t)r & 2));
    pthread_sigmask(SIG_SETMASK, &old, NULL);

    /* 5. SIGSEGV on four faulting threads at once */
    struct sigaction sv;
    memset(&sv, 0, sizeof sv);
    sv.sa_sigaction = on_segv;
    sv.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sv, NULL);
    pthread_t ft[NFAULT];
    for (long i = 0; i < NFAULT; i++) CHECK(pthread_create(&ft[i], NULL, faulter, (void *)(intptr_t)i));
    long caught = 0;
    for (int i = 0; i < NFAULT; i++) { CHECK(pthread_join(ft[i], &r)); caught += (long)(intptr_t)r; }
    printf("SIGSEGV in %d threads x %d: caught %ld, handled on the faulting thread %d, elsewhere %d\n",
           NFAULT, FAULTS_EACH, caught, atomic_load(&good_faults), atomic_load(&wrong_thread_faults));

    /* 6. per-thread sigaltstack */
    stack_t mainss = { .ss_sp = malloc(ALT_SIZE), .ss_size = ALT_SIZE, .ss_flags = 0 };
    sigaltstack(&mainss, NULL);                  /* main's own: new threads must not inherit it */
    struct sigaction sal;
    memset(&sal, 0, sizeof sal);
    sal.sa_handler = on_alt;
    sal.sa_flags = SA_ONSTACK;
    sigaction(SIGRTMIN + 1, &sal, NULL);
    pthread_t at[4];
    for (int i = 0; i < 4; i++) CHECK(pthread_create(&at[i], NULL, alt_thread, NULL));
    int alt_ok = 0, inherited = 0;
    for (int i = 0; i < 4; i++) { CHECK(pthread_join(at[i], &r)); alt_ok += (intptr_t)r & 1; inherited += ((intptr_t)r & 2) != 0; }
    alt_lo = (uintptr_t)mainss.ss_sp; alt_hi = alt_lo + ALT_SIZE;
    raise(SIGRTMIN + 1);
    int main_on_own = alt_handled && alt_on;
    stack_t off = { .ss_flags = SS_DISABLE };
    sigaltstack(&off, NULL);
    alt_handled = 0;
    raise(SIGRTMIN + 1);
    int main_off = alt_handled && !alt_on && !alt_flag_onstack;
    printf("sigaltstack: %d of 4 threads handled on their own stack, threads that inherited main's: %d, "
           "main on its own: %s, main without one runs on its stack: %s\n", alt_ok, inherited, YN(main_on_own), YN(main_off));

    /* 7. a stack overflow in a thread, caught on its alternate stack */
    struct sigaction so;
    memset(&so, 0, sizeof so);
    so.sa_sigaction = on_overflow;
    so.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &so, NULL);
    pthread_attr_t attr;
    CHECK(pthread_attr_init(&attr));
    CHECK(pthread_attr_setstacksize(&attr, 256 * 1024));
    pthread_t ot;
    CHECK(pthread_create(&ot, &attr, overflow_thread, NULL));
    CHECK(pthread_join(ot, &r));
    printf("stack overflow in a thread: caught %s, handler on the alternate stack: %s\n", YN((intptr_t)r), YN(atomic_load(&overflow_on_alt)));

    /* 8. kill(getpid(), SIGUSR2): every thread blocks it except one */
    struct sigaction s2a;
    memset(&s2a, 0, sizeof s2a);
    s2a.sa_handler = on_usr2;
    sigaction(SIGUSR2, &s2a, NULL);
    pthread_sigmask(SIG_BLOCK, &s2, &old);
    atomic_store(&stop_spinning, 0);
    atomic_store(&spinners_ready, 0);
    pthread_t others[3], rt;
    for (int i = 0; i < 3; i++) CHECK(pthread_create(&others[i], NULL, blocked_spinner, NULL));
    CHECK(pthread_create(&rt, NULL, receiver, NULL));
    while (atomic_load(&spinners_ready) < 3 || !atomic_load(&receiver_ready)) pause_ms(1);
    kill(getpid(), SIGUSR2);
    CHECK(pthread_join(rt, &r));
    atomic_store(&stop_spinning, 1);
    for (int i = 0; i < 3; i++) CHECK(pthread_join(others[i], NULL));
    printf("kill(getpid(), SIGUSR2) with one thread not blocking it: handled %d time(s), on that thread: %s\n",
           atomic_load(&usr2_count), YN((intptr_t)r));
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return 0;
}
