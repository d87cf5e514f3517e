// FEAT_FlagM/FlagM2 (CFINV, RMIF, SETF8, SETF16, AXFLAG, XAFLAG), FEAT_LRCPC/LRCPC2 (LDAPR,
// LDAPUR*, STLUR*) and CASP, with NZCV printed by MRS and consumed by conditional branches
// (flags crossing block boundaries) after each flag instruction. PUTHEX clobbers the flags:
// each flag test sets its inputs with MSR NZCV or a compare first.
#include "asm_common.inc"
    .arch armv8.5-a
    .globl _start
_start:
    adr x19, data
    // CFINV: C flips; b.cs/b.cc read the result across a block boundary
    cmp x19, x19                    // Z C
    cfinv                           // Z
    mrs x1, nzcv
    PUTHEX x1                       // 0x40000000
    b.cs 1f
    PUTS cc_taken
1:  cfinv
    b.cc 2f
    PUTS cs_taken
2:  // RMIF: bits 3..0 of Xn ror shift into the flags selected by mask
    movz x2, #0xA, lsl #16          // 0b1010 at bits 19..16
    msr nzcv, xzr
    rmif x2, #16, #0xf              // N=1 Z=0 C=1 V=0
    mrs x1, nzcv
    PUTHEX x1                       // 0xa0000000
    mov x2, #0x5                    // 0b0101
    mov x4, #0xa0000000
    msr nzcv, x4                    // N=1 Z=0 C=1 V=0
    rmif x2, #0, #0x3               // only C, V: C=0 V=1; N stays 1, Z stays 0
    mrs x1, nzcv
    b.vs 3f
    PUTS vc_taken
3:  PUTHEX x1                       // 0x90000000
    // SETF8 / SETF16: N = bit 7/15, Z = low byte/half zero, V = bit 8/16 XOR bit 7/15; C kept
    mov w3, #0x180                  // bit 8 = 1, bit 7 = 1, low byte 0x80
    cmp x19, x19                    // C = 1
    setf8 w3                        // N=1 Z=0 C=1 V=0
    mrs x1, nzcv
    PUTHEX x1                       // 0xa0000000
    mov w3, #0x100                  // low byte 0, bit 8 set
    cmp x19, x19                    // C = 1
    setf8 w3                        // N=0 Z=1 C=1 V=1
    mrs x1, nzcv
    PUTHEX x1                       // 0x70000000
    mov w3, #0x8000
    cmp x19, x19                    // C = 1
    setf16 w3                       // N=1 Z=0 C=1 V=1
    b.ge 4f                         // N == V (flags straight from setf16)
    PUTS lt_after_setf16
4:
    mov w3, #0x8000
    cmp x19, x19
    setf16 w3
    mrs x1, nzcv
    PUTHEX x1                       // 0xb0000000
    mov w3, #0x30000
    setf16 w3                       // N=0 Z=1 V=1 (bit 16 = 1, bit 15 = 0)
    b.eq 5f
    PUTS ne_after_setf16
5:  // XAFLAG / AXFLAG on all four Z:C combinations of a floating-point-style compare
    mov x20, #0
6:  lsl x4, x20, #29                // C = bit 0 of x20, Z = bit 1
    msr nzcv, x4
    xaflag
    mrs x1, nzcv
    axflag                          // back: AXFLAG(XAFLAG(x)) keeps Z and C
    mrs x2, nzcv
    PUTHEX x1
    PUTHEX x2
    add x20, x20, #1
    cmp x20, #4
    b.ne 6b
    mov x4, #0x30000000             // C and V set
    msr nzcv, x4
    axflag                          // Z = 0|1 = 1, C = 1 & !1 = 0
    mrs x1, nzcv
    PUTHEX x1                       // 0x40000000
    // LDAPR / LDAPUR / STLUR
    ldapr x1, [x19]
    PUTHEX x1                       // 0x8877665544332211
    add x21, x19, #8
    ldaprb w1, [x21, #0]
    PUTHEX x1                       // 0x99
    ldaprh w1, [x19]
    PUTHEX x1                       // 0x2211
    ldapursb x1, [x21, #-1]         // 0x88 sign-extended
    PUTHEX x1
    ldapursh w1, [x21, #-2]         // 0x8877 sign-extended to 32 bits
    PUTHEX x1
    ldapursw x1, [x21, #-8]
    PUTHEX x1                       // 0x44332211
    mov x2, #0xabcd
    stlurh w2, [x21, #-6]
    stlurb w2, [x21, #-8]
    stlur w2, [x21, #-4]
    ldapur x1, [x21, #-8]
    PUTHEX x1                       // 0x0000abcdabcd22cd
    stlur x2, [x21, #8]
    ldr x1, [x19, #16]
    PUTHEX x1                       // 0xabcd
    // CASP: 64-bit pair at data+32 (16-byte aligned), succeed then fail; 32-bit pair
    add x22, x19, #32
    ldp x4, x5, [x22]
    mov x6, #1
    mov x7, #2
    caspal x4, x5, x6, x7, [x22]
    PUTHEX x4                       // old low
    PUTHEX x5                       // old high
    ldp x1, x2, [x22]
    PUTHEX x1                       // 1
    PUTHEX x2                       // 2
    mov x4, #1
    mov x5, #3                      // high differs: no store
    casp x4, x5, x6, x7, [x22]
    PUTHEX x5                       // 2 (the old high)
    mov w8, #1
    mov w9, #2
    mov w10, #0x77
    mov w11, #0x88
    caspa w8, w9, w10, w11, [x22]   // the doubleword 1 | 0 << 32 does not match 1 | 2 << 32
    PUTHEX x8                       // 1
    PUTHEX x9                       // 0
    mov w9, #0
    caspl w8, w9, w10, w11, [x22]
    ldr x1, [x22]
    PUTHEX x1                       // 0x0000008800000077
    EXIT 0

cc_taken: .asciz "b.cs not taken after cfinv\n"
cs_taken: .asciz "b.cc not taken after cfinv\n"
vc_taken: .asciz "b.vs not taken after rmif\n"
lt_after_setf16: .asciz "b.ge not taken after setf16\n"
ne_after_setf16: .asciz "b.eq not taken after setf16\n"

    .data
    .balign 16
data:
    .quad 0x8877665544332211
    .quad 0x99
    .quad 0
    .quad 0
    .quad 0x1111111111111111
    .quad 0x2222222222222222
