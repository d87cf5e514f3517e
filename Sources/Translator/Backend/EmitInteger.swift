// Integer IR ops: ALU with ARM flag semantics, shifts, multiply/divide, unary bit
// operations, conditional select and compare.

extension X64Emitter {
    mutating func emitBinary(_ op: BinOp, _ d: Value, _ a: Value, _ b: Value, is64: Bool, setFlags: Bool) {
        switch op {
        case .add, .sub:
            if !setFlags {  // LEA keeps guest flags in EFLAGS alive
                let ra = use(a)
                if let i = imm32(b, is64: true), is64 || op == .add || true {
                    let k = op == .add ? i : (i == Int32.min ? nil : -i)
                    if let k = k { let h = defInPlace(d) ?? def(d); asm.lea(h, Mem(ra, k), is64: is64); return }
                }
                if op == .add { let rb = use(b); let h = defInPlace(d) ?? def(d); asm.lea(h, Mem(ra, index: rb, scale: 1), is64: is64); return }
            }
            aluOp(op == .add ? .add : .sub, d, a, b, is64: is64, flags: setFlags)
            if setFlags && op == .add { asm.cmc() }   // keep CF = NOT(ARM C)
        case .and:
            aluOp(.and, d, a, b, is64: is64, flags: setFlags)
            if setFlags { asm.stc() }                 // ARM C = 0
        case .or: aluOp(.or, d, a, b, is64: is64, flags: false)
        case .xor: aluOp(.xor, d, a, b, is64: is64, flags: false)
        case .andNot:   // BIC/BICS: one BMI1 ANDN (OF = 0; CF = 1 means ARM C = 0)
            let rb = use(b), rx = use(a)
            if !setFlags { clobberFlags() }
            let h = def(d); asm.andn(h, not: rb, rx, is64: is64)
            if setFlags { asm.stc(); producedFlags() }
        case .orNot, .xorNot:
            let rb = use(b), rx = use(a)
            if !setFlags { clobberFlags() }
            asm.mov(.rax, rb); asm.not(.rax, is64: true)
            let h = def(d); asm.mov(h, rx, is64: is64)
            asm.alu(op == .orNot ? .or : .xor, h, .rax, is64: is64)
            if setFlags { asm.stc(); producedFlags() }
        case .shl, .lshr, .ashr, .ror: emitShift(op, d, a, b, is64: is64)
        case .mul:
            let x = use(a), y = use(b); clobberFlags()
            let h = def(d); asm.mov(h, x, is64: is64); asm.imul(h, y, is64: is64)
        case .umulh, .smulh:
            let x = use(a), y = use(b); clobberFlags()
            asm.mov(.rax, x); if op == .umulh { asm.mulWide(y, is64: true) } else { asm.imulWide(y, is64: true) }
            let h = def(d); asm.mov(h, .rdx)
        case .udiv, .sdiv: emitDivide(signed: op == .sdiv, d, a, b, is64: is64)
        case .adc, .sbc:
            let x = use(a), y = use(b)
            saveFlags(); loadFlags()
            if op == .adc { asm.cmc() }               // x86 wants the real carry
            asm.mov(.rax, x, is64: is64)
            asm.alu(op == .adc ? .adc : .sbb, .rax, y, is64: is64)
            if op == .adc && setFlags { asm.cmc() }
            let h = def(d); asm.mov(h, .rax, is64: is64)
            if setFlags { producedFlags() } else { flagsInHost = false }
        }
    }

    /// dst = a OP b on the x86 ALU (flags: the op produces guest flags; else they are clobbered).
    mutating func aluOp(_ op: ALUOp, _ d: Value, _ a: Value, _ b: Value, is64: Bool, flags: Bool) {
        let x = use(a)
        let yImm = imm32(b, is64: is64)
        let y = yImm == nil ? use(b) : nil
        if !flags { clobberFlags() }
        if flags && ra.lastUse[d.index] < 0 && (op == .sub || op == .and) {
            // CMP/TST: only the flags are wanted.
            if let i = yImm {
                if op == .sub { asm.alu(.cmp, x, imm: i, is64: is64) } else { asm.test(x, imm: i, is64: is64) }
            } else {
                if op == .sub { asm.alu(.cmp, x, y!, is64: is64) } else { asm.test(x, y!, is64: is64) }
            }
            producedFlags()
            return
        }
        let h = defInPlace(d) ?? def(d, copying: a, from: x, is64: is64)
        if let i = yImm { asm.alu(op, h, imm: i, is64: is64) } else { asm.alu(op, h, y!, is64: is64) }
        if flags { producedFlags() }
    }

