// FEAT_LSE atomics as locked x86 instructions (LOCK XADD, XCHG, LOCK CMPXCHG loops,
// LOCK CMPXCHG16B), and NZCV moved between the host flag format and ARM's. Every access
// to guest memory is a recorded fault site; the guest state is untouched until the
// atomic instruction has completed, so a fault restarts the guest instruction exactly.

import CSupport

extension X64Emitter {
    /// Leaves with a guest SIGBUS (BUS_ADRALN, si_addr = the address) unless addr + disp is
    /// `size`-aligned. The exit looks like a host fault at a recorded fault site of this guest
    /// instruction: the fault area gets what the host fault handler would store (CSupport's
    /// signals.c: address, host pc, signal | si_code << 32, rbx rbp r12 r13 r14) and the
    /// dispatcher rebuilds the guest state from it.
    mutating func emitCheckAlignment(_ a: Value, disp: Int32, size: Int) {
        guard size > 1 else { return }
        var addr = use(a)
        clobberFlags()
        if disp != 0 { asm.lea(.rax, Mem(addr, disp)); addr = .rax }
        asm.test(addr, imm: Int32(size - 1), is64: false)
        let aligned = asm.jcc(.e)
        asm.store(Self.state(CPUStateLayout.faultWord(CR_FAULT_ADDRESS)), addr, size: 8)
        markFaultSite()
        asm.leaRIP(.rax, position: asm.position)   // the fault site is this instruction
        asm.store(Self.state(CPUStateLayout.faultWord(CR_FAULT_HOST_PC)), .rax, size: 8)
        asm.movImm(.rax, UInt64(Self.sigbus) | UInt64(Self.busAdrAln) << 32)
        asm.store(Self.state(CPUStateLayout.faultWord(CR_FAULT_SIGNAL_CODE)), .rax, size: 8)
        for (i, r) in LoopPromotion.hostRegisters.enumerated() {
            asm.store(Self.state(CPUStateLayout.faultWord(CR_FAULT_PROMOTED + Int32(i))), r, size: 8)
        }
        asm.movImm(.rax, UInt64(ExitCode.fault.rawValue))
        asm.jmp(absolute: ctx.exitStub)
        asm.patchRel32(at: aligned, target: asm.position)
    }
    /// SIGBUS and its si_code BUS_ADRALN (the same numbers on x86-64 and arm64 Linux).
    static let sigbus: UInt32 = 7, busAdrAln: UInt32 = 1

    /// dst = old value; memory = op(old, src), atomically, at `size` bytes.
    mutating func emitAtomicRMW(_ op: AtomicOp, _ d: Value, _ a: Value, _ s: Value, size: Int) {
        let addr = use(a), src = use(s)
        clobberFlags()
        let m = Mem(addr, 0)
        let resultUnused = ra.lastUse[d.index] < 0   // the ST* aliases (Rt = XZR)
        let bits = size * 8
        switch op {
        case .add:
            if resultUnused { markFaultSite(); asm.lockALU(.add, m, src, size: size); return }
            asm.mov(.rax, src)
            markFaultSite()
            asm.lockXadd(m, .rax, size: size)
        case .swp:
            asm.mov(.rax, src)
            markFaultSite()
            asm.xchg(m, .rax, size: size)
        case .clr, .eor, .set:
            let alu: ALUOp = op == .clr ? .and : (op == .eor ? .xor : .or)
            var operand = src
            if op == .clr { asm.mov(.rdx, src); asm.not(.rdx, is64: true); operand = .rdx }
            if resultUnused { markFaultSite(); asm.lockALU(alu, m, operand, size: size); return }
            markFaultSite()
            asm.load(.rax, m, size: size)
            let loop = asm.position
            asm.mov(.rcx, .rax)
            asm.alu(alu, .rcx, operand, is64: true)
            markFaultSite()
            asm.lockCmpxchg(m, .rcx, size: size)   // on failure rax = the current value
            asm.jcc(.ne, to: loop)
        case .smax, .smin, .umax, .umin:
            // Compare at the access size: both operands extended to 64 bits first.
            let signed = op == .smax || op == .smin
            asm.extend(.rdx, src, bits: bits, signed: signed)
            markFaultSite()
            asm.load(.rax, m, size: size)
            let loop = asm.position
            asm.extend(.rcx, .rax, bits: bits, signed: signed)
            asm.alu(.cmp, .rcx, .rdx, is64: true)
            let srcWins: X64Cond
            switch op {
            case .smax: srcWins = .l
            case .smin: srcWins = .g
            case .umax: srcWins = .b
            case .umin: srcWins = .a
            case .add, .clr, .eor, .set, .swp: preconditionFailure("\(op) is not a min/max")
            }
            asm.cmov(srcWins, .rcx, .rdx, is64: true)
            markFaultSite()
            asm.lockCmpxchg(m, .rcx, size: size)
            asm.jcc(.ne, to: loop)
        }
        // rax holds the old value zero-extended (loads zero-extend; a failed cmpxchg writes
        // only the low `size` bytes); xadd/xchg leave src's upper bits: extend explicitly.
        let h = def(d)
        asm.extend(h, .rax, bits: bits, signed: false)
    }

