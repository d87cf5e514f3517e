// tbz/tbnz/cbz/cbnz on 32/64-bit, bl/blr/br/ret, jump table via br, ret to other register.
#include "asm_common.inc"
    .globl _start
_start:
    // tbz/tbnz: build a reversed bitmask by testing each bit position 0..63 of a value
    ldr x19, =0x8000000100000205
    mov x20, #0
    tbz x19, #0, 1f
    orr x20, x20, #1
1:  tbnz x19, #63, 2f
    b 3f
2:  orr x20, x20, #2
3:  tbz w19, #2, 4f
    orr x20, x20, #4
4:  tbnz x19, #32, 5f
    b 6f
5:  orr x20, x20, #8
6:  tbz x19, #9, 7f
    orr x20, x20, #16
7:  tbnz x19, #1, 8f               // not taken
    orr x20, x20, #32
8:  PUTHEX x20                      // 0x3f
    // cbz/cbnz 32 vs 64-bit: upper bits set but low word zero
    ldr x1, =0xffffffff00000000
    mov x2, #0
    cbz w1, 9f
    orr x2, x2, #1
9:  cbnz x1, 10f
    orr x2, x2, #2
10: cbnz w1, 11f
    orr x2, x2, #4
11: PUTHEX x2                       // 0x4
    // bl / ret and nested calls with link register save
    mov x0, #5
    bl fact
    PUTHEX x0                       // 120
    // blr through a register, br via jump table
    adr x21, square
    mov x0, #12
    blr x21
    PUTHEX x0                       // 144
    mov x22, #0                     // accumulator
    mov x23, #0                     // case index
12: adr x1, jtab
    ldr w2, [x1, x23, lsl #2]
    add x2, x1, w2, sxtw
    br x2
case0: add x22, x22, #1
    b 13f
case1: add x22, x22, #10
    b 13f
case2: add x22, x22, #100
    b 13f
case3: add x22, x22, #1000
13: add x23, x23, #1
    cmp x23, #6
    b.ne 12b
    PUTHEX x22                      // 1 + 10 + 100 + 1000 + 100 + 1 = 1212 = 0x4bc
    // ret via x9 instead of lr
    adr x9, 14f
    ret x9
    b fail
14: // loop with cbnz counting down, 1 million iterations (block chaining)
    ldr x1, =1000000
    mov x2, #0
15: add x2, x2, x1
    sub x1, x1, #1
    cbnz x1, 15b
    PUTHEX x2                       // 500000500000
    // b.cond forward over a long distance
    cmp x2, #0
    b.ne far
    b fail
    .space 4096, 0
far:
    adr x0, okmsg
    bl puts
    EXIT 3
fail:
    EXIT 1

fact:                               // recursive factorial x0 -> x0
    cmp x0, #1
    b.ls 16f
    stp x29, x30, [sp, #-32]!
    mov x29, sp
    str x0, [sp, #16]
    sub x0, x0, #1
    bl fact
    ldr x1, [sp, #16]
    mul x0, x0, x1
    ldp x29, x30, [sp], #32
    ret
16: mov x0, #1
    ret
square:
    mul x0, x0, x0
    ret
    .p2align 2
jtab:
    .word case0 - jtab
    .word case1 - jtab
    .word case2 - jtab
    .word case3 - jtab
    .word case2 - jtab
    .word case0 - jtab
okmsg: .asciz "far branch reached, exiting with 3\n"
    .ltorg
