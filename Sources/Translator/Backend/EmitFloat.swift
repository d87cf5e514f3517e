// FP and SIMD IR ops. Guest V registers live in the state block or, for the ops the
// vector register cache serves (EmitVectorCache.swift), in xmm5-xmm15; xmm0-xmm4 are
// scratch for the duration of one op.

extension X64Emitter {
    static func v(_ n: UInt8, _ extra: Int32 = 0) -> Mem { Mem(.r15, CPUStateLayout.v(Int(n)) + extra) }
    static let x0 = XMM(0), x1 = XMM(1), x2 = XMM(2), x3 = XMM(3)

    /// The lane width of an element size in bytes (1, 2, 4, 8).
    static func lanes(_ bytes: Int) -> OpSize {
        switch bytes {
        case 1: return .b8
        case 2: return .b16
        case 4: return .b32
        default: return .b64
        }
    }

    /// Writes xmm0 to V[d]; for 64-bit (or narrower, already zero-extended) results the upper half is cleared.
    mutating func storeVector(_ d: UInt8, from x: XMM, q: Bool) {
        if !q { asm.movq(x, x) }   // clears bits 127:64
        if !cacheStore(d, from: x, zeroAbove: q ? 128 : 64) { asm.movdquStore(Self.v(d), x) }
        if x == Self.x0 { xmm0Holds = (d, q ? 128 : 64) }
    }

    /// Stores xmm0 as the whole of V[d]; bits from `zeroAbove` up are known to be zero.
    mutating func storeWhole(_ d: UInt8, zeroAbove: Int = 128) {
        if !cacheStore(d, from: Self.x0, zeroAbove: zeroAbove) { asm.movdquStore(Self.v(d), Self.x0) }
        xmm0Holds = (d, zeroAbove)
    }

    /// The first input of an op, into xmm0: skipped when the previous op left V[n] there.
    mutating func loadVector0(_ n: UInt8) {
        if let c = carried, c.vreg == n { carried = nil; return }
        carried = nil
        if let (s, _) = cacheLoad(n) { asm.movaps(Self.x0, s) } else { asm.movdquLoad(Self.x0, Self.v(n)) }
    }

    /// Scalar FP results: xmm0 was loaded with MOVD/MOVQ (upper bits zero) and scalar SSE
    /// ops keep the destination's upper bits, so the whole register is already right.
    mutating func storeScalarResult(_ d: UInt8, double: Bool) { storeWhole(d, zeroAbove: double ? 64 : 32) }

    /// ORs `bits` into the state's FPSR word: flags x86 does not raise itself (QC, or IOC where
    /// a lowering saturates without an x86 invalid operation; MRS FPSR adds MXCSR's). Uses rax
    /// and changes EFLAGS (callers have called `clobberFlags`).
    mutating func setFPSRBits(_ bits: UInt32) {
        let fpsr = Self.state(CPUStateLayout.fpsr)
        asm.load(.rax, fpsr, size: 4); asm.alu(.or, .rax, imm: Int32(bits), is64: false); asm.store(fpsr, .rax, size: 4)
    }

    /// Loads a scalar (zeroing the rest of the xmm register).
    mutating func loadScalar(_ x: XMM, _ n: UInt8, double: Bool) {
        if x == Self.x0, let c = carried, c.vreg == n, c.zeroAbove <= (double ? 64 : 32) { carried = nil; return }
        if x == Self.x0 { carried = nil }
        if let s = cachedSlot(n) {
            if Int(vcache.zeroAbove[Int(s.index)]) <= (double ? 64 : 32) { asm.movaps(x, s) } else if double { asm.movq(x, s) } else {
                asm.insertps(x, s, 0x0E)   // the low single, zeros above: no round trip through a GPR
            }
            return
        }
        _ = cacheLoad(n)    // a miss: later reads of V[n] find it in the cache
        if double { asm.movqLoad(x, Self.v(n)) } else { asm.movdLoad(x, Self.v(n)) }
    }

    mutating func signMask(_ x: XMM, double: Bool) {
        asm.movImm(.rax, double ? 0x8000_0000_0000_0000 : 0x8000_0000)
        asm.movToXMM(x, .rax, is64: true)
    }

    // One method per FP/SIMD IR op; X64Emitter.emit dispatches to them.

    mutating func emitVecLoad(_ d: UInt8, _ a: Value, disp: Int32, size: Int) {
        let m = address(a, disp)
        if size >= 4, let s = cacheSlotForWrite(d) {   // straight into the cache slot
            markFaultSite()   // the slot still holds V[d]'s old value if this faults
            switch size {
            case 16: asm.movdquLoad(s, m)
            case 8: asm.movqLoad(s, m)
            default: asm.movdLoad(s, m)
            }
            markDirty(s, zeroAbove: size * 8)
            return
        }
        markFaultSite()
        switch size {
        case 16: asm.movdquLoad(Self.x0, m); storeWhole(d)
        case 8: asm.movqLoad(Self.x0, m); storeWhole(d, zeroAbove: 64)
        case 4: asm.movdLoad(Self.x0, m); storeWhole(d, zeroAbove: 32)
        default:
            asm.load(.rax, m, size: size)
            asm.movToXMM(Self.x0, .rax, is64: false); storeWhole(d, zeroAbove: 32)
        }
    }

    mutating func emitVecStore(_ n: UInt8, _ a: Value, disp: Int32, size: Int) {
        let m = address(a, disp)
        if size == 16, let (s, _) = cacheLoad(n) { markFaultSite(); asm.movdquStore(m, s); return }
        if size >= 4, let s = cachedSlot(n) {   // STR Dt/St: straight from the slot, not through a GPR
            markFaultSite()
            if size == 8 { asm.movqStore(m, s) } else { asm.movdStore(m, s) }
            return
        }
        if size == 16 { loadVector0(n); markFaultSite(); asm.movdquStore(m, Self.x0) } else {
            loadVectorBits(.rax, n, size: size); markFaultSite(); asm.store(m, .rax, size: size)
        }
    }

