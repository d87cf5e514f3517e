// Scalar floating point out of line: conversions to and from integers (with the
// rounding modes and saturation x86 lacks), fixed point, FCCMP/FCCMPE, FRINT*
// and FMAX/FMIN/FMAXNM/FMINNM; under FPCR.FZ or a directed RMode (translations are
// specialised on FPCR) also the arithmetic, FCVT and FCMP the lifter otherwise inlines.
// Single (ftype 00) and double (ftype 01) only, but for FCVT to and from half precision.

enum ScalarFPSemantics {
    private enum IntConvert { case toInt(FloatingPointRoundingRule, signed: Bool), fromInt(signed: Bool), moveOut, moveIn }

    private static func intConvert(_ w: UInt32) -> IntConvert? {
        let sf = w.bit(31), ftype = w.bits(23, 22)
        switch (w.bits(20, 19), w.bits(18, 16)) {
        case (_, 6), (_, 7):  // FMOV: Wn<->Sd, Xn<->Dd, Xn<->Vd.D[1]
            let ok = w.bits(20, 19) == 0 ? (ftype == 0 && !sf) || (ftype == 1 && sf) : w.bits(20, 19) == 1 && ftype == 2 && sf
            return ok ? (w.bits(18, 16) == 6 ? .moveOut : .moveIn) : nil
        default: break
        }
        guard ftype < 2 else { return nil }
        switch (w.bits(20, 19), w.bits(18, 16)) {
        case (0, 2), (0, 3): return .fromInt(signed: w.bits(18, 16) == 2)
        case (0, 0), (0, 1): return .toInt(.toNearestOrEven, signed: w.bits(18, 16) == 0)
        case (0, 4), (0, 5): return .toInt(.toNearestOrAwayFromZero, signed: w.bits(18, 16) == 4)
        case (1, 0), (1, 1): return .toInt(.up, signed: w.bits(18, 16) == 0)
        case (2, 0), (2, 1): return .toInt(.down, signed: w.bits(18, 16) == 0)
        case (3, 0), (3, 1): return .toInt(.towardZero, signed: w.bits(18, 16) == 0)
        default: return nil
        }
    }

    static func supportsIntConvert(_ w: UInt32) -> Bool { intConvert(w) != nil }

    /// Reads the FP source as a Double (exact for single precision), flushed under FPCR.FZ.
    private static func source(_ cpu: CPUState, _ n: Int, double: Bool) -> Double {
        let lo = cpu.v(n).lo, c = FPControl(cpu)
        return double ? FPRules.flush(Double(lane: lo), c) : Double(FPRules.flush(Float(lane: lo), c))
    }

    private static func setGeneral(_ cpu: CPUState, _ d: Int, _ v: UInt64, sf: Bool) {
        if d != 31 { cpu.setX(d, sf ? v : v & 0xFFFF_FFFF) }
    }

    private static func general(_ cpu: CPUState, _ n: Int) -> UInt64 { n == 31 ? 0 : cpu.x(n) }

    private static func fromInt(_ v: UInt64, sf: Bool, signed: Bool, fbits: Int, double: Bool, _ c: FPControl) -> UInt64 {
        let bits = sf ? 64 : 32
        return double ? FPRules.fromFixed(v, bits: bits, signed: signed, fbits: fbits, c, as: Double.self).lane
                      : FPRules.fromFixed(v, bits: bits, signed: signed, fbits: fbits, c, as: Float.self).lane
    }

    static func executeIntConvert(_ w: UInt32, _ cpu: CPUState) {
        guard let op = intConvert(w) else { return }
        let sf = w.bit(31), double = w.bits(23, 22) == 1, n = Int(w.rn), d = Int(w.rd)
        switch op {
        case .toInt(let rule, let signed):
            setGeneral(cpu, d, FPRules.toFixed(source(cpu, n, double: double), fbits: 0, rule: rule, signed: signed,
                                               bits: sf ? 64 : 32, FPControl(cpu)), sf: sf)
        case .fromInt(let signed):
            cpu.setV(d, lo: fromInt(general(cpu, n), sf: sf, signed: signed, fbits: 0, double: double, FPControl(cpu)), hi: 0)
        case .moveOut:
            setGeneral(cpu, d, w.bits(23, 22) == 2 ? cpu.v(n).hi : cpu.v(n).lo, sf: sf)
        case .moveIn:
            let v = general(cpu, n)
            if w.bits(23, 22) == 2 { cpu.setV(d, lo: cpu.v(d).lo, hi: v) } else { cpu.setV(d, lo: sf ? v : v & 0xFFFF_FFFF, hi: 0) }
        }
    }

    // MARK: fixed point

