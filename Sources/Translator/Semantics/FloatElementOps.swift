// Per-lane floating-point operations of Advanced SIMD and their decoding: the
// three-same FP opcodes (11xxx, size<1> selects the second bank), the FP
// two-register misc opcodes, and the unary conversions they share with scalar FP.

enum FPBinOp: UInt8 {
    case add, sub, mul, div, mulx, abd, max, min, maxnm, minnm, fmla, fmls, recps, rsqrts
    case cmeq, cmge, cmgt, acge, acgt
}

/// A per-lane FP unary operation. Its parameters are in the SemanticOperation: `rounding`
/// (FRINT*, FCVT*, FRINT32/64: `index` = 32 or 64 bits), `exact` (FRINTX: IXC when inexact),
/// the compare of cmpZero (`subOp`, `swap`: 0 op x), `signed` for the integer conversions;
/// widen/narrow are FCVTL/FCVTN (`round`: FCVTXN's round to odd).
enum FPUnOp: UInt8 {
    case abs, neg, sqrt, round, cmpZero, toInt, fromInt, roundIntN
    /// FRECPE, FRSQRTE, FRECPX (scalar only), URECPE and URSQRTE (32-bit lanes only).
    case recipEstimate, rsqrtEstimate, recipExponent, unsignedRecipEstimate, unsignedRSqrtEstimate
    case widen, narrow
}

enum FloatElement {
    /// Three-same FP opcode for U, size<1> (`a`) and opcode<2:0>; `pairwise` for the P forms.
    static func threeSame(u: Bool, a: Bool, _ op3: UInt32, scalar: Bool) -> (FPBinOp, pairwise: Bool)? {
        let r: (FPBinOp, Bool)?
        switch (u, a, op3) {
        case (false, false, 0b000): r = (.maxnm, false)
        case (false, false, 0b001): r = (.fmla, false)
        case (false, false, 0b010): r = (.add, false)
        case (false, false, 0b011): r = (.mulx, false)
        case (false, false, 0b100): r = (.cmeq, false)
        case (false, false, 0b110): r = (.max, false)
        case (false, false, 0b111): r = (.recps, false)
        case (false, true, 0b000): r = (.minnm, false)
        case (false, true, 0b001): r = (.fmls, false)
        case (false, true, 0b010): r = (.sub, false)
        case (false, true, 0b110): r = (.min, false)
        case (false, true, 0b111): r = (.rsqrts, false)
        case (true, false, 0b000): r = (.maxnm, true)
        case (true, false, 0b010): r = (.add, true)
        case (true, false, 0b011): r = (.mul, false)
        case (true, false, 0b100): r = (.cmge, false)
        case (true, false, 0b101): r = (.acge, false)
        case (true, false, 0b110): r = (.max, true)
        case (true, false, 0b111): r = (.div, false)
        case (true, true, 0b000): r = (.minnm, true)
        case (true, true, 0b010): r = (.abd, false)
        case (true, true, 0b100): r = (.cmgt, false)
        case (true, true, 0b101): r = (.acgt, false)
        case (true, true, 0b110): r = (.min, true)
        default: r = nil
        }
        guard let (op, pw) = r else { return nil }
        if scalar {
            switch op {
            case .mulx, .cmeq, .recps, .rsqrts, .cmge, .acge, .abd, .cmgt, .acgt: return (op, false)
            default: return nil
            }
        }
        return (op, pw)
    }

