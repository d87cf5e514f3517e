// Advanced SIMD three different (Arm ARM C4.1.94): long (L), wide (W) and
// high-narrow (HN) arithmetic, the "2" forms reading or writing the upper half; and
// the scalar three different forms (C4.1.102): SQDMLAL, SQDMLSL, SQDMULL on H and S.

enum SIMDThreeDifferent {
    private enum Shape { case long, wide, narrowHigh }
    private enum Kind { case add, sub, absDiffAcc, absDiff, mulAcc, mulSub, mul, satDoublingMulAcc, satDoublingMulSub,
                       satDoublingMul, polyMul }

    private static func decode(_ w: UInt32) -> (Shape, Kind, rounding: Bool)? {
        let u = w.bit(29), size = w.bits(23, 22), opcode = w.bits(15, 12)
        if opcode == 0b1110 { return !u && (size == 0 || size == 3) ? (.long, .polyMul, false) : nil }
        guard size != 3 else { return nil }
        switch opcode {
        case 0b0000: return (.long, .add, false)
        case 0b0001: return (.wide, .add, false)
        case 0b0010: return (.long, .sub, false)
        case 0b0011: return (.wide, .sub, false)
        case 0b0100: return (.narrowHigh, .add, u)
        case 0b0101: return (.long, .absDiffAcc, false)
        case 0b0110: return (.narrowHigh, .sub, u)
        case 0b0111: return (.long, .absDiff, false)
        case 0b1000: return (.long, .mulAcc, false)
        case 0b1010: return (.long, .mulSub, false)
        case 0b1100: return (.long, .mul, false)
        case 0b1001 where !u && size != 0: return (.long, .satDoublingMulAcc, false)
        case 0b1011 where !u && size != 0: return (.long, .satDoublingMulSub, false)
        case 0b1101 where !u && size != 0: return (.long, .satDoublingMul, false)
        default: return nil
        }
    }

    static func supports(_ w: UInt32) -> Bool { decode(w) != nil }

    /// Scalar: only the saturating doubling forms (U = 0, H or S sources).
    static func supportsScalar(_ w: UInt32) -> Bool {
        guard let (_, kind, _) = decode(w) else { return false }
        switch kind {
        case .satDoublingMul, .satDoublingMulAcc, .satDoublingMulSub: return true
        default: return false
        }
    }

    /// `scalar`: one element, from the low lanes, into a cleared register.
    static func execute(_ w: UInt32, _ cpu: CPUState, scalar: Bool = false) {
        guard let (shape, kind, rounding) = decode(w) else { return }
        let q = w.bit(30) && !scalar, signed = !w.bit(29), esize = 8 << Int(w.bits(23, 22))
        let n = Vec128(cpu, Int(w.rn)), m = Vec128(cpu, Int(w.rm)), d = Vec128(cpu, Int(w.rd))
        if kind == .polyMul && esize == 64 {
            let p = IntElement.polynomialMultiply(n[q ? 1 : 0, 64], m[q ? 1 : 0, 64], bits: 64)
            return cpu.setV(Int(w.rd), lo: UInt64(truncatingIfNeeded: p), hi: UInt64(truncatingIfNeeded: p >> 64))
        }
        let count = scalar ? 1 : 64 / esize, part = q ? 64 / esize : 0, wide = 2 * esize
        var r = shape == .narrowHigh ? (q ? d : Vec128()) : Vec128()
        var qc = false
        for i in 0..<count {
            if shape == .narrowHigh {
                let a = Int128(n[i, wide]), b = Int128(m[i, wide])
                var v = kind == .add ? a + b : a - b
                if rounding { v += Int128(1) << (esize - 1) }
                r[part + i, esize] = IntElement.wrap(v >> esize, esize)
                continue
            }
            let a = shape == .wide ? IntElement.wide(n[i, wide], wide, signed: signed)
                                   : IntElement.wide(n[part + i, esize], esize, signed: signed)
            let b = IntElement.wide(m[part + i, esize], esize, signed: signed)
            let acc = IntElement.wide(d[i, wide], wide, signed: signed)
            let v: UInt64
            switch kind {
            case .add: v = IntElement.wrap(a + b, wide)
            case .sub: v = IntElement.wrap(a - b, wide)
            case .absDiffAcc: v = IntElement.wrap(acc + abs(a - b), wide)
            case .absDiff: v = IntElement.wrap(abs(a - b), wide)
            case .mulAcc: v = IntElement.wrap(acc + a * b, wide)
            case .mulSub: v = IntElement.wrap(acc - a * b, wide)
            case .mul: v = IntElement.wrap(a * b, wide)
            case .satDoublingMul: v = IntElement.saturate(2 * a * b, wide, signed: true, qc: &qc)
            case .satDoublingMulAcc, .satDoublingMulSub:
                let p = IntElement.wide(IntElement.saturate(2 * a * b, wide, signed: true, qc: &qc), wide, signed: true)
                v = IntElement.saturate(kind == .satDoublingMulAcc ? acc + p : acc - p, wide, signed: true, qc: &qc)
            case .polyMul:
                v = UInt64(truncatingIfNeeded: IntElement.polynomialMultiply(n[part + i, esize], m[part + i, esize], bits: esize))
            }
            r[i, wide] = v
        }
        r.store(cpu, Int(w.rd))
        cpu.setSaturated(qc)
    }
}