    static func supportsFixedConvert(_ w: UInt32) -> Bool {
        guard w.bits(23, 22) < 2, w.bit(31) || w.bit(15) else { return false }
        switch (w.bits(20, 19), w.bits(18, 16)) {
        case (0, 2), (0, 3), (3, 0), (3, 1): return true
        default: return false
        }
    }

    static func executeFixedConvert(_ w: UInt32, _ cpu: CPUState) {
        let sf = w.bit(31), double = w.bits(23, 22) == 1, fbits = 64 - Int(w.bits(15, 10))
        let signed = w.bits(16, 16) == 0, n = Int(w.rn), d = Int(w.rd)
        if w.bits(20, 19) == 0 {
            cpu.setV(d, lo: fromInt(general(cpu, n), sf: sf, signed: signed, fbits: fbits, double: double, FPControl(cpu)),
                     hi: 0)
        } else {
            let v = FPRules.toFixed(source(cpu, n, double: double), fbits: fbits, rule: .towardZero, signed: signed,
                                    bits: sf ? 64 : 32, FPControl(cpu))
            setGeneral(cpu, d, v, sf: sf)
        }
    }

    // MARK: FCCMP, FRINT*, FMAX/FMIN

    static func supportsCondCompare(_ w: UInt32) -> Bool { w.bits(23, 22) < 2 }

    /// FCCMP/FCCMPE: compare when the condition holds, else set NZCV from the immediate.
    static func executeCondCompare(_ w: UInt32, _ cpu: CPUState) {
        guard FPRules.conditionHolds(w.bits(15, 12), cpu.nzcv) else { return cpu.nzcv = w.bits(3, 0) << 28 }
        compare(w, cpu, zero: false)
    }

    /// NZCV from comparing Vn with Vm (or +0.0).
    private static func compare(_ w: UInt32, _ cpu: CPUState, zero: Bool) {
        let a = cpu.v(Int(w.rn)).lo, b = zero ? 0 : cpu.v(Int(w.rm)).lo, c = FPControl(cpu)
        let signaling = w.bit(4)  // FCMPE, FCCMPE
        cpu.nzcv = w.bits(23, 22) == 1 ? FPRules.compareFlags(Double(lane: a), Double(lane: b), c, signaling: signaling)
                                       : FPRules.compareFlags(Float(lane: a), Float(lane: b), c, signaling: signaling)
    }

    // MARK: FPCR.FZ / RMode: every scalar arithmetic form (the inline IR assumes nearest, no FZ)

    static func supportsCompare(_ w: UInt32) -> Bool { w.bits(23, 22) < 2 }

    /// FCMP/FCMPE (register or #0.0); FZ flushes subnormal operands.
    static func executeCompare(_ w: UInt32, _ cpu: CPUState) { compare(w, cpu, zero: w.bit(3)) }

    static func supportsDataProcessing1(_ w: UInt32) -> Bool {
        if HalfPrecision.supportsScalarConvert(w) { return true }
        guard w.bits(23, 22) < 2 else { return false }
        switch w.bits(20, 15) {
        case 0...3, 8...12, 14...19: return true  // 16-19: FRINT32Z/X, FRINT64Z/X
        case 4, 5: return w.bits(16, 15) != w.bits(23, 22)  // FCVT to the other precision
        default: return false
        }
    }

    /// FMOV/FABS/FNEG/FSQRT/FCVT/FRINT*.
    static func executeDataProcessing1(_ w: UInt32, _ cpu: CPUState) {
        if HalfPrecision.supportsScalarConvert(w) { return HalfPrecision.executeScalarConvert(w, cpu) }
        let c = FPControl(cpu), x = cpu.v(Int(w.rn)).lo, dbl = w.bits(23, 22) == 1
        let sign: UInt64 = dbl ? 1 << 63 : 1 << 31, mask: UInt64 = dbl ? ~0 : 0xFFFF_FFFF
        let r: UInt64
        switch w.bits(20, 15) {
        case 0: r = x & mask
        case 1: r = x & mask & ~sign
        case 2: r = (x ^ sign) & mask
        case 3: r = dbl ? FPRules.sqrt(Double(lane: x), c).lane : FPRules.sqrt(Float(lane: x), c).lane
        case 4: r = FPRules.narrow(Double(lane: x), c).lane
        case 5: r = FPRules.widen(Float(lane: x), c).lane
        case 16...19:  // FRINT32Z, FRINT32X, FRINT64Z, FRINT64X
            let intBits = w.bit(16) ? 64 : 32, rule = w.bit(15) ? c.rounding : .towardZero
            var exc = FPExceptions()
            r = dbl ? FPRules.roundIntN(Double(lane: x), intBits: intBits, rule, c, &exc).lane
                    : FPRules.roundIntN(Float(lane: x), intBits: intBits, rule, c, &exc).lane
            cpu.raise(exc)
        default: return executeRound(w, cpu)
        }
        cpu.setV(Int(w.rd), lo: r, hi: 0)
    }

