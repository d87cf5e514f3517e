// Scalar floating point out of line: conversions to and from integers (with the
// rounding modes and saturation x86 lacks), fixed point, FCCMP/FCCMPE, FRINT*
// and FMAX/FMIN/FMAXNM/FMINNM; under FPCR.FZ or a directed RMode (translations are
// specialised on FPCR) also the arithmetic, FCVT and FCMP the lifter otherwise inlines.
// Single (ftype 00) and double (ftype 01) only, but for FCVT to and from half precision.
// Operands: `esize` 32 or 64 is the FP precision, `wide` a 64-bit general register (sf).

enum ScalarFPSemantics {
    /// FCVT*/SCVTF/UCVTF and FMOV between general and FP registers (`index` 1: Vd.D[1]).
    enum IntConvert: UInt8 { case toInt, fromInt, moveOut, moveIn }

    /// FMOV/FABS/FNEG/FSQRT/FCVT (single <-> double)/FRINT32/64 (`index` bits)/FRINT*.
    enum DataProcessing1: UInt8 { case mov, abs, neg, sqrt, narrow, widen, roundIntN, round }

    /// Registers (m and a only for the forms that read them), precision and sf.
    private static func scalar(_ family: OutOfLine, op: UInt8, _ w: InstructionWord, m: Bool = false,
                               a: Bool = false) -> SemanticOperation {
        let f = FloatOperands(w)
        var o = SemanticOperation(family, op: op)
        (o.d, o.n) = (f.vd.number, f.vn.number)
        if m { o.m = f.vm.number }
        if a { o.a = f.va.number }
        o.esize = f.ftype == 1 ? 64 : 32
        if w.flag(.sf) { o.modifiers.insert(.wide) }
        return o
    }

    static func intConvert(_ w: InstructionWord) -> SemanticOperation? {
        let sf = w.flag(.sf), ftype = w[.ftype], rmode = w[.rmode], opcode = w[.fpOpcode]
        switch opcode {
        case 6, 7:  // FMOV: Wn<->Sd, Xn<->Dd, Xn<->Vd.D[1]
            let ok = rmode == 0 ? (ftype == 0 && !sf) || (ftype == 1 && sf) : rmode == 1 && ftype == 2 && sf
            guard ok else { return nil }
            var o = scalar(.fpIntConvert, op: (opcode == 6 ? IntConvert.moveOut : .moveIn).rawValue, w)
            o.index = ftype == 2 ? 1 : 0
            return o
        default: break
        }
        guard ftype < 2 else { return nil }
        var o = scalar(.fpIntConvert, op: IntConvert.toInt.rawValue, w)
        switch (rmode, opcode) {
        case (0, 2), (0, 3): o.op = IntConvert.fromInt.rawValue; o.signed = opcode == 2; return o
        case (0, 0), (0, 1): o.rounding = .nearestEven
        case (0, 4), (0, 5): o.rounding = .nearestAway
        case (1, 0), (1, 1): o.rounding = .up
        case (2, 0), (2, 1): o.rounding = .down
        case (3, 0), (3, 1): o.rounding = .towardZero
        default: return nil
        }
        o.signed = opcode & 1 == 0
        return o
    }

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

    static func executeIntConvert(_ o: SemanticOperation, _ cpu: CPUState) {
        let sf = o.has(.wide), double = o.esize == 64, n = o.vn, d = o.vd
        switch IntConvert(rawValue: o.op)! {
        case .toInt:
            let c = FPControl(cpu)
            setGeneral(cpu, d, FPRules.toFixed(source(cpu, n, double: double), fbits: 0, rule: o.rounding.rule(c),
                                               signed: o.signed, bits: sf ? 64 : 32, c), sf: sf)
        case .fromInt:
            cpu.setV(d, lo: fromInt(general(cpu, n), sf: sf, signed: o.signed, fbits: 0, double: double, FPControl(cpu)), hi: 0)
        case .moveOut:
            setGeneral(cpu, d, o.index == 1 ? cpu.v(n).hi : cpu.v(n).lo, sf: sf)
        case .moveIn:
            let v = general(cpu, n)
            if o.index == 1 { cpu.setV(d, lo: cpu.v(d).lo, hi: v) } else { cpu.setV(d, lo: sf ? v : v & 0xFFFF_FFFF, hi: 0) }
        }
    }

