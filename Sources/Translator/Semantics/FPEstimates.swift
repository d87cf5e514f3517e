// Reciprocal and reciprocal square root estimates (Arm ARM J1 shared pseudocode:
// FPRecipEstimate, FPRSqrtEstimate, RecipEstimate, RecipSqrtEstimate, FPRecpX,
// UnsignedRecipEstimate, UnsignedRSqrtEstimate): FRECPE, FRSQRTE, FRECPX, URECPE and
// URSQRTE, bit exact, with their FPSR exceptions. Single and double precision.

/// FPSR cumulative exception bits, as the register holds them.
struct FPExceptions: OptionSet {
    let rawValue: UInt32
    /// IOC: invalid operation.
    static let invalid = FPExceptions(rawValue: 1 << 0)
    /// DZC: division by zero.
    static let divideByZero = FPExceptions(rawValue: 1 << 1)
    /// OFC: overflow.
    static let overflow = FPExceptions(rawValue: 1 << 2)
    /// UFC: underflow.
    static let underflow = FPExceptions(rawValue: 1 << 3)
    /// IXC: inexact.
    static let inexact = FPExceptions(rawValue: 1 << 4)
    /// IDC: input denormal (flushed to zero under FPCR.FZ).
    static let inputDenormal = FPExceptions(rawValue: 1 << 7)
}

extension CPUState {
    /// ORs exceptions into FPSR's cumulative flags.
    func raise(_ e: FPExceptions) {
        if !e.isEmpty { fpsr |= e.rawValue }
    }
}

extension ARMFloat {
    /// A zero, infinity or largest finite value with the sign of `negative`.
    static func zero(negative: Bool) -> Self { negative ? -Self(0) : Self(0) }
    static func infinity(negative: Bool) -> Self { negative ? -Self.infinity : Self.infinity }
    static func maxNormal(negative: Bool) -> Self { negative ? -Self.greatestFiniteMagnitude : Self.greatestFiniteMagnitude }
}

enum FPEstimates {
    /// RecipEstimate: a 9-bit estimate of 1/a for a = 256...511 (a fixed-point value in [0.5, 1)).
    static let recipTable: [UInt16] = (256..<512).map { a in
        let b = (1 << 19) / (a * 2 + 1)
        return UInt16((b + 1) >> 1)
    }

    /// RecipSqrtEstimate: a 9-bit estimate of 1/sqrt(a) for a = 128...511 (in [0.25, 1)).
    static let rsqrtTable: [UInt16] = (128..<512).map { a0 in
        let a = a0 < 256 ? a0 * 2 + 1 : (((a0 >> 1) << 1) + 1) * 2
        var b = 512
        while a * (b + 1) * (b + 1) < 1 << 28 { b += 1 }
        return UInt16((b + 1) / 2)
    }

    /// FPUnpack under FPCR.FZ: a subnormal is a zero of its sign, reported as IDC.
    private static func unpack<F: ARMFloat>(_ x: F, _ c: FPControl, _ exc: inout FPExceptions) -> F {
        guard c.flushToZero && x.isSubnormal else { return x }
        exc.insert(.inputDenormal)
        return F.zero(negative: x.sign == .minus)
    }

    /// FPProcessNaN with its exception: a signalling NaN is IOC.
    static func processNaN<F: ARMFloat>(_ x: F, _ c: FPControl, _ exc: inout FPExceptions) -> F {
        if x.isSignalingNaN { exc.insert(.invalid) }
        return FPRules.processNaN(x, c)
    }

    /// Overflow of an estimate: infinity unless the rounding mode rounds toward zero for this sign.
    private static func overflowResult<F: ARMFloat>(negative: Bool, _ c: FPControl) -> F {
        let toInfinity: Bool
        switch c.rounding {
        case .up: toInfinity = !negative
        case .down: toInfinity = negative
        case .towardZero: toInfinity = false
        default: toInfinity = true
        }
        return toInfinity ? F.infinity(negative: negative) : F.maxNormal(negative: negative)
    }

    /// The fraction of a finite float as 52 bits (double-precision layout) and its biased exponent.
    private static func parts<F: ARMFloat>(_ x: F) -> (fraction: UInt64, exp: Int) {
        (UInt64(x.significandBitPattern) << UInt64(52 - F.significandBitCount), Int(x.exponentBitPattern))
    }

    private static func assemble<F: ARMFloat>(negative: Bool, exp: Int, fraction52: UInt64, as _: F.Type) -> F {
        let m = F.significandBitCount, e = F.exponentBitCount
        var bits = UInt64(negative ? 1 : 0) << UInt64(m + e)
        bits |= (UInt64(exp) & ((1 << UInt64(e)) - 1)) << UInt64(m)
        bits |= (fraction52 >> UInt64(52 - m)) & ((1 << UInt64(m)) - 1)
        return F(lane: bits)
    }

