/* return 7 from main; output without trailing newline is flushed at exit. */
#include <stdio.h>
int main(void) { printf("returning 7"); return 7; }