    // MARK: fixed point

    /// SCVTF/UCVTF/FCVTZS/FCVTZU (fixed point): `op` fromInt or toInt, `index` the fraction bits.
    static func fixedConvert(_ w: InstructionWord) -> SemanticOperation? {
        let scale = w[.scale]
        guard w[.ftype] < 2, w.flag(.sf) || scale >= 32 else { return nil }
        let op: IntConvert
        switch (w[.rmode], w[.fpOpcode]) {
        case (0, 2), (0, 3): op = .fromInt
        case (3, 0), (3, 1): op = .toInt
        default: return nil
        }
        var o = scalar(.fpFixedConvert, op: op.rawValue, w)
        o.signed = w[.fpOpcode] & 1 == 0
        o.index = UInt8(64 - Int(scale))
        return o
    }

    static func executeFixedConvert(_ o: SemanticOperation, _ cpu: CPUState) {
        let sf = o.has(.wide), double = o.esize == 64, fbits = Int(o.index)
        let signed = o.signed, n = o.vn, d = o.vd
        if IntConvert(rawValue: o.op)! == .fromInt {
            cpu.setV(d, lo: fromInt(general(cpu, n), sf: sf, signed: signed, fbits: fbits, double: double, FPControl(cpu)),
                     hi: 0)
        } else {
            let v = FPRules.toFixed(source(cpu, n, double: double), fbits: fbits, rule: .towardZero, signed: signed,
                                    bits: sf ? 64 : 32, FPControl(cpu))
            setGeneral(cpu, d, v, sf: sf)
        }
    }

    // MARK: FCCMP, FRINT*, FMAX/FMIN

    /// FCCMP/FCCMPE: `index` the condition, `index2` the NZCV when it fails.
    static func condCompare(_ w: InstructionWord) -> SemanticOperation? {
        guard w[.ftype] < 2 else { return nil }
        var o = scalar(.fpCondCompare, op: 0, w, m: true)
        o.index = UInt8(w[.cond]); o.index2 = UInt8(w[.fpNZCV])
        if w.flag(.fccmpOp) { o.modifiers.insert(.signaling) }
        return o
    }

    /// FCCMP/FCCMPE: compare when the condition holds, else set NZCV from the immediate.
    static func executeCondCompare(_ o: SemanticOperation, _ cpu: CPUState) {
        guard FPRules.conditionHolds(UInt32(o.index), cpu.nzcv) else { return cpu.nzcv = UInt32(o.index2) << 28 }
        compare(o, cpu)
    }

    /// NZCV from comparing Vn with Vm (or +0.0).
    private static func compare(_ o: SemanticOperation, _ cpu: CPUState) {
        let a = cpu.v(o.vn).lo, b = o.has(.withZero) ? 0 : cpu.v(o.vm).lo, c = FPControl(cpu)
        let signaling = o.has(.signaling)  // FCMPE, FCCMPE
        cpu.nzcv = o.esize == 64 ? FPRules.compareFlags(Double(lane: a), Double(lane: b), c, signaling: signaling)
                                 : FPRules.compareFlags(Float(lane: a), Float(lane: b), c, signaling: signaling)
    }

    // MARK: FPCR.FZ / RMode: every scalar arithmetic form (the inline IR assumes nearest, no FZ)

    /// FCMP/FCMPE (register or #0.0); FZ flushes subnormal operands.
    static func compare(_ w: InstructionWord) -> SemanticOperation? {
        guard w[.ftype] < 2 else { return nil }
        var o = scalar(.fpCompare, op: 0, w, m: true)
        let op = w[.fpCompareOp]  // bit 0: compare with zero, bit 1: signaling (FCMPE)
        if op & 1 != 0 { o.modifiers.insert(.withZero) }
        if op & 2 != 0 { o.modifiers.insert(.signaling) }
        return o
    }

    static func executeCompare(_ o: SemanticOperation, _ cpu: CPUState) { compare(o, cpu) }

