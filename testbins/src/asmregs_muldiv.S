// MUL/MADD/MSUB/SMULL/UMULH/SMULH, UDIV/SDIV including division by zero and INT64_MIN / -1.
// Expected registers (checked against expected/asmregs_muldiv.stdout, from qemu-aarch64):
//   x0=0x0000000000000000
//   x1=0x8000000000000000
//   x2=0x0000000000000007
//   x3=0xfffffffffffffff9
//   x4=0x00000000fffffffe
//   x5=0xfffffffe00000001
//   x6=0x0000000000000000
//   x7=0xffffffffffffffff
//   x8=0x0000000000000000
//   x9=0x0000000000000023
//   x10=0x0000000000000005
//   x11=0x0000000000000001
//   nzcv=0x0000000020000000
#include "asm_regs.inc"
    .globl _start
_start:
    mov x20, #100
    udiv x0, x20, xzr                // division by zero: 0, no trap
    mov x21, #0x8000000000000000
    mov x22, #-1
    sdiv x1, x21, x22                // INT64_MIN / -1 = INT64_MIN
    mov x23, #50
    mov x24, #7
    udiv x2, x23, x24                // 7
    neg x25, x23
    sdiv x3, x25, x24                // -7 (rounds toward zero)
    mov w26, #-1
    smull x11, w26, w22              // (-1)*(-1) = 1
    mov w4, #-2                      // 32-bit move: 0x00000000fffffffe
    umull x5, w26, w26               // 0xffffffff^2 = 0xfffffffe00000001
    umulh x6, x20, x23               // high half of 5000: 0
    smulh x7, x25, x20               // high half of -5000: -1
    mul x8, x20, xzr
    mov x27, #5
    madd x9, x27, x24, xzr           // 35
    msub x10, x24, x27, x9           // 35 - 7*5 = 0
    add x10, x10, #5                 // 5
    mov x28, #0x20000000
    msr nzcv, x28                    // C set by msr
    b regs_dump_exit
