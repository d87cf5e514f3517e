// Inline lowerings of the Advanced SIMD forms compilers emit in hot loops (issue 17):
// integer compares, min/max, multiplies and absolute differences on every lane size,
// ZIP/UZP/TRN, long/wide and narrowing ops, across-lanes reductions, TBL/TBX, and
// FMLA/FMLS with Arm's NaN rules. Conventions are EmitFloat's: guest V registers live in
// the state block, xmm0 holds the result, xmm registers are scratch within one op.

extension X64Emitter {
    static let x4 = XMM(4), x5 = XMM(5), x6 = XMM(6), x7 = XMM(7), x8 = XMM(8), x9 = XMM(9)

    /// The same 64-bit pattern in both halves of x.
    mutating func splat(_ x: XMM, _ pattern: UInt64) { materialize(x, lo: pattern, hi: pattern) }

    /// Every lane's top bit (for unsigned compares through the signed pcmpgt).
    static func signBits(_ esize: Int) -> UInt64 {
        switch esize {
        case 1: return 0x8080_8080_8080_8080
        case 2: return 0x8000_8000_8000_8000
        case 4: return 0x8000_0000_8000_0000
        default: return 0x8000_0000_0000_0000
        }
    }

    /// x = ~x (all lanes).
    mutating func invert(_ x: XMM, scratch: XMM) {
        asm.pcmpeq(scratch, scratch, lanes: .b32); asm.pxor(x, scratch)
    }

