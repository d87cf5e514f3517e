// Logical immediates (bitmask encodings), shifted-register logic with NOT forms, ANDS/BICS flags.
// Expected registers (checked against expected/asmregs_logic.stdout, from qemu-aarch64):
//   x0=0x5555555555555555
//   x1=0x00000000ffff0000
//   x2=0x0f0f0f0f0f0f0f0f
//   x3=0xaaaaaaaaaaaaaaaa
//   x4=0x5a5a5a5a5a5a5a5a
//   x5=0x00000000000000f0
//   x6=0xfffffffffffffff0
//   x7=0x0000000000000000
//   x8=0x00000000ff00ff00
//   nzcv=0x0000000040000000
#include "asm_regs.inc"
    .globl _start
_start:
    mov x0, #0x5555555555555555
    mov x1, #0
    orr w1, w1, #0xffff0000
    mov x2, #0x0f0f0f0f0f0f0f0f
    orn x3, xzr, x0                  // ~x0
    eor x4, x0, x2                   // 0x5a5a...
    and x5, x4, #0xff
    and x5, x5, #0xf0                // 0x5a & 0xf0 = 0x50
    orr x5, x5, #0xf0                // 0xf0
    mov x9, #0xf
    bic x6, x2, x2                   // 0
    orn x6, x6, x9                   // ~0xf
    ldr x10, =0x00ff00ff
    ands x7, x10, x10, lsl #8        // 0x00ff00ff & 0xff00ff00 = 0: Z set
    mov w11, #0xff00ff00
    eor w8, w11, wzr
    b regs_dump_exit
