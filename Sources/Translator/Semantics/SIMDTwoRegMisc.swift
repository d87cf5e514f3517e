// Advanced SIMD two-register miscellaneous, integer forms (Arm ARM C4.1.96), the
// scalar integer forms, and across-lanes reductions (C4.1.92).

enum SIMDTwoRegMisc {
    private enum Op {
        case rev(container: Int), addPairwiseLong(accumulate: Bool), satAccumulate, cls, clz, cnt, not, rbit
        case satAbs, satNeg, cmpZero(IntOp, swap: Bool), abs, neg, xtn, satXtn(srcSigned: Bool, dstSigned: Bool), shll
    }

    /// Integer opcode, with the element sizes (bit s for size s) it allows.
    private static func decode(_ w: UInt32) -> (Op, sizes: UInt8)? {
        let u = w.bit(29), size = w.bits(23, 22)
        switch (u, w.bits(16, 12)) {
        case (false, 0b00000): return (.rev(container: 64), 0b0111)
        case (false, 0b00001): return (.rev(container: 16), 0b0001)
        case (true, 0b00000): return (.rev(container: 32), 0b0011)
        case (_, 0b00010): return (.addPairwiseLong(accumulate: false), 0b0111)
        case (_, 0b00110): return (.addPairwiseLong(accumulate: true), 0b0111)
        case (_, 0b00011): return (.satAccumulate, 0b1111)
        case (false, 0b00100): return (.cls, 0b0111)
        case (true, 0b00100): return (.clz, 0b0111)
        case (false, 0b00101): return (.cnt, 0b0001)
        case (true, 0b00101): return (size == 0 ? .not : .rbit, 0b0011)
        case (false, 0b00111): return (.satAbs, 0b1111)
        case (true, 0b00111): return (.satNeg, 0b1111)
        case (false, 0b01000): return (.cmpZero(.cmpGreater, swap: false), 0b1111)
        case (true, 0b01000): return (.cmpZero(.cmpGreaterEqual, swap: false), 0b1111)
        case (false, 0b01001): return (.cmpZero(.cmpEqual, swap: false), 0b1111)
        case (true, 0b01001): return (.cmpZero(.cmpGreaterEqual, swap: true), 0b1111)  // CMLE: 0 >= x
        case (false, 0b01010): return (.cmpZero(.cmpGreater, swap: true), 0b1111)      // CMLT: 0 > x
        case (false, 0b01011): return (.abs, 0b1111)
        case (true, 0b01011): return (.neg, 0b1111)
        case (false, 0b10010): return (.xtn, 0b0111)
        case (true, 0b10010): return (.satXtn(srcSigned: true, dstSigned: false), 0b0111)  // SQXTUN
        case (_, 0b10100): return (.satXtn(srcSigned: !u, dstSigned: !u), 0b0111)
        case (true, 0b10011): return (.shll, 0b0111)
        default: return nil
        }
    }

    static func supportsVector(_ w: UInt32) -> Bool {
        guard let (_, sizes) = decode(w) else { return false }
        let size = w.bits(23, 22)
        return sizes & (1 << UInt8(size)) != 0 && (size != 3 || w.bit(30))
    }

    /// Scalar forms: the saturating ones at any size, compares/ABS/NEG on D, narrowing from H/S/D.
    static func supportsScalar(_ w: UInt32) -> Bool {
        guard let (op, sizes) = decode(w), sizes & (1 << UInt8(w.bits(23, 22))) != 0 else { return false }
        switch op {
        case .satAccumulate, .satAbs, .satNeg, .satXtn: return true
        case .cmpZero, .abs, .neg: return w.bits(23, 22) == 3
        default: return false
        }
    }

    static func executeVector(_ w: UInt32, _ cpu: CPUState) {
        guard let (op, _) = decode(w) else { return }
        let q = w.bit(30)
        let r = compute(op, w, cpu, Arrangement(size: Int(w.bits(23, 22)), q: q), scalar: false)
        r.store(cpu, Int(w.rd))
    }

    static func executeScalar(_ w: UInt32, _ cpu: CPUState) {
        guard let (op, _) = decode(w) else { return }
        let r = compute(op, w, cpu, Arrangement(esize: 8 << Int(w.bits(23, 22)), count: 1), scalar: true)
        r.store(cpu, Int(w.rd))
    }

    /// The full 128-bit destination value (upper half already cleared where required).
    private static func compute(_ op: Op, _ w: UInt32, _ cpu: CPUState, _ arr: Arrangement, scalar: Bool) -> Vec128 {
        let q = w.bit(30), signed = !w.bit(29), e = arr.esize
        let a = Vec128(cpu, Int(w.rn)), d = Vec128(cpu, Int(w.rd))
        var r = Vec128(), qc = false
        defer { cpu.setSaturated(qc) }
        switch op {
        case .rev(let container):
            let per = container / e
            for i in 0..<arr.count { r[i, e] = a[(i / per) * per + (per - 1 - i % per), e] }
        case .addPairwiseLong(let accumulate):
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
                r[i, e] = IntElement.saturate(w.bit(29) ? -v : Swift.abs(v), e, signed: true, qc: &qc)
            }
        case .cmpZero(let cmp, let swap):
            for i in 0..<arr.count {
                let x = a[i, e]
                r[i, e] = IntElement.apply(cmp, swap ? 0 : x, swap ? x : 0, esize: e, signed: true, qc: &qc)
            }
        case .abs: r = mapLanes(a, arr) { IntElement.wrap(Swift.abs(IntElement.wide($0, e, signed: true)), e) }
        case .neg: r = mapLanes(a, arr) { IntElement.wrap(-Int128($0), e) }
        case .xtn, .satXtn:
            let part = scalar ? 0 : (q ? 64 / e : 0)
            if q && !scalar { r = Vec128(lo: d.lo, hi: 0) }
            for i in 0..<(scalar ? 1 : 64 / e) {
                let src = a[i, 2 * e]
                switch op {
                case .satXtn(let srcSigned, let dstSigned):
                    r[part + i, e] = IntElement.saturate(IntElement.wide(src, 2 * e, signed: srcSigned), e,
                                                         signed: dstSigned, qc: &qc)
                default: r[part + i, e] = src & laneMask(e)
                }
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
    private enum Op { case addLong, max, min, add }

    private static func decode(_ w: UInt32) -> Op? {
        let size = w.bits(23, 22)
        guard size < 2 || (size == 2 && w.bit(30)) else { return nil }
        switch (w.bit(29), w.bits(16, 12)) {
        case (_, 0b00011): return .addLong
        case (_, 0b01010): return .max
        case (_, 0b11010): return .min
        case (false, 0b11011): return .add
        default: return nil
        }
    }

    static func supports(_ w: UInt32) -> Bool {
        decode(w) != nil || SIMDFloatSemantics.supportsAcrossLanes(w)
    }

    static func execute(_ w: UInt32, _ cpu: CPUState) {
        guard let op = decode(w) else { return SIMDFloatSemantics.executeAcrossLanes(w, cpu) }
        let arr = Arrangement(size: Int(w.bits(23, 22)), q: w.bit(30)), e = arr.esize, signed = !w.bit(29)
        let a = Vec128(cpu, Int(w.rn))
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
        cpu.setV(Int(w.rd), lo: IntElement.wrap(acc, bits), hi: 0)
    }
}