    mutating func emitVecToGPR(_ d: Value, _ n: UInt8, lane: UInt8, size: Int, signed: Bool) {
        let h = def(d)
        if lane == 0, let x = cachedSlot(n) {   // FMOV/UMOV/SMOV of lane 0: no store-forwarding round trip
            asm.movFromXMM(h, x, is64: size == 8)
            if size < 4 || (size == 4 && signed) { asm.extend(h, h, bits: size * 8, signed: signed) }
            return
        }
        writeBack(n)
        asm.load(h, Self.v(n, Int32(lane) * Int32(size)), size: size, signed: signed, to64: true)
    }

    mutating func emitGPRToVec(_ d: UInt8, _ s: Value, lane: UInt8, size: Int, zeroRest: Bool) {
        // Whole-register writes: partial stores followed by a 16-byte load stall store forwarding.
        let r = use(s)
        if zeroRest, size >= 4, let slot = cacheSlotForWrite(d) {   // FMOV Sd/Dd, Wn/Xn: straight into the slot
            asm.movToXMM(slot, r, is64: size == 8)
            markDirty(slot, zeroAbove: size * 8)
            return
        }
        if zeroRest {
            if size < 4 { asm.extend(.rax, r, bits: size * 8, signed: false); asm.movToXMM(Self.x0, .rax, is64: false) } else {
                asm.movToXMM(Self.x0, r, is64: size == 8)
            }
        } else {
            loadVector0(d)
            insertLane(Self.x0, r, lane: lane, size: size)
        }
        storeWhole(d, zeroAbove: zeroRest ? max(32, size * 8) : 128)
    }

    mutating func emitVecDup(_ d: UInt8, _ s: Value, size: Int, q: Bool) {
        let r = use(s)
        clobberFlags()
        let pattern = UInt64.max / (size == 8 ? UInt64.max : (1 << UInt64(8 * size)) - 1)   // 1 in every lane
        asm.extend(.rax, r, bits: size * 8, signed: false)
        asm.movImm(.rdx, pattern); asm.imul(.rax, .rdx, is64: true)
        asm.movToXMM(Self.x0, .rax, is64: true)
        if q { asm.punpcklqdq(Self.x0, Self.x0) }
        storeWhole(d, zeroAbove: q ? 128 : 64)
    }

    mutating func emitVecConst(_ d: UInt8, lo: UInt64, hi: UInt64) {
        materialize(Self.x0, lo: lo, hi: hi)
        storeWhole(d, zeroAbove: hi == 0 ? 64 : 128)
    }

    mutating func emitVecLogicalImmediate(_ d: UInt8, imm: UInt64, orr: Bool, q: Bool) {
        materialize(Self.x1, lo: orr ? imm : ~imm, hi: orr ? imm : ~imm)
        loadVector0(d)
        if orr { asm.por(Self.x0, Self.x1) } else { asm.pand(Self.x0, Self.x1) }
        storeVector(d, from: Self.x0, q: q)
    }

    mutating func emitVecExtract(_ d: UInt8, _ n: UInt8, _ m: UInt8, imm: UInt8, q: Bool) {
        loadVector0(n); loadVector(Self.x1, m)
        if q {
            asm.palignr(Self.x1, Self.x0, imm); storeVector(d, from: Self.x1, q: true)
        } else {
            asm.punpcklqdq(Self.x0, Self.x1); asm.psrldq(Self.x0, imm); storeVector(d, from: Self.x0, q: false)
        }
    }

    mutating func emitVecShiftImmediate(_ kind: VecShift, _ d: UInt8, _ n: UInt8, esize: Int, shift: UInt8, q: Bool) {
        loadVector0(n)
        vectorShift(kind, Self.x0, esize: esize, shift: shift)
        storeVector(d, from: Self.x0, q: q)
    }

    mutating func emitVecWiden(_ d: UInt8, _ n: UInt8, esize: Int, signed: Bool, upper: Bool, shift: UInt8) {
        loadVector0(n)
        if upper { asm.psrldq(Self.x0, 8) }
        asm.pmovx(Self.x0, Self.x0, from: Self.lanes(esize), signed: signed)
        if shift > 0 { vectorShift(.shl, Self.x0, esize: esize * 2, shift: shift) }
        storeWhole(d)
    }

    mutating func emitVecDupElement(_ d: UInt8, _ n: UInt8, lane: UInt8, size: Int, q: Bool) {
        loadVector0(n)
        switch size {
        case 8: asm.pshufd(Self.x0, Self.x0, lane == 0 ? 0x44 : 0xEE)
        case 4: asm.pshufd(Self.x0, Self.x0, lane * 0x55)
        default:  // pshufb with every destination byte picking the lane's bytes
            var lo: UInt64 = 0
            for b in 0..<8 { lo |= UInt64(Int(lane) * size + b % size) << UInt64(8 * b) }
            materialize(Self.x1, lo: lo, hi: lo)
            asm.pshufb(Self.x0, Self.x1)
        }
        storeVector(d, from: Self.x0, q: q)
    }

    mutating func emitVecShuffleBytes(_ d: UInt8, _ n: UInt8, lo: UInt64, hi: UInt64, q: Bool) {
        loadVector0(n)
        materialize(Self.x1, lo: lo, hi: hi)
        asm.pshufb(Self.x0, Self.x1)
        storeVector(d, from: Self.x0, q: q)
    }

