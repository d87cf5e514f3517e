// Directories: build a tree with mkdirat/openat/symlinkat/linkat, walk it with nftw (physical,
// depth-first, sorted output), scandir with alphasort, renameat2(RENAME_NOREPLACE and EXCHANGE),
// readlinkat, fstatat with AT_SYMLINK_NOFOLLOW, link counts, rmdir of a non-empty directory
// (ENOTEMPTY), and removing the tree bottom-up.
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char* seen[64];
static int nseen;
static int collect(const char* path, const struct stat* st, int type, struct FTW* f) {
    char line[256];
    snprintf(line, sizeof line, "%d %s %s%s", f->level, type == FTW_D || type == FTW_DP ? "dir " : type == FTW_SL ? "link" : "file",
             path, S_ISREG(st->st_mode) ? "" : "");
    seen[nseen++] = strdup(line);
    return 0;
}
static int cmp(const void* a, const void* b) { return strcmp(*(char* const*)a, *(char* const*)b); }
static int remove_one(const char* path, const struct stat* st, int type, struct FTW* f) {
    (void)st; (void)type; (void)f;
    return remove(path);
}

int main(void) {
    mkdir("tree", 0755);
    int root = open("tree", O_DIRECTORY | O_RDONLY);
    mkdirat(root, "a", 0755); mkdirat(root, "a/b", 0755); mkdirat(root, "c", 0700);
    const char* files[] = {"a/one.txt", "a/b/two.txt", "c/three.txt", "top.txt"};
    for (int i = 0; i < 4; i++) {
        int fd = openat(root, files[i], O_CREAT | O_WRONLY | O_TRUNC, 0644);
        dprintf(fd, "file %d\n", i);
        close(fd);
    }
    symlinkat("a/b/two.txt", root, "link-to-two");
    linkat(root, "top.txt", root, "a/hard.txt", 0);
    struct stat st;
    fstatat(root, "top.txt", &st, 0);
    printf("top.txt links=%lu size=%lld\n", (unsigned long)st.st_nlink, (long long)st.st_size);
    fstatat(root, "link-to-two", &st, AT_SYMLINK_NOFOLLOW);
    char target[64] = {0};
    readlinkat(root, "link-to-two", target, sizeof target - 1);
    printf("symlink: islnk=%d size=%lld target=%s\n", S_ISLNK(st.st_mode), (long long)st.st_size, target);

    nftw("tree", collect, 8, FTW_PHYS);
    qsort(seen, nseen, sizeof *seen, cmp);
    for (int i = 0; i < nseen; i++) printf("nftw: %s\n", seen[i]);

    struct dirent** list;
    int n = scandir("tree/a", &list, NULL, alphasort);
    printf("scandir tree/a:");
    for (int i = 0; i < n; i++) { printf(" %s", list[i]->d_name); free(list[i]); }
    printf("\n");
    free(list);

    errno = 0;
    printf("renameat2 NOREPLACE onto existing: %d EEXIST=%d\n", renameat2(root, "top.txt", root, "a/one.txt", RENAME_NOREPLACE),
           errno == EEXIST);
    renameat2(root, "top.txt", root, "a/one.txt", RENAME_EXCHANGE);
    char buf[32] = {0};
    int fd = openat(root, "top.txt", O_RDONLY); read(fd, buf, sizeof buf - 1); close(fd);
    printf("after exchange top.txt says: %s", buf);
    errno = 0;
    printf("rmdir non-empty: %d ENOTEMPTY=%d\n", unlinkat(root, "a", AT_REMOVEDIR), errno == ENOTEMPTY);
    close(root);
    printf("remove tree: %d\n", nftw("tree", remove_one, 8, FTW_DEPTH | FTW_PHYS));
    printf("gone: %d\n", access("tree", F_OK) != 0);
    return 0;
}