    mutating func emitShift(_ op: BinOp, _ d: Value, _ a: Value, _ b: Value, is64: Bool) {
        let x86: ShiftOp
        switch op {
        case .shl: x86 = .shl
        case .lshr: x86 = .shr
        case .ashr: x86 = .sar
        case .ror: x86 = .ror
        case .add, .sub, .and, .or, .xor, .andNot, .orNot, .xorNot, .mul, .umulh, .smulh, .udiv, .sdiv, .adc, .sbc:
            preconditionFailure("\(op) is not a shift")
        }
        let x = use(a)
        if let c = constant(b) {
            let n = UInt8(c & (is64 ? 63 : 31))
            if n == 0 { let h = def(d); asm.mov(h, x, is64: is64); return }   // (W forms: truncates)
            if flagsInHost && x86 != .ror {
                // Keep live guest flags in EFLAGS: BMI2 shifts leave them alone.
                let h = def(d)
                asm.movImm(.rcx, UInt64(n)); asm.shiftX(x86, h, x, count: .rcx, is64: is64)
                return
            }
            clobberFlags()
            let h = def(d, copying: a, from: x, is64: is64)
            asm.shift(x86, h, imm: n, is64: is64)
            return
        }
        let y = use(b)
        let h = def(d)
        if op == .ror {
            clobberFlags()
            asm.mov(.rcx, y); asm.mov(h, x, is64: is64); asm.shiftCL(.ror, h, is64: is64)
        } else {
            asm.shiftX(x86, h, x, count: y, is64: is64)   // BMI2: flags untouched, count masked like ARM
        }
    }

    /// ARM division never traps: x/0 = 0 and INT_MIN/-1 = INT_MIN.
    mutating func emitDivide(signed: Bool, _ d: Value, _ a: Value, _ b: Value, is64: Bool) {
        let x = use(a), y = use(b)
        clobberFlags()
        let h = def(d)
        asm.alu(.xor, h, h, is64: false)
        asm.test(y, y, is64: is64)
        let zero = asm.jcc(.e)
        var special: Rel32Site? = nil
        if signed {
            asm.mov(h, x, is64: is64)
            asm.alu(.cmp, y, imm: -1, is64: is64)
            let normal = asm.jcc(.ne)
            asm.neg(h, is64: is64)                    // x / -1 = -x (wraps for INT_MIN)
            special = asm.jmp()
            asm.patchRel32(at: normal, target: asm.position)
        }
        asm.mov(.rax, x, is64: is64)
        if signed { asm.cqo(is64: is64) } else { asm.alu(.xor, .rdx, .rdx, is64: false) }
        if signed { asm.idiv(y, is64: is64) } else { asm.div(y, is64: is64) }
        asm.mov(h, .rax, is64: is64)
        asm.patchRel32(at: zero, target: asm.position)
        if let s = special { asm.patchRel32(at: s, target: asm.position) }
    }

    mutating func emitUnary(_ op: UnOp, _ d: Value, _ a: Value, is64: Bool) {
        let x = use(a)
        if op != .not { clobberFlags() }
        let h = def(d)
        switch op {
        case .not: asm.mov(h, x, is64: is64); asm.not(h, is64: is64)
        case .neg: asm.mov(h, x, is64: is64); asm.neg(h, is64: is64)
        case .clz: asm.lzcnt(h, x, is64: is64)
        case .cls:  // clz(x ^ (x >> 1)) - 1
            asm.mov(.rax, x, is64: is64); asm.shift(.sar, .rax, imm: 1, is64: is64)
            asm.alu(.xor, .rax, x, is64: is64); asm.lzcnt(h, .rax, is64: is64); asm.alu(.sub, h, imm: 1, is64: is64)
        case .popcount: asm.popcnt(h, x, is64: is64)
        case .rev: asm.mov(h, x, is64: is64); asm.bswap(h, is64: is64)
        case .rev32: asm.mov(h, x); asm.bswap(h, is64: true); asm.shift(.ror, h, imm: 32, is64: true)
        case .rev16: swapAdjacent(h, x, shift: 8, mask: 0x00FF_00FF_00FF_00FF, is64: is64)
        case .rbit:
            asm.mov(h, x, is64: is64); asm.bswap(h, is64: is64)
            swapAdjacent(h, h, shift: 4, mask: 0x0F0F_0F0F_0F0F_0F0F, is64: is64)
            swapAdjacent(h, h, shift: 2, mask: 0x3333_3333_3333_3333, is64: is64)
            swapAdjacent(h, h, shift: 1, mask: 0x5555_5555_5555_5555, is64: is64)
        }
    }

