// A64 scalar floating point: arithmetic, compare, select, moves, precision and
// integer conversions. Common forms are inline IR; the rest go out of line.

extension Lifter {
    /// FPCR.FZ or RMode != nearest: the inline host FP (nearest, subnormals kept) does not
    /// apply, and scalar arithmetic, conversions and compares run out of line.
    var fpSoftMode: Bool { fpcrMode & 0x01C0_0000 != 0 }

    /// FPCR.FZ: subnormal inputs are zeros (and IDC) for every FP operation.
    var flushToZero: Bool { fpcrMode & (1 << 24) != 0 }

    func fpDataProcessing2(_ w: InstructionWord) {
        let f = FloatOperands(w)
        guard let dbl = f.double else { return undefined() }
        let ops: [FPOp] = [.mul, .div, .add, .sub, .max, .min, .maxnm, .minnm, .nmul]
        let opcode = Int(w[.fp2Opcode])
        guard opcode < ops.count else { return undefined() }
        if fpSoftMode { return outOfLine(.fpDataProcessing2, w) }
        if (4...7).contains(opcode) { return outOfLine(.fpMinMax, w) }  // ARM NaN/zero rules differ from x86
        emit(.fpBinary(ops[opcode], f.vd.number, f.vn.number, f.vm.number, double: dbl))
        defaultNaNMode(f.vd.number, double: dbl, negated: ops[opcode] == .nmul)
    }

    /// FPCR.DN (translations are specialised on FPCR's mode): a NaN result of an inline
    /// scalar op, which propagated an input NaN, becomes the default NaN (FNMUL negates
    /// it after the multiply).
    func defaultNaNMode(_ d: UInt8, double: Bool, negated: Bool = false) {
        guard fpcrMode & (1 << 25) != 0 else { return }
        let size = double ? 8 : 4
        let v = newValue()
        emit(.vecToGPR(v, d, lane: 0, size: size, signed: false))
        let magnitude = binary(.and, v, imm: double ? (1 << 63) - 1 : 0x7FFF_FFFF, is64: true)
        let inf = const(double ? 0x7FF0_0000_0000_0000 : 0x7F80_0000)
        let nan = binary(.ashr, binary(.sub, inf, magnitude, is64: true), imm: 63, is64: true)   // all ones for a NaN
        let dn: UInt64 = (double ? 0x7FF8_0000_0000_0000 : 0x7FC0_0000) | (negated ? (double ? 1 << 63 : 0x8000_0000) : 0)
        let r = binary(.or, binary(.andNot, v, nan, is64: true), binary(.and, nan, imm: dn, is64: true), is64: true)
        emit(.gprToVec(d, r, lane: 0, size: size, zeroRest: true))
    }

    func fpDataProcessing1(_ w: InstructionWord) {
        if HalfPrecision.scalarConvert(w) != nil { return outOfLine(.fpDataProcessing1, w) }  // FCVT to/from H
        let f = FloatOperands(w)
        guard let dbl = f.double else { return undefined() }
        let opcode = w[.fp1Opcode], d = f.vd.number, n = f.vn.number
        if fpSoftMode && opcode >= 3 { return outOfLine(.fpDataProcessing1, w) }
        switch opcode {
        case 0: emit(.fpUnary(.mov, d, n, double: dbl))
        case 1: emit(.fpUnary(.abs, d, n, double: dbl))
        case 2: emit(.fpUnary(.neg, d, n, double: dbl))
        case 3: emit(.fpUnary(.sqrt, d, n, double: dbl)); defaultNaNMode(d, double: dbl)
        case 4, 5:
            guard (opcode == 5) != dbl else { return undefined() }
            emit(.fpConvertPrecision(d, n, toDouble: opcode == 5))
            defaultNaNMode(d, double: opcode == 5)
        case 12, 14, 15: outOfLine(.fpRound, w)  // FRINTA (ties away), FRINTX/FRINTI (FPCR rounding mode)
        case 16...19: outOfLine(.fpDataProcessing1, w)  // FRINT32Z/X, FRINT64Z/X (FEAT_FRINTTS)
        case 8...15 where opcode != 13:
            let modes: [FPUnaryOp] = [.rintN, .rintP, .rintM, .rintZ, .rintA, .rintA, .rintX, .rintI]
            emit(.fpUnary(modes[Int(opcode - 8)], d, n, double: dbl))
            defaultNaNMode(d, double: dbl)
        default: undefined()
        }
    }

    func fpCompare(_ w: InstructionWord) {
        let f = FloatOperands(w)
        guard let dbl = f.double else { return undefined() }
        if fpcrMode & (1 << 24) != 0 { return outOfLine(.fpCompare, w) }  // FZ: subnormals compare as zero
        let op = w[.fpCompareOp]  // bit 0: compare with zero, bit 1: signaling (FCMPE)
        emit(.fpCompare(f.vn.number, op & 1 != 0 ? nil : f.vm.number, double: dbl, signaling: op & 2 != 0))
    }