    /// The newer vecBinary ops (compares, min/max, multiplies, permutes): n in xmm0, m in
    /// xmm1, result left in xmm0.
    mutating func emitVectorIntegerOp(_ op: VecOp, _ d: UInt8, esize: Int, q: Bool) {
        let a = Self.x0, b = Self.x1, t = Self.x2, u = Self.x3
        let lanes = Self.lanes(esize)
        switch op {   // FP conversions of 2S: zero upper lanes raise no exception flags
        case .scvtf, .ucvtf, .fcvtzs, .fsqrt, .frintn, .frintm, .frintp, .frintz, .frintx, .frinti: if !q { asm.movq(a, a) }
        case .fcvtl: break
        case .fcvtl2: asm.psrldq(a, 8)
        case .sqadd, .uqadd, .sqsub, .uqsub: if !q { asm.movq(a, a); asm.movq(b, b) }   // no QC from the upper lanes
        case .cmgt, .cmge, .cmhi, .cmhs, .cmtst, .smax, .smin, .umax, .umin, .sabd, .uabd, .mul, .mla, .mls, .not,
             .zip1, .zip2, .uzp1, .uzp2, .trn1, .trn2, .abs, .neg, .cmgtZero, .cmgeZero, .cmleZero, .cmltZero, .cnt,
             .fabs, .fneg, .and, .orr, .eor, .bic, .orn, .cmeq, .cmeqZero, .add, .sub, .bsl, .bit, .bif, .umaxp, .uminp, .addp:
            break
        }
        switch op {
        case .cmgt: asm.pcmpgt(a, b, lanes: lanes)
        case .cmge: asm.movaps(t, b); asm.pcmpgt(t, a, lanes: lanes); invert(t, scratch: u); asm.movaps(a, t)
        case .cmhi, .cmhs:
            if esize == 8 {   // flip the sign bits, then compare signed
                splat(u, Self.signBits(8)); asm.pxor(a, u); asm.pxor(b, u)
                if op == .cmhi { asm.pcmpgt(a, b, lanes: .b64) } else {
                    asm.movaps(t, b); asm.pcmpgt(t, a, lanes: .b64); invert(t, scratch: u); asm.movaps(a, t)
                }
            } else if op == .cmhs {   // max(a, b) == a
                asm.movaps(t, a); asm.pminmax(a, b, lanes: lanes, max: true, signed: false); asm.pcmpeq(a, t, lanes: lanes)
            } else {                  // not (max(b, a) == b)
                asm.movaps(t, b); asm.pminmax(t, a, lanes: lanes, max: true, signed: false); asm.pcmpeq(t, b, lanes: lanes)
                invert(t, scratch: u); asm.movaps(a, t)
            }
        case .cmtst: asm.pand(a, b); asm.pxor(t, t); asm.pcmpeq(a, t, lanes: lanes); invert(a, scratch: u)
        case .smax, .smin, .umax, .umin:
            asm.pminmax(a, b, lanes: lanes, max: op == .smax || op == .umax, signed: op == .smax || op == .smin)
        case .sabd, .uabd:   // max - min, modulo the lane size
            let signed = op == .sabd
            asm.movaps(t, a); asm.pminmax(t, b, lanes: lanes, max: true, signed: signed)
            asm.pminmax(a, b, lanes: lanes, max: false, signed: signed)
            asm.psub(t, a, lanes: lanes); asm.movaps(a, t)
        case .mul, .mla, .mls:
            multiplyLanes(esize: esize)
            if op != .mul {
                loadVector(t, d)
                if op == .mla { asm.padd(a, t, lanes: lanes) } else { asm.psub(t, a, lanes: lanes); asm.movaps(a, t) }
            }
        case .not: invert(a, scratch: u)
        case .zip1, .zip2:
            if q { asm.punpck(a, b, lanes: lanes, high: op == .zip2) } else {
                asm.punpck(a, b, lanes: lanes, high: false)       // the low halves' lanes, interleaved
                if op == .zip2 { asm.psrldq(a, 8) }
            }
        case .uzp1, .uzp2:
            if !q { asm.punpck(a, b, lanes: .b64, high: false); asm.movaps(b, a) }   // n.lo:m.lo as one register
            evenOrOddLanes(esize: esize, odd: op == .uzp2)
        case .trn1, .trn2:
            if esize == 8 { asm.punpck(a, b, lanes: .b64, high: op == .trn2); break }
            // Pairs of lanes as one lane of twice the width: trn1 = n's low lane, m's low lane
            // above it; trn2 = n's high lane below m's high lane.
            let pair = Self.lanes(2 * esize), bits = UInt8(8 * esize)
            if op == .trn1 {
                asm.pshift(.shl, a, lanes: pair, bits); asm.pshift(.shr, a, lanes: pair, bits)
                asm.pshift(.shl, b, lanes: pair, bits)
            } else {
                asm.pshift(.shr, a, lanes: pair, bits)
                asm.pshift(.shr, b, lanes: pair, bits); asm.pshift(.shl, b, lanes: pair, bits)
            }
            asm.por(a, b)
        case .abs:
            if esize < 8 { asm.pabs(a, a, lanes: lanes); break }
            asm.pcmpgt(b, a, lanes: .b64); asm.pxor(a, b); asm.psub(a, b, lanes: .b64)   // (a ^ s) - s, s = a < 0
        case .neg: asm.psub(b, a, lanes: lanes); asm.movaps(a, b)
        case .cmgtZero: asm.pcmpgt(a, b, lanes: lanes)
        case .cmleZero: asm.pcmpgt(a, b, lanes: lanes); invert(a, scratch: u)
        case .cmltZero: asm.pcmpgt(b, a, lanes: lanes); asm.movaps(a, b)
        case .cmgeZero: asm.pcmpgt(b, a, lanes: lanes); invert(b, scratch: u); asm.movaps(a, b)
        case .cnt:   // a 16-entry bit-count table looked up by each nibble
            splat(u, 0x0F0F_0F0F_0F0F_0F0F)
            asm.movaps(t, a); asm.psrlw(t, 4); asm.pand(t, u); asm.pand(a, u)
            materialize(u, lo: 0x0302_0201_0201_0100, hi: 0x0403_0302_0302_0201)
            asm.movaps(b, u); asm.pshufb(b, a); asm.pshufb(u, t)
            asm.movaps(a, b); asm.padd(a, u, lanes: .b8)
        case .scvtf: asm.cvtdq2ps(a, a)
        case .fsqrt:   // x86's default NaN is negative: clear the sign of NaN lanes from numbers
            let double = esize == 8
            asm.movaps(t, a); asm.sqrtPacked(a, a, double: double)
            asm.cmpPacked(t, t, predicate: .ordered, double: double)
            asm.movaps(b, a); asm.cmpPacked(b, b, predicate: .unordered, double: double); asm.pand(t, b)
            splat(u, Self.signBits(esize)); asm.pand(t, u); asm.pandn(t, a); asm.movaps(a, t)
        case .frintn, .frintm, .frintp, .frintz, .frintx, .frinti:
            let rounding: SSERounding = op == .frintn ? .nearestEven : op == .frintm ? .down : op == .frintp ? .up
                : op == .frintz ? .towardZero : .current
            asm.roundPacked(a, a, double: esize == 8, rounding: rounding, reportInexact: op == .frintx)
        case .fcvtl, .fcvtl2: asm.cvtps2pd(a, a)
        case .sqadd, .uqadd, .sqsub, .uqsub:   // saturating; a lane that differs from the wrapping result sets QC
            let subtract = op == .sqsub || op == .uqsub
            asm.movaps(t, a)
            if subtract { asm.psub(t, b, lanes: lanes) } else { asm.padd(t, b, lanes: lanes) }
            asm.psat(a, b, lanes: lanes, subtract: subtract, signed: op == .sqadd || op == .sqsub)
            asm.pcmpeq(t, a, lanes: .b8)
            clobberFlags()
            asm.pmovmskb(.rax, t); asm.alu(.cmp, .rax, imm: 0xFFFF, is64: false)
            let unsaturated = asm.jcc(.e)
            setFPSRBits(1 << 27)   // QC
            asm.patchRel32(at: unsaturated, target: asm.position)
        case .ucvtf:   // high and low 16 bits converted exactly; the one rounding is the sum's
            asm.movaps(t, a); asm.pshift(.shr, t, lanes: .b32, 16); asm.cvtdq2ps(t, t)
            splat(u, 0x4780_0000_4780_0000); asm.packedFP(.mul, t, u, double: false)    // * 65536.0
            asm.pshift(.shl, a, lanes: .b32, 16); asm.pshift(.shr, a, lanes: .b32, 16); asm.cvtdq2ps(a, a)
            asm.packedFP(.add, a, t, double: false)
        case .fcvtzs:   // x86's 0x80000000 (NaN, out of range) becomes Arm's saturation: NaN 0, too large INT32_MAX
            asm.movaps(t, a); asm.cvttps2dq(a, a)
            asm.movaps(b, t); asm.cmpPacked(b, b, predicate: .unordered, double: false)       // NaN lanes
            asm.pshift(.sar, t, lanes: .b32, 31); splat(u, 0x7FFF_FFFF_7FFF_FFFF); asm.pxor(t, u)  // saturated by sign
            asm.pandn(b, t)
            splat(u, 0x8000_0000_8000_0000); asm.pcmpeq(u, a, lanes: .b32)
            asm.vblendv(a, a, b, mask: u, lanes: .b32)
        case .fabs, .fneg:   // the sign bits only: no exceptions, NaNs unchanged
            splat(u, Self.signBits(esize))
            if op == .fneg { asm.pxor(a, u) } else { asm.pandn(u, a); asm.movaps(a, u) }
        case .and, .orr, .eor, .bic, .orn, .cmeq, .cmeqZero, .add, .sub, .bsl, .bit, .bif, .umaxp, .uminp, .addp:
            preconditionFailure("\(op) is lowered in emitVecBinary")
        }
    }

