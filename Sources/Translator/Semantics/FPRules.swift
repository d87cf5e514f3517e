// Arm floating-point rules that x86 arithmetic does not follow by itself: NaN
// propagation and the default NaN, FMAX/FMIN zero and NaN handling, saturating
// float->integer conversion, comparisons to NZCV, and the condition codes; FPCR.FZ
// input flushing, with FZ results and non-nearest RMode rounded by SoftFloat.

/// Float and Double as lanes: raw bits in and out of a UInt64 lane.
protocol ARMFloat: BinaryFloatingPoint {
    associatedtype Bits: FixedWidthInteger & UnsignedInteger
    var bitPattern: Bits { get }
    init(bitPattern: Bits)
    /// Arm's default NaN: positive, quiet bit only.
    static var defaultNaN: Self { get }
    static var quietBit: Bits { get }
}

extension Float: ARMFloat {
    static var defaultNaN: Float { Float(bitPattern: 0x7FC0_0000) }
    static var quietBit: UInt32 { 1 << 22 }
}

extension Double: ARMFloat {
    static var defaultNaN: Double { Double(bitPattern: 0x7FF8_0000_0000_0000) }
    static var quietBit: UInt64 { 1 << 51 }
}

extension ARMFloat {
    @inline(__always) init(lane: UInt64) { self.init(bitPattern: Bits(truncatingIfNeeded: lane)) }
    @inline(__always) var lane: UInt64 { UInt64(bitPattern) }
    @inline(__always) var quieted: Self { Self(bitPattern: bitPattern | Self.quietBit) }
}

/// The FPCR fields the semantics honour.
struct FPControl {
    /// FPCR.DN: NaN results are the default NaN.
    let defaultNaN: Bool
    /// FPCR.RMode as a Swift rounding rule.
    let rounding: FloatingPointRoundingRule
    /// FPCR.FZ: subnormal inputs and tiny results (before rounding) become zero.
    let flushToZero: Bool
    /// FPCR.AHP: half-precision conversions use the alternative format (no infinity or NaN).
    let alternativeHalf: Bool
    /// Host arithmetic (round to nearest, subnormals kept) is wrong for this mode:
    /// results are rounded in software (SoftFloat).
    let soft: Bool
    /// The guest's FPSR, where `raise` ORs the cumulative exception flags; nil when the
    /// caller does not report them (finite results are then rounded by the host in nearest mode).
    let status: UnsafeMutablePointer<UInt32>?

    @inline(__always) init(_ fpcr: UInt32) { self.init(fpcr, status: nil) }

    /// The guest's FPCR, reporting exceptions in its FPSR.
    @inline(__always) init(_ cpu: CPUState) {
        self.init(cpu.fpcr, status: (cpu.raw + Int(CPUStateLayout.fpsr)).assumingMemoryBound(to: UInt32.self))
    }

    @inline(__always) private init(_ fpcr: UInt32, status: UnsafeMutablePointer<UInt32>?) {
        defaultNaN = fpcr & (1 << 25) != 0
        flushToZero = fpcr & (1 << 24) != 0
        alternativeHalf = fpcr & (1 << 26) != 0
        switch (fpcr >> 22) & 3 {
        case 0: rounding = .toNearestOrEven
        case 1: rounding = .up
        case 2: rounding = .down
        default: rounding = .towardZero
        }
        soft = fpcr & 0x01C0_0000 != 0
        self.status = status
    }

    /// FPProcessException for untrapped exceptions: sets the cumulative flags.
    @inline(__always) func raise(_ e: FPExceptions) {
        if let s = status { s.pointee |= e.rawValue }
    }

    /// Results must be rounded in software: a directed mode, FZ, or exceptions to report.
    var exact: Bool { soft || status != nil }
}

/// The correctly rounded arithmetic operations.
enum FPArith: UInt8 {
    case add, sub, mul, div

    /// The host's IEEE result (round to nearest even, the default NaN for invalid operations).
    @inline(__always) func host<F: ARMFloat>(_ a: F, _ b: F) -> F {
        switch self {
        case .add: return a + b
        case .sub: return a - b
        case .mul: return a * b
        case .div: return a / b
        }
    }
}

