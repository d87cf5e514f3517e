// Safe access to guest memory for the syscall shim, the Linux kernel's way
// (copy_from_user and its exception table): the only instructions that touch
// guest memory lie between cr_guest_access_start and cr_guest_access_end. When
// one of them faults, the fault handler (signals.c) sees a RIP in that range and
// resumes at cr_guest_access_fixup, which returns the number of bytes not copied.
// No state is shared between calls, so any thread may use it at any time.
#include "CSupport.h"

__asm__(".text\n"
        ".globl cr_copy_guest\n"
        ".hidden cr_copy_guest\n"
        ".type cr_copy_guest,@function\n"
        "cr_copy_guest:\n"                  // rdi = dst, rsi = src, rdx = n
        "    mov %rdx, %rcx\n"
        ".globl cr_guest_access_start\n"
        ".hidden cr_guest_access_start\n"
        "cr_guest_access_start:\n"
        "    rep movsb\n"                   // faults leave rcx = bytes not copied
        ".globl cr_guest_access_end\n"
        ".hidden cr_guest_access_end\n"
        "cr_guest_access_end:\n"
        "    xor %eax, %eax\n"
        "    ret\n"
        ".globl cr_guest_access_fixup\n"
        ".hidden cr_guest_access_fixup\n"
        "cr_guest_access_fixup:\n"
        "    mov %rcx, %rax\n"
        "    test %rax, %rax\n"             // a fault with nothing left still failed
        "    jnz 1f\n"
        "    mov $1, %eax\n"
        "1:  ret\n"
        ".size cr_copy_guest, .-cr_copy_guest\n");