    /// The shifts SSE lacks: bytes (through word shifts and a mask) and SSHR on 64-bit lanes
    /// (a logical shift ORed with the sign bits). xmm2 and xmm3 are scratch.
    mutating func emulatedShift(_ kind: VecShift, _ x: XMM, esize: Int, shift: UInt8) {
        let t = Self.x2, bits = UInt8(8 * esize)
        let k = kind == .sshr ? min(shift, bits - 1) : shift      // an arithmetic shift by the width fills with sign bits
        if esize == 8 {
            asm.pxor(t, t); asm.pcmpgt(t, x, lanes: .b64)           // all ones in negative lanes
            asm.pshift(.shr, x, lanes: .b64, k); asm.pshift(.shl, t, lanes: .b64, 64 - k); asm.por(x, t)
            return
        }
        let byte = UInt64(0x0101_0101_0101_0101)
        if kind == .shl {
            asm.pshift(.shl, x, lanes: .b16, k); splat(t, byte * UInt64((0xFF << k) & 0xFF)); asm.pand(x, t)
            return
        }
        asm.pshift(.shr, x, lanes: .b16, k); splat(t, byte * UInt64(0xFF >> k)); asm.pand(x, t)
        if kind == .sshr {   // sign-extend from bit 7 - k: (x ^ m) - m
            splat(t, byte * UInt64(0x80 >> k)); asm.pxor(x, t); asm.psub(x, t, lanes: .b8)
        }
    }

    /// ADDP on 16/32/64-bit lanes: sums of adjacent lanes of m:n (n in xmm0, m in xmm1).
    mutating func pairwiseAdd(esize: Int, q: Bool) {
        let a = Self.x0, b = Self.x1, t = Self.x2
        if esize == 8 {
            asm.movaps(t, a); asm.punpck(a, b, lanes: .b64, high: false); asm.punpck(t, b, lanes: .b64, high: true)
            asm.padd(a, t, lanes: .b64)
        } else if q {
            asm.phadd(a, b, lanes: Self.lanes(esize))
        } else {   // the low halves side by side, then their pairs
            asm.punpck(a, b, lanes: .b64, high: false); asm.phadd(a, a, lanes: Self.lanes(esize))
        }
    }