    /// FP two-register misc opcode for U, size<1> (`a`) and opcode (vector forms that keep
    /// lane size); its parameters go into `o`.
    static func twoRegMisc(u: Bool, a: Bool, _ opcode: UInt32, _ o: inout SemanticOperation) -> FPUnOp? {
        func compare(_ c: FPBinOp, swap: Bool) -> FPUnOp {
            o.subOp = c.rawValue
            if swap { o.modifiers.insert(.swap) }
            return .cmpZero
        }
        func rounded(_ op: FPUnOp, _ r: RoundingChoice, exact: Bool = false) -> FPUnOp {
            o.rounding = r
            if exact { o.modifiers.insert(.exact) }
            return op
        }
        func toInt(_ r: RoundingChoice) -> FPUnOp { o.signed = !u; return rounded(.toInt, r) }
        func roundIntN(_ bits: UInt8) -> FPUnOp { o.index = bits; return rounded(.roundIntN, u ? .fpcr : .towardZero) }
        switch (u, a, opcode) {
        case (false, true, 0b01100): return compare(.cmgt, swap: false)
        case (false, true, 0b01101): return compare(.cmeq, swap: false)
        case (false, true, 0b01110): return compare(.cmgt, swap: true)   // FCMLT: 0 > x
        case (true, true, 0b01100): return compare(.cmge, swap: false)
        case (true, true, 0b01101): return compare(.cmge, swap: true)    // FCMLE: 0 >= x
        case (false, true, 0b01111): return .abs
        case (true, true, 0b01111): return .neg
        case (true, true, 0b11111): return .sqrt
        case (false, false, 0b11000): return rounded(.round, .nearestEven)
        case (false, false, 0b11001): return rounded(.round, .down)
        case (false, true, 0b11000): return rounded(.round, .up)
        case (false, true, 0b11001): return rounded(.round, .towardZero)
        case (true, false, 0b11000): return rounded(.round, .nearestAway)
        case (true, false, 0b11001): return rounded(.round, .fpcr, exact: true)   // FRINTX: FPCR mode, IXC
        case (true, true, 0b11001): return rounded(.round, .fpcr)   // FRINTI: FPCR mode
        case (_, false, 0b11010): return toInt(.nearestEven)
        case (_, false, 0b11011): return toInt(.down)
        case (_, false, 0b11100): return toInt(.nearestAway)
        case (_, true, 0b11010): return toInt(.up)
        case (_, true, 0b11011): return toInt(.towardZero)
        case (_, false, 0b11101): o.signed = !u; return .fromInt
        case (_, false, 0b11110): return roundIntN(32)
        case (_, false, 0b11111): return roundIntN(64)
        case (false, true, 0b11101): return .recipEstimate
        case (true, true, 0b11101): return .rsqrtEstimate
        case (false, true, 0b11111): return .recipExponent
        case (false, true, 0b11100): return .unsignedRecipEstimate
        case (true, true, 0b11100): return .unsignedRSqrtEstimate
        default: return nil
        }
    }

    /// The scalar (SIMD scalar two-register misc) forms.
    static func isScalarForm(_ op: FPUnOp) -> Bool {
        switch op {
        case .cmpZero, .toInt, .fromInt, .recipEstimate, .rsqrtEstimate, .recipExponent: return true
        case .abs, .neg, .sqrt, .round, .roundIntN, .unsignedRecipEstimate, .unsignedRSqrtEstimate, .widen, .narrow:
            return false
        }
    }

    /// Whether the vector form exists at this lane size (`double`: size<0> = 1).
    static func isVectorForm(_ op: FPUnOp, double: Bool) -> Bool {
        switch op {
        case .recipExponent: return false
        case .unsignedRecipEstimate, .unsignedRSqrtEstimate: return !double
        case .abs, .neg, .sqrt, .round, .cmpZero, .toInt, .fromInt, .roundIntN, .recipEstimate, .rsqrtEstimate,
             .widen, .narrow:
            return true
        }
    }

    @inline(__always) static func mask<F: ARMFloat>(_ b: Bool, _: F.Type) -> UInt64 {
        b ? laneMask(F.Bits.bitWidth) : 0
    }