    mutating func emitVecShiftNarrowHalves(_ d: UInt8, _ n: UInt8, shift: UInt8) {
        loadVector0(n); asm.psrlw(Self.x0, shift)
        asm.pcmpeq(Self.x3, Self.x3, lanes: .b16); asm.psrlw(Self.x3, 8); asm.pand(Self.x0, Self.x3)
        asm.pxor(Self.x1, Self.x1); asm.packuswb(Self.x0, Self.x1)
        storeWhole(d, zeroAbove: 64)
    }

    mutating func emitFPFused(_ d: UInt8, _ n: UInt8, _ m: UInt8, _ a: UInt8, double: Bool, negProduct: Bool, negAddend: Bool) {
        loadScalar(Self.x0, a, double: double); loadScalar(Self.x1, n, double: double); loadScalar(Self.x2, m, double: double)
        if negProduct || negAddend { signMask(Self.x3, double: double) }
        if negProduct { asm.pxor(Self.x1, Self.x3) }
        if negAddend { asm.pxor(Self.x0, Self.x3) }
        asm.movaps(Self.x3, Self.x0)
        asm.vfmadd231(Self.x0, Self.x1, Self.x2, double: double)
        tinyResultCheck(double: double, redo: .fused(addend: Self.x3, Self.x1, Self.x2))
        armNaNFixup(inputs: [Self.x3, Self.x1, Self.x2], double: double, product: (Self.x1, Self.x2))
        storeScalarResult(d, double: double)
    }

    mutating func emitFPSelect(_ c: Cond, _ d: UInt8, _ n: UInt8, _ m: UInt8, double: Bool) {
        loadFlags()
        loadVectorBits(.rax, n, size: double ? 8 : 4)
        loadVectorBits(.rdx, m, size: double ? 8 : 4)
        if let cc = Self.x86(c) { asm.cmov(cc.inverted, .rax, .rdx, is64: true) }
        asm.movToXMM(Self.x0, .rax, is64: true); storeWhole(d, zeroAbove: double ? 64 : 32)
    }

    mutating func emitFPConvertPrecision(_ d: UInt8, _ n: UInt8, toDouble: Bool) {
        loadScalar(Self.x0, n, double: !toDouble)
        if !toDouble { asm.movaps(Self.x3, Self.x0) }
        asm.cvtScalarPrecision(Self.x0, Self.x0, toDouble: toDouble)
        if !toDouble {
            tinyResultCheck(double: false, redo: .narrow(Self.x3))
            asm.movFromXMM(.rax, Self.x0, is64: false); asm.movToXMM(Self.x0, .rax, is64: false)
        }
        storeScalarResult(d, double: toDouble)
    }

    mutating func emitIntToFP(_ d: UInt8, _ s: Value, double: Bool, srcIs64: Bool) {
        let r = use(s)
        asm.pxor(Self.x0, Self.x0)
        asm.cvtsi2f(Self.x0, r, double: double, is64: srcIs64)
        storeScalarResult(d, double: double)
    }

    mutating func emitVecBinary(_ op: VecOp, _ d: UInt8, _ n: UInt8, _ m: UInt8, esize: Int, q: Bool) {
        if emitVecBinaryInSlots(op, d, n, m, esize: esize, q: q) { return }
        let a = Self.x0
        var b = Self.x1
        loadVector0(n)
        // Ops that only read their second operand read it from its cache slot (no copy).
        let readsMInPlace = op == .and || op == .orr || op == .eor || op == .add || op == .sub || op == .cmeq
        if readsMInPlace, let (s, _) = cacheLoad(m) { b = s }
        switch op {   // the second operand: zero for the compares with zero, ABS and NEG; none for the other unary ops
        case .cmeqZero, .abs, .neg, .cmgtZero, .cmgeZero, .cmleZero, .cmltZero: asm.pxor(b, b)
        case .not, .cnt, .fabs, .fneg, .scvtf, .ucvtf, .fcvtzs, .fsqrt, .frintn, .frintm, .frintp, .frintz, .frintx, .frinti,
             .fcvtl, .fcvtl2:
            break
        case .and, .orr, .eor, .bic, .orn, .cmeq, .cmhs, .add, .sub, .umax, .umin, .bsl, .bit, .bif, .umaxp, .uminp, .addp,
             .cmgt, .cmge, .cmhi, .cmtst, .smax, .smin, .mul, .mla, .mls, .sabd, .uabd, .zip1, .zip2, .uzp1, .uzp2, .trn1, .trn2,
             .sqadd, .uqadd, .sqsub, .uqsub:
            if b == Self.x1 { loadVector(b, m) }   // else already its slot
        }
        switch op {
        case .and: asm.pand(a, b)
        case .orr: asm.por(a, b)
        case .eor: asm.pxor(a, b)
        case .bic: asm.pandn(b, a); asm.movaps(a, b)        // ~m & n
        case .orn: asm.pcmpeq(Self.x2, Self.x2, lanes: .b32); asm.pxor(b, Self.x2); asm.por(a, b)
        case .cmeq, .cmeqZero: asm.pcmpeq(a, b, lanes: Self.lanes(esize))
        case .add: asm.padd(a, b, lanes: Self.lanes(esize))
        case .sub: asm.psub(a, b, lanes: Self.lanes(esize))
        case .cmgt, .cmge, .cmhi, .cmhs, .cmtst, .smax, .smin, .umax, .umin, .mul, .mla, .mls, .sabd, .uabd, .not,
             .zip1, .zip2, .uzp1, .uzp2, .trn1, .trn2, .abs, .neg, .cmgtZero, .cmgeZero, .cmleZero, .cmltZero, .cnt, .fabs, .fneg, .scvtf, .ucvtf, .fcvtzs,
             .fsqrt, .frintn, .frintm, .frintp, .frintz, .frintx, .frinti, .fcvtl, .fcvtl2,
             .sqadd, .uqadd, .sqsub, .uqsub:
            emitVectorIntegerOp(op, d, esize: esize, q: q)
        case .addp where esize > 1: pairwiseAdd(esize: esize, q: q)
        case .umaxp: pairwiseBytes(.max, a, b, sameSource: n == m)
        case .uminp: pairwiseBytes(.min, a, b, sameSource: n == m)
        case .addp: pairwiseBytes(.add, a, b, sameSource: n == m)
        case .bsl, .bit, .bif:
            // sel chooses n where set: bsl sel = d; bit sel = m; bif sel = ~m. Result = (n & sel) | (other & ~sel).
            let other = Self.x2, sel = Self.x3
            loadVector(Self.x2, d)
            switch op {
            case .bsl: asm.movaps(sel, Self.x2); asm.movaps(other, b)
            case .bit: asm.movaps(sel, b)
            case .bif: asm.movaps(sel, b); asm.pcmpeq(b, b, lanes: .b32); asm.pxor(sel, b)
            case .and, .orr, .eor, .bic, .orn, .cmeq, .cmeqZero, .cmhs, .add, .sub, .umax, .umin, .umaxp, .uminp, .addp,
                 .cmgt, .cmge, .cmhi, .cmtst, .smax, .smin, .mul, .mla, .mls, .sabd, .uabd, .not,
                 .zip1, .zip2, .uzp1, .uzp2, .trn1, .trn2, .abs, .neg, .cmgtZero, .cmgeZero, .cmleZero, .cmltZero, .cnt, .fabs, .fneg, .scvtf, .ucvtf, .fcvtzs,
             .fsqrt, .frintn, .frintm, .frintp, .frintz, .frintx, .frinti, .fcvtl, .fcvtl2,
             .sqadd, .uqadd, .sqsub, .uqsub:
                preconditionFailure("\(op) is not a bitwise select")
            }
            asm.pand(a, sel)                 // n & sel
            asm.pandn(sel, other)             // ~sel & other
            asm.por(a, sel)
        }
        storeVector(d, from: a, q: q)
    }