    /// FCMEQ/FCMGE/FCMGT (vector) after emitVecFloatBinary loaded n (xmm0) and m (xmm1):
    /// cmpps/pd with Arm's exception behaviour (EQ quiet; GE, GT signal on any NaN).
    mutating func compareFloatLanes(_ op: FPOp, _ d: UInt8, double: Bool, q: Bool) {
        let a = Self.x0, b = Self.x1
        switch op {
        case .cmeq: asm.cmpPacked(a, b, predicate: .equal, double: double)
        case .cmge: asm.cmpPacked(b, a, predicate: .lessOrEqual, double: double); asm.movaps(a, b)
        case .cmgt: asm.cmpPacked(b, a, predicate: .less, double: double); asm.movaps(a, b)
        case .add, .sub, .mul, .div, .max, .min, .maxnm, .minnm, .nmul, .addp: preconditionFailure("\(op) is not a compare")
        }
        storeVector(d, from: a, q: q)
    }

    /// xmm0 = xmm0 * xmm1 per lane (low half of each product); xmm2, xmm3 scratch.
    mutating func multiplyLanes(esize: Int) {
        let a = Self.x0, b = Self.x1, t = Self.x2, mask = Self.x3
        switch esize {
        case 2: asm.pmull(a, b, lanes: .b16)
        case 4: asm.pmull(a, b, lanes: .b32)
        default:  // bytes: the even bytes' products from one pmullw, the odd ones' from another
            asm.pcmpeq(mask, mask, lanes: .b16); asm.psrlw(mask, 8)          // 0x00FF per word
            asm.movaps(t, a); asm.psrlw(t, 8)                                 // odd bytes of n, low in each word
            asm.pmull(a, b, lanes: .b16); asm.pand(a, mask)                   // even products
            asm.pandn(mask, b); asm.pmull(t, mask, lanes: .b16)               // odd products, already << 8
            asm.por(a, t)
        }
    }

    /// UZP: the even (odd) lanes of xmm0 then those of xmm1, into xmm0.
    mutating func evenOrOddLanes(esize: Int, odd: Bool) {
        let a = Self.x0, b = Self.x1
        switch esize {
        case 8: asm.punpck(a, b, lanes: .b64, high: odd)
        case 4: asm.shufps(a, b, odd ? 0xDD : 0x88)
        case 2:  // each dword's chosen word, sign-extended, packs back exactly
            for x in [a, b] {
                if !odd { asm.pshift(.shl, x, lanes: .b32, 16) }
                asm.pshift(.sar, x, lanes: .b32, 16)
            }
            asm.packssdw(a, b)
        default:
            for x in [a, b] {
                if !odd { asm.pshift(.shl, x, lanes: .b16, 8) }
                asm.pshift(.shr, x, lanes: .b16, 8)
            }
            asm.packuswb(a, b)
        }
    }

    mutating func emitVecWideBinary(_ op: VecWideOp, _ d: UInt8, _ n: UInt8, _ m: UInt8, esize: Int, signed: Bool, upper: Bool) {
        let a = Self.x0, b = Self.x1, t = Self.x2
        let narrow = Self.lanes(esize), wide = Self.lanes(2 * esize)
        loadVector0(n); loadVector(b, m)
        let wideN = op == .addw || op == .subw
        for x in wideN ? [b] : [a, b] {
            if upper { asm.psrldq(x, 8) }
            asm.pmovx(x, x, from: narrow, signed: signed)
        }
        switch op {
        case .addl, .addw: asm.padd(a, b, lanes: wide)
        case .subl, .subw: asm.psub(a, b, lanes: wide)
        case .mull, .mlal, .mlsl:
            switch esize {   // the widened operands' products are exact in the wide lanes
            case 1: asm.pmull(a, b, lanes: .b16)
            case 2: asm.pmull(a, b, lanes: .b32)
            default: asm.pmulEvenDwords(a, b, signed: signed)
            }
            if op == .mlal { loadVector(t, d); asm.padd(a, t, lanes: wide) }
            if op == .mlsl { loadVector(t, d); asm.psub(t, a, lanes: wide); asm.movaps(a, t) }
        }
        storeWhole(d)
    }

