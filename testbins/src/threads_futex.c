/* Raw futex system calls and the timed waits built on them: FUTEX_WAIT with a relative
   timeout (ETIMEDOUT) and with a changed value (EAGAIN), FUTEX_WAIT_BITSET with an absolute
   CLOCK_MONOTONIC / CLOCK_REALTIME deadline, WAKE (counted), CMP_REQUEUE / REQUEUE,
   WAKE_OP with and without sleepers, the private and shared forms, a PI futex lock taken by
   four threads (FUTEX_LOCK_PI / UNLOCK_PI through PTHREAD_PRIO_INHERIT mutexes);
   pthread_cond_timedwait (realtime and monotonic), pthread_mutex_timedlock and
   sem_timedwait timing out, and succeeding when woken in time.
   Counts are made exact without timing assumptions: a waiter is known to sleep in the
   kernel once a requeue or wake has counted it. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { printf("FAIL %s: %s\n", #call, strerror(rc_)); exit(1); } } while (0)

static long futex(atomic_int *uaddr, int op, int val, const struct timespec *ts, atomic_int *uaddr2, int val3) {
    return syscall(SYS_futex, uaddr, op, val, ts, uaddr2, val3);
}
static long futex_n(atomic_int *uaddr, int op, int val, long val2, atomic_int *uaddr2, int val3) {
    return syscall(SYS_futex, uaddr, op, val, (void *)val2, uaddr2, val3);
}
static const char *err_name(long r) {
    if (r == 0) return "0";
    if (r > 0) return "positive";
    switch (errno) {
    case ETIMEDOUT: return "ETIMEDOUT";
    case EAGAIN: return "EAGAIN";
    case EINTR: return "EINTR";
    case EINVAL: return "EINVAL";
    case ENOSYS: return "ENOSYS";
    default: return strerror(errno);
    }
}
static long long ns(clockid_t c) { struct timespec t; clock_gettime(c, &t); return t.tv_sec * 1000000000LL + t.tv_nsec; }
static struct timespec at(clockid_t c, long long delta_ns) {
    long long v = ns(c) + delta_ns;
    struct timespec t = { v / 1000000000LL, v % 1000000000LL };
    return t;
}
static void pause_ms(int ms) { struct timespec t = { 0, ms * 1000000L }; nanosleep(&t, NULL); }

/* ---- waiters that sleep on a futex word until woken (value never changes) ---------- */
static atomic_int wait_word, wake_count_seen;
struct waiter { atomic_int *word; int op; long result; int err; };
static void *sleeper(void *arg) {
    struct waiter *w = arg;
    long r;
    do { r = futex(w->word, w->op, 0, NULL, NULL, 0); } while (r != 0 && errno == EINTR);
    w->result = r; w->err = r ? errno : 0;
    atomic_fetch_add(&wake_count_seen, 1);
    return NULL;
}

/* Moves every sleeper on `from` to `to`, counting them: exact once all have been counted. */
static long requeue_all(atomic_int *from, atomic_int *to, int n, int private_flag) {
    long moved = 0;
    for (int tries = 0; moved < n && tries < 20000; tries++) {
        long r = futex_n(from, FUTEX_CMP_REQUEUE | private_flag, 0, INT_MAX, to, 0);
        if (r < 0) { printf("FAIL cmp_requeue: %s\n", strerror(errno)); exit(1); }
        moved += r;
        if (moved < n) pause_ms(1);
    }
    return moved;
}

/* ---- PI mutex --------------------------------------------------------------------- */
static pthread_mutex_t pi_lock;
static long pi_counter;
static void *pi_worker(void *arg) {
    (void)arg;
    for (int i = 0; i < 5000; i++) {
        CHECK(pthread_mutex_lock(&pi_lock));
        long v = pi_counter;
        if (i % 500 == 0) sched_yield();     /* encourage contention: LOCK_PI in the kernel */
        pi_counter = v + 1;
        CHECK(pthread_mutex_unlock(&pi_lock));
    }
    return NULL;
}