    /// FADD/FSUB/FMUL/FDIV (scalar): one VEX op from the operands' cache slots into xmm0, then
    /// one test for the rare results (NaN; tiny for mul/div) whose fix-up is cold code. xmm0's
    /// upper bits are n's; the destination's slot gets the element alone (MOVQ / INSERTPS).
    mutating func emitFPBinary(_ op: FPOp, _ d: UInt8, _ n: UInt8, _ m: UInt8, double: Bool) {
        let arith: SSEArith
        switch op {
        case .add: arith = .add
        case .sub: arith = .sub
        case .mul: arith = .mul
        case .div: arith = .div
        case .nmul: return emitFPNegatedMultiply(d, n, m, double: double)
        case .max, .min, .maxnm, .minnm: fatalError("FP min/max are lifted out of line")
        case .addp, .cmeq, .cmge, .cmgt: fatalError("\(op) is a vector op")
        }
        guard let (a, zeroAboveN) = cacheLoad(n), let (b, _) = cacheLoad(m) else {
            loadScalar(Self.x0, n, double: double); loadScalar(Self.x1, m, double: double)
            asm.movaps(Self.x2, Self.x0)
            asm.scalarFP(arith, Self.x0, Self.x1, double: double)
            rareResultTest(arith, Self.x2, Self.x1, double: double)
            return storeScalarResult(d, double: double)
        }
        // Into a slot for d straight away when n's bits above the element are zero (VEX scalar ops
        // copy them to the result) and one is free of the operands, which the rare path reads.
        let width = double ? 64 : 32
        if zeroAboveN <= width, let target = resultSlot(d, operands: a, b) {
            asm.vscalarFP(arith, target, a, b, double: double)
            rareResultTest(arith, a, b, result: target, double: double)
            adoptResultSlot(target, for: d, zeroAbove: width)
            return
        }
        asm.vscalarFP(arith, Self.x0, a, b, double: double)
        rareResultTest(arith, a, b, double: double)
        guard let slot = cacheSlotForWrite(d) else { preconditionFailure("vector cache went off") }
        if double { asm.movq(slot, Self.x0) } else { asm.insertps(slot, Self.x0, 0x0E) }   // the element, zeros above
        markDirty(slot, zeroAbove: double ? 64 : 32)
    }

    /// The scalar result in `result` (xmm0 or a cache slot) of `a op b`: NaN (and for mul/div, the
    /// smallest normal's magnitude) jumps to cold code.
    private mutating func rareResultTest(_ arith: SSEArith, _ a: XMM, _ b: XMM, result: XMM = Self.x0, double: Bool) {
        guard arith == .mul || arith == .div else { return armNaNFixup(inputs: [a, b], double: double, result: result) }  // sums are never tiny
        let toCold = rareResultCheck(result, double: double, packed: false)
        coldNaNFixups.append(ColdNaNFixup(jumpSite: toCold, resume: asm.position, inputs: [a, b], double: double,
                                          negate: false, product: nil, redo: .binary(arith, a, b), result: result))
    }

    mutating func emitFPNegatedMultiply(_ d: UInt8, _ n: UInt8, _ m: UInt8, double: Bool) {
        loadScalar(Self.x0, n, double: double); loadScalar(Self.x1, m, double: double)
        asm.movaps(Self.x2, Self.x0)
        asm.scalarFP(.mul, Self.x0, Self.x1, double: double); signMask(Self.x3, double: double); asm.pxor(Self.x0, Self.x3)
        tinyResultCheck(double: double, redo: .binary(.mul, Self.x2, Self.x1))
        armNaNFixup(inputs: [Self.x2, Self.x1], double: double, negate: true)
        storeScalarResult(d, double: double)
    }

