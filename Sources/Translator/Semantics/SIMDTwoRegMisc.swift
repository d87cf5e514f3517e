// Advanced SIMD two-register miscellaneous, integer forms (Arm ARM C4.1.96), the
// scalar integer forms, and across-lanes reductions (C4.1.92).

enum SIMDTwoRegMisc {
    /// `index` is REV's container bits, `subOp` a compare-with-zero's IntOp (`swap`: 0 op x);
    /// `accumulate` for SADALP/UADALP; SQXTUN's signedness in source/destinationSigned.
    enum Operation: UInt8 {
        case rev, addPairwiseLong, satAccumulate, cls, clz, cnt, not, rbit
        case satAbs, satNeg, cmpZero, abs, neg, xtn, satXtn, shll
    }

    /// Integer opcode, with the element sizes (bit s for size s) it allows.
    private static func decode(_ w: InstructionWord, _ o: inout SemanticOperation) -> UInt8? {
        let u = w.flag(.u), size = w[.esize]
        func op(_ x: Operation, _ sizes: UInt8) -> UInt8 { o.op = x.rawValue; return sizes }
        func compare(_ c: IntOp, swap: Bool) -> UInt8 {
            o.subOp = c.rawValue
            if swap { o.modifiers.insert(.swap) }
            return op(.cmpZero, 0b1111)
        }
        func saturatingNarrow(source: Bool, destination: Bool) -> UInt8 {
            if source { o.modifiers.insert(.sourceSigned) }
            if destination { o.modifiers.insert(.destinationSigned) }
            return op(.satXtn, 0b0111)
        }
        switch (u, w[.miscOpcode]) {
        case (false, 0b00000): o.index = 64; return op(.rev, 0b0111)
        case (false, 0b00001): o.index = 16; return op(.rev, 0b0001)
        case (true, 0b00000): o.index = 32; return op(.rev, 0b0011)
        case (_, 0b00010): return op(.addPairwiseLong, 0b0111)
        case (_, 0b00110): o.modifiers.insert(.accumulate); return op(.addPairwiseLong, 0b0111)
        case (_, 0b00011): return op(.satAccumulate, 0b1111)
        case (false, 0b00100): return op(.cls, 0b0111)
        case (true, 0b00100): return op(.clz, 0b0111)
        case (false, 0b00101): return op(.cnt, 0b0001)
        case (true, 0b00101): return op(size == 0 ? .not : .rbit, 0b0011)
        case (false, 0b00111): return op(.satAbs, 0b1111)
        case (true, 0b00111): return op(.satNeg, 0b1111)
        case (false, 0b01000): return compare(.cmpGreater, swap: false)
        case (true, 0b01000): return compare(.cmpGreaterEqual, swap: false)
        case (false, 0b01001): return compare(.cmpEqual, swap: false)
        case (true, 0b01001): return compare(.cmpGreaterEqual, swap: true)  // CMLE: 0 >= x
        case (false, 0b01010): return compare(.cmpGreater, swap: true)      // CMLT: 0 > x
        case (false, 0b01011): return op(.abs, 0b1111)
        case (true, 0b01011): return op(.neg, 0b1111)
        case (false, 0b10010): return op(.xtn, 0b0111)
        case (true, 0b10010): return saturatingNarrow(source: true, destination: false)  // SQXTUN
        case (_, 0b10100): return saturatingNarrow(source: !u, destination: !u)
        case (true, 0b10011): return op(.shll, 0b0111)
        default: return nil
        }
    }

    private static func operation(_ family: OutOfLine, _ w: InstructionWord) -> SemanticOperation? {
        let f = VectorOperands(w)
        var o = SemanticOperation(family, op: 0)
        guard let sizes = decode(w, &o), sizes & (1 << UInt8(f.size)) != 0 else { return nil }
        (o.d, o.n, o.q, o.signed) = (f.vd.number, f.vn.number, f.q, !f.u)
        o.esize = UInt8(8 * f.esize)
        return o
    }

    static func vector(_ w: InstructionWord) -> SemanticOperation? {
        guard let o = operation(.simdTwoRegMisc, w), o.esize != 64 || o.q else { return nil }
        return o
    }

    /// Scalar forms: the saturating ones at any size, compares/ABS/NEG on D, narrowing from H/S/D.
    static func scalar(_ w: InstructionWord) -> SemanticOperation? {
        guard var o = operation(.simdScalarTwoRegMisc, w) else { return nil }
        switch Operation(rawValue: o.op)! {
        case .satAccumulate, .satAbs, .satNeg, .satXtn: break
        case .cmpZero, .abs, .neg: guard o.esize == 64 else { return nil }
        default: return nil
        }
        o.q = false
        return o
    }

    static func executeVector(_ o: SemanticOperation, _ cpu: CPUState) {
        compute(o, cpu, o.arrangement, scalar: false).store(cpu, o.vd)
    }

    static func executeScalar(_ o: SemanticOperation, _ cpu: CPUState) {
        compute(o, cpu, Arrangement(esize: o.elementBits, count: 1), scalar: true).store(cpu, o.vd)
    }

