// SIMD moves and reductions seen through general registers: DUP/INS/UMOV/SMOV, FMOV to and from
// GPRs, ADDV/UMAXV, CNT+ADDV (popcount), EXT, and a vector add with per-lane wrap-around.
// Expected registers (checked against expected/asmregs_simd_move.stdout, from qemu-aarch64):
//   x0=0x0000000000000041
//   x1=0xffffffffffffff85
//   x2=0x3ff0000000000000
//   x3=0x4000000000000000
//   x4=0x0000000000000078
//   x5=0x00000000000000f0
//   x6=0x0000000000000020
//   x7=0x0102030405060708
//   x8=0x00000000000000ff
//   x9=0xfefefefefefefefe
//   nzcv=0x0000000000000000
#include "asm_regs.inc"
    .globl _start
_start:
    mov w20, #0x41
    dup v0.16b, w20
    umov w0, v0.b[7]                 // 0x41
    mov w21, #0x85
    ins v1.b[3], w21
    smov x1, v1.b[3]                 // sign-extended 0x85
    fmov d2, #1.0
    fmov x2, d2                      // 0x3ff0000000000000
    fadd d3, d2, d2
    fmov x3, d3                      // 2.0
    adr x22, ramp
    ld1 {v4.16b}, [x22]              // 0..15
    addv b5, v4.16b                  // 120 = 0x78
    umov w4, v5.b[0]
    umaxv b6, v4.16b                 // 15
    umov w5, v6.b[0]
    lsl w5, w5, #4                   // 0xf0
    movi v7.16b, #0x0f               // 4 bits set in each byte
    cnt v7.8b, v7.8b                 // 4 per byte, 8 bytes
    addv b7, v7.8b                   // 32
    umov w6, v7.b[0]
    adr x23, ramp_hi
    ld1 {v8.16b}, [x23]              // 8,7,...,1, then 16..9
    rev64 v8.16b, v8.16b
    ext v9.16b, v8.16b, v8.16b, #0
    umov x7, v9.d[0]                 // bytes 1..8 reversed into little-endian: 0x0102030405060708
    movi v10.16b, #0xff
    umov w8, v10.b[15]
    add v11.16b, v10.16b, v10.16b    // 0xff + 0xff wraps to 0xfe per lane
    umov x9, v11.d[1]
    msr nzcv, xzr
    b regs_dump_exit

    .data
ramp:
    .byte 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
ramp_hi:
    .byte 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