    mutating func emitFPUnary(_ op: FPUnaryOp, _ d: UInt8, _ n: UInt8, double: Bool) {
        if op == .mov, let (s, zeroAbove) = cacheLoad(n) {   // FMOV Sd, Sn / Dd, Dn: slot to slot
            let width = double ? 64 : 32
            guard let slot = cacheSlotForWrite(d) else { preconditionFailure("vector cache went off") }
            if zeroAbove <= width { if slot != s { asm.movaps(slot, s) } } else if double { asm.movq(slot, s) } else {
                asm.insertps(slot, s, 0x0E)                                       // the low single, zeros above
            }
            markDirty(slot, zeroAbove: min(zeroAbove, width))
            return
        }
        if op == .sqrt, let (s, zeroAboveN) = cacheLoad(n) {   // from the slot; the element alone to d's slot
            let width = double ? 64 : 32
            if zeroAboveN <= width, let target = resultSlot(d, operands: s, s) {   // as emitFPBinary
                asm.vsqrtScalar(target, s, s, double: double)
                armNaNFixup(inputs: [s], double: double, result: target)
                adoptResultSlot(target, for: d, zeroAbove: width)
                return
            }
            asm.vsqrtScalar(Self.x0, s, s, double: double)
            armNaNFixup(inputs: [s], double: double)
            guard let slot = cacheSlotForWrite(d) else { preconditionFailure("vector cache went off") }
            if double { asm.movq(slot, Self.x0) } else { asm.insertps(slot, Self.x0, 0x0E) }
            markDirty(slot, zeroAbove: double ? 64 : 32)
            return
        }
        loadScalar(Self.x0, n, double: double)
        switch op {
        case .mov: break
        case .abs: signMask(Self.x1, double: double); asm.pandn(Self.x1, Self.x0); asm.movaps(Self.x0, Self.x1)
        case .neg: signMask(Self.x1, double: double); asm.pxor(Self.x0, Self.x1)
        case .sqrt:
            asm.movaps(Self.x2, Self.x0); asm.sqrtScalar(Self.x0, Self.x0, double: double)
            armNaNFixup(inputs: [Self.x2], double: double)
        case .rintN: asm.roundF(Self.x0, Self.x0, double: double, rounding: .nearestEven)
        case .rintM: asm.roundF(Self.x0, Self.x0, double: double, rounding: .down)
        case .rintP: asm.roundF(Self.x0, Self.x0, double: double, rounding: .up)
        case .rintZ: asm.roundF(Self.x0, Self.x0, double: double, rounding: .towardZero)
        case .rintX: asm.roundF(Self.x0, Self.x0, double: double, rounding: .current, reportInexact: true)
        case .rintI: asm.roundF(Self.x0, Self.x0, double: double, rounding: .current)
        case .rintA: fatalError("FRINTA is lifted out of line")
        }
        storeScalarResult(d, double: double)
    }

    mutating func emitVecFloatBinary(_ op: FPOp, _ d: UInt8, _ n: UInt8, _ m: UInt8, double: Bool, q: Bool) {
        let arith: SSEArith
        switch op {
        case .add, .addp: arith = .add
        case .sub: arith = .sub
        case .mul: arith = .mul
        case .div: arith = .div
        case .max, .min, .maxnm, .minnm, .nmul: preconditionFailure("vector FP \(op) is lifted out of line")
        case .cmeq, .cmge, .cmgt:
            loadVector0(n)
            if q { loadVector(Self.x1, m) } else { asm.movq(Self.x0, Self.x0); loadVector(Self.x1, m, low64: true) }
            return compareFloatLanes(op, d, double: double, q: q)
        }
        // The operands: n in xmm2 or its cache slot, m in xmm1 or its slot (the cold path reads them).
        var nx = Self.x2, mx = Self.x1
        if op == .addp {
            pairwiseFloatOperands(n, m, double: double, q: q)
            asm.movaps(nx, Self.x0)
        } else if q, let (ns, _) = cacheLoad(n) {
            nx = ns; mx = cacheLoad(m)!.slot
        } else if q {
            loadVector(nx, n); loadVector(mx, m)
        } else {
            // 2S: the upper lanes must not raise exceptions (MXCSR holds the guest's flags):
            // 0 op 1 raises none.
            loadVector(nx, n, low64: true)                                          // upper = 0
            loadVector(mx, m, low64: true)
            materialize(XMM(3), lo: 0x3F80_0000_3F80_0000, hi: 0)
            asm.punpcklqdq(mx, XMM(3))                                              // upper = 1.0, 1.0
        }
        asm.vpackedFP(arith, Self.x0, nx, mx, double: double)
        // NaN lanes and (mul, div) tiny lanes are rare: one test, the fix-ups in cold code.
        let toCold: Rel32Site
        if arith == .mul || arith == .div {
            toCold = rareResultCheck(Self.x0, double: double, packed: true)
        } else {  // an exact sum is never tiny and inexact
            clobberFlags()
            asm.vcmpPacked(Self.x3, Self.x0, Self.x0, predicate: .unordered, double: double)
            asm.ptest(Self.x3, Self.x3)
            toCold = asm.jcc(.ne)
        }
        coldTinyRedos.append(ColdTinyRedo(jumpSite: toCold, resume: asm.position, double: double, redo: .packedLanes(arith, nx, mx)))
        storeVector(d, from: Self.x0, q: q)
    }

