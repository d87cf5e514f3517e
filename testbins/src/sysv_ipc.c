/* System V message queues, semaphores (semid_ds differs between arm64 and x86-64) and shared
   memory, and POSIX message queues; all private/unlinked at the end. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

union semun { int val; struct semid_ds *buf; unsigned short *array; };

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    /* messages */
    int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    printf("msgget ok=%d\n", q >= 0);
    struct { long mtype; char text[32]; } m = {2, "second type"}, r;
    msgsnd(q, &m, strlen(m.text) + 1, 0);
    m.mtype = 1; strcpy(m.text, "first type"); msgsnd(q, &m, strlen(m.text) + 1, 0);
    struct msqid_ds mq; msgctl(q, IPC_STAT, &mq);
    printf("qnum=%lu mode=%o\n", (unsigned long)mq.msg_qnum, mq.msg_perm.mode & 0777);
    ssize_t n = msgrcv(q, &r, sizeof r.text, 1, 0);
    printf("msgrcv type 1: %zd %s\n", n, r.text);
    n = msgrcv(q, &r, sizeof r.text, 0, IPC_NOWAIT);
    printf("msgrcv any: %zd type=%ld %s\n", n, r.mtype, r.text);
    errno = 0; printf("empty=%zd ENOMSG=%d\n", msgrcv(q, &r, sizeof r.text, 0, IPC_NOWAIT), errno == ENOMSG);
    printf("msgctl rmid=%d\n", msgctl(q, IPC_RMID, NULL));

    /* semaphores */
    int s = semget(IPC_PRIVATE, 3, IPC_CREAT | 0640);
    printf("semget ok=%d\n", s >= 0);
    struct semid_ds ds; memset(&ds, 0xff, sizeof ds);
    union semun arg = {.buf = &ds};
    printf("IPC_STAT=%d nsems=%lu mode=%o otime=%ld ctime_set=%d\n", semctl(s, 0, IPC_STAT, arg),
           (unsigned long)ds.sem_nsems, ds.sem_perm.mode & 0777, (long)ds.sem_otime, ds.sem_ctime > 0);
    ds.sem_perm.mode = 0600;
    printf("IPC_SET=%d\n", semctl(s, 0, IPC_SET, arg));
    memset(&ds, 0, sizeof ds); semctl(s, 0, IPC_STAT, arg);
    printf("mode now=%o nsems=%lu\n", ds.sem_perm.mode & 0777, (unsigned long)ds.sem_nsems);
    unsigned short vals[3] = {1, 5, 9}; arg.array = vals;
    printf("SETALL=%d\n", semctl(s, 0, SETALL, arg));
    struct sembuf ops[2] = {{0, -1, 0}, {2, 3, 0}};
    printf("semop=%d\n", semop(s, ops, 2));
    printf("values %d %d %d\n", semctl(s, 0, GETVAL), semctl(s, 1, GETVAL), semctl(s, 2, GETVAL));
    struct timespec zero = {0, 0}; struct sembuf wait0 = {0, -1, 0}; errno = 0;
    printf("semtimedop would block=%d EAGAIN=%d\n", semtimedop(s, &wait0, 1, &zero), errno == EAGAIN);
    memset(&ds, 0, sizeof ds); arg.buf = &ds; semctl(s, 0, IPC_STAT, arg);
    printf("otime set=%d nsems=%lu\n", ds.sem_otime > 0, (unsigned long)ds.sem_nsems);
    printf("semctl rmid=%d\n", semctl(s, 0, IPC_RMID));

    /* shared memory shared with a forked child */
    int sh = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600);
    char *p = shmat(sh, NULL, 0);
    printf("shmat ok=%d\n", p != (void *)-1);
    strcpy(p, "before fork");
    pid_t c = fork();
    if (c == 0) { strcpy(p, "written by child"); _exit(0); }
    waitpid(c, NULL, 0);
    printf("shared: %s\n", p);
    struct shmid_ds sds; shmctl(sh, IPC_STAT, &sds);
    printf("segsz=%zu nattch=%lu\n", (size_t)sds.shm_segsz, (unsigned long)sds.shm_nattch);
    printf("shmdt=%d\n", shmdt(p));
    printf("shmctl rmid=%d\n", shmctl(sh, IPC_RMID, NULL));

    /* POSIX message queues */
    char name[64]; snprintf(name, sizeof name, "/compat-mq-%d", (int)getpid());
    struct mq_attr at = {0, 4, 64, 0};
    mqd_t d = mq_open(name, O_CREAT | O_EXCL | O_RDWR | O_NONBLOCK, 0600, &at);
    printf("mq_open ok=%d\n", d != (mqd_t)-1);
    mq_send(d, "low", 3, 1); mq_send(d, "high", 4, 9);
    struct mq_attr got; mq_getattr(d, &got);
    printf("curmsgs=%ld maxmsg=%ld msgsize=%ld nonblock=%d\n", got.mq_curmsgs, got.mq_maxmsg, got.mq_msgsize,
           (got.mq_flags & O_NONBLOCK) != 0);
    char buf[64]; unsigned prio;
    n = mq_receive(d, buf, sizeof buf, &prio); printf("mq_receive %zd prio=%u %.*s\n", n, prio, (int)n, buf);
    struct timespec ts; clock_gettime(CLOCK_REALTIME, &ts); ts.tv_sec += 1;
    n = mq_timedreceive(d, buf, sizeof buf, &prio, &ts); printf("mq_timedreceive %zd prio=%u %.*s\n", n, prio, (int)n, buf);
    errno = 0; printf("empty=%zd EAGAIN=%d\n", mq_receive(d, buf, sizeof buf, &prio), errno == EAGAIN);
    mq_close(d);
    printf("mq_unlink=%d\n", mq_unlink(name));
    errno = 0; printf("reopen=%d ENOENT=%d\n", (int)mq_open(name, O_RDONLY), errno == ENOENT);
    return 0;
}