enum FPRules {
    /// FPProcessNaN: quiets a signaling NaN (or gives the default NaN under DN).
    @inline(__always) static func processNaN<F: ARMFloat>(_ a: F, _ c: FPControl) -> F {
        if a.isSignalingNaN { c.raise(.invalid) }
        return c.defaultNaN ? F.defaultNaN : a.quieted
    }

    /// FPProcessNaNs: the first signaling NaN, else the first quiet NaN; nil if neither is a NaN.
    @inline(__always) static func processNaNs<F: ARMFloat>(_ a: F, _ b: F, _ c: FPControl) -> F? {
        if !a.isNaN && !b.isNaN { return nil }
        if a.isSignalingNaN { return processNaN(a, c) }
        if b.isSignalingNaN { return processNaN(b, c) }
        return processNaN(a.isNaN ? a : b, c)
    }

    /// FPProcessNaNs3 in Arm's operand order (addend first for the fused forms).
    static func processNaNs3<F: ARMFloat>(_ a: F, _ b: F, _ d: F, _ c: FPControl) -> F? {
        if !a.isNaN && !b.isNaN && !d.isNaN { return nil }
        if a.isSignalingNaN { return processNaN(a, c) }
        if b.isSignalingNaN { return processNaN(b, c) }
        if d.isSignalingNaN { return processNaN(d, c) }
        return processNaN(a.isNaN ? a : b.isNaN ? b : d, c)
    }

    /// FPUnpack under FPCR.FZ: a subnormal input is a zero of the same sign (IDC).
    @inline(__always) static func flush<F: ARMFloat>(_ x: F, _ c: FPControl) -> F {
        guard c.flushToZero && x.isSubnormal else { return x }
        c.raise(.inputDenormal)
        return F(bitPattern: x.bitPattern & (F.Bits(1) << (F.Bits.bitWidth - 1)))
    }

    /// A two-operand arithmetic result: operand NaNs propagate, a fresh NaN is the default NaN;
    /// rounded per FPCR (FZ, RMode).
    static func arith<F: ARMFloat>(_ op: FPArith, _ x: F, _ y: F, _ c: FPControl) -> F {
        let a = flush(x, c), b = flush(y, c)
        if let n = processNaNs(a, b, c) { return n }
        if !c.soft && c.status != nil && a.isFinite && b.isFinite && !(op == .div && (a.isZero || b.isZero)) {
            let r: F = op.host(a, b)
            if let e = HostRounding.arith(op, a, b, r) {
                c.raise(e)
                return r
            }
        }
        if c.exact && a.isFinite && b.isFinite {
            switch op {
            case .add: return SoftFloat.add(a, b, c)
            case .sub: return SoftFloat.add(a, -b, c)
            case .mul: return SoftFloat.mul(a, b, c)
            case .div:
                if !a.isZero && !b.isZero { return SoftFloat.div(a, b, c) }
                if b.isZero && !a.isZero { c.raise(.divideByZero) }
            }
        }
        let r: F = op.host(a, b)
        if r.isNaN { c.raise(.invalid) }  // inf - inf, 0 * inf, 0 / 0, inf / inf
        return r.isNaN ? F.defaultNaN : r
    }

    /// FPMulAdd: addend + n * m with one rounding.
    static func mulAdd<F: ARMFloat>(_ addend0: F, _ n0: F, _ m0: F, _ c: FPControl) -> F {
        let addend = flush(addend0, c), n = flush(n0, c), m = flush(m0, c)
        let infTimesZero = (n.isInfinite && m.isZero) || (n.isZero && m.isInfinite)
        if addend.isNaN && !addend.isSignalingNaN && infTimesZero {
            c.raise(.invalid)
            return F.defaultNaN
        }
        if let x = processNaNs3(addend, n, m, c) { return x }
        if c.exact && addend.isFinite && n.isFinite && m.isFinite {
            if !c.soft {
                let r = addend.addingProduct(n, m)
                if let e = HostRounding.mulAdd(addend, n, m, r) {
                    c.raise(e)
                    return r
                }
            }
            return SoftFloat.mulAdd(addend, n, m, c)
        }
        let r = addend.addingProduct(n, m)
        if r.isNaN { c.raise(.invalid) }
        return r.isNaN ? F.defaultNaN : r
    }

