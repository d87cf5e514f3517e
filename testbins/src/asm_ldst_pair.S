// Load/store addressing modes: ldp/stp pre/post-index and offset, ldr/str pre/post-index,
// register offsets with extend/shift, sign/zero-extending loads of every size, ldur/stur.
#include "asm_common.inc"
    .globl _start
_start:
    adr x19, buf
    // stp pre-index walking up, post-index walking back
    mov x20, x19
    mov x1, #0x1111
    mov x2, #0x2222
    stp x1, x2, [x20, #16]!         // buf[2], buf[3]; x20 = buf+16
    sub x3, x20, x19
    PUTHEX x3                       // 0x10
    mov x1, #0x3333
    mov x2, #0x4444
    stp x1, x2, [x20], #32          // buf[2..3] overwritten, x20 = buf+48
    sub x3, x20, x19
    PUTHEX x3                       // 0x30
    ldp x4, x5, [x19, #16]
    PUTHEX x4
    PUTHEX x5
    // 32-bit pairs and ldpsw
    mov w1, #-7
    mov w2, #0x7fffffff
    stp w1, w2, [x19, #64]
    ldpsw x6, x7, [x19, #64]
    PUTHEX x6                       // sign-extended -7
    PUTHEX x7
    ldp w8, w9, [x19, #64]
    PUTHEX x8                       // zero-extended
    // ldr/str pre/post index loops: fill 8 words then sum with post-index
    mov x20, x19
    add x20, x20, #128
    mov x1, #1
    mov x2, #8
1:  str x1, [x20], #8
    lsl x1, x1, #1
    subs x2, x2, #1
    b.ne 1b
    mov x2, #8
    mov x3, #0
2:  ldr x4, [x20, #-8]!
    add x3, x3, x4
    subs x2, x2, #1
    b.ne 2b
    PUTHEX x3                       // 0xff
    sub x4, x20, x19
    PUTHEX x4                       // back at 128
    // register offset with lsl and sxtw/uxtw
    mov x5, #3
    ldr x6, [x20, x5, lsl #3]       // element 3 = 8
    PUTHEX x6
    mov w5, #-1
    add x7, x20, #16
    ldr x6, [x7, w5, sxtw #3]       // element 1 = 2
    PUTHEX x6
    mov w5, #5
    ldr w6, [x20, w5, uxtw #2]      // word 5: high half of element 2 = 0
    PUTHEX x6
    // sub-word loads: sign and zero extension
    ldr x1, =0x8081828384858687
    str x1, [x19, #256]
    ldrb w2, [x19, #256]
    PUTHEX x2                       // 0x87
    ldrsb x2, [x19, #256]
    PUTHEX x2                       // 0xffffffffffffff87
    ldrsb w2, [x19, #256]
    PUTHEX x2                       // 0x00000000ffffff87
    ldrh w2, [x19, #258]
    PUTHEX x2                       // 0x8485
    ldrsh x2, [x19, #258]
    PUTHEX x2
    ldrsw x2, [x19, #260]
    PUTHEX x2                       // 0xffffffff80818283
    add x21, x19, #256
    ldur x2, [x21, #1]              // unaligned
    PUTHEX x2
    mov x1, #0xab
    sturb w1, [x21, #7]
    mov x1, #0xcdef
    strh w1, [x19, #256]
    ldr x2, [x19, #256]
    PUTHEX x2
    // pre-index byte loop: strlen of a string
    adr x1, str
    sub x1, x1, #1
    mov x2, #-1
3:  ldrb w3, [x1, #1]!
    add x2, x2, #1
    cbnz w3, 3b
    PUTHEX x2                       // 26
    // q-register pair store/load (128-bit) round-trip
    adr x1, str
    ldp q0, q1, [x1]
    stp q1, q0, [x19, #512]
    ldr x2, [x19, #512]
    PUTHEX x2
    ldr x2, [x19, #528]
    PUTHEX x2
    // stack: push/pop with pre/post index on sp
    mov x1, #0x5151
    mov x2, #0x6262
    stp x1, x2, [sp, #-16]!
    ldp x3, x4, [sp], #16
    eor x3, x3, x4
    PUTHEX x3
    EXIT 0
    .ltorg
str: .asciz "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    .bss
    .p2align 4
buf: .space 1024
