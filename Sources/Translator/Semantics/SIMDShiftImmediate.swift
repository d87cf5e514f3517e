// Advanced SIMD shift by immediate, vector (Arm ARM C4.1.97) and scalar: right
// shifts with rounding/accumulation, left shifts, inserts, saturating shifts,
// narrowing and lengthening shifts. The FP fixed-point forms live in SIMDFloatSemantics.

enum SIMDShiftImmediate {
    enum Shape { case same, narrow, long }
    /// Modifiers: `round` and `accumulate` for the right shifts, source/destinationSigned for
    /// the saturating forms. `index` is the right shift amount, `index2` the left one.
    enum Operation: UInt8 {
        case shr, shl, sri, sli, satShl, shrn, satShrn, shll

        var shape: Shape {
            switch self {
            case .shr, .shl, .sri, .sli, .satShl: return .same
            case .shrn, .satShrn: return .narrow
            case .shll: return .long
            }
        }
    }

    private static func decode(_ w: InstructionWord, _ o: inout SemanticOperation) -> Operation? {
        let u = w.flag(.u), s = !u
        func with(_ m: OperandModifiers, _ op: Operation) -> Operation { o.modifiers.formUnion(m); return op }
        let both: OperandModifiers = s ? [.sourceSigned, .destinationSigned] : []
        switch (u, w[.opcode5]) {
        case (_, 0b00000): return .shr
        case (_, 0b00010): return with(.accumulate, .shr)
        case (_, 0b00100): return with(.round, .shr)
        case (_, 0b00110): return with([.round, .accumulate], .shr)
        case (true, 0b01000): return .sri
        case (false, 0b01010): return .shl
        case (true, 0b01010): return .sli
        case (true, 0b01100): return with(.sourceSigned, .satShl)  // SQSHLU
        case (_, 0b01110): return with(both, .satShl)
        case (false, 0b10000): return .shrn
        case (false, 0b10001): return with(.round, .shrn)
        case (true, 0b10000): return with(.sourceSigned, .satShrn)  // SQSHRUN
        case (true, 0b10001): return with([.round, .sourceSigned], .satShrn)   // SQRSHRUN
        case (_, 0b10010): return with(both, .satShrn)
        case (_, 0b10011): return with(both.union(.round), .satShrn)
        case (_, 0b10100): return .shll
        default: return nil
        }
    }

    /// Element bits from the highest set bit of immh (0 when immh is 0000, the modified-immediate space).
    private static func esize(_ w: InstructionWord) -> Int {
        let immh = w[.immh]
        return immh == 0 ? 0 : 8 << (31 - immh.leadingZeroBitCount)
    }

    private static func operation(_ family: OutOfLine, _ w: InstructionWord) -> (SemanticOperation, Operation)? {
        let e = esize(w), f = VectorOperands(w), immhb = Int(w[.immhb])
        var o = SemanticOperation(family, op: 0)
        guard e != 0, let op = decode(w, &o) else { return nil }
        o.op = op.rawValue
        (o.d, o.n, o.q, o.signed) = (f.vd.number, f.vn.number, f.q, !f.u)
        o.esize = UInt8(e); o.index = UInt8(2 * e - immhb); o.index2 = UInt8(immhb - e)
        return (o, op)
    }

    static func vector(_ w: InstructionWord) -> SemanticOperation? {
        guard esize(w) != 0 else { return nil }
        if let o = SIMDFloatSemantics.fixedConvert(w, scalar: false) { return o }
        guard let (o, op) = operation(.simdShiftImmediate, w) else { return nil }
        return op.shape == .same ? (o.esize < 64 || o.q ? o : nil) : (o.esize < 64 ? o : nil)
    }

    static func scalar(_ w: InstructionWord) -> SemanticOperation? {
        guard esize(w) != 0 else { return nil }
        if let o = SIMDFloatSemantics.fixedConvert(w, scalar: true) { return o }
        guard let (o, op) = operation(.simdScalarShiftImmediate, w) else { return nil }
        switch op {
        case .satShl: return o
        case .satShrn: return o.esize < 64 ? o : nil
        case .shrn, .shll: return nil
        case .shr, .shl, .sri, .sli: return o.esize == 64 ? o : nil
        }
    }

    static func execute(_ o: SemanticOperation, _ cpu: CPUState, scalar: Bool) {
        let op = Operation(rawValue: o.op)!
        let e = o.elementBits, q = o.q
        let right = Int(o.index), left = Int(o.index2)
        let a = Vec128(cpu, o.vn), d = Vec128(cpu, o.vd)
        let signed = o.signed, ones = laneMask(e), round = o.has(.round)
        let srcSigned = o.has(.sourceSigned), dstSigned = o.has(.destinationSigned)
        var r = Vec128(), qc = false
        switch op.shape {
        case .same:
            let count = scalar ? 1 : (q ? 128 : 64) / e, accumulate = o.has(.accumulate)
            for i in 0..<count {
                let x = a[i, e], acc = d[i, e]
                let v: UInt64
                switch op {
                case .shr:
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
                case .satShl:
                    v = IntElement.saturate(IntElement.wide(x, e, signed: srcSigned) << left, e, signed: dstSigned, qc: &qc)
                case .shrn, .satShrn, .shll: v = 0
                }
                r[i, e] = v
            }
            if !q && !scalar { r.hi = 0 }
        case .narrow:
            let count = scalar ? 1 : 64 / e, part = scalar || !q ? 0 : count
            if part != 0 { r.lo = d.lo }
            for i in 0..<count {
                let x = a[i, 2 * e]
                if op == .shrn {
                    let wide = Int128(x)
                    r[part + i, e] = IntElement.wrap((round ? wide + (Int128(1) << (right - 1)) : wide) >> right, e)
                } else {
                    let wide = IntElement.wide(x, 2 * e, signed: srcSigned)
                    let s = (round ? wide + (Int128(1) << (right - 1)) : wide) >> right
                    r[part + i, e] = IntElement.saturate(s, e, signed: dstSigned, qc: &qc)
                }
            }
        case .long:
            let count = 64 / e, part = q ? count : 0
            for i in 0..<count {
                r[i, 2 * e] = IntElement.wrap(IntElement.wide(a[part + i, e], e, signed: signed) << left, 2 * e)
            }
        }
        r.store(cpu, o.vd)
        cpu.setSaturated(qc)
    }
}