    /// FPSqrt.
    static func sqrt<F: ARMFloat>(_ x: F, _ c: FPControl) -> F {
        let a = flush(x, c)
        if a.isNaN { return processNaN(a, c) }
        if a < 0 {
            c.raise(.invalid)
            return F.defaultNaN
        }
        if c.exact && a.isFinite && !a.isZero {
            if !c.soft {
                let r = a.squareRoot()
                if let e = HostRounding.sqrt(a, r) {
                    c.raise(e)
                    return r
                }
            }
            return SoftFloat.sqrt(a, c)
        }
        return a.squareRoot()
    }

    /// FPMax / FPMin (`isMax`), with the NM variants treating a lone quiet NaN as missing.
    static func maxMin<F: ARMFloat>(_ x: F, _ y: F, isMax: Bool, numeric: Bool, _ c: FPControl) -> F {
        var a = flush(x, c), b = flush(y, c)
        if numeric {
            let aq = a.isNaN && !a.isSignalingNaN, bq = b.isNaN && !b.isSignalingNaN
            if aq && !bq { a = isMax ? -F.infinity : F.infinity }
            if bq && !aq { b = isMax ? -F.infinity : F.infinity }
        }
        if let n = processNaNs(a, b, c) { return n }
        if a.isZero && b.isZero && a.sign != b.sign { return isMax ? F(0) : -F(0) }
        return isMax ? (a > b ? a : b) : (a < b ? a : b)
    }

    /// FPCompare as NZCV: equal 0110, less 1000, greater 0010, unordered 0011. A signalling
    /// NaN is IOC, and so is any NaN for the `signaling` compares (FCMPE, FCCMPE).
    static func compareFlags<F: ARMFloat>(_ x: F, _ y: F, _ c: FPControl, signaling: Bool = false) -> UInt32 {
        let a = flush(x, c), b = flush(y, c)
        if a.isNaN || b.isNaN {
            if signaling || a.isSignalingNaN || b.isSignalingNaN { c.raise(.invalid) }
            return 0b0011 << 28
        }
        if a == b { return 0b0110 << 28 }
        return a < b ? 0b1000 << 28 : 0b0010 << 28
    }

    /// FPRoundInt with an explicit rule (NaNs processed, zeros and infinities kept);
    /// `exact` (FRINTX) reports a changed value as IXC.
    static func roundInt<F: ARMFloat>(_ x: F, _ rule: FloatingPointRoundingRule, _ c: FPControl, exact: Bool = false) -> F {
        let a = flush(x, c)
        if a.isNaN { return processNaN(a, c) }
        let r = a.rounded(rule)
        if exact && r != a { c.raise(.inexact) }
        return r
    }

    /// FPRoundIntN (FRINT32Z/X, FRINT64Z/X): rounded to an integral value by `rule`; a NaN,
    /// an infinity or a result outside a signed `intBits`-bit integer gives -2^(intBits-1) with
    /// IOC (and no IXC); otherwise IXC when rounding changed the value. FZ flushes the input (IDC).
    static func roundIntN<F: ARMFloat>(_ x: F, intBits: Int, _ rule: FloatingPointRoundingRule, _ c: FPControl,
                                       _ exc: inout FPExceptions) -> F {
        var a = x
        if c.flushToZero && a.isSubnormal {
            exc.insert(.inputDenormal)
            a = F.zero(negative: a.sign == .minus)
        }
        let limit = F(sign: .plus, exponent: F.Exponent(intBits - 1), significand: 1)
        if a.isNaN || a.isInfinite {
            exc.insert(.invalid)
            return -limit
        }
        let r = a.rounded(rule)
        if r >= limit || r < -limit {
            exc.insert(.invalid)
            return -limit
        }
        if r != a { exc.insert(.inexact) }
        return r.isZero ? F.zero(negative: a.sign == .minus) : r
    }