    static func dataProcessing1(_ w: InstructionWord) -> SemanticOperation? {
        if let o = HalfPrecision.scalarConvert(w) { return o }
        guard w[.ftype] < 2 else { return nil }
        let opcode = w[.fp1Opcode]
        var o = scalar(.fpDataProcessing1, op: 0, w)
        let op: DataProcessing1
        switch opcode {
        case 0: op = .mov
        case 1: op = .abs
        case 2: op = .neg
        case 3: op = .sqrt
        case 4, 5:  // FCVT to the other precision
            guard opcode & 1 != w[.ftype] else { return nil }
            op = opcode == 4 ? .narrow : .widen
        case 16...19:  // FRINT32Z, FRINT32X, FRINT64Z, FRINT64X
            o.index = opcode >= 18 ? 64 : 32
            o.rounding = opcode & 1 == 1 ? .fpcr : .towardZero
            op = .roundIntN
        default:
            guard let r = round(w) else { return nil }
            return r.with(family: .fpDataProcessing1, op: DataProcessing1.round.rawValue)
        }
        return o.with(op: op.rawValue)
    }

    /// FMOV/FABS/FNEG/FSQRT/FCVT/FRINT*.
    static func executeDataProcessing1(_ o: SemanticOperation, _ cpu: CPUState) {
        let c = FPControl(cpu), x = cpu.v(o.vn).lo, dbl = o.esize == 64
        let sign: UInt64 = dbl ? 1 << 63 : 1 << 31, mask: UInt64 = dbl ? ~0 : 0xFFFF_FFFF
        let r: UInt64
        switch DataProcessing1(rawValue: o.op)! {
        case .mov: r = x & mask
        case .abs: r = x & mask & ~sign
        case .neg: r = (x ^ sign) & mask
        case .sqrt: r = dbl ? FPRules.sqrt(Double(lane: x), c).lane : FPRules.sqrt(Float(lane: x), c).lane
        case .narrow: r = FPRules.narrow(Double(lane: x), c).lane
        case .widen: r = FPRules.widen(Float(lane: x), c).lane
        case .roundIntN:
            let intBits = Int(o.index), rule = o.rounding.rule(c)
            var exc = FPExceptions()
            r = dbl ? FPRules.roundIntN(Double(lane: x), intBits: intBits, rule, c, &exc).lane
                    : FPRules.roundIntN(Float(lane: x), intBits: intBits, rule, c, &exc).lane
            cpu.raise(exc)
        case .round: return executeRound(o, cpu)
        }
        cpu.setV(o.vd, lo: r, hi: 0)
    }

    /// FMUL/FDIV/FADD/FSUB/FNMUL (`negate`: FPNeg of the product); FMAX/FMIN/FMAXNM/FMINNM
    /// are fpMinMax operations.
    static func dataProcessing2(_ w: InstructionWord) -> SemanticOperation? {
        let opcode = w[.fp2Opcode]
        guard w[.ftype] < 2 && opcode <= 8 else { return nil }
        if (4...7).contains(opcode) { return minMax(w) }
        let op: FPArith
        switch opcode {
        case 1: op = .div
        case 2: op = .add
        case 3: op = .sub
        default: op = .mul
        }
        var o = scalar(.fpDataProcessing2, op: op.rawValue, w, m: true)
        if opcode == 8 { o.modifiers.insert(.negate) }
        return o
    }

    static func executeDataProcessing2(_ o: SemanticOperation, _ cpu: CPUState) {
        let op = FPArith(rawValue: o.op)!
        let c = FPControl(cpu), a = cpu.v(o.vn).lo, b = cpu.v(o.vm).lo, dbl = o.esize == 64
        var r = dbl ? FPRules.arith(op, Double(lane: a), Double(lane: b), c).lane
                    : FPRules.arith(op, Float(lane: a), Float(lane: b), c).lane
        if o.has(.negate) { r ^= dbl ? 1 << 63 : 1 << 31 }  // FNMUL: FPNeg(FPMul)
        cpu.setV(o.vd, lo: r, hi: 0)
    }

