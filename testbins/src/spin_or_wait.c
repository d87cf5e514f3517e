/* Target for the signal fidelity tests: "spin" loops in guest code forever, "wait" blocks in
   pause(); both touch no signal dispositions. Without arguments it just prints a line. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "spin") == 0) {
        volatile unsigned long n = 0;
        for (;;) n++;
    }
    if (argc > 1 && strcmp(argv[1], "wait") == 0) for (;;) pause();
    printf("nothing to do\n");
    return 0;
}
