// Per-element integer operations of Advanced SIMD (Arm ARM shared/functions/vector),
// computed exactly in 128 bits and narrowed with saturation where the instruction says.

/// An element-wise integer operation; `signed` comes from the instruction's U bit.
enum IntOp: UInt8 {
    case add, sub, halvingAdd, halvingSub, roundingHalvingAdd, satAdd, satSub
    case cmpGreater, cmpGreaterEqual, cmpEqual, cmpTest
    case shl, satShl, roundShl, satRoundShl
    case max, min, absDiff, absDiffAcc, mulAcc, mulSub, mul, polyMul
    case satDoublingMulHigh, satRoundDoublingMulHigh
}

enum IntElement {
    /// Lane value as an exact integer, sign- or zero-extended.
    @inline(__always) static func wide(_ v: UInt64, _ esize: Int, signed: Bool) -> Int128 {
        signed ? Int128(signExtend(v, bits: esize)) : Int128(v & laneMask(esize))
    }

    /// Narrows `v` to `esize` bits, saturating to the signed or unsigned range (sets `qc`).
    @inline(__always) static func saturate(_ v: Int128, _ esize: Int, signed: Bool, qc: inout Bool) -> UInt64 {
        let lo: Int128 = signed ? -(Int128(1) << (esize - 1)) : 0
        let hi: Int128 = signed ? (Int128(1) << (esize - 1)) - 1 : (Int128(1) << esize) - 1
        if v < lo { qc = true; return UInt64(truncatingIfNeeded: lo) & laneMask(esize) }
        if v > hi { qc = true; return UInt64(truncatingIfNeeded: hi) & laneMask(esize) }
        return UInt64(truncatingIfNeeded: v) & laneMask(esize)
    }

    @inline(__always) static func wrap(_ v: Int128, _ esize: Int) -> UInt64 {
        UInt64(truncatingIfNeeded: v) & laneMask(esize)
    }

    /// Shift of `a` by the signed low byte of `b` (negative = right), as SSHL/USHL and variants.
    static func shiftByRegister(_ a: Int128, _ b: UInt64, _ esize: Int, signed: Bool,
                                round: Bool, saturating: Bool, qc: inout Bool) -> UInt64 {
        let shift = Int(Int8(truncatingIfNeeded: b))
        if shift >= 0 {
            if !saturating { return shift >= esize ? 0 : wrap(a << shift, esize) }
            if shift >= esize { return a == 0 ? 0 : saturate(a < 0 ? -(Int128(1) << 100) : Int128(1) << 100, esize, signed: signed, qc: &qc) }
            return saturate(a << shift, esize, signed: signed, qc: &qc)
        }
        let s = min(-shift, esize + 1)
        let v = round ? (a + (Int128(1) << (s - 1))) >> s : a >> s
        return saturating ? saturate(v, esize, signed: signed, qc: &qc) : wrap(v, esize)
    }

    /// Carry-less multiply of the low `bits` of a and b.
    static func polynomialMultiply(_ a: UInt64, _ b: UInt64, bits: Int) -> UInt128 {
        var r: UInt128 = 0
        for i in 0..<bits where (b >> UInt64(i)) & 1 != 0 { r ^= UInt128(a) << i }
        return r
    }

    /// One lane of `op`; `acc` is the destination lane for accumulating forms.
    static func apply(_ op: IntOp, _ x: UInt64, _ y: UInt64, acc: UInt64 = 0, esize: Int,
                      signed: Bool, qc: inout Bool) -> UInt64 {
        let a = wide(x, esize, signed: signed), b = wide(y, esize, signed: signed)
        let ones = laneMask(esize)
        switch op {
        case .add: return wrap(a + b, esize)
        case .sub: return wrap(a - b, esize)
        case .halvingAdd: return wrap((a + b) >> 1, esize)
        case .halvingSub: return wrap((a - b) >> 1, esize)
        case .roundingHalvingAdd: return wrap((a + b + 1) >> 1, esize)
        case .satAdd: return saturate(a + b, esize, signed: signed, qc: &qc)
        case .satSub: return saturate(a - b, esize, signed: signed, qc: &qc)
        case .cmpGreater: return a > b ? ones : 0
        case .cmpGreaterEqual: return a >= b ? ones : 0
        case .cmpEqual: return x & ones == y & ones ? ones : 0
        case .cmpTest: return x & y & ones != 0 ? ones : 0
        case .shl: return shiftByRegister(a, y, esize, signed: signed, round: false, saturating: false, qc: &qc)
        case .satShl: return shiftByRegister(a, y, esize, signed: signed, round: false, saturating: true, qc: &qc)
        case .roundShl: return shiftByRegister(a, y, esize, signed: signed, round: true, saturating: false, qc: &qc)
        case .satRoundShl: return shiftByRegister(a, y, esize, signed: signed, round: true, saturating: true, qc: &qc)
        case .max: return wrap(Swift.max(a, b), esize)
        case .min: return wrap(Swift.min(a, b), esize)
        case .absDiff: return wrap(abs(a - b), esize)
        case .absDiffAcc: return wrap(Int128(acc) + abs(a - b), esize)
        case .mulAcc: return wrap(Int128(acc) + a * b, esize)
        case .mulSub: return wrap(Int128(acc) - a * b, esize)
        case .mul: return wrap(a * b, esize)
        case .polyMul: return UInt64(truncatingIfNeeded: polynomialMultiply(x, y, bits: esize)) & ones
        case .satDoublingMulHigh: return saturate((2 * a * b) >> esize, esize, signed: true, qc: &qc)
        case .satRoundDoublingMulHigh:
            return saturate((2 * a * b + (Int128(1) << (esize - 1))) >> esize, esize, signed: true, qc: &qc)
        }
    }
}

/// FPSR.QC, the cumulative saturation flag.
extension CPUState {
    func setSaturated(_ qc: Bool) {
        if qc { fpsr |= 1 << 27 }
    }
}
