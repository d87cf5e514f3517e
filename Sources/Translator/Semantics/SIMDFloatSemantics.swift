// Advanced SIMD floating point, vector and scalar: three same, two-register misc,
// across lanes, scalar pairwise, and the fixed-point conversions of shift-immediate.
// Single and double precision; of half precision only FCVTL/FCVTN (FPHalfPrecision.swift).

enum SIMDFloatSemantics {
    // MARK: three same

    /// FP three same (opcode 11xxx): `op` is an FPBinOp, `pairwise` for the P forms.
    static func threeSame(_ w: InstructionWord, scalar: Bool) -> SemanticOperation? {
        guard w[.fpOpcodeHigh] == 0b11,
              let (op, pairwise) = FloatElement.threeSame(u: w.flag(.u), a: w.flag(.sizeHigh), w[.opcode3], scalar: scalar)
        else { return nil }
        let f = VectorOperands(w), double = w.flag(.sz)
        guard scalar || !(double && !f.q) else { return nil }
        var o = SemanticOperation(scalar ? .simdScalarFloatThreeSame : .simdFloatThreeSame, op: op.rawValue)
        (o.d, o.n, o.m, o.q) = (f.vd.number, f.vn.number, f.vm.number, f.q)
        o.esize = double ? 64 : 32
        if pairwise { o.modifiers.insert(.pairwise) }
        return o
    }

    static func executeThreeSame(_ o: SemanticOperation, _ cpu: CPUState, scalar: Bool) {
        let op = FPBinOp(rawValue: o.op)!
        if o.esize == 64 { threeSame(op, o, cpu, scalar, Double.self) } else { threeSame(op, o, cpu, scalar, Float.self) }
    }

    private static func threeSame<F: ARMFloat>(_ op: FPBinOp, _ o: SemanticOperation, _ cpu: CPUState,
                                               _ scalar: Bool, _: F.Type) {
        let e = F.Bits.bitWidth, c = FPControl(cpu), pairwise = o.has(.pairwise)
        let count = scalar ? 1 : (o.q ? 128 : 64) / e
        let a = Vec128(cpu, o.vn), b = Vec128(cpu, o.vm), d = Vec128(cpu, o.vd)
        var r = Vec128()
        for i in 0..<count {
            let x: UInt64, y: UInt64
            if pairwise {
                let src = i < count / 2 ? a : b, j = (i % (count / 2)) * 2
                x = src[j, e]; y = src[j + 1, e]
            } else {
                x = a[i, e]; y = b[i, e]
            }
            r[i, e] = FloatElement.binary(op, F(lane: x), F(lane: y), acc: F(lane: d[i, e]), c)
        }
        r.store(cpu, o.vd)
    }

    // MARK: two-register misc

    private static func twoRegisters(_ family: OutOfLine, _ op: FPUnOp, _ w: InstructionWord) -> SemanticOperation {
        let f = VectorOperands(w)
        var o = SemanticOperation(family, op: op.rawValue)
        (o.d, o.n, o.q) = (f.vd.number, f.vn.number, f.q)
        o.esize = w.flag(.sz) ? 64 : 32
        return o
    }

    static func twoRegMisc(_ w: InstructionWord) -> SemanticOperation? {
        if let o = HalfPrecision.vectorConvert(w) { return o }  // FCVTN/FCVTL with 16-bit lanes
        let opcode = w[.miscOpcode], size = w[.esize], u = w.flag(.u)
        if size == 0b01 && (opcode == 0b10110 || (opcode == 0b10111 && !u)) {  // FCVTN/FCVTXN/FCVTL
            var o = twoRegisters(.simdFloatTwoRegMisc, opcode == 0b10111 ? .widen : .narrow, w)
            if u { o.modifiers.insert(.round) }  // FCVTXN: round to odd
            return o
        }
        var o = twoRegisters(.simdFloatTwoRegMisc, .abs, w)
        guard let op = FloatElement.twoRegMisc(u: u, a: w.flag(.sizeHigh), opcode, &o),
              FloatElement.isVectorForm(op, double: o.esize == 64), !(o.esize == 64 && !o.q) else { return nil }
        o.op = op.rawValue
        return o
    }

