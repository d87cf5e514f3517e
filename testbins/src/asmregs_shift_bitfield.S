// Shifts (immediate and variable, 32/64-bit), UBFX/SBFX/BFI/BFXIL, EXTR, CLZ/CLS/RBIT/REV.
// Expected registers (checked against expected/asmregs_shift_bitfield.stdout, from qemu-aarch64):
//   x0=0xf000000000000000
//   x1=0x000000000fedcba9
//   x2=0xfffffffff8765432
//   x3=0x0000000000000087
//   x4=0xffffffffffffff87
//   x5=0x12345678abcd5678
//   x6=0x9abcdef000000000
//   x7=0x0000000000000003
//   x8=0x000000000000003f
//   x9=0xf1e6a2c480000000
//   x10=0x23016745ab89efcd
//   x11=0x0000000021436587
//   nzcv=0x0000000000000000
#include "asm_regs.inc"
    .globl _start
_start:
    mov x20, #0xf
    lsl x0, x20, #60
    ldr w21, =0xfedcba98
    mov w22, #36                     // 32-bit variable shifts use the amount mod 32: 4
    lsr w1, w21, w22
    orr w1, w1, #1                   // 0x0fedcba9
    ldr x23, =0x87654321
    lsl x23, x23, #32
    asr x2, x23, #36                 // 0xfffffffff8765432
    ubfx x3, x23, #56, #8            // 0x87
    sbfx x4, x23, #56, #8            // sign-extended 0x87
    ldr x5, =0x12345678abcd0000
    mov x24, #0x5678
    bfxil x5, x24, #0, #16           // low 16 bits from x24
    ldr x25, =0x123456789abcdef0
    extr x6, x25, xzr, #32           // low 32 bits of x25, then 32 zero bits
    ldr x26, =0x1fffffffffffffff
    clz x7, x26                      // 3
    mov x27, #0
    cls x8, x27                      // 63
    ldr x28, =0x12345678
    lsl x28, x28, #4
    add x28, x28, #0xf               // 0x123456780 + 0xf = 0x12345678f
    rbit x9, x28
    mov x12, #0x0123
    movk x12, #0x4567, lsl #16
    movk x12, #0x89ab, lsl #32
    movk x12, #0xcdef, lsl #48
    rev x10, x12
    mov w13, #0x8765
    movk w13, #0x4321, lsl #16
    rev16 w11, w13
    msr nzcv, xzr
    b regs_dump_exit
