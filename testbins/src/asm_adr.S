// adr/adrp + :lo12: addressing to data in other sections and far away, literal-pool loads (ldr =),
// ldr (literal) of 32/64-bit and ldrsw literal, movz/movk/movn constants.
#include "asm_common.inc"
    .globl _start
_start:
    adrp x19, table
    add x19, x19, :lo12:table
    ldr x1, [x19]
    PUTHEX x1
    adrp x20, table
    ldr x2, [x20, :lo12:table+8]
    PUTHEX x2
    adr x3, local
    ldr w4, [x3]
    PUTHEX x4
    adr x3, _start
    adr x5, after_start
    sub x5, x5, x3
    PUTHEX x5                       // 8
after_start_pad:
    adrp x6, farbss
    add x6, x6, :lo12:farbss
    adrp x7, table
    add x7, x7, :lo12:table
    sub x8, x6, x7
    PUTHEX x8                       // distance to the far bss (1 MiB + 64)
    mov x9, #0xbeef
    str x9, [x6]
    adrp x10, farbss
    ldr x11, [x10, :lo12:farbss]
    PUTHEX x11
    ldr x12, lit64
    PUTHEX x12
    ldr w13, lit32
    PUTHEX x13
    ldrsw x14, lit32
    PUTHEX x14
    movz x15, #0x1234, lsl #48
    movk x15, #0x5678, lsl #16
    movk x15, #0x9abc
    PUTHEX x15
    movn x16, #0
    PUTHEX x16
    movn w17, #0x1, lsl #16
    PUTHEX x17
    mov x18, #0xffff0000ffff0000
    PUTHEX x18
    ldr x1, =0x0102030405060708
    PUTHEX x1
    adr x0, msg
    bl puts
    EXIT 0
after_start = _start + 8
    .p2align 3
lit64: .quad 0xfedcba9876543210
lit32: .word 0x80000001
local: .word 0xcafef00d
msg: .asciz "adr/adrp ok\n"
    .ltorg
    .data
    .p2align 4
table: .quad 0x1111111111111111, 0x2222222222222222
    .space (1 << 20) + 64 - 16
    .bss
    .p2align 3
farbss: .space 64