    /// The NaN lanes of a packed add/sub/mul/div in xmm0 (n in xmm2, m in xmm1) become Arm's
    /// (cold code; no NaN lane leaves xmm0 as it is). Lanes that became NaN from non-NaN
    /// inputs hold x86's negative default NaN: flip the sign. x86 returns its first NaN
    /// operand, ARM a signalling NaN before a quiet one: lanes with a quiet NaN in n and a
    /// signalling NaN in m take m, quieted. Uses xmm3-xmm6.
    mutating func packedNaNLanes(double: Bool) {
        let x3 = Self.x3, x4 = XMM(4), x5 = XMM(5), x6 = XMM(6)
        asm.movaps(x3, Self.x0); asm.cmpPacked(x3, x3, predicate: .unordered, double: double)  // NaN lanes of the result
        asm.movaps(x4, Self.x2); asm.cmpPacked(x4, Self.x1, predicate: .ordered, double: double)
        asm.pand(x3, x4)
        asm.pshift(.shl, x3, lanes: double ? .b64 : .b32, double ? 63 : 31)     // the sign bit of those lanes
        asm.pxor(Self.x0, x3)
        let quiet: UInt64 = double ? 1 << 51 : 0x0040_0000_0040_0000
        let laneSize: OpSize = double ? .b64 : .b32
        materialize(x3, lo: quiet, hi: quiet)
        asm.movaps(x4, Self.x1); asm.por(x4, x3)                   // m quieted
        asm.movaps(x5, Self.x2); asm.por(x5, x3)
        asm.pcmpeq(x5, Self.x2, lanes: laneSize)                                       // n has its quiet bit...
        asm.movaps(x6, Self.x2); asm.cmpPacked(x6, x6, predicate: .unordered, double: double)
        asm.pand(x5, x6)                                            // ...and is a NaN
        asm.movaps(x6, Self.x1); asm.pcmpeq(x6, x4, lanes: laneSize)
        asm.pandn(x6, x5)                                            // and m lacks its quiet bit...
        asm.movaps(x3, Self.x1); asm.cmpPacked(x3, x3, predicate: .unordered, double: double)
        asm.pand(x6, x3)                                            // ...and is a NaN
        asm.pand(x4, x6); asm.pandn(x6, Self.x0); asm.por(x6, x4)
        asm.movaps(Self.x0, x6)
    }

    /// A 128-bit constant in an xmm register (flags untouched).
    mutating func materialize(_ x: XMM, lo: UInt64, hi: UInt64) {
        if lo == 0 && hi == 0 { asm.pxor(x, x); return }
        asm.movImm(.rax, lo); asm.movToXMM(x, .rax, is64: true)
        if hi != 0 { asm.movImm(.rax, hi); asm.pinsrq(x, .rax, lane: 1) }
    }

    /// pinsrb/w/d/q: replaces one lane of x with the low bits of r.
    mutating func insertLane(_ x: XMM, _ r: Reg, lane: UInt8, size: Int) {
        asm.pinsr(x, r, lane: lane, size: Self.lanes(size))
    }

    /// psll/psrl/psra on 16/32/64-bit lanes; ARM shifts of the full lane width give 0
    /// (or all sign bits), which the x86 shifts also do for counts >= width.
    mutating func vectorShift(_ kind: VecShift, _ x: XMM, esize: Int, shift: UInt8) {
        if esize == 1 || (esize == 8 && kind == .sshr) { return emulatedShift(kind, x, esize: esize, shift: shift) }
        let op: ShiftOp
        switch kind {
        case .shl: op = .shl
        case .ushr: op = .shr
        case .sshr: op = .sar
        }
        asm.pshift(op, x, lanes: Self.lanes(esize), shift)
    }

    /// A NaN result becomes ARM's. x86 returns its first NaN operand (for FMA: the
    /// factors before the addend) and a *negative* default NaN for invalid operations;
    /// ARM takes the first signalling NaN of `inputs` (ARM operand order), else the first
    /// quiet one, quieted, else its positive default NaN. `negate` flips the sign after
    /// that (FNMUL); `product` (FMADD family): a quiet NaN addend with an inf*0 product
    /// gives the default NaN.
    /// The test is inline (two instructions that fall through); the fix-up is cold code after
    /// the block (`emitColdNaNFixup`), which reads the inputs from their registers.
    mutating func armNaNFixup(inputs: [XMM], double: Bool, negate: Bool = false, product: (XMM, XMM)? = nil,
                              result: XMM = Self.x0) {
        clobberFlags()
        asm.compareScalar(result, result, double: double)
        let toCold = asm.jcc(.p)
        coldNaNFixups.append(ColdNaNFixup(jumpSite: toCold, resume: asm.position, inputs: inputs, double: double,
                                          negate: negate, product: product, redo: nil, result: result))
    }

    /// A NaN result's fix-up (armNaNFixup) waiting to be emitted after the block.
    struct ColdNaNFixup {
        var jumpSite: Rel32Site
        var resume: Int
        var inputs: [XMM]
        var double: Bool
        var negate: Bool
        var product: (XMM, XMM)?
        /// Set when the jump is `rareResultCheck`'s (a NaN or a result of the smallest normal's
        /// magnitude): the operation is done again for its flags first, then a number resumes.
        var redo: TinyRedo?
        /// Where the op left its result (a cache slot, none of `inputs`): the cold code works on
        /// a copy in xmm0 and puts it back.
        var result: XMM
    }

