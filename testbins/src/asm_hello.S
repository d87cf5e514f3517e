// Minimal program: write(1, msg, len) then exit_group(5) via raw syscalls.
    .text
    .globl _start
_start:
    mov x0, #1
    adr x1, msg
    mov x2, #(msg_end - msg)
    mov x8, #64          // write
    svc #0
    mov x19, x0          // bytes written
    cmp x19, #(msg_end - msg)
    b.ne bad
    mov x0, #1
    adr x1, msg2
    mov x2, #(msg2_end - msg2)
    mov x8, #64
    svc #0
    mov x0, #5
    mov x8, #94          // exit_group
    svc #0
bad:
    mov x0, #1
    mov x8, #93          // exit
    svc #0
msg:  .ascii "Hello from raw arm64 assembly!\n"
msg_end:
msg2: .ascii "second write, exiting with 5\n"
msg2_end:
