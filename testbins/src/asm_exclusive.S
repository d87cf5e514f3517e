// Exclusive load/store: ldxr/stxr and ldaxr/stlxr loops at every size, ldxp/stxp, clrex,
// stxr failure after clrex is allowed but the loop must converge; ldar/stlr.
#include "asm_common.inc"
    .globl _start
_start:
    adr x19, data
    // 64-bit atomic add loop, 1000 iterations
    mov x20, #1000
1:  ldxr x1, [x19]
    add x1, x1, #3
    stxr w2, x1, [x19]
    cbnz w2, 1b
    subs x20, x20, #1
    b.ne 1b
    ldr x1, [x19]
    PUTHEX x1                       // 3000
    // 32-bit acquire/release increment-with-wrap
    add x21, x19, #8
    mov x20, #20
2:  ldaxr w1, [x21]
    sub w1, w1, #1                  // wraps below zero
    stlxr w2, w1, [x21]
    cbnz w2, 2b
    subs x20, x20, #1
    b.ne 2b
    ldr x1, [x21]
    PUTHEX x1                       // upper word untouched, lower = -20
    // byte and halfword exclusives
    add x21, x19, #16
3:  ldxrb w1, [x21]
    add w1, w1, #200
    stxrb w2, w1, [x21]
    cbnz w2, 3b
3:  ldxrb w1, [x21]
    add w1, w1, #100                // 300 -> 44 mod 256
    stxrb w2, w1, [x21]
    cbnz w2, 3b
    add x22, x19, #18
4:  ldaxrh w1, [x22]
    eor w1, w1, #0xff00
    stlxrh w2, w1, [x22]
    cbnz w2, 4b
    ldr x1, [x19, #16]
    PUTHEX x1
    // compare-and-swap built from ldaxr/stlxr: succeed then fail
    add x21, x19, #24
    mov x3, #0x55                   // expected
    mov x4, #0x66                   // new
5:  ldaxr x1, [x21]
    cmp x1, x3
    b.ne 6f
    stlxr w2, x4, [x21]
    cbnz w2, 5b
    mov x5, #1
    b 7f
6:  clrex
    mov x5, #0
7:  PUTHEX x5                       // 1
    mov x3, #0x55
    mov x4, #0x77
8:  ldaxr x1, [x21]
    cmp x1, x3
    b.ne 9f
    stlxr w2, x4, [x21]
    cbnz w2, 8b
    mov x5, #1
    b 10f
9:  clrex
    mov x5, #0
10: PUTHEX x5                       // 0
    ldr x1, [x21]
    PUTHEX x1                       // 0x66
    // exclusive pair (128-bit)
    add x21, x19, #32
11: ldxp x1, x2, [x21]
    adds x1, x1, #1
    adc x2, x2, xzr
    stxp w3, x1, x2, [x21]
    cbnz w3, 11b
    ldp x1, x2, [x21]
    PUTHEX x1                       // 0
    PUTHEX x2                       // 0x100000000
    // ldar / stlr / ldarb
    add x21, x19, #48
    mov x1, #0x1234
    stlr x1, [x21]
    ldar x2, [x21]
    PUTHEX x2
    mov w1, #0x99
    stlrb w1, [x21]
    ldarb w2, [x21]
    PUTHEX x2
    dmb ish
    dsb sy
    isb
    EXIT 0

    .data
    .p2align 4
data:
    .quad 0                         // 0
    .quad 0x1234567800000000        // 8
    .quad 0x0000000000560000        // 16: byte at 16, halfword at 18 (=0x0056)
    .quad 0x55                      // 24
    .quad 0xffffffffffffffff        // 32: 128-bit lo
    .quad 0x00000000ffffffff        // 40: hi
    .quad 0                         // 48