    /// The cold half of armNaNFixup: xmm0 is a NaN; flags are already saved.
    mutating func emitColdNaNFixup(_ cold: ColdNaNFixup) {
        asm.patchRel32(at: cold.jumpSite, target: asm.position)
        if cold.result != Self.x0 { asm.movaps(Self.x0, cold.result) }
        var number: Rel32Site?
        if let redo = cold.redo {
            emitRedo(redo, double: cold.double)
            asm.compareScalar(Self.x0, Self.x0, double: cold.double)
            number = asm.jcc(.np)
        }
        let inputs = cold.inputs, double = cold.double, negate = cold.negate, product = cold.product
        var picks = [[Rel32Site]](repeating: [], count: inputs.count)
        for (k, x) in inputs.enumerated() {   // signalling NaNs (quiet bit clear) first
            asm.compareScalar(x, x, double: double)
            let ordered = asm.jcc(.np)
            asm.movFromXMM(.rax, x, is64: double); asm.bt(.rax, bit: double ? 51 : 22)
            picks[k].append(asm.jcc(.ae))
            asm.patchRel32(at: ordered, target: asm.position)
        }
        var invalid: [Rel32Site] = []
        for (k, x) in inputs.enumerated() {
            asm.compareScalar(x, x, double: double)
            guard k == 0, let (n, m) = product else { picks[k].append(asm.jcc(.p)); continue }
            let ordered = asm.jcc(.np)
            asm.compareScalar(n, n, double: double); picks[k].append(asm.jcc(.p))
            asm.compareScalar(m, m, double: double); picks[k].append(asm.jcc(.p))
            // A NaN product of numbers (inf * 0), tested on the magnitudes' bits: an FP multiply
            // here would raise flags the guest's FMA does not.
            let inf: UInt64 = double ? 0xFFE0_0000_0000_0000 : 0xFF00_0000   // infinity << 1
            asm.movFromXMM(.rax, n, is64: double); asm.alu(.add, .rax, .rax, is64: double)
            asm.movFromXMM(.rdx, m, is64: double); asm.alu(.add, .rdx, .rdx, is64: double)
            asm.movImm(.rcx, inf)
            asm.test(.rax, .rax, is64: double)
            let nZero = asm.jcc(.e)
            asm.test(.rdx, .rdx, is64: double)
            picks[k].append(asm.jcc(.ne))                               // neither is zero
            asm.alu(.cmp, .rax, .rcx, is64: double); picks[k].append(asm.jcc(.ne))
            invalid.append(asm.jmp())
            asm.patchRel32(at: nZero, target: asm.position)
            asm.alu(.cmp, .rdx, .rcx, is64: double); picks[k].append(asm.jcc(.ne))
            invalid.append(asm.jmp())
            asm.patchRel32(at: ordered, target: asm.position)
        }
        for j in invalid { asm.patchRel32(at: j, target: asm.position) }
        let sign: UInt64 = negate ? (double ? 1 << 63 : 0x8000_0000) : 0
        asm.movImm(.rax, (double ? 0x7FF8_0000_0000_0000 : 0x7FC0_0000) | sign)
        asm.movToXMM(Self.x0, .rax, is64: true)
        var done = [asm.jmp()]
        for (k, x) in inputs.enumerated() {
            for j in picks[k] { asm.patchRel32(at: j, target: asm.position) }
            asm.movFromXMM(.rax, x, is64: double)
            asm.bts(.rax, bit: double ? 51 : 22)                        // quiet
            if negate { asm.btc(.rax, bit: double ? 63 : 31) }
            asm.movToXMM(Self.x0, .rax, is64: double)
            done.append(asm.jmp())
        }
        for j in done { asm.patchRel32(at: j, target: asm.position) }
        if let j = number { asm.patchRel32(at: j, target: asm.position) }
        if cold.result != Self.x0 { asm.movaps(cold.result, Self.x0) }   // zeros above the element in both
        asm.jmp(to: cold.resume)
    }

    /// A tinyResultCheck slow path waiting to be emitted after the block.
    struct ColdTinyRedo {
        var jumpSite: Rel32Site
        var resume: Int
        var double: Bool
        var redo: TinyRedo
    }

    /// How to compute an inline scalar result again, from operands still in registers.
    enum TinyRedo {
        /// A scalar mul/div, first operand, second operand.
        case binary(SSEArith, XMM, XMM)
        case fused(addend: XMM, XMM, XMM)
        /// cvtsd2ss of the double in the register.
        case narrow(XMM)
        /// A packed add/sub/mul/div of all lanes, first operand, second operand: mul/div again,
        /// then its NaN lanes fixed (`packedNaNLanes`).
        case packedLanes(SSEArith, XMM, XMM)
        /// A packed FMA of all lanes (addend + n * m); its NaN lanes are fixed after the redo
        /// (`fusedNaNLanes`), borrowing cache slots as `cached` held them.
        /// The result is in `result` (xmm0 or the destination's cache slot).
        case packedFused(addend: XMM, XMM, XMM, result: XMM, cached: SIMD16<UInt8>)
    }

    /// Underflow as Arm detects it (tininess before rounding), for a scalar result in xmm0:
    /// x86 detects it after rounding, so an exact result just below the smallest normal that
    /// rounds up to it raises no UE. Only such results (|r| = smallest normal, rare) take the
    /// slow path: the operation again rounding toward zero, where a tiny exact value stays
    /// tiny and the host raises UE itself; the result is discarded. The inline test is four
    /// instructions that fall through; the slow path is cold code after the block.
    mutating func tinyResultCheck(double: Bool, redo: TinyRedo) {
        clobberFlags()
        // magnitude << 1 is 2^53 (2^24) exactly for the smallest normal; rotated, that is 1.
        asm.movFromXMM(.rax, Self.x0, is64: double); asm.alu(.add, .rax, .rax, is64: double)
        asm.shift(.ror, .rax, imm: double ? 53 : 24, is64: double)
        asm.alu(.cmp, .rax, imm: 1, is64: double)
        let toCold = asm.jcc(.e)
        coldTinyRedos.append(ColdTinyRedo(jumpSite: toCold, resume: asm.position, double: double, redo: redo))
    }

