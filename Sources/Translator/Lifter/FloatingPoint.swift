// A64 scalar floating point: arithmetic, compare, select, moves, precision and
// integer conversions. Common forms are inline IR; the rest go out of line.

extension Lifter {
    /// ftype 00 = single, 01 = double; of half precision (FEAT_FP16 is not implemented) only FCVT.
    func floatType(_ i: UInt32) -> Bool? {
        switch i.bits(23, 22) { case 0: return false; case 1: return true; default: return nil }
    }

    /// FPCR.FZ or RMode != nearest: the inline host FP (nearest, subnormals kept) does not
    /// apply, and scalar arithmetic, conversions and compares run out of line.
    var fpSoftMode: Bool { fpcrMode & 0x01C0_0000 != 0 }

    /// FPCR.FZ: subnormal inputs are zeros (and IDC) for every FP operation.
    var flushToZero: Bool { fpcrMode & (1 << 24) != 0 }

    func fpDataProcessing2(_ i: UInt32) {
        guard let dbl = floatType(i) else { return undefined() }
        if fpSoftMode { return outOfLine(.fpDataProcessing2, i) }
        let ops: [FPOp] = [.mul, .div, .add, .sub, .max, .min, .maxnm, .minnm, .nmul]
        let opcode = Int(i.bits(15, 12))
        guard opcode < ops.count else { return undefined() }
        if (4...7).contains(opcode) { return outOfLine(.fpMinMax, i) }  // ARM NaN/zero rules differ from x86
        emit(.fpBinary(ops[opcode], i.rd, i.rn, i.rm, double: dbl))
        defaultNaNMode(i.rd, double: dbl, negated: ops[opcode] == .nmul)
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

    func fpDataProcessing1(_ i: UInt32) {
        if HalfPrecision.supportsScalarConvert(i) { return outOfLine(.fpDataProcessing1, i) }  // FCVT to/from H
        guard let dbl = floatType(i) else { return undefined() }
        let opcode = i.bits(20, 15)
        if fpSoftMode && opcode >= 3 { return outOfLine(.fpDataProcessing1, i) }
        switch opcode {
        case 0: emit(.fpUnary(.mov, i.rd, i.rn, double: dbl))
        case 1: emit(.fpUnary(.abs, i.rd, i.rn, double: dbl))
        case 2: emit(.fpUnary(.neg, i.rd, i.rn, double: dbl))
        case 3: emit(.fpUnary(.sqrt, i.rd, i.rn, double: dbl)); defaultNaNMode(i.rd, double: dbl)
        case 4, 5:
            guard (opcode == 5) != dbl else { return undefined() }
            emit(.fpConvertPrecision(i.rd, i.rn, toDouble: opcode == 5))
            defaultNaNMode(i.rd, double: opcode == 5)
        case 12, 14, 15: outOfLine(.fpRound, i)  // FRINTA (ties away), FRINTX/FRINTI (FPCR rounding mode)
        case 16...19: outOfLine(.fpDataProcessing1, i)  // FRINT32Z/X, FRINT64Z/X (FEAT_FRINTTS)
        case 8...15 where opcode != 13:
            let modes: [FPUnaryOp] = [.rintN, .rintP, .rintM, .rintZ, .rintA, .rintA, .rintX, .rintI]
            emit(.fpUnary(modes[Int(opcode - 8)], i.rd, i.rn, double: dbl))
            defaultNaNMode(i.rd, double: dbl)
        default: undefined()
        }
    }

    func fpCompare(_ i: UInt32) {
        guard let dbl = floatType(i) else { return undefined() }
        if fpcrMode & (1 << 24) != 0 { return outOfLine(.fpCompare, i) }  // FZ: subnormals compare as zero
        emit(.fpCompare(i.rn, i.bit(3) ? nil : i.rm, double: dbl, signaling: i.bit(4)))
    }

    func fpImmediate(_ i: UInt32) {
        guard let dbl = floatType(i) else { return undefined() }
        let bits = ImmediateExpansion.fp(UInt64(i.bits(20, 13)), double: dbl)
        emit(.vecConst(i.rd, lo: bits, hi: 0))
    }

    func fpConditionalSelect(_ i: UInt32) {
        guard let dbl = floatType(i) else { return undefined() }
        emit(.fpSelect(Cond(rawValue: UInt8(i.bits(15, 12)))!, i.rd, i.rn, i.rm, double: dbl))
    }

    func fpDataProcessing3(_ i: UInt32) {
        guard let dbl = floatType(i) else { return undefined() }
        if fpSoftMode { return outOfLine(.fpDataProcessing3, i) }
        let o1 = i.bit(21), o0 = i.bit(15)
        // FMADD a+n*m, FMSUB a-n*m, FNMADD -a-n*m, FNMSUB -a+n*m
        emit(.fpFused(i.rd, i.rn, i.rm, i.ra, double: dbl, negProduct: o1 != o0, negAddend: o1))
        defaultNaNMode(i.rd, double: dbl)
    }

    func fpIntegerConversion(_ i: UInt32) {
        let is64 = i.sf, rmode = i.bits(20, 19), opcode = i.bits(18, 16), ftype = i.bits(23, 22)
        switch (rmode, opcode, ftype) {
        case (0, 6, 0) where !is64, (0, 6, 1) where is64:   // FMOV general <- FP
            let d = newValue(); emit(.vecToGPR(d, i.rn, lane: 0, size: is64 ? 8 : 4, signed: false)); setX(i.rd, d)
        case (0, 7, 0) where !is64, (0, 7, 1) where is64:   // FMOV FP <- general
            emit(.gprToVec(i.rd, x(i.rn), lane: 0, size: is64 ? 8 : 4, zeroRest: true))
        case (1, 6, 2) where is64:                           // FMOV Xd, Vn.D[1]
            let d = newValue(); emit(.vecToGPR(d, i.rn, lane: 1, size: 8, signed: false)); setX(i.rd, d)
        case (1, 7, 2) where is64:                           // FMOV Vd.D[1], Xn
            emit(.gprToVec(i.rd, x(i.rn), lane: 1, size: 8, zeroRest: false))
        case (0, 2, 0) where !fpSoftMode, (0, 2, 1) where !fpSoftMode:  // SCVTF (nearest only)
            emit(.intToFP(i.rd, x(i.rn), double: ftype == 1, srcIs64: is64, signed: true))
        case (3, 0, 0) where !flushToZero, (3, 0, 1) where !flushToZero:  // FCVTZS (FZ: IDC out of line)
            let d = newValue(); emit(.fpToInt(d, i.rn, double: ftype == 1, dstIs64: is64, signed: true)); setX(i.rd, d)
        default:
            guard ftype < 2 else { return undefined() }
            outOfLine(.fpIntConvert, i)
        }
    }

    /// Hands the whole instruction to its family's helper, or SIGILL if the helper lacks it.
    func outOfLine(_ family: OutOfLine, _ i: UInt32) {
        guard OutOfLineSemantics.supports(family, i) else { return undefined() }
        emit(.helper(.instruction(family, i), args: [], result: nil))
    }
}