    static func executeTwoRegMisc(_ o: SemanticOperation, _ cpu: CPUState) {
        let c = FPControl(cpu), q = o.q, op = FPUnOp(rawValue: o.op)!
        let a = Vec128(cpu, o.vn)
        if op == .widen {  // FCVTL(2): single -> double from the low or high half
            let base = q ? 2 : 0
            let r = Vec128(lo: FPRules.widen(Float(lane: a[base, 32]), c).lane,
                           hi: FPRules.widen(Float(lane: a[base + 1, 32]), c).lane)
            return r.store(cpu, o.vd)
        }
        if op == .narrow {  // FCVTN(2) / FCVTXN(2): double -> single into the low or high half
            var r = q ? Vec128(lo: Vec128(cpu, o.vd).lo, hi: 0) : Vec128()
            for i in 0..<2 {
                r[(q ? 2 : 0) + i, 32] = FPRules.narrow(Double(lane: a[i, 64]), c, roundToOdd: o.has(.round)).lane
            }
            return r.store(cpu, o.vd)
        }
        let e = o.elementBits
        var r = Vec128(), exc = FPExceptions()
        for i in 0..<(q ? 128 : 64) / e {
            r[i, e] = e == 64 ? FloatElement.unary(op, o, a[i, e], c, Double.self, &exc)
                              : FloatElement.unary(op, o, a[i, e], c, Float.self, &exc)
        }
        r.store(cpu, o.vd, q: q)
        cpu.raise(exc)
    }

    static func scalarTwoRegMisc(_ w: InstructionWord) -> SemanticOperation? {
        let u = w.flag(.u)
        if w[.miscOpcode] == 0b10110 {  // FCVTXN Sd, Dn
            guard u && w[.esize] == 0b01 else { return nil }
            var o = twoRegisters(.simdScalarFloatTwoRegMisc, .narrow, w)
            o.modifiers.insert(.round)
            return o
        }
        var o = twoRegisters(.simdScalarFloatTwoRegMisc, .abs, w)
        guard let op = FloatElement.twoRegMisc(u: u, a: w.flag(.sizeHigh), w[.miscOpcode], &o),
              FloatElement.isScalarForm(op) else { return nil }
        o.op = op.rawValue
        return o
    }

    static func executeScalarTwoRegMisc(_ o: SemanticOperation, _ cpu: CPUState) {
        let c = FPControl(cpu), x = Vec128(cpu, o.vn), op = FPUnOp(rawValue: o.op)!
        if op == .narrow {
            return cpu.setV(o.vd, lo: FPRules.narrow(Double(lane: x.lo), c, roundToOdd: true).lane, hi: 0)
        }
        var exc = FPExceptions()
        let v = o.esize == 64 ? FloatElement.unary(op, o, x.lo, c, Double.self, &exc)
                              : FloatElement.unary(op, o, x.lo & 0xFFFF_FFFF, c, Float.self, &exc)
        cpu.setV(o.vd, lo: v, hi: 0)
        cpu.raise(exc)
    }

    // MARK: across lanes and scalar pairwise

    private static func reduceOp(_ w: InstructionWord) -> FPBinOp? {
        switch (w[.miscOpcode], w.flag(.sizeHigh)) {
        case (0b01100, false): return .maxnm
        case (0b01100, true): return .minnm
        case (0b01111, false): return .max
        case (0b01111, true): return .min
        default: return nil
        }
    }

    /// FMAXV/FMINV/FMAXNMV/FMINNMV: 4S only.
    static func acrossLanes(_ w: InstructionWord) -> SemanticOperation? {
        guard w.flag(.u) && w.flag(.q) && !w.flag(.sz), let op = reduceOp(w) else { return nil }
        return twoRegisters(.simdFloatAcrossLanes, .abs, w).with(op: op.rawValue)
    }

    static func executeAcrossLanes(_ o: SemanticOperation, _ cpu: CPUState) {
        let op = FPBinOp(rawValue: o.op)!
        let c = FPControl(cpu), a = Vec128(cpu, o.vn)
        func f(_ x: UInt64, _ y: UInt64) -> UInt64 { FloatElement.binary(op, Float(lane: x), Float(lane: y), acc: 0, c) }
        cpu.setV(o.vd, lo: f(f(a[0, 32], a[1, 32]), f(a[2, 32], a[3, 32])), hi: 0)
    }