    mutating func emitVecNarrow(_ d: UInt8, _ n: UInt8, esize: Int, shift: UInt8, upper: Bool) {
        let a = Self.x0
        loadVector0(n)
        if shift > 0 { asm.pshift(.shr, a, lanes: Self.lanes(2 * esize), shift) }
        switch esize {   // keep each wide lane's low part, packed into the low quadword
        case 1: asm.pshift(.shl, a, lanes: .b16, 8); asm.psrlw(a, 8); asm.packuswb(a, a)
        case 2: asm.pshift(.shl, a, lanes: .b32, 16); asm.pshift(.sar, a, lanes: .b32, 16); asm.packssdw(a, a)
        default: asm.pshufd(a, a, 0x08)
        }
        if upper {
            loadVector(Self.x1, d); asm.punpck(Self.x1, a, lanes: .b64, high: false)
            storeVector(d, from: Self.x1, q: true)
        } else {
            storeVector(d, from: a, q: false)
        }
    }

    mutating func emitVecReduce(_ op: VecReduceOp, _ d: UInt8, _ n: UInt8, esize: Int, q: Bool) {
        let a = Self.x0, t = Self.x1
        let lanes = Self.lanes(esize)
        loadVector0(n)
        if !q { asm.movq(a, a) }
        let bytes = q ? 16 : 8
        switch op {
        case .addv:
            switch esize {
            case 1:
                asm.pxor(t, t); asm.psadbw(a, t)                                  // a sum per quadword
                if q { asm.pshufd(t, a, 0xEE); asm.padd(a, t, lanes: .b64) }
            default:
                var count = bytes / esize
                while count > 1 { asm.phadd(a, a, lanes: lanes); count /= 2 }
            }
        case .smaxv, .sminv, .umaxv, .uminv:
            // Halve the live lanes each step: lane i < s takes the extreme of lanes i and i+s.
            var s = bytes / 2
            while s >= esize {
                asm.movaps(t, a); asm.psrldq(t, UInt8(s))
                asm.pminmax(a, t, lanes: lanes, max: op == .smaxv || op == .umaxv, signed: op == .smaxv || op == .sminv)
                s /= 2
            }
        }
        asm.movFromXMM(.rax, a, is64: false)
        if esize < 4 { asm.extend(.rax, .rax, bits: esize * 8, signed: false) }
        asm.movToXMM(a, .rax, is64: false)
        storeWhole(d, zeroAbove: esize * 8)
    }

    mutating func emitVecTableLookup(_ d: UInt8, first: UInt8, count: UInt8, _ m: UInt8, q: Bool, keep: Bool) {
        let r = Self.x0, index = Self.x1, bias = Self.x2, sixteen = Self.x3, k = Self.x4, sel = Self.x5, table = Self.x6
        loadVector(index, m)
        splat(bias, 0x7070_7070_7070_7070)      // 0...15 -> 0x70...0x7F; 16 and up saturate past 0x80 (zero)
        splat(sixteen, 0x1010_1010_1010_1010)
        asm.pxor(r, r); asm.movaps(k, index)
        for j in 0..<count {
            asm.movaps(sel, k); asm.paddusb(sel, bias)
            loadVector(table, (first + j) & 31); asm.pshufb(table, sel); asm.por(r, table)
            if j + 1 < count { asm.psub(k, sixteen, lanes: .b8) }   // below 16: wraps to 240 and up, zero
        }
        if keep {   // TBX: bytes whose index is past the table keep V[d]'s
            splat(sel, 0x0101_0101_0101_0101 * UInt64(16 * Int(count) - 1))
            asm.movaps(table, index); asm.pminmax(table, sel, lanes: .b8, max: false, signed: false)
            asm.pcmpeq(table, index, lanes: .b8)                       // in range
            loadVector(sel, d); asm.pandn(table, sel); asm.por(r, table)
        }
        storeVector(d, from: r, q: q)
    }

