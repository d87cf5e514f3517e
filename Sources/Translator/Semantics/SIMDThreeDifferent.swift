// Advanced SIMD three different (Arm ARM C4.1.94): long (L), wide (W) and
// high-narrow (HN) arithmetic, the "2" forms reading or writing the upper half; and
// the scalar three different forms (C4.1.102): SQDMLAL, SQDMLSL, SQDMULL on H and S.

enum SIMDThreeDifferent {
    enum Shape { case long, wide, narrowHigh }
    /// `round` for RADDHN/RSUBHN.
    enum Operation: UInt8 {
        case addLong, addWide, subLong, subWide, addNarrowHigh, subNarrowHigh, absDiffAcc, absDiff, mulAcc, mulSub, mul
        case satDoublingMulAcc, satDoublingMulSub, satDoublingMul, polyMul

        var shape: Shape {
            switch self {
            case .addWide, .subWide: return .wide
            case .addNarrowHigh, .subNarrowHigh: return .narrowHigh
            default: return .long
            }
        }
    }

    private static func decode(_ w: InstructionWord) -> Operation? {
        let u = w.flag(.u), size = w[.esize], opcode = w[.opcode4]
        if opcode == 0b1110 { return !u && (size == 0 || size == 3) ? .polyMul : nil }
        guard size != 3 else { return nil }
        switch opcode {
        case 0b0000: return .addLong
        case 0b0001: return .addWide
        case 0b0010: return .subLong
        case 0b0011: return .subWide
        case 0b0100: return .addNarrowHigh
        case 0b0101: return .absDiffAcc
        case 0b0110: return .subNarrowHigh
        case 0b0111: return .absDiff
        case 0b1000: return .mulAcc
        case 0b1010: return .mulSub
        case 0b1100: return .mul
        case 0b1001 where !u && size != 0: return .satDoublingMulAcc
        case 0b1011 where !u && size != 0: return .satDoublingMulSub
        case 0b1101 where !u && size != 0: return .satDoublingMul
        default: return nil
        }
    }

    private static func operation(_ family: OutOfLine, _ op: Operation, _ w: InstructionWord) -> SemanticOperation {
        let f = VectorOperands(w)
        var o = SemanticOperation(family, op: op.rawValue)
        (o.d, o.n, o.m, o.q, o.signed) = (f.vd.number, f.vn.number, f.vm.number, f.q, !f.u)
        o.esize = UInt8(8 * f.esize)
        if f.u && op.shape == .narrowHigh { o.modifiers.insert(.round) }
        return o
    }

    static func vector(_ w: InstructionWord) -> SemanticOperation? {
        decode(w).map { operation(.simdThreeDifferent, $0, w) }
    }

    /// Scalar: only the saturating doubling forms (U = 0, H or S sources).
    static func scalar(_ w: InstructionWord) -> SemanticOperation? {
        guard let op = decode(w) else { return nil }
        switch op {
        case .satDoublingMul, .satDoublingMulAcc, .satDoublingMulSub:
            var o = operation(.simdScalarThreeDifferent, op, w)
            o.q = false
            return o
        default: return nil
        }
    }

    /// `scalar`: one element, from the low lanes, into a cleared register.
    static func execute(_ o: SemanticOperation, _ cpu: CPUState, scalar: Bool = false) {
        let kind = Operation(rawValue: o.op)!, shape = kind.shape
        let q = o.q, signed = o.signed, esize = o.elementBits, rounding = o.has(.round)
        let n = Vec128(cpu, o.vn), m = Vec128(cpu, o.vm), d = Vec128(cpu, o.vd)
        if kind == .polyMul && esize == 64 {
            let p = IntElement.polynomialMultiply(n[q ? 1 : 0, 64], m[q ? 1 : 0, 64], bits: 64)
            return cpu.setV(o.vd, lo: UInt64(truncatingIfNeeded: p), hi: UInt64(truncatingIfNeeded: p >> 64))
        }
        let count = scalar ? 1 : 64 / esize, part = q ? 64 / esize : 0, wide = 2 * esize
        var r = shape == .narrowHigh ? (q ? d : Vec128()) : Vec128()
        var qc = false
        for i in 0..<count {
            if shape == .narrowHigh {
                let a = Int128(n[i, wide]), b = Int128(m[i, wide])
                var v = kind == .addNarrowHigh ? a + b : a - b
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
            case .addLong, .addWide, .addNarrowHigh: v = IntElement.wrap(a + b, wide)
            case .subLong, .subWide, .subNarrowHigh: v = IntElement.wrap(a - b, wide)
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
        r.store(cpu, o.vd)
        cpu.setSaturated(qc)
    }
}