    /// The full 128-bit destination value (upper half already cleared where required).
    private static func compute(_ o: SemanticOperation, _ cpu: CPUState, _ arr: Arrangement, scalar: Bool) -> Vec128 {
        let q = o.q, signed = o.signed, e = arr.esize
        let a = Vec128(cpu, o.vn), d = Vec128(cpu, o.vd)
        var r = Vec128(), qc = false
        defer { cpu.setSaturated(qc) }
        let op = Operation(rawValue: o.op)!
        switch op {
        case .rev:
            let per = Int(o.index) / e
            for i in 0..<arr.count { r[i, e] = a[(i / per) * per + (per - 1 - i % per), e] }
        case .addPairwiseLong:
            let accumulate = o.has(.accumulate)
            for i in 0..<arr.count / 2 {
                let s = IntElement.wide(a[2 * i, e], e, signed: signed) + IntElement.wide(a[2 * i + 1, e], e, signed: signed)
                r[i, 2 * e] = IntElement.wrap(s + (accumulate ? Int128(d[i, 2 * e]) : 0), 2 * e)
            }
        case .satAccumulate:
            // SUQADD: signed acc + unsigned x, saturated signed; USQADD: unsigned acc + signed x.
            for i in 0..<arr.count {
                let x = IntElement.wide(a[i, e], e, signed: !signed), acc = IntElement.wide(d[i, e], e, signed: signed)
                r[i, e] = IntElement.saturate(acc + x, e, signed: signed, qc: &qc)
            }
        case .cls:
            for i in 0..<arr.count {
                let v = a[i, e], x = (v ^ (v >> 1)) & (laneMask(e) >> 1)
                r[i, e] = UInt64(x.leadingZeroBitCount - (64 - e + 1))
            }
        case .clz: r = mapLanes(a, arr) { UInt64($0.leadingZeroBitCount - (64 - e)) }
        case .cnt: r = mapLanes(a, arr) { UInt64($0.nonzeroBitCount) }
        case .not: r = Vec128(lo: ~a.lo, hi: ~a.hi)
        case .rbit: r = mapLanes(a, Arrangement(size: 0, q: q)) { UInt64(UInt8(truncatingIfNeeded: $0).bitReversed) }
        case .satAbs, .satNeg:
            for i in 0..<arr.count {
                let v = IntElement.wide(a[i, e], e, signed: true)
                r[i, e] = IntElement.saturate(op == .satNeg ? -v : Swift.abs(v), e, signed: true, qc: &qc)
            }
        case .cmpZero:
            let cmp = IntOp(rawValue: o.subOp)!, swap = o.has(.swap)
            for i in 0..<arr.count {
                let x = a[i, e]
                r[i, e] = IntElement.apply(cmp, swap ? 0 : x, swap ? x : 0, esize: e, signed: true, qc: &qc)
            }
        case .abs: r = mapLanes(a, arr) { IntElement.wrap(Swift.abs(IntElement.wide($0, e, signed: true)), e) }
        case .neg: r = mapLanes(a, arr) { IntElement.wrap(-Int128($0), e) }
        case .xtn, .satXtn:
            let part = scalar ? 0 : (q ? 64 / e : 0)
            let srcSigned = o.has(.sourceSigned), dstSigned = o.has(.destinationSigned)
            if q && !scalar { r = Vec128(lo: d.lo, hi: 0) }
            for i in 0..<(scalar ? 1 : 64 / e) {
                let src = a[i, 2 * e]
                r[part + i, e] = op == .satXtn
                    ? IntElement.saturate(IntElement.wide(src, 2 * e, signed: srcSigned), e, signed: dstSigned, qc: &qc)
                    : src & laneMask(e)
            }
        case .shll:
            let part = q ? 64 / e : 0
            for i in 0..<64 / e { r[i, 2 * e] = a[part + i, e] << UInt64(e) }
            return r  // always a full 128-bit result
        }
        if !q && !scalar { r.hi = 0 }
        return r
    }
}

private extension UInt8 {
    var bitReversed: UInt8 {
        var v = self, r: UInt8 = 0
        for _ in 0..<8 { r = r << 1 | v & 1; v >>= 1 }
        return r
    }
}

enum SIMDAcrossLanes {
    enum Operation: UInt8 { case addLong, max, min, add }

    /// ADDV/SADDLV/UADDLV/SMAXV/UMAXV/SMINV/UMINV; the FP forms are SIMDFloatSemantics'.
    static func operation(_ w: InstructionWord) -> SemanticOperation? {
        let f = VectorOperands(w)
        guard f.size < 2 || (f.size == 2 && f.q) else { return SIMDFloatSemantics.acrossLanes(w) }
        let op: Operation
        switch (f.u, w[.miscOpcode]) {
        case (_, 0b00011): op = .addLong
        case (_, 0b01010): op = .max
        case (_, 0b11010): op = .min
        case (false, 0b11011): op = .add
        default: return SIMDFloatSemantics.acrossLanes(w)
        }
        var o = SemanticOperation(.simdAcrossLanes, op: op.rawValue)
        (o.d, o.n, o.q, o.signed) = (f.vd.number, f.vn.number, f.q, !f.u)
        o.esize = UInt8(8 * f.esize)
        return o
    }

    static func execute(_ o: SemanticOperation, _ cpu: CPUState) {
        let op = Operation(rawValue: o.op)!
        let arr = o.arrangement, e = arr.esize, signed = o.signed
        let a = Vec128(cpu, o.vn)
        var acc = IntElement.wide(a[0, e], e, signed: signed)
        for i in 1..<arr.count {
            let x = IntElement.wide(a[i, e], e, signed: signed)
            switch op {
            case .add, .addLong: acc += x
            case .max: acc = Swift.max(acc, x)
            case .min: acc = Swift.min(acc, x)
            }
        }
        let bits = op == .addLong ? 2 * e : e
        cpu.setV(o.vd, lo: IntElement.wrap(acc, bits), hi: 0)
    }
}
