/* mkdir, create files, opendir/readdir (sorted), stat, rmdir. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
    char dir[128], p[256];
    snprintf(dir, sizeof dir, "/tmp/compat-run-dirio-%d", (int)getpid());
    printf("mkdir=%d\n", mkdir(dir, 0755));
    errno = 0; int mr = mkdir(dir, 0755); printf("mkdir again=%d eexist=%d\n", mr, errno == EEXIST);
    for (int i = 0; i < 40; i++) {
        snprintf(p, sizeof p, "%s/file_%03d.txt", dir, i);
        int fd = open(p, O_CREAT | O_WRONLY, 0644); for (int k = 0; k < i; k++) write(fd, "0123456789", 10); close(fd);
    }
    snprintf(p, sizeof p, "%s/subdir", dir); mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/subdir/inner", dir); close(open(p, O_CREAT | O_WRONLY, 0600));
    snprintf(p, sizeof p, "%s/link", dir); printf("symlink=%d\n", symlink("file_007.txt", p));
    char tgt[64] = { 0 }; ssize_t rl = readlink(p, tgt, sizeof tgt - 1); printf("readlink=%zd %s\n", rl, tgt);
    DIR *d = opendir(dir);
    char *names[64]; int n = 0; struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (n < 64) names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp);
    long total = 0;
    for (int i = 0; i < n; i++) {
        struct stat st; snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        lstat(p, &st);
        if (i < 6 || i > n - 5) printf("%s %s size=%ld\n", names[i], S_ISDIR(st.st_mode) ? "dir" : S_ISLNK(st.st_mode) ? "link" : "file", S_ISREG(st.st_mode) ? (long)st.st_size : -1L);
        if (S_ISREG(st.st_mode)) total += st.st_size;
    }
    printf("entries=%d total=%ld\n", n, total);
    char cwd[256]; int cr = chdir(dir); printf("chdir=%d ", cr); getcwd(cwd, sizeof cwd); printf("cwd matches=%d\n", strcmp(cwd, dir) == 0);
    struct stat st; int sr = stat("file_010.txt", &st); printf("relative stat=%d size=%ld\n", sr, (long)st.st_size);
    errno = 0; int rr = rmdir(dir); printf("rmdir nonempty=%d enotempty=%d\n", rr, errno == ENOTEMPTY);
    for (int i = 0; i < n; i++) { if (names[i][0] != '.' && strcmp(names[i], "subdir") != 0) unlink(names[i]); free(names[i]); }
    int ui = unlink("subdir/inner"); int rs = rmdir("subdir"); printf("unlink inner=%d rmdir sub=%d ", ui, rs);
    chdir("/");
    printf("rmdir=%d\n", rmdir(dir));
    errno = 0; int og = opendir(dir) != NULL; printf("opendir gone=%d enoent=%d\n", og, errno == ENOENT);
    return 0;
}