    /// FMLA/FMLS (vector): one packed FMA3, then one combined test for the rare lanes Arm
    /// treats differently from x86 (NaN results, results equal to the smallest normal: tininess);
    /// they take a cold path after the block (`fusedSpecialLanes`). 2S forms run with zero upper
    /// lanes (0 * 0 + 0 raises nothing and is neither NaN nor tiny).
    mutating func emitVecFloatFused(_ d: UInt8, _ n: UInt8, _ m: UInt8, double: Bool, q: Bool, negProduct: Bool) {
        let r = Self.x0, nx = Self.x1, mx = Self.x2, addend = Self.x5
        if q, let (dSlot, _) = cacheLoad(d) {   // in place: the FMA reads n and m from their slots
            let nSlot = cacheLoad(n)!.slot, mSlot = cacheLoad(m)!.slot
            var nOp = nSlot, mOp = mSlot
            if negProduct || n == d { asm.movaps(nx, nSlot); nOp = nx }   // dSlot changes
            if m == d { asm.movaps(mx, mSlot); mOp = mx }
            if negProduct { splat(Self.x3, double ? 1 << 63 : 0x8000_0000_8000_0000); asm.pxor(nx, Self.x3) }
            asm.movaps(addend, dSlot)
            asm.vfmadd231Packed(dSlot, nOp, mOp, double: double)
            specialLaneCheck(dSlot, double: double, redo: .packedFused(addend: addend, nOp, mOp, result: dSlot, cached: .init()))
            markDirty(dSlot, zeroAbove: 128)
            return
        }
        loadVector0(d)
        if q {
            loadVector(nx, n); loadVector(mx, m)
        } else {
            asm.movq(r, r); loadVector(nx, n, low64: true); loadVector(mx, m, low64: true)
        }
        if negProduct {   // Arm negates the element of n first: a NaN there comes out negated
            splat(Self.x3, double ? 1 << 63 : 0x8000_0000_8000_0000); asm.pxor(nx, Self.x3)
        }
        asm.movaps(addend, r)
        asm.vfmadd231Packed(r, nx, mx, double: double)
        specialLaneCheck(r, double: double, redo: .packedFused(addend: addend, nx, mx, result: r, cached: .init()))
        storeVector(d, from: r, q: q)
    }

    /// One test for the lanes of a packed result that need Arm's rules (rare); any such lane
    /// jumps to the block's cold code, which fixes them all (emitColdPaths).
    mutating func specialLaneCheck(_ result: XMM, double: Bool, redo: TinyRedo) {
        let toCold = rareResultCheck(result, double: double, packed: true)
        var redo = redo
        if case .packedFused(let addend, let n, let m, let result, _) = redo {   // the check's constants included
            redo = .packedFused(addend: addend, n, m, result: result, cached: vcache.guest)
        }
        coldTinyRedos.append(ColdTinyRedo(jumpSite: toCold, resume: asm.position, double: double, redo: redo))
    }

    /// The results Arm treats differently from x86, in one test: NaNs (x86 picks other NaNs and a
    /// negative default NaN) and magnitudes exactly the smallest normal (x86 detects tininess
    /// after rounding, Arm before). |r| compared with the smallest normal by the quiet predicate
    /// "equal or unordered" catches both (it raises IE only for a signalling NaN, which no x86
    /// result is; DE means nothing for Arm). Every lane (`packed`: the constants in cache slots,
    /// pinned by a self-loop) or the low one (constants read from the state block). Returns the
    /// jump to patch; xmm3 is scratch (xmm4 too when the cache is off).
    mutating func rareResultCheck(_ result: XMM, double: Bool, packed: Bool) -> Rel32Site {
        clobberFlags()
        let magnitude = Self.x3
        if !packed {   // the constants from the state block: scalar code is short of cache slots (nbody)
            asm.vpand(magnitude, result, Self.state(CPUStateLayout.fpCheckConstant(.magnitudeMask(double: double))))
            asm.compareScalar(magnitude, Self.state(CPUStateLayout.fpCheckConstant(.smallestNormal(double: double))),
                              double: double)                                     // ZF: equal or unordered
            return asm.jcc(.e)
        }
        asm.vpand(magnitude, result, checkConstant(VectorRegisterCache.magnitudeMask(double: double)))
        let limit = checkConstant(VectorRegisterCache.smallestNormal(double: double))   // may reuse the mask's register
        asm.vcmpPacked(magnitude, magnitude, limit, predicate: .equalOrUnordered, double: double)
        asm.ptest(magnitude, magnitude)
        return asm.jcc(.ne)
    }

    /// A check constant's cache slot, else (cache off) xmm4 with the constant.
    mutating func checkConstant(_ id: UInt8) -> XMM {
        if let c = cachedConstant(id) { return c }
        materializeConstant(id, into: XMM(4))
        return XMM(4)
    }

