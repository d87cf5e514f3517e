/* argc/argv/envp, getenv/setenv/unsetenv. Runs with argv from argv_env.args and env from argv_env.env. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmpstr(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

int main(int argc, char **argv, char **envp) {
    printf("argc=%d\n", argc);
    const char *base = strrchr(argv[0], '/'); base = base ? base + 1 : argv[0];
    printf("argv0 base starts with argv_env=%d\n", strncmp(base, "argv_env", 8) == 0);
    for (int i = 1; i < argc; i++) printf("argv[%d]=[%s] len=%zu\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc]==NULL: %d\n", argv[argc] == NULL);
    /* print the environment sorted: the order of envp is not something the tests control */
    int n = 0; for (char **e = envp; *e; e++) n++;
    char **sorted = malloc(sizeof(char *) * (size_t)(n + 1)); memcpy(sorted, envp, sizeof(char *) * (size_t)(n + 1));
    qsort(sorted, (size_t)n, sizeof(char *), cmpstr);
    for (int i = 0; i < n; i++) printf("env: %s\n", sorted[i]);
    free(sorted);
    printf("envc=%d\n", n);
    printf("getenv(GREETING)=%s\n", getenv("GREETING"));
    printf("getenv(EMPTY)=[%s]\n", getenv("EMPTY"));
    printf("getenv(MISSING)=%s\n", getenv("MISSING") ? "set" : "(null)");
    setenv("NEWVAR", "fresh value", 1);
    printf("after setenv NEWVAR=%s\n", getenv("NEWVAR"));
    setenv("GREETING", "ignored", 0);
    printf("no-overwrite GREETING=%s\n", getenv("GREETING"));
    unsetenv("GREETING");
    printf("after unsetenv GREETING=%s\n", getenv("GREETING") ? "set" : "(null)");
    return argc;
}
