// ADD/SUB immediate, shifted and extended register forms, 32-bit results zero-extending.
// Expected registers (checked against expected/asmregs_addsub.stdout, from qemu-aarch64):
//   x0=0x0000000000001234
//   x1=0x0000000000123000
//   x2=0xffffffffffffff00
//   x3=0x00000000ffffffff
//   x4=0x0000000000012340
//   x5=0x0000000000000074
//   x6=0xfffffffffffffff0
//   x7=0x0000000000000100
//   x8=0x0000000080000000
//   x9=0x0000000000000000
//   nzcv=0x0000000000000000
#include "asm_regs.inc"
    .globl _start
_start:
    mov x0, #0x1000
    add x0, x0, #0x234               // 0x1234
    mov x1, #0
    add x1, x1, #0x123, lsl #12      // 0x123000
    mov x2, #0
    sub x2, x2, #0x100               // -256
    mov w3, #0
    sub w3, w3, #1                   // 32-bit: upper half cleared
    add x4, xzr, x0, lsl #4          // 0x12340
    mov x10, #0x80
    mov x11, #-12
    add x5, x10, w11, sxtb           // 0x80 - 12 = 0x74
    mov x12, #-16
    add x6, xzr, x12                 // register form of add with xzr: -16
    mov x13, #0xff
    add x7, x13, w13, uxtb           // 0xff + 0xff = 0x1fe
    sub x7, x7, #0xfe                // 0x1fe - 0xfe = 0x100
    mov w14, #0x7fffffff
    add w8, w14, #1                  // 0x80000000 (32-bit, flags untouched)
    sub x9, x0, x0
    msr nzcv, xzr
    b regs_dump_exit
