/* C11 atomics under real concurrency: 8 threads with fetch_add, CAS loops on 8/16/32/64-bit
   words, fetch_or/and/xor, exchange; a Treiber (CAS) stack with concurrent pushes and pops
   (every node pushed once, so no ABA), a single-producer single-consumer ring with
   acquire/release, Peterson's lock on seq_cst atomics and a fence (needs store->load
   ordering, which x86 only gives with MFENCE or a locked instruction) and a seqlock. */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(call) do { int rc_ = (call); if (rc_ != 0) { printf("FAIL %s: %s\n", #call, strerror(rc_)); exit(1); } } while (0)
#define NTHREADS 8
#define ITER 20000

static atomic_long add_counter;
static atomic_long cas_counter;
static atomic_uint cas32;
static _Atomic uint16_t cas16;
static _Atomic uint8_t cas8;
static atomic_ulong or_bits, xor_acc;
static atomic_ulong and_mask = ~0UL;
static atomic_long sub_counter = (long)NTHREADS * ITER * 3;
static atomic_long xchg_token;        /* 0 = free; exchange used as a lock */
static long xchg_protected;
static atomic_int start_flag;

static void *counters(void *arg) {
    long id = (long)(intptr_t)arg;
    while (!atomic_load_explicit(&start_flag, memory_order_acquire)) sched_yield();
    for (long i = 0; i < ITER; i++) {
        atomic_fetch_add_explicit(&add_counter, 1, memory_order_relaxed);
        atomic_fetch_sub(&sub_counter, 3);
        long cur = atomic_load_explicit(&cas_counter, memory_order_relaxed);
        while (!atomic_compare_exchange_weak_explicit(&cas_counter, &cur, cur + 2, memory_order_acq_rel, memory_order_relaxed)) { }
        unsigned c32 = atomic_load(&cas32);
        while (!atomic_compare_exchange_strong(&cas32, &c32, c32 + 1)) { }
        uint16_t c16 = atomic_load(&cas16);
        while (!atomic_compare_exchange_weak(&cas16, &c16, (uint16_t)(c16 + 1))) { }
        uint8_t c8 = atomic_load(&cas8);
        while (!atomic_compare_exchange_weak(&cas8, &c8, (uint8_t)(c8 + 1))) { }
        atomic_fetch_xor(&xor_acc, (unsigned long)(i * 2654435761u) << (id % 4));
        if (i == id * 100) {
            atomic_fetch_or(&or_bits, 1UL << (id * 8));
            atomic_fetch_and(&and_mask, ~(1UL << (id * 8 + 1)));
        }
        if (i % 16 == 0) {
            while (atomic_exchange_explicit(&xchg_token, 1, memory_order_acquire) != 0) sched_yield();
            xchg_protected++;
            atomic_store_explicit(&xchg_token, 0, memory_order_release);
        }
    }
    return NULL;
}

/* ---- Treiber stack ---------------------------------------------------------------- */
struct node { struct node *next; long value; atomic_int popped; };
#define NODES_PER_THREAD 5000
static struct node nodes[NTHREADS * NODES_PER_THREAD];
static _Atomic(struct node *) top;
static long popped_sum[NTHREADS], popped_n[NTHREADS];

static void push(struct node *n) {
    struct node *old = atomic_load_explicit(&top, memory_order_relaxed);
    do { n->next = old; } while (!atomic_compare_exchange_weak_explicit(&top, &old, n, memory_order_release, memory_order_relaxed));
}
static struct node *pop(void) {
    struct node *old = atomic_load_explicit(&top, memory_order_acquire);
    while (old && !atomic_compare_exchange_weak_explicit(&top, &old, old->next, memory_order_acquire, memory_order_acquire)) { }
    return old;
}
static void take(long id, struct node *n) {
    popped_sum[id] += n->value;
    popped_n[id]++;
    atomic_fetch_add(&n->popped, 1);
}
static void *stack_worker(void *arg) {
    long id = (long)(intptr_t)arg;
    while (!atomic_load_explicit(&start_flag, memory_order_acquire)) sched_yield();
    for (int i = 0; i < NODES_PER_THREAD; i++) {
        struct node *n = &nodes[id * NODES_PER_THREAD + i];
        n->value = id * NODES_PER_THREAD + i + 1;
        push(n);
        if (i % 2 == 1) { struct node *p = pop(); if (p) take(id, p); }
    }
    return NULL;
}

/* ---- SPSC ring ---------------------------------------------------------------------- */
#define RING 64
#define MESSAGES 100000
static long ring[RING];
static atomic_ulong ring_head, ring_tail;   /* head: next to read, tail: next to write */
static void *ring_producer(void *arg) {
    (void)arg;
    for (unsigned long i = 1; i <= MESSAGES; i++) {
        unsigned long t = atomic_load_explicit(&ring_tail, memory_order_relaxed);
        for (int spins = 0; t - atomic_load_explicit(&ring_head, memory_order_acquire) == RING; spins++)
            if (spins > 64) sched_yield();      /* more threads than cores: let the other side run */
        ring[t % RING] = (long)(i * i % 1000003);
        atomic_store_explicit(&ring_tail, t + 1, memory_order_release);
    }
    return NULL;
}
static void *ring_consumer(void *arg) {
    long sum = 0, order_errors = 0;
    for (unsigned long i = 1; i <= MESSAGES; i++) {
        unsigned long h = atomic_load_explicit(&ring_head, memory_order_relaxed);
        for (int spins = 0; atomic_load_explicit(&ring_tail, memory_order_acquire) == h; spins++)
            if (spins > 64) sched_yield();
        long v = ring[h % RING];
        if (v != (long)(i * i % 1000003)) order_errors++;
        sum += v;
        atomic_store_explicit(&ring_head, h + 1, memory_order_release);
    }
    long *out = arg; out[0] = sum; out[1] = order_errors;
    return NULL;
}

/* ---- Peterson's lock (seq_cst + fence) --------------------------------------------- */
/* The stores are STLR and the loads LDAR; Arm orders an STLR before a later LDAR, but
   qemu-aarch64 7.2 on x86 (the oracle) does not (it lost ~1 in 400 increments here), so
   an explicit seq_cst fence (DMB ISH, an MFENCE on x86) keeps the oracle right. */
#define PETERSON_ITER 20000
static atomic_int want[2], turn;
static volatile long peterson_counter;
static void *peterson(void *arg) {
    int me = (int)(intptr_t)arg, other = 1 - me;
    for (int i = 0; i < PETERSON_ITER; i++) {
        atomic_store(&want[me], 1);
        atomic_store(&turn, other);
        atomic_thread_fence(memory_order_seq_cst);   /* DMB ISH: store->load ordering */
        for (int spins = 0; atomic_load(&want[other]) && atomic_load(&turn) == other; spins++)
            if (spins > 64) sched_yield();
        peterson_counter = peterson_counter + 1;     /* critical section */
        atomic_store(&want[me], 0);
    }
    return NULL;
}

/* ---- seqlock: one writer, readers must never see a torn pair ---------------------- */
static atomic_uint seq;
static atomic_long pair_a, pair_b;   /* written as relaxed atomics inside the seqlock */
static atomic_int writer_done;
static void *seq_writer(void *arg) {
    (void)arg;
    for (long i = 1; i <= 50000; i++) {
        unsigned s = atomic_load_explicit(&seq, memory_order_relaxed);
        atomic_store_explicit(&seq, s + 1, memory_order_relaxed);
        atomic_thread_fence(memory_order_release);
        atomic_store_explicit(&pair_a, i, memory_order_relaxed);
        atomic_store_explicit(&pair_b, -i, memory_order_relaxed);
        atomic_store_explicit(&seq, s + 2, memory_order_release);
    }
    atomic_store(&writer_done, 1);
    return NULL;
}
static void *seq_reader(void *arg) {
    long torn = 0, reads = 0, last = 0, backwards = 0;
    while (!atomic_load(&writer_done) || reads == 0) {
        unsigned s1, s2; long a, b;
        do {
            s1 = atomic_load_explicit(&seq, memory_order_acquire);
            a = atomic_load_explicit(&pair_a, memory_order_relaxed);
            b = atomic_load_explicit(&pair_b, memory_order_relaxed);
            atomic_thread_fence(memory_order_acquire);
            s2 = atomic_load_explicit(&seq, memory_order_relaxed);
        } while ((s1 & 1) || s1 != s2);
        if (a != -b) torn++;
        if (a < last) backwards++;
        last = a;
        reads++;
        if (reads % 64 == 0) sched_yield();     /* leave the writer a core */
    }
    long *out = arg; out[0] = torn; out[1] = backwards;
    return NULL;
}

int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    pthread_t t[NTHREADS];
    for (long i = 0; i < NTHREADS; i++) CHECK(pthread_create(&t[i], NULL, counters, (void *)(intptr_t)i));
    atomic_store_explicit(&start_flag, 1, memory_order_release);
    for (int i = 0; i < NTHREADS; i++) CHECK(pthread_join(t[i], NULL));
    unsigned long xor_expect = 0;
    for (long id = 0; id < NTHREADS; id++) for (long i = 0; i < ITER; i++) xor_expect ^= (unsigned long)(i * 2654435761u) << (id % 4);
    printf("fetch_add: %ld\n", atomic_load(&add_counter));
    printf("fetch_sub: %ld\n", atomic_load(&sub_counter));
    printf("cas64 loop: %ld\n", atomic_load(&cas_counter));
    printf("cas32 loop: %u\n", atomic_load(&cas32));
    printf("cas16 loop: %u (mod 65536)\n", (unsigned)atomic_load(&cas16));
    printf("cas8 loop: %u (mod 256)\n", (unsigned)atomic_load(&cas8));
    printf("fetch_or: %016lx fetch_and: %016lx\n", atomic_load(&or_bits), atomic_load(&and_mask));
    printf("fetch_xor matches: %s\n", atomic_load(&xor_acc) == xor_expect ? "yes" : "no");
    printf("exchange lock: %ld\n", xchg_protected);

    atomic_store(&start_flag, 0);
    for (long i = 0; i < NTHREADS; i++) CHECK(pthread_create(&t[i], NULL, stack_worker, (void *)(intptr_t)i));
    atomic_store_explicit(&start_flag, 1, memory_order_release);
    for (int i = 0; i < NTHREADS; i++) CHECK(pthread_join(t[i], NULL));
    long sum = 0, n = 0, left = 0, left_sum = 0;
    for (int i = 0; i < NTHREADS; i++) { sum += popped_sum[i]; n += popped_n[i]; }
    for (struct node *p; (p = pop()) != NULL; ) { left++; left_sum += p->value; atomic_fetch_add(&p->popped, 1); }
    long total_nodes = (long)NTHREADS * NODES_PER_THREAD, once = 0;
    for (long i = 0; i < total_nodes; i++) once += atomic_load(&nodes[i].popped) == 1;
    printf("treiber stack: %ld pushes, %ld concurrent pops, %ld left, checksum %ld (expected %ld), every node popped once: %s\n",
           total_nodes, n, left, sum + left_sum, total_nodes * (total_nodes + 1) / 2, once == total_nodes ? "yes" : "no");

    long ring_result[2];
    pthread_t rp, rc;
    CHECK(pthread_create(&rc, NULL, ring_consumer, ring_result));
    CHECK(pthread_create(&rp, NULL, ring_producer, NULL));
    CHECK(pthread_join(rp, NULL));
    CHECK(pthread_join(rc, NULL));
    long ring_expect = 0;
    for (unsigned long i = 1; i <= MESSAGES; i++) ring_expect += (long)(i * i % 1000003);
    printf("spsc ring: %d messages, checksum %s, out of order %ld\n", MESSAGES,
           ring_result[0] == ring_expect ? "ok" : "WRONG", ring_result[1]);

    pthread_t p0, p1;
    CHECK(pthread_create(&p0, NULL, peterson, (void *)0));
    CHECK(pthread_create(&p1, NULL, peterson, (void *)1));
    CHECK(pthread_join(p0, NULL));
    CHECK(pthread_join(p1, NULL));
    printf("peterson (seq_cst, fence) counter: %ld (expected %d)\n", peterson_counter, 2 * PETERSON_ITER);

    long r1[2], r2[2];
    pthread_t sw, sr1, sr2;
    CHECK(pthread_create(&sr1, NULL, seq_reader, r1));
    CHECK(pthread_create(&sr2, NULL, seq_reader, r2));
    CHECK(pthread_create(&sw, NULL, seq_writer, NULL));
    CHECK(pthread_join(sw, NULL));
    CHECK(pthread_join(sr1, NULL));
    CHECK(pthread_join(sr2, NULL));
    printf("seqlock: torn reads %ld, values going backwards %ld, final %ld\n", r1[0] + r2[0], r1[1] + r2[1], atomic_load(&pair_a));
    return 0;
}
