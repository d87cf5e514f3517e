/* inotify create/modify/delete events; splice/tee/vmsplice through pipes. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static void drain_inotify(int fd, const char *what) {
    char buf[4096] __attribute__((aligned(8)));
    ssize_t n = read(fd, buf, sizeof buf);
    printf("%s:", what);
    for (char *p = buf; n > 0 && p < buf + n;) {
        struct inotify_event *e = (struct inotify_event *)p;
        printf(" [");
        if (e->mask & IN_CREATE) printf("CREATE");
        if (e->mask & IN_MODIFY) printf("MODIFY");
        if (e->mask & IN_CLOSE_WRITE) printf("CLOSE_WRITE");
        if (e->mask & IN_DELETE) printf("DELETE");
        if (e->mask & IN_DELETE_SELF) printf("DELETE_SELF");
        if (e->mask & IN_IGNORED) printf("IGNORED");
        if (e->mask & IN_ISDIR) printf("|ISDIR");
        printf(" %s]", e->len ? e->name : "-");
        p += sizeof *e + e->len;
    }
    printf("\n");
}

static void test_inotify(const char *dir) {
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    printf("inotify flags nonblock=%d cloexec=%d\n", (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0,
           (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
    int wd = inotify_add_watch(fd, dir, IN_CREATE | IN_MODIFY | IN_DELETE | IN_CLOSE_WRITE | IN_DELETE_SELF);
    printf("watch ok=%d\n", wd >= 0);
    char path[256]; snprintf(path, sizeof path, "%s/file.txt", dir);
    int f = open(path, O_CREAT | O_WRONLY, 0644);
    drain_inotify(fd, "after create");
    write(f, "data", 4);
    drain_inotify(fd, "after write");
    close(f);
    drain_inotify(fd, "after close");
    unlink(path);
    drain_inotify(fd, "after unlink");
    char sub[256]; snprintf(sub, sizeof sub, "%s/subdir", dir);
    mkdir(sub, 0755); rmdir(sub);
    drain_inotify(fd, "after mkdir+rmdir");
    errno = 0; char b[64];
    printf("empty read=%zd EAGAIN=%d\n", read(fd, b, sizeof b), errno == EAGAIN);
    printf("rm_watch=%d\n", inotify_rm_watch(fd, wd));
    drain_inotify(fd, "after rm_watch");
    errno = 0;
    printf("bad watch=%d EINVAL=%d\n", inotify_rm_watch(fd, wd), errno == EINVAL);
    close(fd);
}

static void test_splice(void) {
    int a[2], b[2];
    pipe(a); pipe(b);
    write(a[1], "spliced through pipes", 21);
    printf("tee=%zd\n", tee(a[0], b[1], 64, 0));
    char buf[64] = {0};
    ssize_t n = read(b[0], buf, sizeof buf);
    printf("tee copy %zd: %s\n", n, buf);
    char path[] = "/tmp/compat-splice-XXXXXX";
    int f = mkstemp(path);
    loff_t off = 0;
    printf("splice to file=%zd\n", splice(a[0], NULL, f, &off, 64, 0));
    printf("offset=%lld\n", (long long)off);
    loff_t in = 8;
    printf("splice from file=%zd\n", splice(f, &in, b[1], NULL, 7, 0));
    memset(buf, 0, sizeof buf); read(b[0], buf, sizeof buf);
    printf("got: %s\n", buf);
    struct iovec iov[2] = {{"vm", 2}, {"splice", 6}};
    printf("vmsplice=%zd\n", vmsplice(b[1], iov, 2, 0));
    memset(buf, 0, sizeof buf); read(b[0], buf, sizeof buf);
    printf("got: %s\n", buf);
    close(f); unlink(path);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    char dir[] = "/tmp/compat-fsev-XXXXXX";
    mkdtemp(dir);
    test_inotify(dir);
    rmdir(dir);
    test_splice();
    return 0;
}