    func fpImmediate(_ w: InstructionWord) {
        let f = FloatOperands(w)
        guard let dbl = f.double else { return undefined() }
        emit(.vecConst(f.vd.number, lo: ImmediateExpansion.fp(UInt64(w[.fpImm8]), double: dbl), hi: 0))
    }

    func fpConditionalSelect(_ w: InstructionWord) {
        let f = FloatOperands(w)
        guard let dbl = f.double else { return undefined() }
        emit(.fpSelect(Cond(rawValue: UInt8(w[.cond]))!, f.vd.number, f.vn.number, f.vm.number, double: dbl))
    }

    func fpDataProcessing3(_ w: InstructionWord) {
        let f = FloatOperands(w)
        guard let dbl = f.double else { return undefined() }
        if fpSoftMode { return outOfLine(.fpDataProcessing3, w) }
        let o1 = w.flag(.o1), o0 = w.flag(.o0)
        // FMADD a+n*m, FMSUB a-n*m, FNMADD -a-n*m, FNMSUB -a+n*m
        emit(.fpFused(f.vd.number, f.vn.number, f.vm.number, f.va.number, double: dbl, negProduct: o1 != o0, negAddend: o1))
        defaultNaNMode(f.vd.number, double: dbl)
    }

    func fpIntegerConversion(_ w: InstructionWord) {
        let f = FloatOperands(w), r = TwoRegisters(w)
        let is64 = r.sf, rmode = w[.rmode], opcode = w[.fpOpcode], ftype = f.ftype
        switch (rmode, opcode, ftype) {
        case (0, 6, 0) where !is64, (0, 6, 1) where is64:   // FMOV general <- FP
            let d = newValue(); emit(.vecToGPR(d, f.vn.number, lane: 0, size: is64 ? 8 : 4, signed: false)); setX(r.rd, d)
        case (0, 7, 0) where !is64, (0, 7, 1) where is64:   // FMOV FP <- general
            emit(.gprToVec(f.vd.number, x(r.rn), lane: 0, size: is64 ? 8 : 4, zeroRest: true))
        case (1, 6, 2) where is64:                           // FMOV Xd, Vn.D[1]
            let d = newValue(); emit(.vecToGPR(d, f.vn.number, lane: 1, size: 8, signed: false)); setX(r.rd, d)
        case (1, 7, 2) where is64:                           // FMOV Vd.D[1], Xn
            emit(.gprToVec(f.vd.number, x(r.rn), lane: 1, size: 8, zeroRest: false))
        case (0, 2, 0) where !fpSoftMode, (0, 2, 1) where !fpSoftMode,   // SCVTF, UCVTF (nearest only)
             (0, 3, 0) where !fpSoftMode, (0, 3, 1) where !fpSoftMode:
            emit(.intToFP(f.vd.number, x(r.rn), double: ftype == 1, srcIs64: is64, signed: opcode == 2))
        case (3, 0, 0) where !flushToZero, (3, 0, 1) where !flushToZero,   // FCVTZS, FCVTZU (FZ: IDC out of line)
             (3, 1, 0) where !flushToZero, (3, 1, 1) where !flushToZero:
            let d = newValue(); emit(.fpToInt(d, f.vn.number, double: ftype == 1, dstIs64: is64, signed: opcode == 0)); setX(r.rd, d)
        default:
            guard ftype < 2 else { return undefined() }
            outOfLine(.fpIntConvert, w)
        }
    }

    /// The scalar SIMD conversions between integers and FP held in V registers (SCVTF, UCVTF,
    /// FCVTZS, FCVTZU Sd/Dd, Sn/Dn; V8 uses them): the general-register forms' lowerings
    /// around a lane move. The rest of the family stays out of line.
    func simdScalarTwoRegMisc(_ w: InstructionWord) {
        let opcode = w[.miscOpcode], unsigned = w.flag(.u), toInteger = w.flag(.sizeHigh), double = w.flag(.sz)
        let d = w.vreg(.rd).number, n = w.vreg(.rn).number, size = double ? 8 : 4
        switch (opcode, toInteger) {
        case (0b11101, false) where !fpSoftMode:   // SCVTF, UCVTF
            let v = newValue()
            emit(.vecToGPR(v, n, lane: 0, size: size, signed: false))
            emit(.intToFP(d, v, double: double, srcIs64: double, signed: !unsigned))
        case (0b11011, true) where !flushToZero:   // FCVTZS, FCVTZU
            let v = newValue()
            emit(.fpToInt(v, n, double: double, dstIs64: double, signed: !unsigned))
            emit(.gprToVec(d, v, lane: 0, size: size, zeroRest: true))
        default:
            outOfLine(.simdScalarTwoRegMisc, w)
        }
    }

    /// Hands the whole instruction, decoded into its family's operation, to the family's
    /// helper, or SIGILL if the family has no such operation.
    func outOfLine(_ family: OutOfLine, _ w: InstructionWord) {
        guard let operation = OutOfLineSemantics.operation(family, w) else { return undefined() }
        emit(.helper(.semantic(operation), args: [], result: nil))
    }
}