    /// FPToFixed: a * 2^fbits rounded by `rule`, saturated to a `bits`-wide integer; NaN gives 0.
    /// A NaN or a saturated result is IOC, any other rounded one IXC.
    static func toFixed(_ a: Double, fbits: Int, rule: FloatingPointRoundingRule, signed: Bool, bits: Int,
                        _ c: FPControl) -> UInt64 {
        if a.isNaN {
            c.raise(.invalid)
            return 0
        }
        let scaled = fbits == 0 ? a : a * Double(sign: .plus, exponent: fbits, significand: 1)
        let r = scaled.rounded(rule)
        let mask = laneMask(bits)
        let low = signed ? -Double(sign: .plus, exponent: bits - 1, significand: 1) : 0
        let high = Double(sign: .plus, exponent: signed ? bits - 1 : bits, significand: 1)
        if r >= high || r < low {
            c.raise(.invalid)
            return r >= high ? (signed ? mask >> 1 : mask) : (signed ? (mask >> 1) ^ mask : 0)
        }
        if r != scaled { c.raise(.inexact) }
        return signed ? UInt64(bitPattern: Int64(r)) & mask : UInt64(r)
    }

    /// FixedToFP: the `bits`-wide integer v divided by 2^fbits, rounded per FPCR.
    static func fromFixed<F: ARMFloat>(_ v: UInt64, bits: Int, signed: Bool, fbits: Int, _ c: FPControl, as _: F.Type) -> F {
        if c.exact {
            let s = signExtend(v, bits: bits)
            return signed ? SoftFloat.fromInteger(magnitude: s.magnitude, negative: s < 0, fbits: fbits, c, as: F.self)
                          : SoftFloat.fromInteger(magnitude: v & laneMask(bits), negative: false, fbits: fbits, c, as: F.self)
        }
        let x: F = signed ? F(signExtend(v, bits: bits)) : F(v & laneMask(bits))
        return fbits == 0 ? x : x / F(sign: .plus, exponent: F.Exponent(fbits), significand: 1)
    }

    /// Single -> double (FCVTL): exact, NaNs keep sign and payload, quieted.
    static func widen(_ x: Float, _ c: FPControl) -> Double {
        let f = flush(x, c)
        if f.isNaN {
            if f.isSignalingNaN { c.raise(.invalid) }
            if c.defaultNaN { return .defaultNaN }
            let b = UInt64(f.bitPattern)
            return Double(bitPattern: (b >> 31) << 63 | 0x7FF8_0000_0000_0000 | (b & 0x3F_FFFF) << 29)
        }
        return Double(f)
    }

    /// Double -> single (FCVTN; FCVTXN rounds to odd).
    static func narrow(_ x: Double, _ c: FPControl, roundToOdd: Bool = false) -> Float {
        let d = flush(x, c)
        if d.isNaN {
            if d.isSignalingNaN { c.raise(.invalid) }
            if c.defaultNaN { return .defaultNaN }
            let b = d.bitPattern
            return Float(bitPattern: UInt32(b >> 63) << 31 | 0x7FC0_0000 | UInt32((b >> 29) & 0x3F_FFFF))
        }
        if d.isFinite && (c.exact || roundToOdd) { return SoftFloat.narrow(d, c, roundToOdd: roundToOdd) }
        var f = Float(d)
        if roundToOdd && Double(f) != d {
            if abs(Double(f)) > abs(d) { f = Float(bitPattern: f.bitPattern - 1) }
            f = Float(bitPattern: f.bitPattern | 1)
        }
        return f
    }

    /// ConditionHolds for cond 0...15 against ARM-format NZCV.
    static func conditionHolds(_ cond: UInt32, _ nzcv: UInt32) -> Bool {
        let n = nzcv & (1 << 31) != 0, z = nzcv & (1 << 30) != 0, c = nzcv & (1 << 29) != 0, v = nzcv & (1 << 28) != 0
        var r: Bool
        switch cond >> 1 {
        case 0: r = z
        case 1: r = c
        case 2: r = n
        case 3: r = v
        case 4: r = c && !z
        case 5: r = n == v
        case 6: r = n == v && !z
        default: r = true
        }
        if cond & 1 == 1 && cond != 15 { r = !r }
        return r
    }
}