    /// Scalar pairwise: ADDP Dd, Vn.2D (`subOp` 1) and the FP forms on 2S / 2D (`op` an FPBinOp).
    static func scalarPairwise(_ w: InstructionWord) -> SemanticOperation? {
        var o = twoRegisters(.simdScalarPairwise, .abs, w)
        if !w.flag(.u) {
            guard w[.miscOpcode] == 0b11011 && w[.esize] == 3 else { return nil }
            o.subOp = 1
            return o
        }
        let op: FPBinOp?
        if w[.miscOpcode] == 0b01101 { op = w.flag(.sizeHigh) ? nil : .add } else { op = reduceOp(w) }
        guard let op else { return nil }
        return o.with(op: op.rawValue)
    }

    static func executeScalarPairwise(_ o: SemanticOperation, _ cpu: CPUState) {
        let a = Vec128(cpu, o.vn)
        if o.subOp == 1 { return cpu.setV(o.vd, lo: a.lo &+ a.hi, hi: 0) }
        let op = FPBinOp(rawValue: o.op)!, c = FPControl(cpu)
        let v = o.esize == 64 ? FloatElement.binary(op, Double(lane: a.lo), Double(lane: a.hi), acc: 0, c)
                              : FloatElement.binary(op, Float(lane: a[0, 32]), Float(lane: a[1, 32]), acc: 0, c)
        cpu.setV(o.vd, lo: v, hi: 0)
    }

    // MARK: fixed-point conversions (shift by immediate, opcode 11100 / 11111)

    /// SCVTF/UCVTF/FCVTZS/FCVTZU (vector or scalar, fixed-point) for single or double:
    /// `op` fromInt or toInt, `index` the fraction bits.
    static func fixedConvert(_ w: InstructionWord, scalar: Bool) -> SemanticOperation? {
        let immh = w[.immh], opcode = w[.opcode5], q = w.flag(.q)
        guard opcode == 0b11100 || opcode == 0b11111, immh >= 0b0100, scalar || immh < 0b1000 || q else { return nil }
        let e = immh >= 0b1000 ? 64 : 32
        var o = SemanticOperation(scalar ? .simdScalarFixedConvert : .simdFixedConvert,
                                  op: (opcode == 0b11100 ? FPUnOp.fromInt : FPUnOp.toInt).rawValue)
        (o.d, o.n, o.q, o.signed) = (w.vreg(.rd).number, w.vreg(.rn).number, q, !w.flag(.u))
        o.esize = UInt8(e); o.index = UInt8(2 * e - Int(w[.immhb]))
        return o
    }

    static func executeFixedConvert(_ o: SemanticOperation, _ cpu: CPUState, scalar: Bool) {
        let e = o.elementBits, fbits = Int(o.index), signed = o.signed, toFloat = FPUnOp(rawValue: o.op)! == .fromInt
        let c = FPControl(cpu)
        let count = scalar ? 1 : (o.q ? 128 : 64) / e
        let a = Vec128(cpu, o.vn)
        var r = Vec128()
        for i in 0..<count {
            let x = a[i, e]
            if toFloat {
                r[i, e] = e == 64 ? FPRules.fromFixed(x, bits: 64, signed: signed, fbits: fbits, c, as: Double.self).lane
                                  : FPRules.fromFixed(x, bits: 32, signed: signed, fbits: fbits, c, as: Float.self).lane
            } else {
                let v = e == 64 ? FPRules.flush(Double(lane: x), c) : Double(FPRules.flush(Float(lane: x), c))
                r[i, e] = FPRules.toFixed(v, fbits: fbits, rule: .towardZero, signed: signed, bits: e, c)
            }
        }
        r.store(cpu, o.vd)
    }
}

extension SemanticOperation {
    /// The same operands with another operation.
    func with(op: UInt8) -> SemanticOperation {
        var o = self
        o.op = op
        return o
    }
}
