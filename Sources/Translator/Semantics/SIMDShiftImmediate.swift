// Advanced SIMD shift by immediate, vector (Arm ARM C4.1.97) and scalar: right
// shifts with rounding/accumulation, left shifts, inserts, saturating shifts,
// narrowing and lengthening shifts. The FP fixed-point forms live in SIMDFloatSemantics.

enum SIMDShiftImmediate {
    private enum Shape { case same, narrow, long }
    private enum Op { case shr(round: Bool, acc: Bool), shl, sri, sli, satShl(srcSigned: Bool, dstSigned: Bool)
                      case shrn(round: Bool), satShrn(round: Bool, srcSigned: Bool, dstSigned: Bool), shll }

    private static func decode(_ w: UInt32) -> (Op, Shape)? {
        let u = w.bit(29), s = !u
        switch (u, w.bits(15, 11)) {
        case (_, 0b00000): return (.shr(round: false, acc: false), .same)
        case (_, 0b00010): return (.shr(round: false, acc: true), .same)
        case (_, 0b00100): return (.shr(round: true, acc: false), .same)
        case (_, 0b00110): return (.shr(round: true, acc: true), .same)
        case (true, 0b01000): return (.sri, .same)
        case (false, 0b01010): return (.shl, .same)
        case (true, 0b01010): return (.sli, .same)
        case (true, 0b01100): return (.satShl(srcSigned: true, dstSigned: false), .same)  // SQSHLU
        case (_, 0b01110): return (.satShl(srcSigned: s, dstSigned: s), .same)
        case (false, 0b10000): return (.shrn(round: false), .narrow)
        case (false, 0b10001): return (.shrn(round: true), .narrow)
        case (true, 0b10000): return (.satShrn(round: false, srcSigned: true, dstSigned: false), .narrow)  // SQSHRUN
        case (true, 0b10001): return (.satShrn(round: true, srcSigned: true, dstSigned: false), .narrow)   // SQRSHRUN
        case (_, 0b10010): return (.satShrn(round: false, srcSigned: s, dstSigned: s), .narrow)
        case (_, 0b10011): return (.satShrn(round: true, srcSigned: s, dstSigned: s), .narrow)
        case (_, 0b10100): return (.shll, .long)
        default: return nil
        }
    }

    /// Element size from immh (0 when immh is 0000, the modified-immediate space).
    private static func esize(_ w: UInt32) -> Int {
        let immh = w.bits(22, 19)
        return immh == 0 ? 0 : 8 << (31 - immh.leadingZeroBitCount)
    }

    static func supportsVector(_ w: UInt32) -> Bool {
        let e = esize(w)
        guard e != 0 else { return false }
        if SIMDFloatSemantics.supportsFixedConvert(w, scalar: false) { return true }
        guard let (_, shape) = decode(w) else { return false }
        return shape == .same ? (e < 64 || w.bit(30)) : e < 64
    }

    static func supportsScalar(_ w: UInt32) -> Bool {
        let e = esize(w)
        guard e != 0 else { return false }
        if SIMDFloatSemantics.supportsFixedConvert(w, scalar: true) { return true }
        guard let (op, shape) = decode(w) else { return false }
        switch op {
        case .satShl: return true
        case .satShrn: return e < 64
        case .shrn, .shll: return false
        default: return shape == .same && e == 64
        }
    }

    static func execute(_ w: UInt32, _ cpu: CPUState, scalar: Bool) {
        let opcode = w.bits(15, 11)
        if opcode == 0b11100 || opcode == 0b11111 { return SIMDFloatSemantics.executeFixedConvert(w, cpu, scalar: scalar) }
        guard let (op, shape) = decode(w) else { return }
        let e = esize(w), q = w.bit(30), immhb = Int(w.bits(22, 16))
        let right = 2 * e - immhb, left = immhb - e
        let a = Vec128(cpu, Int(w.rn)), d = Vec128(cpu, Int(w.rd))
        let signed = !w.bit(29), ones = laneMask(e)
        var r = Vec128(), qc = false
        switch shape {
        case .same:
            let count = scalar ? 1 : (q ? 128 : 64) / e
            for i in 0..<count {
                let x = a[i, e], acc = d[i, e]
                let v: UInt64
                switch op {
                case .shr(let round, let accumulate):
                    let wide = IntElement.wide(x, e, signed: signed)
                    let s = (round ? wide + (Int128(1) << (right - 1)) : wide) >> right
                    v = IntElement.wrap(s + (accumulate ? Int128(acc) : 0), e)
                case .shl: v = (x << UInt64(left)) & ones
                case .sli:
                    let m = (ones << UInt64(left)) & ones
                    v = acc & ~m | (x << UInt64(left)) & m
                case .sri:
                    let m = right >= 64 ? 0 : ones >> UInt64(right)
                    v = acc & ~m | (right >= 64 ? 0 : x >> UInt64(right)) & m
                case .satShl(let srcSigned, let dstSigned):
                    v = IntElement.saturate(IntElement.wide(x, e, signed: srcSigned) << left, e, signed: dstSigned, qc: &qc)
                default: v = 0
                }
                r[i, e] = v
            }
            if !q && !scalar { r.hi = 0 }
        case .narrow:
            let count = scalar ? 1 : 64 / e, part = scalar || !q ? 0 : count
            if part != 0 { r.lo = d.lo }
            for i in 0..<count {
                let x = a[i, 2 * e]
                switch op {
                case .shrn(let round):
                    let wide = Int128(x)
                    r[part + i, e] = IntElement.wrap((round ? wide + (Int128(1) << (right - 1)) : wide) >> right, e)
                case .satShrn(let round, let srcSigned, let dstSigned):
                    let wide = IntElement.wide(x, 2 * e, signed: srcSigned)
                    let s = (round ? wide + (Int128(1) << (right - 1)) : wide) >> right
                    r[part + i, e] = IntElement.saturate(s, e, signed: dstSigned, qc: &qc)
                default: break
                }
            }
        case .long:
            let count = 64 / e, part = q ? count : 0
            for i in 0..<count {
                r[i, 2 * e] = IntElement.wrap(IntElement.wide(a[part + i, e], e, signed: signed) << left, 2 * e)
            }
        }
        r.store(cpu, Int(w.rd))
        cpu.setSaturated(qc)
    }
}