    /// FMADD a+n*m, FMSUB a-n*m, FNMADD -a-n*m, FNMSUB -a+n*m: `negate` negates n (the
    /// product), `negateAddend` a, before FPMulAdd.
    static func dataProcessing3(_ w: InstructionWord) -> SemanticOperation? {
        guard w[.ftype] < 2 else { return nil }
        let o1 = w.flag(.o1), o0 = w.flag(.o0)
        var o = scalar(.fpDataProcessing3, op: 0, w, m: true, a: true)
        if o1 != o0 { o.modifiers.insert(.negate) }
        if o1 { o.modifiers.insert(.negateAddend) }
        return o
    }

    static func executeDataProcessing3(_ o: SemanticOperation, _ cpu: CPUState) {
        let dbl = o.esize == 64, c = FPControl(cpu)
        let sign: UInt64 = dbl ? 1 << 63 : 1 << 31
        let a = cpu.v(o.va).lo ^ (o.has(.negateAddend) ? sign : 0), n = cpu.v(o.vn).lo ^ (o.has(.negate) ? sign : 0)
        let m = cpu.v(o.vm).lo
        let r = dbl ? FPRules.mulAdd(Double(lane: a), Double(lane: n), Double(lane: m), c).lane
                    : FPRules.mulAdd(Float(lane: a), Float(lane: n), Float(lane: m), c).lane
        cpu.setV(o.vd, lo: r, hi: 0)
    }

    /// FRINTN/P/M/Z/A (fixed rule), FRINTX (FPCR's, `exact`), FRINTI (FPCR's).
    static func round(_ w: InstructionWord) -> SemanticOperation? {
        guard w[.ftype] < 2 else { return nil }
        var o = scalar(.fpRound, op: 0, w)
        switch w[.fp1Opcode] {
        case 8: o.rounding = .nearestEven
        case 9: o.rounding = .up
        case 10: o.rounding = .down
        case 11: o.rounding = .towardZero
        case 12: o.rounding = .nearestAway
        case 14: o.rounding = .fpcr; o.modifiers.insert(.exact)
        case 15: o.rounding = .fpcr
        default: return nil
        }
        return o
    }

    static func executeRound(_ o: SemanticOperation, _ cpu: CPUState) {
        let c = FPControl(cpu), x = cpu.v(o.vn).lo, rule = o.rounding.rule(c), exact = o.has(.exact)
        let r = o.esize == 64 ? FPRules.roundInt(Double(lane: x), rule, c, exact: exact).lane
                              : FPRules.roundInt(Float(lane: x), rule, c, exact: exact).lane
        cpu.setV(o.vd, lo: r, hi: 0)
    }

    /// FMAX/FMIN/FMAXNM/FMINNM: `op` the FPBinOp.
    static func minMax(_ w: InstructionWord) -> SemanticOperation? {
        let opcode = w[.fp2Opcode]
        guard w[.ftype] < 2 && (4...7).contains(opcode) else { return nil }
        let op: FPBinOp = opcode == 4 ? .max : opcode == 5 ? .min : opcode == 6 ? .maxnm : .minnm
        return scalar(.fpMinMax, op: op.rawValue, w, m: true)
    }

    static func executeMinMax(_ o: SemanticOperation, _ cpu: CPUState) {
        let c = FPControl(cpu), op = FPBinOp(rawValue: o.op)!
        let isMax = op == .max || op == .maxnm, numeric = op == .maxnm || op == .minnm
        let a = cpu.v(o.vn).lo, b = cpu.v(o.vm).lo
        let r = o.esize == 64
            ? FPRules.maxMin(Double(lane: a), Double(lane: b), isMax: isMax, numeric: numeric, c).lane
            : FPRules.maxMin(Float(lane: a), Float(lane: b), isMax: isMax, numeric: numeric, c).lane
        cpu.setV(o.vd, lo: r, hi: 0)
    }
}

extension SemanticOperation {
    /// The same operands as another family's operation.
    func with(family: OutOfLine, op: UInt8) -> SemanticOperation {
        var o = SemanticOperation(family, op: op)
        o.subOp = subOp; (o.d, o.n, o.m, o.a, o.esize) = (d, n, m, a, esize)
        o.modifiers = modifiers; o.rounding = rounding; o.q = q; o.signed = signed
        (o.index, o.index2, o.count) = (index, index2, count)
        return o
    }
}
