// UCVTF and FCVTZU between general registers and scalar FP. x86 before AVX-512 converts only
// signed integers, so unsigned values of 64 bits take a second path: UCVTF halves a value
// with the top bit set (keeping the lost bit as a sticky bit, so the one rounding is still
// correct) and doubles the result; FCVTZU subtracts 2^63 first. Arm's saturation (NaN and
// values of -1 or below to 0, too large ones to all ones) is checked with compares that raise
// nothing, and sets FPSR.IOC in the state; IXC for inexact in-range values is x86's PE.

extension X64Emitter {
    /// d = UCVTF(s): 32-bit sources are zero-extended and converted as 64-bit signed values.
    mutating func emitUnsignedIntToFP(_ d: UInt8, _ s: Value, double: Bool, srcIs64: Bool) {
        let r = use(s)
        asm.pxor(Self.x0, Self.x0)
        guard srcIs64 else {
            asm.mov(.rax, r, is64: false)
            asm.cvtsi2f(Self.x0, .rax, double: double, is64: true)
            return storeScalarResult(d, double: double)
        }
        clobberFlags()
        asm.test(r, r, is64: true)
        let topBitSet = asm.jcc(.s)
        asm.cvtsi2f(Self.x0, r, double: double, is64: true)
        let done = asm.jmp()
        asm.patchRel32(at: topBitSet, target: asm.position)
        asm.mov(.rax, r); asm.shift(.shr, .rax, imm: 1, is64: true)
        asm.mov(.rcx, r, is64: false); asm.alu(.and, .rcx, imm: 1, is64: false); asm.alu(.or, .rax, .rcx, is64: true)
        asm.cvtsi2f(Self.x0, .rax, double: double, is64: true)
        asm.scalarFP(.add, Self.x0, Self.x0, double: double)   // exact
        asm.patchRel32(at: done, target: asm.position)
        storeScalarResult(d, double: double)
    }

    /// d = FCVTZU(V[n]) to 32 or 64 bits. The range is checked before converting: a
    /// saturated result raises only IOC (x86 would add PE for -1.5).
    mutating func emitFPToUnsignedInt(_ d: Value, _ n: UInt8, double: Bool, is64: Bool) {
        clobberFlags()
        let h = def(d)
        loadScalar(Self.x0, n, double: double)
        let limit = is64 ? 0x1p63 : 0x1p32
        loadFPConstant(Self.x1, limit, double: double)
        asm.compareScalar(Self.x0, Self.x1, double: double)
        let large = asm.jcc(.ae)             // >= the limit (NaN is unordered: carry set)
        loadFPConstant(Self.x2, -1, double: double)
        asm.compareScalar(Self.x0, Self.x2, double: double)
        let low = asm.jcc(.be)               // -1 or below, or NaN
        asm.cvttf2si(h, Self.x0, double: double, is64: true)   // (-1, limit): 0 and inexact for (-1, 0)
        let converted = asm.jmp()
        var bigDone: Rel32Site?
        asm.patchRel32(at: large, target: asm.position)
        if is64 {   // [2^63, 2^64): converted less 2^63, an exact subtraction of an integral value
            loadFPConstant(Self.x2, 0x1p64, double: double)
            asm.compareScalar(Self.x0, Self.x2, double: double)
            let high = asm.jcc(.ae)
            asm.movaps(Self.x2, Self.x0); asm.scalarFP(.sub, Self.x2, Self.x1, double: double)
            asm.cvttf2si(h, Self.x2, double: double, is64: true)
            asm.btc(h, bit: 63)
            bigDone = asm.jmp()
            asm.patchRel32(at: high, target: asm.position)
        }
        setFPSRBits(FPExceptions.invalid.rawValue)
        asm.movImm(h, is64 ? UInt64.max : UInt64(UInt32.max))
        let highDone = asm.jmp()
        asm.patchRel32(at: low, target: asm.position)
        setFPSRBits(FPExceptions.invalid.rawValue)
        asm.movImm(h, 0)
        asm.patchRel32(at: converted, target: asm.position)
        asm.patchRel32(at: highDone, target: asm.position)
        if let site = bigDone { asm.patchRel32(at: site, target: asm.position) }
    }

    /// x = value (low lane; exact in single precision too: powers of two and -1).
    private mutating func loadFPConstant(_ x: XMM, _ value: Double, double: Bool) {
        asm.movImm(.rax, double ? value.bitPattern : UInt64(Float(value).bitPattern))
        asm.movToXMM(x, .rax, is64: double)
    }
}
