// Advanced SIMD floating point, vector and scalar: three same, two-register misc,
// across lanes, scalar pairwise, and the fixed-point conversions of shift-immediate.
// Single and double precision; of half precision only FCVTL/FCVTN (FPHalfPrecision.swift).

enum SIMDFloatSemantics {
    // MARK: three same

    private static func threeSameOp(_ w: UInt32, scalar: Bool) -> (FPBinOp, pairwise: Bool)? {
        guard w.bits(15, 14) == 0b11 else { return nil }
        return FloatElement.threeSame(u: w.bit(29), a: w.bit(23), w.bits(13, 11), scalar: scalar)
    }

    static func supportsThreeSame(_ w: UInt32) -> Bool {
        threeSameOp(w, scalar: false) != nil && !(w.bit(22) && !w.bit(30))
    }

    static func supportsScalarThreeSame(_ w: UInt32) -> Bool { threeSameOp(w, scalar: true) != nil }

    static func executeThreeSame(_ w: UInt32, _ cpu: CPUState, scalar: Bool = false) {
        guard let (op, pairwise) = threeSameOp(w, scalar: scalar) else { return }
        if w.bit(22) { threeSame(op, pairwise, w, cpu, scalar, Double.self) } else { threeSame(op, pairwise, w, cpu, scalar, Float.self) }
    }

    private static func threeSame<F: ARMFloat>(_ op: FPBinOp, _ pairwise: Bool, _ w: UInt32, _ cpu: CPUState,
                                               _ scalar: Bool, _: F.Type) {
        let e = F.Bits.bitWidth, c = FPControl(cpu)
        let count = scalar ? 1 : (w.bit(30) ? 128 : 64) / e
        let a = Vec128(cpu, Int(w.rn)), b = Vec128(cpu, Int(w.rm)), d = Vec128(cpu, Int(w.rd))
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
        r.store(cpu, Int(w.rd))
    }

    // MARK: two-register misc

    static func supportsTwoRegMisc(_ w: UInt32) -> Bool {
        let opcode = w.bits(16, 12), sz = w.bit(22), q = w.bit(30)
        if HalfPrecision.supportsVectorConvert(w) { return true }  // FCVTN/FCVTL with 16-bit lanes
        if w.bits(23, 22) == 0b01 && (opcode == 0b10110 || (opcode == 0b10111 && !w.bit(29))) { return true }  // FCVTN/FCVTXN/FCVTL
        guard let op = FloatElement.twoRegMisc(u: w.bit(29), a: w.bit(23), opcode) else { return false }
        return FloatElement.isVectorForm(op, double: sz) && !(sz && !q)
    }

    static func executeTwoRegMisc(_ w: UInt32, _ cpu: CPUState) {
        if HalfPrecision.supportsVectorConvert(w) { return HalfPrecision.executeVectorConvert(w, cpu) }
        let c = FPControl(cpu), q = w.bit(30), opcode = w.bits(16, 12)
        let a = Vec128(cpu, Int(w.rn))
        if opcode == 0b10111 {  // FCVTL(2): single -> double from the low or high half
            let base = q ? 2 : 0
            let r = Vec128(lo: FPRules.widen(Float(lane: a[base, 32]), c).lane,
                           hi: FPRules.widen(Float(lane: a[base + 1, 32]), c).lane)
            return r.store(cpu, Int(w.rd))
        }
        if opcode == 0b10110 {  // FCVTN(2) / FCVTXN(2): double -> single into the low or high half
            var r = q ? Vec128(lo: Vec128(cpu, Int(w.rd)).lo, hi: 0) : Vec128()
            for i in 0..<2 {
                r[(q ? 2 : 0) + i, 32] = FPRules.narrow(Double(lane: a[i, 64]), c, roundToOdd: w.bit(29)).lane
            }
            return r.store(cpu, Int(w.rd))
        }
        guard let op = FloatElement.twoRegMisc(u: w.bit(29), a: w.bit(23), opcode) else { return }
        let dbl = w.bit(22), e = dbl ? 64 : 32
        var r = Vec128(), exc = FPExceptions()
        for i in 0..<(q ? 128 : 64) / e {
            r[i, e] = dbl ? FloatElement.unary(op, a[i, e], c, Double.self, &exc)
                          : FloatElement.unary(op, a[i, e], c, Float.self, &exc)
        }
        r.store(cpu, Int(w.rd), q: q)
        cpu.raise(exc)
    }

    static func supportsScalarTwoRegMisc(_ w: UInt32) -> Bool {
        if w.bits(16, 12) == 0b10110 { return w.bit(29) && w.bits(23, 22) == 0b01 }  // FCVTXN Sd, Dn
        guard let op = FloatElement.twoRegMisc(u: w.bit(29), a: w.bit(23), w.bits(16, 12)) else { return false }
        return FloatElement.isScalarForm(op)
    }