    /// The slow paths of tinyResultCheck, after the terminator: each runs its operation again
    /// rounding toward zero (its operands are still in their xmm registers) and jumps back.
    mutating func emitColdPaths() {
        for cold in coldNaNFixups { emitColdNaNFixup(cold) }
        for cold in coldTinyRedos {
            asm.patchRel32(at: cold.jumpSite, target: asm.position)
            emitRedo(cold.redo, double: cold.double)
            if case .packedFused(let addend, let n, let m, let result, let cached) = cold.redo {
                // The NaN fix-up works on xmm0-xmm5 and borrows xmm6 up: operands in cache slots
                // are copied down first.
                if result != Self.x0 { asm.movaps(Self.x0, result) }
                if n != Self.x1 { asm.movaps(Self.x1, n) }
                if m != Self.x2 { asm.movaps(Self.x2, m) }
                fusedNaNLanes(double: cold.double, addend: addend, n: Self.x1, m: Self.x2, cached: cached)
                if result != Self.x0 { asm.movaps(result, Self.x0) }
            }
            if case .packedLanes(_, let n, let m) = cold.redo {   // operands in cache slots (never xmm1/xmm2's)
                if n != Self.x2 { asm.movaps(Self.x2, n) }
                if m != Self.x1 { asm.movaps(Self.x1, m) }
                packedNaNLanes(double: cold.double)
            }
            asm.jmp(to: cold.resume)
        }
    }

    /// The operation again rounding toward zero (its operands are still in their xmm
    /// registers), for the flags only: a tiny exact result raises UE. Sums are never tiny.
    mutating func emitRedo(_ redo: TinyRedo, double: Bool) {
        if case .packedLanes(let op, _, _) = redo, op == .add || op == .sub { return }
        let scratch = XMM(4)
        roundingTowardZero(true)
        switch redo {
        case .binary(let op, let a, let b):
            asm.movaps(scratch, a); asm.scalarFP(op, scratch, b, double: double)
        case .fused(let addend, let n, let m):
            asm.movaps(scratch, addend); asm.vfmadd231(scratch, n, m, double: double)
        case .narrow(let x):
            asm.cvtScalarPrecision(scratch, x, toDouble: false)
        case .packedLanes(let op, let a, let b):
            asm.movaps(scratch, a); asm.packedFP(op, scratch, b, double: double)
        case .packedFused(let addend, let n, let m, _, _):
            asm.movaps(scratch, addend); asm.vfmadd231Packed(scratch, n, m, double: double)
        }
        roundingTowardZero(false)
    }

    /// Sets or clears MXCSR.RC = round toward zero, keeping the flags (the state's MXCSR slot
    /// is free while generated code runs).
    mutating func roundingTowardZero(_ on: Bool) {
        let slot = Self.state(CPUStateLayout.mxcsr)
        asm.stmxcsr(slot); asm.load(.rax, slot, size: 4)
        let rc = MXCSRBits.roundTowardZero
        if on { asm.alu(.or, .rax, imm: rc, is64: false) } else { asm.alu(.and, .rax, imm: ~rc, is64: false) }
        asm.store(slot, .rax, size: 4); asm.ldmxcsr(slot)
    }

    /// FCMP/FCMPE: UCOMISS/SD raises IE for a signalling NaN only, COMISS/SD for any NaN.
    /// The result stays in EFLAGS as host-format NZCV, like an integer compare's (stored only if
    /// something needs it): UCOMIS/COMIS leave greater (no flag: C is CF = 0) and equal (ZF; C)
    /// exactly so, and clear SF and OF; less (N, not C: SF, CF) and unordered (C, V: OF) are set
    /// by one ALU op each. nbody's `fcmp d8, #0.0; b.pl`: no NZCV store and reload per iteration.
    mutating func emitFPCompare(_ n: UInt8, _ m: UInt8?, double: Bool, signaling: Bool) {
        flagsInHost = false; flagsDirty = false   // the old guest flags are overwritten
        let a: XMM, b: XMM
        if let s = cachedSlot(n) { a = s } else { loadScalar(Self.x0, n, double: double); a = Self.x0 }
        if let m {
            if let s = cachedSlot(m) { b = s } else { loadScalar(Self.x1, m, double: double); b = Self.x1 }
        } else {
            asm.pxor(Self.x1, Self.x1); b = Self.x1
        }
        asm.compareScalar(a, b, double: double, signaling: signaling)
        let unordered = asm.jcc(.p), greaterOrEqual = asm.jcc(.ae)
        asm.alu(.xor, .rax, .rax, is64: false); asm.alu(.cmp, .rax, imm: 1, is64: false)   // less: 0 - 1 sets SF, CF
        let lessDone = asm.jmp()
        asm.patchRel32(at: unordered, target: asm.position)
        asm.movImm(.rax, 0x8000_0000); asm.alu(.sub, .rax, imm: 1, is64: false)           // unordered: OF alone
        asm.patchRel32(at: greaterOrEqual, target: asm.position)
        asm.patchRel32(at: lessDone, target: asm.position)
        producedFlags()
    }

    /// FCVTZS with ARM saturation: NaN -> 0, out of range -> INT_MIN/INT_MAX.
    mutating func emitFPToSignedInt(_ d: Value, _ n: UInt8, double: Bool, is64: Bool) {
        clobberFlags()
        let h = def(d)
        loadScalar(Self.x0, n, double: double)
        asm.cvttf2si(h, Self.x0, double: double, is64: is64)
        asm.alu(.cmp, h, imm: 1, is64: is64)       // overflows only for the x86 "indefinite" INT_MIN
        let fine = asm.jcc(.no)
        asm.compareScalar(Self.x0, Self.x0, double: double)
        let nan = asm.jcc(.p)
        asm.pxor(Self.x1, Self.x1)
        asm.compareScalar(Self.x0, Self.x1, double: double)
        let negative = asm.jcc(.b)
        asm.movImm(h, is64 ? UInt64(Int64.max) : UInt64(Int32.max))
        let done = asm.jmp()
        asm.patchRel32(at: nan, target: asm.position)
        asm.movImm(h, 0)
        asm.patchRel32(at: fine, target: asm.position)
        asm.patchRel32(at: negative, target: asm.position)
        asm.patchRel32(at: done, target: asm.position)
    }
}