    /// CAS: lock cmpxchg with the expected value in rax; rax ends as the old value (on
    /// success it is still `expected`, equal to the old value at the access size).
    mutating func emitCompareAndSwap(_ d: Value, _ a: Value, _ e: Value, _ n: Value, size: Int) {
        let addr = use(a), expected = use(e), new = use(n)
        clobberFlags()
        asm.mov(.rax, expected)
        markFaultSite()
        asm.lockCmpxchg(Mem(addr, 0), new, size: size)
        let h = def(d)
        asm.extend(h, .rax, bits: size * 8, signed: false)
    }

    /// CASP of X registers via lock cmpxchg16b, which needs rbx (an allocatable register):
    /// the operands travel through the state's scratch area while rbx and rsi are saved on
    /// the stack (blocks holding one are never loop-promoted, so a fault cannot see rbx as a
    /// guest register).
    mutating func emitCompareAndSwapPair(_ d: Value, _ a: Value, _ el: Value, _ eh: Value, _ nl: Value, _ nh: Value) {
        let addr = use(a), expLo = use(el), expHi = use(eh), newLo = use(nl), newHi = use(nh)
        clobberFlags()
        let scratch = CPUStateLayout.vScratch
        asm.store(Self.state(scratch), newLo, size: 8)
        asm.store(Self.state(scratch + 8), newHi, size: 8)
        asm.store(Self.state(scratch + 16), addr, size: 8)
        asm.mov(.rax, expLo)
        asm.mov(.rdx, expHi)
        asm.push(.rbx); asm.push(.rsi)
        asm.load(.rsi, Self.state(scratch + 16), size: 8)
        asm.load(.rbx, Self.state(scratch), size: 8)
        asm.load(.rcx, Self.state(scratch + 8), size: 8)
        markFaultSite()
        asm.lockCmpxchg16b(Mem(.rsi, 0))
        asm.pop(.rsi); asm.pop(.rbx)
        asm.store(Self.state(AtomicScratch.pairHigh), .rdx, size: 8)
        let h = def(d)
        asm.mov(h, .rax)
    }

    /// dst = NZCV in ARM format, from the host-format word (SF ZF in bits 15, 14, the
    /// inverted C in bit 8, OF as the low byte 0/1).
    mutating func emitGetNZCV(_ d: Value) {
        clobberFlags()   // the current flags are now in the state word
        let h = def(d)
        asm.load(.rax, Self.nzcv, size: 2)
        asm.mov(h, .rax, is64: false)
        asm.alu(.and, h, imm: 0xC000, is64: false)
        asm.shift(.shl, h, imm: 16, is64: false)            // N, Z -> bits 31, 30
        asm.mov(.rcx, .rax, is64: false)
        asm.not(.rcx, is64: false)
        asm.alu(.and, .rcx, imm: 0x100, is64: false)
        asm.shift(.shl, .rcx, imm: 21, is64: false)         // C = NOT CF -> bit 29
        asm.alu(.or, h, .rcx, is64: false)
        asm.alu(.and, .rax, imm: 1, is64: false)
        asm.shift(.shl, .rax, imm: 28, is64: false)         // V -> bit 28
        asm.alu(.or, h, .rax, is64: false)
    }

    /// NZCV = bits 31..28 of the value, written to the state in host format (EFLAGS reload
    /// it when something reads them).
    mutating func emitSetNZCV(_ v: Value) {
        let s = use(v)
        flagsInHost = false; flagsDirty = false   // the old flags are overwritten, not saved
        asm.mov(.rax, s, is64: false)
        asm.shift(.shr, .rax, imm: 16, is64: false)         // N Z C V at bits 15..12
        asm.mov(.rcx, .rax, is64: false)
        asm.alu(.and, .rcx, imm: 0xC000, is64: false)       // SF, ZF
        asm.alu(.or, .rcx, imm: 0x200, is64: false)         // EFLAGS bit 1 (always one)
        asm.mov(.rdx, .rax, is64: false)
        asm.not(.rdx, is64: false)
        asm.shift(.shr, .rdx, imm: 5, is64: false)
        asm.alu(.and, .rdx, imm: 0x100, is64: false)        // CF = NOT C
        asm.alu(.or, .rcx, .rdx, is64: false)
        asm.shift(.shr, .rax, imm: 12, is64: false)
        asm.alu(.and, .rax, imm: 1, is64: false)            // OF byte
        asm.alu(.or, .rcx, .rax, is64: false)
        asm.store(Self.nzcv, .rcx, size: 2)
    }
}
