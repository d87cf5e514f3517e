/* pthreads with locks: 8 threads incrementing a shared counter under a mutex (exact total),
   a bounded-buffer producer/consumer on condition variables, a recursive mutex, a rwlock,
   a barrier, pthread_once, trylock/EBUSY and a spinlock.
   (No robust mutexes: qemu-aarch64, the oracle, answers set_robust_list with ENOSYS, so a
   robust mutex whose owner died is never recovered under it.) */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { printf("FAIL %s: %s\n", #call, strerror(rc_)); exit(1); } } while (0)

#define NTHREADS 8
#define INCREMENTS 20000

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;          /* plain long: only the mutex keeps the total exact */
static long per_thread[NTHREADS];

static void *incrementer(void *arg) {
    long id = (long)(intptr_t)arg;
    for (int i = 0; i < INCREMENTS; i++) {
        CHECK(pthread_mutex_lock(&counter_lock));
        long v = counter;
        counter = v + 1;
        per_thread[id]++;
        CHECK(pthread_mutex_unlock(&counter_lock));
    }
    return (void *)(intptr_t)(id + 100);
}

/* ---- bounded buffer: 3 producers, 2 consumers, capacity 4 -------------------------- */
#define CAP 4
#define PRODUCERS 3
#define CONSUMERS 2
#define ITEMS_PER_PRODUCER 3000
static pthread_mutex_t buf_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER, not_empty = PTHREAD_COND_INITIALIZER;
static long buf[CAP];
static int buf_head, buf_count, producers_done;
static long consumed_sum[CONSUMERS], consumed_n[CONSUMERS];
static long max_seen_count;

static void *producer(void *arg) {
    long id = (long)(intptr_t)arg;
    for (long i = 1; i <= ITEMS_PER_PRODUCER; i++) {
        long item = id * 1000000 + i;
        CHECK(pthread_mutex_lock(&buf_lock));
        while (buf_count == CAP) CHECK(pthread_cond_wait(&not_full, &buf_lock));
        buf[(buf_head + buf_count) % CAP] = item;
        buf_count++;
        if (buf_count > max_seen_count) max_seen_count = buf_count;
        CHECK(pthread_cond_signal(&not_empty));
        CHECK(pthread_mutex_unlock(&buf_lock));
    }
    CHECK(pthread_mutex_lock(&buf_lock));
    producers_done++;
    CHECK(pthread_cond_broadcast(&not_empty));
    CHECK(pthread_mutex_unlock(&buf_lock));
    return NULL;
}

static void *consumer(void *arg) {
    long id = (long)(intptr_t)arg;
    for (;;) {
        CHECK(pthread_mutex_lock(&buf_lock));
        while (buf_count == 0 && producers_done < PRODUCERS) CHECK(pthread_cond_wait(&not_empty, &buf_lock));
        if (buf_count == 0) { CHECK(pthread_mutex_unlock(&buf_lock)); break; }
        long item = buf[buf_head];
        buf_head = (buf_head + 1) % CAP;
        buf_count--;
        CHECK(pthread_cond_signal(&not_full));
        CHECK(pthread_mutex_unlock(&buf_lock));
        consumed_sum[id] += item;
        consumed_n[id]++;
    }
    return NULL;
}

/* ---- recursive mutex, rwlock, barrier, once, spinlock ------------------------------ */
static pthread_mutex_t rec_lock;
static long rec_total;
static void rec_add(int depth) {
    CHECK(pthread_mutex_lock(&rec_lock));
    rec_total += depth;
    if (depth > 0) rec_add(depth - 1);
    CHECK(pthread_mutex_unlock(&rec_lock));
}
static void *rec_worker(void *arg) { (void)arg; for (int i = 0; i < 500; i++) rec_add(5); return NULL; }

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long rw_table[16];
static long rw_bad_reads;
static void *rw_writer(void *arg) {
    long id = (long)(intptr_t)arg;
    for (int i = 0; i < 2000; i++) {
        CHECK(pthread_rwlock_wrlock(&rw));
        for (int k = 0; k < 16; k++) rw_table[k] += id + 1;   /* all entries stay equal */
        CHECK(pthread_rwlock_unlock(&rw));
    }
    return NULL;
}
static void *rw_reader(void *arg) {
    (void)arg;
    long bad = 0;
    for (int i = 0; i < 2000; i++) {
        CHECK(pthread_rwlock_rdlock(&rw));
        for (int k = 1; k < 16; k++) if (rw_table[k] != rw_table[0]) bad++;
        CHECK(pthread_rwlock_unlock(&rw));
    }
    __atomic_fetch_add(&rw_bad_reads, bad, __ATOMIC_RELAXED);
    return NULL;
}

static pthread_barrier_t barrier;
static int phase_log[NTHREADS][3];
static int phase_value;
static int serial_count;
static void *barrier_worker(void *arg) {
    long id = (long)(intptr_t)arg;
    for (int phase = 0; phase < 3; phase++) {
        phase_log[id][phase] = __atomic_load_n(&phase_value, __ATOMIC_ACQUIRE);
        int r = pthread_barrier_wait(&barrier);           /* everyone has read phase_value */
        if (r == PTHREAD_BARRIER_SERIAL_THREAD) {
            __atomic_fetch_add(&phase_value, 10, __ATOMIC_RELEASE);
            serial_count++;
        } else if (r != 0) { printf("FAIL barrier %d\n", r); exit(1); }
        r = pthread_barrier_wait(&barrier);               /* the update is visible to all */
        if (r != 0 && r != PTHREAD_BARRIER_SERIAL_THREAD) { printf("FAIL barrier %d\n", r); exit(1); }
    }
    return NULL;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static void once_init(void) { once_runs++; }
static void *once_worker(void *arg) { (void)arg; CHECK(pthread_once(&once, once_init)); return NULL; }

static pthread_spinlock_t spin;
static long spin_counter;
static void *spin_worker(void *arg) {
    (void)arg;
    for (int i = 0; i < 2000; i++) { CHECK(pthread_spin_lock(&spin)); spin_counter++; CHECK(pthread_spin_unlock(&spin)); }
    return NULL;
}

static pthread_mutex_t held;
static void *try_other(void *arg) { (void)arg; return (void *)(intptr_t)pthread_mutex_trylock(&held); }

static void run_all(void *(*fn)(void *), int n) {
    pthread_t t[NTHREADS];
    for (long i = 0; i < n; i++) CHECK(pthread_create(&t[i], NULL, fn, (void *)(intptr_t)i));
    for (int i = 0; i < n; i++) CHECK(pthread_join(t[i], NULL));
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_t t[NTHREADS];
    for (long i = 0; i < NTHREADS; i++) CHECK(pthread_create(&t[i], NULL, incrementer, (void *)(intptr_t)i));
    long retsum = 0;
    for (int i = 0; i < NTHREADS; i++) {
        void *ret;
        CHECK(pthread_join(t[i], &ret));
        retsum += (long)(intptr_t)ret;
    }
    int each_ok = 1;
    for (int i = 0; i < NTHREADS; i++) each_ok &= per_thread[i] == INCREMENTS;
    printf("mutex counter: %ld (expected %d), each thread %s, join values sum %ld\n",
           counter, NTHREADS * INCREMENTS, each_ok ? "ok" : "WRONG", retsum);

    pthread_t pt[PRODUCERS], ct[CONSUMERS];
    for (long i = 0; i < CONSUMERS; i++) CHECK(pthread_create(&ct[i], NULL, consumer, (void *)(intptr_t)i));
    for (long i = 0; i < PRODUCERS; i++) CHECK(pthread_create(&pt[i], NULL, producer, (void *)(intptr_t)(i + 1)));
    for (int i = 0; i < PRODUCERS; i++) CHECK(pthread_join(pt[i], NULL));
    for (int i = 0; i < CONSUMERS; i++) CHECK(pthread_join(ct[i], NULL));
    long total = 0, n = 0, expect = 0;
    for (int i = 0; i < CONSUMERS; i++) { total += consumed_sum[i]; n += consumed_n[i]; }
    for (long p = 1; p <= PRODUCERS; p++) expect += p * 1000000L * ITEMS_PER_PRODUCER + (long)ITEMS_PER_PRODUCER * (ITEMS_PER_PRODUCER + 1) / 2;
    printf("producer/consumer: %ld items, sum %ld (%s), buffer never over capacity: %s\n",
           n, total, total == expect ? "matches" : "WRONG", max_seen_count <= CAP ? "yes" : "no");

    pthread_mutexattr_t ma;
    CHECK(pthread_mutexattr_init(&ma));
    CHECK(pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE));
    CHECK(pthread_mutex_init(&rec_lock, &ma));
    run_all(rec_worker, 4);
    printf("recursive mutex total: %ld\n", rec_total);

    pthread_t rwt[6];
    for (long i = 0; i < 6; i++) CHECK(pthread_create(&rwt[i], NULL, i < 2 ? rw_writer : rw_reader, (void *)(intptr_t)i));
    for (int i = 0; i < 6; i++) CHECK(pthread_join(rwt[i], NULL));
    printf("rwlock: table[0]=%ld table[15]=%ld torn reads=%ld\n", rw_table[0], rw_table[15], rw_bad_reads);

    CHECK(pthread_barrier_init(&barrier, NULL, NTHREADS));
    run_all(barrier_worker, NTHREADS);
    int phases_ok = 1;
    for (int i = 0; i < NTHREADS; i++) for (int p = 0; p < 3; p++) phases_ok &= phase_log[i][p] == p * 10;
    printf("barrier: serial threads %d, every thread saw every phase: %s\n", serial_count, phases_ok ? "yes" : "no");
    CHECK(pthread_barrier_destroy(&barrier));

    run_all(once_worker, NTHREADS);
    printf("pthread_once ran %d time(s)\n", once_runs);

    CHECK(pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE));
    run_all(spin_worker, 4);
    printf("spinlock counter: %ld\n", spin_counter);

    CHECK(pthread_mutex_init(&held, NULL));
    CHECK(pthread_mutex_lock(&held));
    pthread_t tt; void *tr;
    CHECK(pthread_create(&tt, NULL, try_other, NULL));
    CHECK(pthread_join(tt, &tr));
    printf("trylock of a mutex held by another thread: %s\n", (intptr_t)tr == EBUSY ? "EBUSY" : "unexpected");
    CHECK(pthread_mutex_unlock(&held));
    CHECK(pthread_create(&tt, NULL, try_other, NULL));
    CHECK(pthread_join(tt, &tr));
    printf("trylock of a free mutex: %d\n", (int)(intptr_t)tr);

    return 0;
}