    static func executeScalarTwoRegMisc(_ w: UInt32, _ cpu: CPUState) {
        let c = FPControl(cpu), x = Vec128(cpu, Int(w.rn))
        if w.bits(16, 12) == 0b10110 {
            return cpu.setV(Int(w.rd), lo: FPRules.narrow(Double(lane: x.lo), c, roundToOdd: true).lane, hi: 0)
        }
        guard let op = FloatElement.twoRegMisc(u: w.bit(29), a: w.bit(23), w.bits(16, 12)) else { return }
        var exc = FPExceptions()
        let v = w.bit(22) ? FloatElement.unary(op, x.lo, c, Double.self, &exc)
                          : FloatElement.unary(op, x.lo & 0xFFFF_FFFF, c, Float.self, &exc)
        cpu.setV(Int(w.rd), lo: v, hi: 0)
        cpu.raise(exc)
    }

    // MARK: across lanes and scalar pairwise

    private static func reduceOp(_ w: UInt32) -> FPBinOp? {
        switch (w.bits(16, 12), w.bit(23)) {
        case (0b01100, false): return .maxnm
        case (0b01100, true): return .minnm
        case (0b01111, false): return .max
        case (0b01111, true): return .min
        default: return nil
        }
    }

    /// FMAXV/FMINV/FMAXNMV/FMINNMV: 4S only.
    static func supportsAcrossLanes(_ w: UInt32) -> Bool {
        w.bit(29) && w.bit(30) && !w.bit(22) && reduceOp(w) != nil
    }

    static func executeAcrossLanes(_ w: UInt32, _ cpu: CPUState) {
        guard let op = reduceOp(w) else { return }
        let c = FPControl(cpu), a = Vec128(cpu, Int(w.rn))
        func f(_ x: UInt64, _ y: UInt64) -> UInt64 { FloatElement.binary(op, Float(lane: x), Float(lane: y), acc: 0, c) }
        cpu.setV(Int(w.rd), lo: f(f(a[0, 32], a[1, 32]), f(a[2, 32], a[3, 32])), hi: 0)
    }

    private static func pairwiseOp(_ w: UInt32) -> FPBinOp? {
        if w.bits(16, 12) == 0b01101 { return w.bit(23) ? nil : .add }
        return reduceOp(w)
    }

    /// Scalar pairwise: ADDP Dd, Vn.2D and the FP forms on 2S / 2D.
    static func supportsScalarPairwise(_ w: UInt32) -> Bool {
        if !w.bit(29) { return w.bits(16, 12) == 0b11011 && w.bits(23, 22) == 3 }
        return pairwiseOp(w) != nil
    }

    static func executeScalarPairwise(_ w: UInt32, _ cpu: CPUState) {
        let a = Vec128(cpu, Int(w.rn))
        if !w.bit(29) { return cpu.setV(Int(w.rd), lo: a.lo &+ a.hi, hi: 0) }
        guard let op = pairwiseOp(w) else { return }
        let c = FPControl(cpu)
        let v = w.bit(22) ? FloatElement.binary(op, Double(lane: a.lo), Double(lane: a.hi), acc: 0, c)
                          : FloatElement.binary(op, Float(lane: a[0, 32]), Float(lane: a[1, 32]), acc: 0, c)
        cpu.setV(Int(w.rd), lo: v, hi: 0)
    }

    // MARK: fixed-point conversions (shift by immediate, opcode 11100 / 11111)

    /// SCVTF/UCVTF/FCVTZS/FCVTZU (vector or scalar, fixed-point) for single or double.
    static func supportsFixedConvert(_ w: UInt32, scalar: Bool) -> Bool {
        let immh = w.bits(22, 19), opcode = w.bits(15, 11)
        guard opcode == 0b11100 || opcode == 0b11111, immh >= 0b0100 else { return false }
        return scalar || immh < 0b1000 || w.bit(30)
    }

    static func executeFixedConvert(_ w: UInt32, _ cpu: CPUState, scalar: Bool) {
        let immh = w.bits(22, 19), e = immh >= 0b1000 ? 64 : 32
        let fbits = 2 * e - Int(w.bits(22, 16)), signed = !w.bit(29), toFloat = w.bits(15, 11) == 0b11100
        let c = FPControl(cpu)
        let count = scalar ? 1 : (w.bit(30) ? 128 : 64) / e
        let a = Vec128(cpu, Int(w.rn))
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
        r.store(cpu, Int(w.rd))
    }
}
