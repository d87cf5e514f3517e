// Flag-setting arithmetic (ADDS/SUBS/ADCS/SBCS/NEGS), CCMP/CCMN chains, CSEL/CSINC/CSINV/CSNEG, CSET.
// Expected registers (checked against expected/asmregs_condsel.stdout, from qemu-aarch64):
//   x0=0x0000000000000000
//   x1=0x0000000000000001
//   x2=0x0000000000000000
//   x3=0x8000000000000000
//   x4=0x0000000000000001
//   x5=0x000000000000000b
//   x6=0xfffffffffffffff5
//   x7=0x000000000000000a
//   x8=0x0000000000000001
//   x9=0x0000000000000000
//   x10=0x0000000000000001
//   x11=0xfffffffffffffff6
//   x12=0x0000000000000001
//   nzcv=0x0000000080000000
#include "asm_regs.inc"
    .globl _start
_start:
    mov x20, #-1
    adds x0, x20, #1                 // 0, carry out: C and Z
    cset x1, cs                      // 1
    adc x12, xzr, xzr                // carry in from adds (cset keeps flags): 1
    sub x2, x12, #1                  // 0
    mov x21, #0x7fffffffffffffff
    adds x3, x21, #1                 // signed overflow: V set, N set
    cset x4, vs                      // 1
    mov x22, #10
    mov x23, #11
    cmp x22, x23                     // 10 < 11: lt
    csinc x5, x22, x22, ge           // lt -> x22 + 1 = 11
    csinv x6, x22, x22, ge           // lt -> ~10 = -11
    csneg x7, x23, x22, ge           // lt -> -x22 = -10
    neg x7, x7                       // 10
    cmp x22, #10
    ccmp x23, #11, #0, eq            // eq holds: compare 11 with 11 -> Z
    cset x8, eq                      // 1
    ccmp x23, #12, #0b0100, ne       // ne fails: nzcv = 0b0100 (Z)
    cset x9, ne                      // 0
    cmn x20, #1                      // -1 + 1 = 0: Z, C
    cset x10, hs                     // 1
    negs x11, x22                    // -10: N, and C clear
    b regs_dump_exit
