// POSIX pattern matching in libc: regcomp/regexec (extended, basic, icase, submatches, REG_NOSUB,
// error messages), fnmatch flags, glob over a directory the program creates, and wordexp-free
// tokenising with strtok_r/strsep.
#define _GNU_SOURCE
#include <fcntl.h>
#include <fnmatch.h>
#include <glob.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void try_regex(const char* pattern, int flags, const char* text) {
    regex_t re;
    int rc = regcomp(&re, pattern, flags);
    if (rc != 0) { char msg[128]; regerror(rc, &re, msg, sizeof msg); printf("regcomp(%s): error: %s\n", pattern, msg); return; }
    regmatch_t m[4];
    rc = regexec(&re, text, 4, m, 0);
    printf("/%s/ on \"%s\": %s", pattern, text, rc == 0 ? "match" : "no match");
    if (rc == 0 && !(flags & REG_NOSUB))
        for (int i = 0; i < 4 && m[i].rm_so >= 0; i++) printf(" [%d]=\"%.*s\"", i, (int)(m[i].rm_eo - m[i].rm_so), text + m[i].rm_so);
    printf("\n");
    regfree(&re);
}

int main(void) {
    try_regex("([a-z]+)@([a-z]+)\\.com", REG_EXTENDED, "mail bob@example.com today");
    try_regex("^[0-9]{3}-([0-9]{4})$", REG_EXTENDED, "555-1234");
    try_regex("\\(ab\\)*c", 0, "xxababcyy");
    try_regex("HELLO", REG_ICASE | REG_NOSUB, "say hello");
    try_regex("a|b|c", REG_EXTENDED, "zzz");
    try_regex("(unclosed", REG_EXTENDED, "x");
    try_regex("[[:digit:]]+[[:space:]]*[[:alpha:]]", REG_EXTENDED, "abc 42  x");

    const char* names[] = {"main.c", "util.c", "util.h", ".hidden.c", "dir/file.c", "README", NULL};
    const char* pats[] = {"*.c", "*.[ch]", "dir/*", "*", "?EADME", NULL};
    for (int p = 0; pats[p]; p++) {
        printf("fnmatch %-7s:", pats[p]);
        for (int i = 0; names[i]; i++)
            if (fnmatch(pats[p], names[i], FNM_PATHNAME | FNM_PERIOD) == 0) printf(" %s", names[i]);
        printf("\n");
    }
    printf("FNM_CASEFOLD: %d, leading period without FNM_PERIOD: %d\n", fnmatch("readme", "README", FNM_CASEFOLD) == 0,
           fnmatch("*.c", ".hidden.c", 0) == 0);

    mkdir("g", 0755); mkdir("g/sub", 0755);
    const char* files[] = {"g/a1.txt", "g/a2.txt", "g/b.log", "g/sub/c.txt"};
    const size_t nfiles = sizeof files / sizeof files[0];
    for (size_t i = 0; i < nfiles; i++) close(open(files[i], O_CREAT | O_WRONLY, 0644));
    glob_t g;
    glob("g/*.txt", 0, NULL, &g);
    glob("g/*/*.txt", GLOB_APPEND, NULL, &g);
    printf("glob:");
    for (size_t i = 0; i < g.gl_pathc; i++) printf(" %s", g.gl_pathv[i]);
    printf("\n");
    globfree(&g);
    printf("glob no match: %d\n", glob("g/*.none", 0, NULL, &g) == GLOB_NOMATCH);
    glob("g/{a1,b}.*", GLOB_BRACE, NULL, &g);
    printf("brace: %zu matches, first %s\n", g.gl_pathc, g.gl_pathc ? g.gl_pathv[0] : "-");
    globfree(&g);
    // Leave the working directory as it was found (a corpus run from a checkout must not
    // leave a g/ tree in it).
    for (size_t i = 0; i < nfiles; i++) unlink(files[i]);
    rmdir("g/sub"); rmdir("g");

    char line[] = "key=value;  second = 2;;third=x";
    char* save; int k = 0;
    for (char* tok = strtok_r(line, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) printf("token %d: [%s]\n", k++, tok);
    char csv[] = "a,,b,c,";
    char* rest = csv; char* f;
    printf("strsep:");
    while ((f = strsep(&rest, ",")) != NULL) printf(" [%s]", f);
    printf("\n");
    return 0;
}
