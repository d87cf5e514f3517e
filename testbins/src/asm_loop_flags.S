// Loops driven by flags: adds/subs/cmp/cmn/tst with b.cond, adc/sbc carry chains, ccmp, csel/cset.
#include "asm_common.inc"
    .globl _start
_start:
    // 1. count down loop with subs / b.ne: sum 1..1000
    mov x19, #1000
    mov x20, #0
1:  add x20, x20, x19
    subs x19, x19, #1
    b.ne 1b
    PUTHEX x20                      // 500500 = 0x7a314

    // 2. 64-bit carry chain: 128-bit add of (2^64-1, 1) + (1, 0xffff...) repeated
    mov x21, #-1                    // lo
    mov x22, #1                     // hi
    mov x23, #0
2:  adds x21, x21, #1
    adc x22, x22, xzr
    add x23, x23, #1
    cmp x23, #3
    b.lo 2b
    PUTHEX x21
    PUTHEX x22

    // 3. borrow chain via subs/sbc
    mov x21, #0
    mov x22, #5
    subs x21, x21, #1
    sbc x22, x22, xzr
    PUTHEX x21
    PUTHEX x22

    // 4. signed overflow: vs/vc branches count
    mov x24, #0
    mov x1, #0x7fffffffffffffff
    adds x2, x1, #1
    b.vc 3f
    add x24, x24, #1
3:  mov w1, #0x7fffffff
    adds w2, w1, #1
    b.vc 4f
    add x24, x24, #0x10
4:  mov w1, #-2
    adds w2, w1, #1                 // -1, no overflow, no carry
    b.vs 5f
    b.cs 5f
    add x24, x24, #0x100
5:  cmn x1, #2                      // x1 = 0xfffffffe (w write zero-extends) + 2 -> no carry in 64-bit
    cset x3, cs
    add x24, x24, x3, lsl #12
    PUTHEX x24

    // 5. all 14 conditions after cmp of a few pairs; build a bitmask per pair
    adr x25, pairs
    mov x26, #0                     // index
6:  add x5, x25, x26, lsl #4
    ldp x1, x2, [x5]
    cmp x1, x2
    cset x3, eq
    cset x4, ne
    orr x3, x3, x4, lsl #1
    cset x4, cs
    orr x3, x3, x4, lsl #2
    cset x4, cc
    orr x3, x3, x4, lsl #3
    cset x4, mi
    orr x3, x3, x4, lsl #4
    cset x4, pl
    orr x3, x3, x4, lsl #5
    cset x4, vs
    orr x3, x3, x4, lsl #6
    cset x4, vc
    orr x3, x3, x4, lsl #7
    cset x4, hi
    orr x3, x3, x4, lsl #8
    cset x4, ls
    orr x3, x3, x4, lsl #9
    cset x4, ge
    orr x3, x3, x4, lsl #10
    cset x4, lt
    orr x3, x3, x4, lsl #11
    cset x4, gt
    orr x3, x3, x4, lsl #12
    cset x4, le
    orr x3, x3, x4, lsl #13
    csetm x4, gt
    and x4, x4, #0xf0000
    orr x3, x3, x4
    PUTHEX x3
    add x26, x26, #1
    cmp x26, #((pairs_end - pairs) / 16)
    b.lt 6b

    // 6. tst-based loop: count set bits of a constant
    ldr x1, =0xf0f0a5a5deadbeef
    mov x2, #0
7:  tst x1, #1
    cinc x2, x2, ne
    lsr x1, x1, #1
    cbnz x1, 7b
    PUTHEX x2

    // 7. ccmp chain: count values in [10, 20] among 0..31
    mov x1, #0
    mov x2, #0
8:  cmp x1, #10
    ccmp x1, #20, #2, ge            // if ge: compare with 20, else set C (so 'ls' false)
    cinc x2, x2, le
    add x1, x1, #1
    cmp x1, #32
    b.ne 8b
    PUTHEX x2

    // 8. nested loops with 32-bit counters wrapping
    mov w1, #0xfffffff0
    mov w2, #0
9:  add w1, w1, #1
    add w2, w2, #3
    cbnz w1, 9b
    PUTHEX x2
    EXIT 0

    .p2align 3
pairs:
    .quad 0, 0
    .quad 1, 2
    .quad 2, 1
    .quad -1, 1
    .quad 0x8000000000000000, 1
    .quad 0x7fffffffffffffff, -1
    .quad -5, -5
pairs_end:
    .ltorg
