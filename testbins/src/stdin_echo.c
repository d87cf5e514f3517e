/* Reads stdin (from stdin_echo.stdin): line count, word count, reversed lines, byte sum. */
#include <stdio.h>
#include <string.h>
#include <ctype.h>
int main(void) {
    char line[1024]; int lines = 0, words = 0; unsigned long sum = 0;
    while (fgets(line, sizeof line, stdin)) {
        size_t n = strlen(line); if (n && line[n - 1] == '\n') line[--n] = 0;
        lines++;
        int inw = 0; for (size_t i = 0; i < n; i++) { sum += (unsigned char)line[i]; if (isspace((unsigned char)line[i])) inw = 0; else if (!inw) { inw = 1; words++; } }
        for (size_t i = 0; i < n / 2; i++) { char t = line[i]; line[i] = line[n - 1 - i]; line[n - 1 - i] = t; }
        printf("%3d: %s\n", lines, line);
    }
    printf("lines=%d words=%d sum=%lu eof=%d\n", lines, words, sum, feof(stdin) != 0);
    return lines == 5 ? 0 : 1;
}