    static func binary<F: ARMFloat>(_ op: FPBinOp, _ x: F, _ y: F, acc: F, _ c: FPControl) -> UInt64 {
        let a = FPRules.flush(x, c), b = FPRules.flush(y, c)
        switch op {
        case .add: return FPRules.arith(.add, a, b, c).lane
        case .sub: return FPRules.arith(.sub, a, b, c).lane
        case .mul: return FPRules.arith(.mul, a, b, c).lane
        case .div: return FPRules.arith(.div, a, b, c).lane
        case .abd:
            let r = FPRules.arith(.sub, a, b, c)
            return F(bitPattern: r.bitPattern & ~(F.Bits(1) << (F.Bits.bitWidth - 1))).lane
        case .mulx:
            if (a.isInfinite && b.isZero) || (a.isZero && b.isInfinite), !a.isNaN, !b.isNaN {
                return (a.sign == b.sign ? F(2) : F(-2)).lane
            }
            return FPRules.arith(.mul, a, b, c).lane
        case .max, .min: return FPRules.maxMin(a, b, isMax: op == .max, numeric: false, c).lane
        case .maxnm, .minnm: return FPRules.maxMin(a, b, isMax: op == .maxnm, numeric: true, c).lane
        case .fmla: return FPRules.mulAdd(acc, a, b, c).lane
        case .fmls: return FPRules.mulAdd(acc, -a, b, c).lane
        case .recps, .rsqrts:
            let na = -a
            if let n = FPRules.processNaNs(na, b, c) { return n.lane }
            if (na.isInfinite && b.isZero) || (na.isZero && b.isInfinite) { return (op == .recps ? F(2) : F(1.5)).lane }
            if c.exact && na.isFinite && b.isFinite {
                let addend = op == .recps ? F(2) : F(3)
                if !c.soft {  // rounded by the host; halving a result far from the subnormals is exact
                    let r = addend.addingProduct(na, b)
                    if r.isFinite, HostRounding.safe(r / 2), let e = HostRounding.mulAdd(addend, na, b, r) {
                        c.raise(e)
                        return (op == .recps ? r : r / 2).lane
                    }
                }
                return (op == .recps ? SoftFloat.mulAdd(addend, na, b, c) : SoftFloat.mulAdd(addend, na, b, c, halve: true)).lane
            }
            return (op == .recps ? F(2).addingProduct(na, b) : F(3).addingProduct(na, b) / 2).lane
        case .cmeq:
            if a.isSignalingNaN || b.isSignalingNaN { c.raise(.invalid) }
            return mask(a == b, F.self)
        case .cmge, .cmgt, .acge, .acgt:  // FPCompareGE/GT: signalling compares
            if a.isNaN || b.isNaN { c.raise(.invalid) }
        }
        switch op {
        case .cmge: return mask(a >= b, F.self)
        case .cmgt: return mask(a > b, F.self)
        case .acge: return mask(a.magnitude >= b.magnitude, F.self)
        case .acgt: return mask(a.magnitude > b.magnitude, F.self)
        default: return 0
        }
    }

    /// One lane of a two-register misc op; `exc` collects the FPSR exceptions of the ops
    /// that report them (the estimates, FRINT32/64).
    static func unary<F: ARMFloat>(_ op: FPUnOp, _ o: SemanticOperation, _ x: UInt64, _ c: FPControl, _: F.Type,
                                   _ exc: inout FPExceptions) -> UInt64 {
        let a = F(lane: x), bits = F.Bits.bitWidth
        switch op {
        case .abs: return x & (laneMask(bits) >> 1)
        case .neg: return x ^ (1 << UInt64(bits - 1))
        case .sqrt: return FPRules.sqrt(a, c).lane
        case .round: return FPRules.roundInt(a, o.rounding.rule(c), c, exact: o.has(.exact)).lane
        case .cmpZero:
            let cmp = FPBinOp(rawValue: o.subOp)!, swap = o.has(.swap)
            return binary(cmp, swap ? F(0) : a, swap ? a : F(0), acc: 0, c)
        case .toInt:
            return FPRules.toFixed(Double(FPRules.flush(a, c)), fbits: 0, rule: o.rounding.rule(c), signed: o.signed,
                                   bits: bits, c)
        case .fromInt: return FPRules.fromFixed(x, bits: bits, signed: o.signed, fbits: 0, c, as: F.self).lane
        case .roundIntN: return FPRules.roundIntN(a, intBits: Int(o.index), o.rounding.rule(c), c, &exc).lane
        case .recipEstimate: return FPEstimates.recipEstimate(a, c, &exc).lane
        case .rsqrtEstimate: return FPEstimates.rsqrtEstimate(a, c, &exc).lane
        case .recipExponent: return FPEstimates.recipExponent(a, c, &exc).lane
        case .unsignedRecipEstimate: return UInt64(FPEstimates.unsignedRecipEstimate(UInt32(truncatingIfNeeded: x)))
        case .unsignedRSqrtEstimate: return UInt64(FPEstimates.unsignedRSqrtEstimate(UInt32(truncatingIfNeeded: x)))
        case .widen, .narrow: return x  // whole-vector conversions, done by SIMDFloatSemantics
        }
    }
}