    /// The NaN lanes of an inline packed FMA in xmm0 become Arm's: the first signalling NaN of
    /// (addend, n, m), quieted; else the first quiet NaN, except that a quiet NaN addend with an
    /// inf * 0 product gives the default NaN; else (an invalid operation on numbers) the positive
    /// default NaN. Cold code (flags already saved): it borrows xmm6-xmm13, so the guest values
    /// `cached` says they held when the FMA ran are saved to the state and reloaded around it.
    mutating func fusedNaNLanes(double: Bool, addend: XMM, n: XMM, m: XMM, cached: SIMD16<UInt8>) {
        precondition(addend.index < 6 && n.index < 6 && m.index < 6, "FMA NaN lanes: operands in borrowed registers")
        let r = Self.x0, nanLanes = Self.x3, pick = Self.x4, mask = Self.x6, quiet = Self.x7, t = Self.x8, v = Self.x9
        let lanes: OpSize = double ? .b64 : .b32
        asm.movaps(nanLanes, r); asm.cmpPacked(nanLanes, nanLanes, predicate: .unordered, double: double)
        let borrowed: ClosedRange<UInt8> = 6...13
        saveCachedSlots(borrowed, cached)
        splat(pick, double ? 0x7FF8_0000_0000_0000 : 0x7FC0_0000_7FC0_0000)
        splat(quiet, double ? 1 << 51 : 0x0040_0000_0040_0000)
        // Candidates from the lowest priority up, each overriding the ones before it.
        let order: [(XMM, signalling: Bool)] = [(m, false), (n, false), (addend, false), (m, true), (n, true), (addend, true)]
        for (x, signalling) in order {
            asm.movaps(mask, x); asm.cmpPacked(mask, mask, predicate: .unordered, double: double)
            if signalling {   // a NaN whose quiet bit is clear
                asm.movaps(t, x); asm.por(t, quiet); asm.pcmpeq(t, x, lanes: lanes); asm.pandn(t, mask); asm.movaps(mask, t)
            } else if x == addend {
                infTimesZeroLanes(into: t, n, m, double: double); asm.pandn(t, mask); asm.movaps(mask, t)
            }
            asm.movaps(v, x); asm.por(v, quiet)
            asm.vblendv(pick, pick, v, mask: mask, lanes: lanes)
        }
        asm.vblendv(r, r, pick, mask: nanLanes, lanes: lanes)
        reloadCachedSlots(borrowed, cached)
    }

    /// Lanes (all ones) where n * m is infinity times zero, tested on the bits (an FP
    /// multiply would raise flags). Uses xmm10-xmm13.
    mutating func infTimesZeroLanes(into out: XMM, _ n: XMM, _ m: XMM, double: Bool) {
        let lanes: OpSize = double ? .b64 : .b32
        let twiceN = XMM(10), twiceM = XMM(11), inf = XMM(12), zero = XMM(13)
        asm.movaps(twiceN, n); asm.padd(twiceN, twiceN, lanes: lanes)    // magnitude << 1
        asm.movaps(twiceM, m); asm.padd(twiceM, twiceM, lanes: lanes)
        splat(inf, double ? 0xFFE0_0000_0000_0000 : 0xFF00_0000_FF00_0000)
        asm.pxor(zero, zero)
        asm.movaps(out, twiceN); asm.pcmpeq(out, inf, lanes: lanes)
        asm.pcmpeq(twiceM, zero, lanes: lanes); asm.pand(out, twiceM)      // inf * 0
        asm.movaps(twiceM, m); asm.padd(twiceM, twiceM, lanes: lanes)
        asm.pcmpeq(twiceN, zero, lanes: lanes); asm.pcmpeq(twiceM, inf, lanes: lanes)
        asm.pand(twiceN, twiceM); asm.por(out, twiceN)                    // 0 * inf
    }

    /// FADDP's operands for the common packed path: the even lanes of m:n in xmm0, the odd
    /// ones in xmm1 (2S: zero and 1.0 upper lanes, which raise nothing).
    mutating func pairwiseFloatOperands(_ n: UInt8, _ m: UInt8, double: Bool, q: Bool) {
        let a = Self.x0, b = Self.x1, t = Self.x2
        loadVector0(n)
        loadVector(b, m)
        if double {
            asm.movaps(t, a); asm.punpck(a, b, lanes: .b64, high: false); asm.punpck(t, b, lanes: .b64, high: true)
            asm.movaps(b, t)
        } else if q {
            asm.movaps(t, a); asm.shufps(a, b, 0x88); asm.shufps(t, b, 0xDD); asm.movaps(b, t)
        } else {
            asm.punpck(a, b, lanes: .b32, high: false)                      // n0 m0 n1 m1
            asm.pshufd(b, a, 0xEE); asm.movq(a, a); asm.movq(b, b)
            materialize(Self.x3, lo: 0x3F80_0000_3F80_0000, hi: 0)
            asm.punpck(b, Self.x3, lanes: .b64, high: false)
        }
    }

