// Loads and stores: pre/post-index writeback, LDP/STP, sign-extending LDRSB/LDRSH/LDRSW,
// unscaled LDUR/STUR, register offsets with extend, and the bytes' little-endian order.
// Expected registers (checked against expected/asmregs_loadstore.stdout, from qemu-aarch64):
//   x0=0x0807060504030201
//   x1=0xffffffffffffff80
//   x2=0xffffffffffff8001
//   x3=0xffffffff80000002
//   x4=0x0000000000000080
//   x5=0x0000000000000010
//   x6=0x1111111111111111
//   x7=0x2222222222222222
//   x8=0x0000000000000018
//   x9=0x0000000000000403
//   x10=0x0000000000000605
//   x11=0x00000000cafef00d
//   nzcv=0x0000000000000000
#include "asm_regs.inc"
    .globl _start
_start:
    adr x20, bytes
    ldr x0, [x20]
    adr x21, signed_values
    ldrsb x1, [x21]                  // 0x80
    ldrsh x2, [x21, #2]              // 0x8001
    ldrsw x3, [x21, #4]              // 0x80000002
    ldrb w4, [x21]                   // zero-extended 0x80
    adrp x22, scratch
    add x22, x22, :lo12:scratch
    mov x23, x22
    ldr x24, =0x1111111111111111
    ldr x25, =0x2222222222222222
    stp x24, x25, [x23], #16         // post-index: x23 += 16
    sub x5, x23, x22                 // 16
    ldp x6, x7, [x22]
    str x24, [x23, #8]!              // pre-index: x23 = scratch + 24
    sub x8, x23, x22                 // 24
    mov w26, #-2
    add x27, x20, #4
    ldrh w9, [x27, w26, sxtw]        // bytes[2..3] = 03 04 -> 0x0403
    ldurh w10, [x20, #4]             // bytes[4..5] = 05 06 -> 0x0605
    ldr w28, =0xcafef00d
    stur w28, [x22, #-0]             // overwrite scratch[0..3]
    ldr w11, [x22]
    msr nzcv, xzr
    b regs_dump_exit

    .data
bytes:
    .byte 1, 2, 3, 4, 5, 6, 7, 8
signed_values:
    .byte 0x80, 0
    .hword 0x8001
    .word 0x80000002
    .bss
    .p2align 4
scratch:
    .skip 64
