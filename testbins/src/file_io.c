/* File I/O on a pid-unique temp file: open/write/lseek/read/fstat/pread/pwrite/rename/unlink; stdio. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <errno.h>
#include <sys/stat.h>

int main(void) {
    char path[128], path2[128];
    snprintf(path, sizeof path, "/tmp/compat-run-fileio-%d.tmp", (int)getpid());
    snprintf(path2, sizeof path2, "/tmp/compat-run-fileio-%d.renamed", (int)getpid());
    int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0640);
    if (fd < 0) { printf("open failed\n"); return 1; }
    char buf[8192];
    for (int i = 0; i < (int)sizeof buf; i++) buf[i] = (char)('a' + i % 26);
    ssize_t w = write(fd, buf, sizeof buf);
    printf("write=%zd\n", w);
    off_t pos = lseek(fd, 0, SEEK_CUR); printf("pos=%ld\n", (long)pos);
    pos = lseek(fd, 100, SEEK_SET); printf("seek set=%ld\n", (long)pos);
    char rd[64] = { 0 }; ssize_t r = read(fd, rd, 26); printf("read=%zd [%s]\n", r, rd);
    pos = lseek(fd, -10, SEEK_END); printf("seek end=%ld\n", (long)pos);
    memset(rd, 0, sizeof rd); r = read(fd, rd, 64); printf("read tail=%zd [%s]\n", r, rd);
    r = read(fd, rd, 64); printf("read eof=%zd\n", r);
    pos = lseek(fd, 20000, SEEK_SET); w = write(fd, "HOLE", 4); printf("sparse pos=%ld write=%zd\n", (long)pos, w);
    struct stat st; fstat(fd, &st);
    printf("fstat size=%ld mode=%o isreg=%d nlink=%ld blksize_ok=%d\n", (long)st.st_size, st.st_mode & 07777, S_ISREG(st.st_mode), (long)st.st_nlink, st.st_blksize > 0);
    w = pwrite(fd, "XYZ", 3, 5); memset(rd, 0, sizeof rd); r = pread(fd, rd, 10, 0); printf("pwrite=%zd pread=%zd [%s]\n", w, r, rd);
    memset(rd, 1, sizeof rd); r = pread(fd, rd, 8, 10000); printf("hole bytes zero=%d\n", rd[0] == 0 && rd[7] == 0);
    int tr = ftruncate(fd, 1000); fstat(fd, &st); printf("ftruncate=%d ", tr); printf("size=%ld\n", (long)st.st_size);
    int fd2 = dup(fd); printf("dup ok=%d ", fd2 > fd); lseek(fd2, 3, SEEK_SET); printf("shared offset=%ld\n", (long)lseek(fd, 0, SEEK_CUR)); close(fd2);
    close(fd);
    struct stat st2; int sr = stat(path, &st2); printf("stat=%d size=%ld\n", sr, (long)st2.st_size);
    printf("access R=%d X=%d\n", access(path, R_OK), access(path, X_OK) == 0);
    printf("rename=%d\n", rename(path, path2));
    errno = 0; int orc = open(path, O_RDONLY); printf("open old=%d errno_enoent=%d\n", orc, errno == ENOENT);
    FILE *f = fopen(path2, "a+"); fprintf(f, "\nline %d\nline %s\n", 2, "three"); fflush(f); rewind(f);
    char line[2048]; int nlines = 0; size_t total = 0;
    while (fgets(line, sizeof line, f)) { nlines++; total += strlen(line); }
    printf("stdio lines=%d total=%zu last=%s", nlines, total, line);
    fclose(f);
    printf("unlink=%d\n", unlink(path2));
    errno = 0; int ur = unlink(path2); printf("unlink again=%d enoent=%d\n", ur, errno == ENOENT);
    errno = 0; int dr = open("/tmp", O_WRONLY); printf("open dir as file for write=%d eisdir=%d\n", dr, errno == EISDIR);
    return 0;
}