    /// LD2-LD4/ST2-ST4: the memory as `count` xmm registers (xmm8...), and each guest
    /// register (or memory chunk) gathered from them with one PSHUFB per source holding some of
    /// its bytes. Loads read all memory before writing any register.
    mutating func emitVecStructures(first: UInt8, count: UInt8, _ a: Value, esize: Int, q: Bool, load: Bool) {
        let base = use(a), n = Int(count), regBytes = q ? 16 : 8
        let mask = XMM(12), part = XMM(13)
        if load && n == 4 && q && esize <= 4 { return loadFourStructures(first: first, base, esize: esize) }
        for k in 0..<n {   // sources: the memory chunks (load) or the guest registers (store)
            let src = XMM(UInt8(8 + k))
            if load {
                markFaultSite()
                if q { asm.movdquLoad(src, Mem(base, Int32(k * regBytes))) } else { asm.movqLoad(src, Mem(base, Int32(k * regBytes))) }
            } else {
                asm.movdquLoad(src, Self.v((first + UInt8(k)) & 31))
            }
        }
        for j in 0..<n {
            let out = XMM(UInt8(j))
            asm.pxor(out, out)
            for k in 0..<n {
                // The PSHUFB index of each byte of result j that comes from source k (0x80: none).
                var lo: UInt64 = 0x8080_8080_8080_8080, hi = lo, used = false
                for b in 0..<regBytes {
                    let from: Int, within: Int
                    if load {   // register j's element i is stream element i * count + j
                        let stream = (b / esize * n + j) * esize + b % esize
                        (from, within) = (stream / regBytes, stream % regBytes)
                    } else {    // chunk j's stream element e is element e / count of register e % count
                        let e = (j * regBytes + b) / esize
                        (from, within) = (e % n, e / n * esize + b % esize)
                    }
                    guard from == k else { continue }
                    let shift = UInt64(8 * (b % 8)), byte = UInt64(within) << shift, clear = ~(UInt64(0xFF) << shift)
                    if b < 8 { lo = lo & clear | byte } else { hi = hi & clear | byte }
                    used = true
                }
                guard used else { continue }
                materialize(mask, lo: lo, hi: hi)
                asm.movaps(part, XMM(UInt8(8 + k))); asm.pshufb(part, mask); asm.por(out, part)
            }
            if load {
                asm.movdquStore(Self.v((first + UInt8(j)) & 31), out)
            } else {
                markFaultSite()
                if q { asm.movdquStore(Mem(base, Int32(j * regBytes)), out) } else { asm.movqStore(Mem(base, Int32(j * regBytes)), out) }
            }
        }
    }

    /// LD4 of 16-byte registers with 1, 2 or 4-byte elements (SHA-256 and other byte-stream
    /// code): each 16-byte chunk's bytes grouped by structure member (one PSHUFB with one mask,
    /// dword m = member m's elements), then a 4x4 transpose of dwords: register j's dword k is
    /// chunk k's dword j. 4 loads, 4 PSHUFB, 8 unpacks, instead of 16 PSHUFB with 16 masks.
    mutating func loadFourStructures(first: UInt8, _ base: Reg, esize: Int) {
        func chunk(_ k: Int) -> XMM { XMM(UInt8(8 + k)) }
        let mask = XMM(12)
        for k in 0..<4 {
            markFaultSite()
            asm.movdquLoad(chunk(k), Mem(base, Int32(k * 16)))
        }
        if esize < 4 {   // byte b of dword m: member m's element b / esize, byte b % esize
            var lo: UInt64 = 0, hi: UInt64 = 0
            for d in 0..<16 {
                let m = d / 4, b = d % 4
                let from = UInt64((b / esize) * 4 * esize + m * esize + b % esize) << UInt64(8 * (d % 8))
                if d < 8 { lo |= from } else { hi |= from }
            }
            materialize(mask, lo: lo, hi: hi)
            for k in 0..<4 { asm.pshufb(chunk(k), mask) }
        }
        // xmm0-xmm3: chunks 0:1 and 2:3 interleaved by dword, low then high halves.
        for i in 0..<4 {
            let t = XMM(UInt8(i)), x = chunk(i < 2 ? 0 : 2), y = chunk(i < 2 ? 1 : 3)
            asm.movaps(t, x); asm.punpck(t, y, lanes: .b32, high: i % 2 == 1)
        }
        for j in 0..<4 {   // register j: [c0.dj, c1.dj, c2.dj, c3.dj]
            let low = XMM(j < 2 ? 0 : 1), high = XMM(j < 2 ? 2 : 3)
            asm.movaps(chunk(j), low); asm.punpck(chunk(j), high, lanes: .b64, high: j % 2 == 1)
            asm.movdquStore(Self.v((first + UInt8(j)) & 31), chunk(j))
        }
    }
}