    static func supportsDataProcessing2(_ w: UInt32) -> Bool { w.bits(23, 22) < 2 && w.bits(15, 12) <= 8 }

    /// FMUL/FDIV/FADD/FSUB/FMAX/FMIN/FMAXNM/FMINNM/FNMUL.
    static func executeDataProcessing2(_ w: UInt32, _ cpu: CPUState) {
        let opcode = w.bits(15, 12)
        if (4...7).contains(opcode) { return executeMinMax(w, cpu) }
        let ops: [FPArith] = [.mul, .div, .add, .sub, .mul, .mul, .mul, .mul, .mul]
        let c = FPControl(cpu), a = cpu.v(Int(w.rn)).lo, b = cpu.v(Int(w.rm)).lo, dbl = w.bits(23, 22) == 1
        var r = dbl ? FPRules.arith(ops[Int(opcode)], Double(lane: a), Double(lane: b), c).lane
                    : FPRules.arith(ops[Int(opcode)], Float(lane: a), Float(lane: b), c).lane
        if opcode == 8 { r ^= dbl ? 1 << 63 : 1 << 31 }  // FNMUL: FPNeg(FPMul)
        cpu.setV(Int(w.rd), lo: r, hi: 0)
    }

    static func supportsDataProcessing3(_ w: UInt32) -> Bool { w.bits(23, 22) < 2 }

    /// FMADD a+n*m, FMSUB a-n*m, FNMADD -a-n*m, FNMSUB -a+n*m (negations before FPMulAdd).
    static func executeDataProcessing3(_ w: UInt32, _ cpu: CPUState) {
        let o1 = w.bit(21), o0 = w.bit(15), dbl = w.bits(23, 22) == 1, c = FPControl(cpu)
        let sign: UInt64 = dbl ? 1 << 63 : 1 << 31
        let a = cpu.v(Int(w.ra)).lo ^ (o1 ? sign : 0), n = cpu.v(Int(w.rn)).lo ^ (o1 != o0 ? sign : 0)
        let m = cpu.v(Int(w.rm)).lo
        let r = dbl ? FPRules.mulAdd(Double(lane: a), Double(lane: n), Double(lane: m), c).lane
                    : FPRules.mulAdd(Float(lane: a), Float(lane: n), Float(lane: m), c).lane
        cpu.setV(Int(w.rd), lo: r, hi: 0)
    }

    private static func roundRule(_ w: UInt32, _ c: FPControl) -> FloatingPointRoundingRule? {
        switch w.bits(20, 15) {
        case 8: return .toNearestOrEven
        case 9: return .up
        case 10: return .down
        case 11: return .towardZero
        case 12: return .toNearestOrAwayFromZero
        case 14, 15: return c.rounding
        default: return nil
        }
    }

    static func supportsRound(_ w: UInt32) -> Bool { w.bits(23, 22) < 2 && roundRule(w, FPControl(0)) != nil }

    static func executeRound(_ w: UInt32, _ cpu: CPUState) {
        let c = FPControl(cpu)
        guard let rule = roundRule(w, c) else { return }
        let x = cpu.v(Int(w.rn)).lo
        let exact = w.bits(20, 15) == 14  // FRINTX
        let r = w.bits(23, 22) == 1 ? FPRules.roundInt(Double(lane: x), rule, c, exact: exact).lane
                                    : FPRules.roundInt(Float(lane: x), rule, c, exact: exact).lane
        cpu.setV(Int(w.rd), lo: r, hi: 0)
    }

    static func supportsMinMax(_ w: UInt32) -> Bool { w.bits(23, 22) < 2 && (4...7).contains(w.bits(15, 12)) }

    static func executeMinMax(_ w: UInt32, _ cpu: CPUState) {
        let c = FPControl(cpu), opcode = w.bits(15, 12)
        let isMax = opcode & 1 == 0, numeric = opcode >= 6
        let a = cpu.v(Int(w.rn)).lo, b = cpu.v(Int(w.rm)).lo
        let r = w.bits(23, 22) == 1
            ? FPRules.maxMin(Double(lane: a), Double(lane: b), isMax: isMax, numeric: numeric, c).lane
            : FPRules.maxMin(Float(lane: a), Float(lane: b), isMax: isMax, numeric: numeric, c).lane
        cpu.setV(Int(w.rd), lo: r, hi: 0)
    }
}