    /// h = ((x >> shift) & mask) | ((x & mask) << shift), using rax/rcx/rdx.
    private mutating func swapAdjacent(_ h: Reg, _ x: Reg, shift: UInt8, mask: UInt64, is64: Bool) {
        asm.movImm(.rdx, is64 ? mask : mask & 0xFFFF_FFFF)
        asm.mov(.rax, x, is64: is64); asm.shift(.shr, .rax, imm: shift, is64: is64); asm.alu(.and, .rax, .rdx, is64: is64)
        asm.mov(.rcx, x, is64: is64); asm.alu(.and, .rcx, .rdx, is64: is64); asm.shift(.shl, .rcx, imm: shift, is64: is64)
        asm.mov(h, .rax, is64: is64); asm.alu(.or, h, .rcx, is64: is64)
    }

    mutating func emitSelect(_ c: Cond, _ d: Value, _ a: Value, _ b: Value, is64: Bool) {
        let x = use(a), y = use(b)
        guard let cc = Self.x86(c) else { let h = def(d); asm.mov(h, x, is64: is64); return }
        loadFlags()
        let h = def(d)
        asm.mov(h, y, is64: is64)
        asm.cmov(cc, h, x, is64: is64)
        if !is64 { asm.mov(h, h, is64: false) }   // cmov r32 zero-extends only when it moves
    }

    /// flags = cond ? compare(a, b) : nzcv, computed in EFLAGS (the false path loads the
    /// immediate flags with the same ADD AL/SAHF sequence that restores saved flags).
    mutating func emitCondCompare(_ c: Cond, _ a: Value, _ b: Value, is64: Bool, add: Bool, nzcv: UInt8) {
        let x = use(a)
        let bImm = add ? nil : imm32(b, is64: is64)
        let y = bImm == nil ? use(b) : nil
        let immFlags = HostFlags.fromARM(UInt32(nzcv) << 28)
        var skip: Rel32Site? = nil
        if let cc = Self.x86(c) {
            loadFlags()
            skip = asm.jcc(cc.inverted)
        }
        if add {
            asm.mov(.rax, x, is64: is64); asm.alu(.add, .rax, y!, is64: is64); asm.cmc()
        } else if let i = bImm {
            asm.alu(.cmp, x, imm: i, is64: is64)
        } else {
            asm.alu(.cmp, x, y!, is64: is64)
        }
        if let s = skip { coldCondFlags.append(ColdCondFlags(jumpSite: s, resume: asm.position, hostFlags: immFlags)) }
        producedFlags()
    }

    /// The promoted host register as the result's register, when the loop plan says the result
    /// only goes there (LoopPromotion.inPlace): `sub rbp, 0x40` instead of `mov rsi, rbp;
    /// sub rsi, 0x40; mov rbp, rsi`, `mov rbp, [rbx]` instead of `mov rdi, [rbx]; mov rbp, rdi`.
    mutating func defInPlace(_ d: Value) -> Reg? {
        guard let p = promotion, let x = p.inPlace[opIndex] else { return nil }
        ra.reg[d.index] = x     // not owned: the register stays the guest register's
        return x
    }

    /// CCMP/CCMN's path where the condition fails (the immediate NZCV), waiting to be emitted
    /// after the block: the compare is the path loops take (strcmp's and memcmp's CCMP
    /// chains), so it runs straight through without a jump over the other.
    struct ColdCondFlags {
        var jumpSite: Rel32Site
        var resume: Int
        var hostFlags: UInt16
    }

    /// The immediate-NZCV paths of the block's conditional compares: set EFLAGS, jump back.
    mutating func emitColdCondFlags() {
        for cold in coldCondFlags {
            asm.patchRel32(at: cold.jumpSite, target: asm.position)
            asm.movImm(.rax, UInt64(cold.hostFlags))
            asm.addALImm(0x7F); asm.sahf()
            asm.jmp(to: cold.resume)
        }
    }
}