static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
static void *timedlock_other(void *arg) {
    (void)arg;
    struct timespec dl = at(CLOCK_REALTIME, 50000000LL);
    long long t0 = ns(CLOCK_MONOTONIC);
    int r = pthread_mutex_timedlock(&held, &dl);
    long long el = ns(CLOCK_MONOTONIC) - t0;
    return (void *)(intptr_t)(r == ETIMEDOUT && el >= 40000000LL);
}

static sem_t sem;
static void *sem_poster(void *arg) { (void)arg; pause_ms(20); sem_post(&sem); return NULL; }

static pthread_mutex_t cm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int cv_flag;
static void *cv_signaller(void *arg) {
    (void)arg;
    pause_ms(20);
    pthread_mutex_lock(&cm); cv_flag = 1; pthread_cond_signal(&cv); pthread_mutex_unlock(&cm);
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    atomic_int word = 5;
    long long t0 = ns(CLOCK_MONOTONIC);
    struct timespec rel = { 0, 50000000 };
    long r = futex(&word, FUTEX_WAIT, 5, &rel, NULL, 0);
    long long el = ns(CLOCK_MONOTONIC) - t0;
    printf("FUTEX_WAIT relative 50ms: %s, waited at least 50ms: %s\n", err_name(r), el >= 50000000LL ? "yes" : "no");
    t0 = ns(CLOCK_MONOTONIC);
    r = futex(&word, FUTEX_WAIT_PRIVATE, 5, &rel, NULL, 0);
    el = ns(CLOCK_MONOTONIC) - t0;
    printf("FUTEX_WAIT_PRIVATE relative 50ms: %s, waited at least 50ms: %s\n", err_name(r), el >= 50000000LL ? "yes" : "no");
    r = futex(&word, FUTEX_WAIT, 6, &rel, NULL, 0);
    printf("FUTEX_WAIT on a changed value: %s\n", err_name(r));
    struct timespec zero = { 0, 0 };
    r = futex(&word, FUTEX_WAIT_PRIVATE, 5, &zero, NULL, 0);
    printf("FUTEX_WAIT zero timeout: %s\n", err_name(r));
    struct timespec bad = { 0, 2000000000L };
    r = futex(&word, FUTEX_WAIT_PRIVATE, 5, &bad, NULL, 0);
    printf("FUTEX_WAIT tv_nsec out of range: %s\n", err_name(r));

    struct timespec deadline = at(CLOCK_MONOTONIC, 50000000LL);
    r = futex(&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 5, &deadline, NULL, FUTEX_BITSET_MATCH_ANY);
    long long now = ns(CLOCK_MONOTONIC);
    printf("FUTEX_WAIT_BITSET absolute CLOCK_MONOTONIC: %s, woke after the deadline: %s\n", err_name(r),
           now >= deadline.tv_sec * 1000000000LL + deadline.tv_nsec ? "yes" : "no");
    deadline = at(CLOCK_REALTIME, 50000000LL);
    r = futex(&word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 5, &deadline, NULL, FUTEX_BITSET_MATCH_ANY);
    now = ns(CLOCK_REALTIME);
    printf("FUTEX_WAIT_BITSET absolute CLOCK_REALTIME: %s, woke after the deadline: %s\n", err_name(r),
           now >= deadline.tv_sec * 1000000000LL + deadline.tv_nsec ? "yes" : "no");
    deadline = at(CLOCK_MONOTONIC, -1000000000LL);
    r = futex(&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 5, &deadline, NULL, FUTEX_BITSET_MATCH_ANY);
    printf("FUTEX_WAIT_BITSET deadline in the past: %s\n", err_name(r));
    r = futex(&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 5, NULL, NULL, 0);
    printf("FUTEX_WAIT_BITSET with bitset 0: %s\n", err_name(r));
    r = futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    printf("FUTEX_WAKE with no waiters: %ld\n", r);

    /* WAKE: 4 sleepers; wake until all 4 have been counted */
    enum { N = 4 };
    pthread_t t[N];
    struct waiter w[N];
    for (int i = 0; i < N; i++) {
        w[i] = (struct waiter){ &wait_word, FUTEX_WAIT_PRIVATE, -1, 0 };
        CHECK(pthread_create(&t[i], NULL, sleeper, &w[i]));
    }
    long woken = 0;
    for (int tries = 0; woken < N && tries < 20000; tries++) {
        woken += futex(&wait_word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
        if (woken < N) pause_ms(1);
    }
    for (int i = 0; i < N; i++) CHECK(pthread_join(t[i], NULL));
    int all_zero = 1;
    for (int i = 0; i < N; i++) all_zero &= w[i].result == 0;
    printf("FUTEX_WAKE woke %ld sleepers, each FUTEX_WAIT returned 0: %s\n", woken, all_zero ? "yes" : "no");

    /* CMP_REQUEUE all from A to B, then REQUEUE (wake 1, move the rest) B to C, then WAKE C */
    static atomic_int A, B, C;
    atomic_store(&wake_count_seen, 0);
    for (int i = 0; i < N; i++) {
        w[i] = (struct waiter){ &A, FUTEX_WAIT_PRIVATE, -1, 0 };
        CHECK(pthread_create(&t[i], NULL, sleeper, &w[i]));
    }
    r = futex_n(&A, FUTEX_CMP_REQUEUE_PRIVATE, 0, INT_MAX, &B, 1);
    printf("FUTEX_CMP_REQUEUE with a stale value: %s\n", err_name(r));
    long moved = requeue_all(&A, &B, N, FUTEX_PRIVATE_FLAG);
    printf("FUTEX_CMP_REQUEUE moved %ld sleepers from A to B\n", moved);
    printf("FUTEX_WAKE on A now: %ld\n", futex(&A, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0));
    r = futex_n(&B, FUTEX_REQUEUE_PRIVATE, 1, INT_MAX, &C, 0);
    printf("FUTEX_REQUEUE B to C (wake 1): %ld\n", r);
    while (atomic_load(&wake_count_seen) < 1) pause_ms(1);
    printf("sleepers finished after REQUEUE: %d\n", atomic_load(&wake_count_seen));
    printf("FUTEX_WAKE on B now: %ld\n", futex(&B, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0));
    printf("FUTEX_WAKE on C (1): %ld\n", futex(&C, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0));
    printf("FUTEX_WAKE on C (all): %ld\n", futex(&C, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0));
    for (int i = 0; i < N; i++) CHECK(pthread_join(t[i], NULL));
    all_zero = 1;
    for (int i = 0; i < N; i++) all_zero &= w[i].result == 0;
    printf("every requeued sleeper returned 0: %s\n", all_zero ? "yes" : "no");

    /* WAKE_OP without sleepers: the operation on uaddr2 still happens */
    static atomic_int X, Y;
    atomic_store(&Y, 10);
    r = futex_n(&X, FUTEX_WAKE_OP_PRIVATE, 1, 1, &Y, FUTEX_OP(FUTEX_OP_ADD, 5, FUTEX_OP_CMP_GT, 100));
    printf("FUTEX_WAKE_OP add 5 (no sleepers): %ld, Y=%d\n", r, atomic_load(&Y));
    r = futex_n(&X, FUTEX_WAKE_OP_PRIVATE, 1, 1, &Y, FUTEX_OP(FUTEX_OP_OR, 0x40, FUTEX_OP_CMP_EQ, 15));
    printf("FUTEX_WAKE_OP or 0x40: %ld, Y=%#x\n", r, atomic_load(&Y));
    r = futex_n(&X, FUTEX_WAKE_OP_PRIVATE, 1, 1, &Y, FUTEX_OP(FUTEX_OP_ANDN, 0x4f, FUTEX_OP_CMP_NE, 0));
    printf("FUTEX_WAKE_OP andn 0x4f: %ld, Y=%d\n", r, atomic_load(&Y));
    r = futex_n(&X, FUTEX_WAKE_OP_PRIVATE, 1, 1, &Y, FUTEX_OP(FUTEX_OP_XOR, 0x3, FUTEX_OP_CMP_LT, 0));
    printf("FUTEX_WAKE_OP xor 3: %ld, Y=%d\n", r, atomic_load(&Y));
    r = futex_n(&X, FUTEX_WAKE_OP_PRIVATE, 1, 1, &Y, FUTEX_OP((FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT), 4, FUTEX_OP_CMP_GE, 0));
    printf("FUTEX_WAKE_OP set 1<<4: %ld, Y=%d\n", r, atomic_load(&Y));

    /* WAKE_OP with one sleeper on X and one on Y: requeue them there from a parking word */
    static atomic_int P;
    atomic_store(&wake_count_seen, 0);
    atomic_store(&Y, 0);
    for (int i = 0; i < 2; i++) {
        w[i] = (struct waiter){ &P, FUTEX_WAIT_PRIVATE, -1, 0 };
        CHECK(pthread_create(&t[i], NULL, sleeper, &w[i]));
    }
    long onX = 0, onY = 0;
    for (int tries = 0; onX < 1 && tries < 20000; tries++) {
        onX += futex_n(&P, FUTEX_CMP_REQUEUE_PRIVATE, 0, 1, &X, 0);
        if (onX < 1) pause_ms(1);
    }
    for (int tries = 0; onY < 1 && tries < 20000; tries++) {
        onY += futex_n(&P, FUTEX_CMP_REQUEUE_PRIVATE, 0, 1, &Y, 0);
        if (onY < 1) pause_ms(1);
    }
    r = futex_n(&X, FUTEX_WAKE_OP_PRIVATE, 1, 1, &Y, FUTEX_OP(FUTEX_OP_SET, 1, FUTEX_OP_CMP_EQ, 0));
    printf("FUTEX_WAKE_OP with a sleeper on each word (parked %ld+%ld): woke %ld, Y=%d\n", onX, onY, r, atomic_load(&Y));
    for (int i = 0; i < 2; i++) CHECK(pthread_join(t[i], NULL));

    /* a shared (non-private) futex: wait/wake without FUTEX_PRIVATE_FLAG */
    static atomic_int S;
    atomic_store(&wake_count_seen, 0);
    w[0] = (struct waiter){ &S, FUTEX_WAIT, -1, 0 };
    CHECK(pthread_create(&t[0], NULL, sleeper, &w[0]));
    woken = 0;
    for (int tries = 0; woken < 1 && tries < 20000; tries++) {
        woken += futex(&S, FUTEX_WAKE, 1, NULL, NULL, 0);
        if (woken < 1) pause_ms(1);
    }
    CHECK(pthread_join(t[0], NULL));
    printf("shared FUTEX_WAKE woke %ld, waiter returned %ld\n", woken, w[0].result);

    /* PI mutexes: contended locks go through FUTEX_LOCK_PI / FUTEX_UNLOCK_PI */
    pthread_mutexattr_t pa;
    CHECK(pthread_mutexattr_init(&pa));
    CHECK(pthread_mutexattr_setprotocol(&pa, PTHREAD_PRIO_INHERIT));
    CHECK(pthread_mutex_init(&pi_lock, &pa));
    for (int i = 0; i < 4; i++) CHECK(pthread_create(&t[i], NULL, pi_worker, NULL));
    for (int i = 0; i < 4; i++) CHECK(pthread_join(t[i], NULL));
    printf("PTHREAD_PRIO_INHERIT mutex counter: %ld\n", pi_counter);
    atomic_int pi_word = 0;
    r = futex(&pi_word, FUTEX_TRYLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
    int owner_is_me = (atomic_load(&pi_word) & FUTEX_TID_MASK) == syscall(SYS_gettid);
    printf("FUTEX_TRYLOCK_PI on a free word: %s, owner is the caller's tid: %s\n", err_name(r), owner_is_me ? "yes" : "no");
    r = futex(&pi_word, FUTEX_UNLOCK_PI_PRIVATE, 0, NULL, NULL, 0);
    printf("FUTEX_UNLOCK_PI: %s, word now %d\n", err_name(r), atomic_load(&pi_word));

    /* timed waits in libc */
    struct timespec dl = at(CLOCK_REALTIME, 50000000LL);
    CHECK(pthread_mutex_lock(&cm));
    int cr = pthread_cond_timedwait(&cv, &cm, &dl);
    CHECK(pthread_mutex_unlock(&cm));
    printf("pthread_cond_timedwait (realtime) with nobody signalling: %s\n", cr == ETIMEDOUT ? "ETIMEDOUT" : strerror(cr));
    pthread_condattr_t ca;
    pthread_cond_t mcv;
    CHECK(pthread_condattr_init(&ca));
    CHECK(pthread_condattr_setclock(&ca, CLOCK_MONOTONIC));
    CHECK(pthread_cond_init(&mcv, &ca));
    dl = at(CLOCK_MONOTONIC, 50000000LL);
    CHECK(pthread_mutex_lock(&cm));
    cr = pthread_cond_timedwait(&mcv, &cm, &dl);
    CHECK(pthread_mutex_unlock(&cm));
    printf("pthread_cond_timedwait (monotonic) with nobody signalling: %s, after the deadline: %s\n",
           cr == ETIMEDOUT ? "ETIMEDOUT" : strerror(cr), ns(CLOCK_MONOTONIC) >= dl.tv_sec * 1000000000LL + dl.tv_nsec ? "yes" : "no");
    pthread_t sig;
    CHECK(pthread_create(&sig, NULL, cv_signaller, NULL));
    dl = at(CLOCK_REALTIME, 20000000000LL);
    CHECK(pthread_mutex_lock(&cm));
    cr = 0;
    while (!cv_flag && cr == 0) cr = pthread_cond_timedwait(&cv, &cm, &dl);
    CHECK(pthread_mutex_unlock(&cm));
    CHECK(pthread_join(sig, NULL));
    printf("pthread_cond_timedwait signalled in time: %d, flag %d\n", cr, cv_flag);

    CHECK(pthread_mutex_lock(&held));
    void *tr;
    CHECK(pthread_create(&sig, NULL, timedlock_other, NULL));
    CHECK(pthread_join(sig, &tr));
    CHECK(pthread_mutex_unlock(&held));
    printf("pthread_mutex_timedlock on a held mutex times out after 50ms: %s\n", (intptr_t)tr ? "yes" : "no");

    CHECK(sem_init(&sem, 0, 0));
    dl = at(CLOCK_REALTIME, 50000000LL);
    t0 = ns(CLOCK_MONOTONIC);
    int sr = sem_timedwait(&sem, &dl);
    int se = errno;
    el = ns(CLOCK_MONOTONIC) - t0;
    printf("sem_timedwait on 0: %d %s, waited at least 40ms: %s\n", sr, sr ? (se == ETIMEDOUT ? "ETIMEDOUT" : strerror(se)) : "",
           el >= 40000000LL ? "yes" : "no");
    CHECK(pthread_create(&sig, NULL, sem_poster, NULL));
    dl = at(CLOCK_REALTIME, 20000000000LL);
    do { sr = sem_timedwait(&sem, &dl); } while (sr != 0 && errno == EINTR);
    CHECK(pthread_join(sig, NULL));
    int val; sem_getvalue(&sem, &val);
    printf("sem_timedwait posted in time: %d, value now %d\n", sr, val);
    dl = at(CLOCK_MONOTONIC, 30000000LL);
    sr = sem_clockwait(&sem, CLOCK_MONOTONIC, &dl);
    printf("sem_clockwait (monotonic) on 0: %d %s\n", sr, sr ? (errno == ETIMEDOUT ? "ETIMEDOUT" : strerror(errno)) : "");
    return 0;
}
