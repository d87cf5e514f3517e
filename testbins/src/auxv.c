/* getauxval: AT_PAGESZ, AT_PLATFORM, AT_RANDOM, AT_HWCAP bits, AT_PHDR, AT_ENTRY; printed as booleans. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/auxv.h>
#include <elf.h>

extern char _start[];
int main(int argc, char **argv) {
    (void)argc; (void)argv;
    unsigned long pg = getauxval(AT_PAGESZ);
    printf("AT_PAGESZ==4096: %d\n", pg == 4096);
    printf("sysconf(_SC_PAGESIZE)==4096: %d\n", sysconf(_SC_PAGESIZE) == 4096);
    const char *plat = (const char *)getauxval(AT_PLATFORM);
    printf("AT_PLATFORM=%s\n", plat ? plat : "(null)");
    const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
    printf("AT_RANDOM non-null: %d\n", rnd != NULL);
    if (rnd) { unsigned s = 0; for (int i = 0; i < 16; i++) s |= rnd[i]; printf("AT_RANDOM readable: 1\n"); (void)s; }
    unsigned long hw = getauxval(AT_HWCAP);
    printf("HWCAP_FP: %d\n", (hw & (1UL << 0)) != 0);
    printf("HWCAP_ASIMD: %d\n", (hw & (1UL << 1)) != 0);
    unsigned long entry = getauxval(AT_ENTRY);
    printf("AT_ENTRY==_start: %d\n", entry == (unsigned long)_start);
    unsigned long phdr = getauxval(AT_PHDR), phent = getauxval(AT_PHENT), phnum = getauxval(AT_PHNUM);
    printf("AT_PHENT==56: %d AT_PHNUM>0: %d AT_PHDR!=0: %d\n", phent == 56, phnum > 0, phdr != 0);
    if (phdr) {
        const Elf64_Phdr *ph = (const Elf64_Phdr *)phdr; int loads = 0;
        for (unsigned long i = 0; i < phnum; i++) loads += ph[i].p_type == PT_LOAD;
        printf("PT_LOAD count>0: %d\n", loads > 0);
    }
    printf("AT_UID==getuid: %d AT_EUID==geteuid: %d AT_GID==getgid: %d\n", getauxval(AT_UID) == getuid(), getauxval(AT_EUID) == geteuid(), getauxval(AT_GID) == getgid());
    printf("AT_SECURE=%lu\n", getauxval(AT_SECURE));
    const char *ef = (const char *)getauxval(AT_EXECFN);
    printf("AT_EXECFN ends with auxv: %d\n", ef && strstr(ef, "auxv") != NULL);
    printf("AT_CLKTCK=%lu\n", getauxval(AT_CLKTCK));
    return 0;
}
