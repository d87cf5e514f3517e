// Memory: anonymous and file-backed mmap (MAP_SHARED writes reach the file, MAP_PRIVATE ones do
// not), mremap growing and moving a mapping with its contents, mprotect + SIGSEGV recovery,
// munmap holes, madvise(DONTNEED) zero-filling, MAP_FIXED over an existing range, and a shared
// anonymous mapping seen by a forked child.
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static sigjmp_buf env;
static void on_segv(int s) { (void)s; siglongjmp(env, 1); }

static int probe_write(volatile char* p) {
    if (sigsetjmp(env, 1)) return 0;
    *p = 1;
    return 1;
}

int main(void) {
    long pg = sysconf(_SC_PAGESIZE);
    printf("page size multiple of 4096: %d\n", pg % 4096 == 0);
    char* a = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (long i = 0; i < 4 * pg; i++) a[i] = (char)(i * 7);
    char* b = mremap(a, 4 * pg, 64 * pg, MREMAP_MAYMOVE);
    int same = 1; for (long i = 0; i < 4 * pg; i++) same &= b[i] == (char)(i * 7);
    printf("mremap grow: contents kept %d, new tail zero %d\n", same, b[40 * pg] == 0);
    char* c = mremap(b, 64 * pg, pg, 0);
    printf("mremap shrink in place: %d\n", c == b);

    signal(SIGSEGV, on_segv);
    mprotect(c, pg, PROT_READ);
    printf("write to read-only page: %s\n", probe_write(c) ? "succeeded" : "faulted");
    mprotect(c, pg, PROT_READ | PROT_WRITE);
    printf("after mprotect rw: %s\n", probe_write(c) ? "succeeded" : "faulted");

    char* d = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(d + pg, pg);
    printf("hole: first %s, middle %s, last %s\n", probe_write(d) ? "ok" : "fault", probe_write(d + pg) ? "ok" : "fault",
           probe_write(d + 2 * pg) ? "ok" : "fault");
    memset(d, 'q', pg);
    madvise(d, pg, MADV_DONTNEED);
    printf("after MADV_DONTNEED: %d\n", d[10]);
    char* fixed = mmap(d + 2 * pg, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("MAP_FIXED at the address: %d, now read-only: %d\n", fixed == d + 2 * pg, !probe_write(fixed));

    char path[] = "mmap_remap.tmp";
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    ftruncate(fd, pg);
    char* sh = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char* pv = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    strcpy(sh, "shared write");
    strcpy(pv + 100, "private write");
    msync(sh, pg, MS_SYNC);
    char back[120] = {0};
    pread(fd, back, sizeof back, 0);
    printf("file sees: \"%s\", private part in file: %d, private sees shared: %d\n", back, back[100] != 0,
           strcmp(pv, "shared write") == 0);
    close(fd); unlink(path);

    int* counter = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int* priv = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    *counter = 1; *priv = 1;
    pid_t p = fork();
    if (p == 0) { *counter = 42; *priv = 42; _exit(0); }
    waitpid(p, NULL, 0);
    printf("after child: shared=%d private=%d\n", *counter, *priv);
    return 0;
}