    /// FPRecipEstimate (FRECPE).
    static func recipEstimate<F: ARMFloat>(_ x0: F, _ c: FPControl, _ exc: inout FPExceptions) -> F {
        let x = unpack(x0, c, &exc), negative = x.sign == .minus
        let m = F.significandBitCount, bias = (1 << (F.exponentBitCount - 1)) - 1
        if x.isNaN { return processNaN(x, c, &exc) }
        if x.isInfinite { return F.zero(negative: negative) }
        if x.isZero {
            exc.insert(.divideByZero)
            return F.infinity(negative: negative)
        }
        let magnitude = UInt64(x.bitPattern) & ~(UInt64(1) << UInt64(F.Bits.bitWidth - 1))
        if magnitude < 1 << UInt64(m - 2) {  // |x| < 2^-(bias+1): 1/x overflows
            exc.formUnion([.overflow, .inexact])
            return overflowResult(negative: negative, c)
        }
        var (fraction, exp) = parts(x)
        if c.flushToZero && exp >= 2 * bias - 1 {  // |x| >= 2^(bias-1): 1/x is tiny
            exc.insert(.underflow)
            return F.zero(negative: negative)
        }
        let mask52: UInt64 = (1 << 52) - 1
        if exp == 0 {
            if fraction >> 51 == 0 {
                exp = -1
                fraction = (fraction << 2) & mask52
            } else {
                fraction = (fraction << 1) & mask52
            }
        }
        let estimate = UInt64(recipTable[Int((fraction >> 44) & 0xFF)])
        var resultExp = 2 * bias - 1 - exp
        var resultFraction = (estimate & 0xFF) << 44
        if resultExp == 0 {
            resultFraction = 1 << 51 | resultFraction >> 1
        } else if resultExp == -1 {
            resultFraction = 1 << 50 | resultFraction >> 2
            resultExp = 0
        }
        return assemble(negative: negative, exp: resultExp, fraction52: resultFraction, as: F.self)
    }

    /// FPRSqrtEstimate (FRSQRTE).
    static func rsqrtEstimate<F: ARMFloat>(_ x0: F, _ c: FPControl, _ exc: inout FPExceptions) -> F {
        let x = unpack(x0, c, &exc), negative = x.sign == .minus
        let bias = (1 << (F.exponentBitCount - 1)) - 1
        if x.isNaN { return processNaN(x, c, &exc) }
        if x.isZero {
            exc.insert(.divideByZero)
            return F.infinity(negative: negative)
        }
        if negative {
            exc.insert(.invalid)
            return F.defaultNaN
        }
        if x.isInfinite { return F(0) }
        var (fraction, exp) = parts(x)
        if exp == 0 {
            while fraction >> 51 & 1 == 0 {
                fraction <<= 1
                exp -= 1
            }
            fraction = (fraction << 1) & ((1 << 52) - 1)
        }
        let scaled = exp & 1 != 0 ? 128 | Int((fraction >> 45) & 0x7F) : 256 | Int((fraction >> 44) & 0xFF)
        let estimate = UInt64(rsqrtTable[scaled - 128])
        let resultExp = (3 * bias - 1 - exp) / 2
        return assemble(negative: false, exp: resultExp, fraction52: (estimate & 0xFF) << 44, as: F.self)
    }

    /// FPRecpX (FRECPX): the exponent inverted, fraction cleared.
    static func recipExponent<F: ARMFloat>(_ x0: F, _ c: FPControl, _ exc: inout FPExceptions) -> F {
        if x0.isNaN { return processNaN(x0, c, &exc) }
        let x = unpack(x0, c, &exc), e = F.exponentBitCount
        let allOnes = (1 << e) - 1, exp = Int(x.exponentBitPattern)
        let resultExp = exp == 0 ? allOnes - 1 : ~exp & allOnes
        return assemble(negative: x.sign == .minus, exp: resultExp, fraction52: 0, as: F.self)
    }

    /// UnsignedRecipEstimate (URECPE) of a 32-bit element.
    static func unsignedRecipEstimate(_ x: UInt32) -> UInt32 {
        guard x >> 31 != 0 else { return 0xFFFF_FFFF }
        return UInt32(recipTable[Int((x >> 23) & 0xFF)]) << 23
    }

    /// UnsignedRSqrtEstimate (URSQRTE) of a 32-bit element.
    static func unsignedRSqrtEstimate(_ x: UInt32) -> UInt32 {
        guard x >> 30 != 0 else { return 0xFFFF_FFFF }
        return UInt32(rsqrtTable[Int(x >> 23) - 128]) << 23
    }
}
