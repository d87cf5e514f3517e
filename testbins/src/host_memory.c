/* Whatever memory compat-run itself uses is out of the guest's reach: MAP_FIXED over any
   page between the guest's mappings either gives the guest usable memory (free space) or
   fails with ENOMEM (memory the guest cannot have); mincore/msync/mprotect/madvise see only
   guest memory; and the process stays alive through all of it. Prints only a summary, the
   same natively, under qemu and under compat-run. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct range { unsigned long start, end; };
static struct range maps[4096];
static int nmaps;

static void read_maps(void) {
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    nmaps = 0;
    while (nmaps < 4096 && fgets(line, sizeof line, f)) {
        if (sscanf(line, "%lx-%lx", &maps[nmaps].start, &maps[nmaps].end) == 2) nmaps++;
    }
    fclose(f);
}

int main(void) {
    read_maps();
    int odd = 0, probes = 0;
    unsigned char v;
    for (int i = 0; i + 1 < nmaps; i++) {
        unsigned long gap = maps[i].end, end = maps[i + 1].start;
        for (unsigned long p = gap; p < end && probes < 300000; probes++) {
            /* Not guest memory: unmapped as far as the guest can tell. */
            if (mincore((void *)p, 4096, &v) == 0 || errno != ENOMEM) odd++;
            if (msync((void *)p, 4096, MS_ASYNC) == 0 || errno != ENOMEM) odd++;
            if (mprotect((void *)p, 4096, PROT_READ) == 0 || errno != ENOMEM) odd++;
            volatile char *m = mmap((void *)p, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
            if (m == MAP_FAILED) {
                if (errno != ENOMEM) odd++;
            } else {
                m[0] = 42;
                if (m[0] != 42 || m != (volatile char *)p) odd++;
                if (munmap((void *)m, 4096) != 0) odd++;
            }
            p += (p - gap < (1 << 20)) ? 4096 : (1 << 20);
        }
    }
    printf("probed the gaps between guest mappings: %s\n", probes > 0 ? "yes" : "no");
    printf("unexpected answers: %d\n", odd);
    void *probe = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("still alive, guest mmap works: %d\n", probe != MAP_FAILED);
    return 0;
}
