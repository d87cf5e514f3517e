// Arm's FPRound in software, for the FPCR modes host arithmetic does not follow:
// RMode other than round-to-nearest and FZ (flush-to-zero, tininess detected before
// rounding). Each operation builds its exact result (or one jammed with a sticky bit
// far below the rounding position) as sign * mant * 2^exp and rounds it once.
// Operands are finite here; callers handle NaNs and infinities first.

/// An unrounded real value: (-1)^sign * mant * 2^exp; `mant` < 2^126.
struct Unrounded {
    var sign: Bool
    var mant: UInt128
    var exp: Int

    init(sign: Bool, mant: UInt128, exp: Int) { self.sign = sign; self.mant = mant; self.exp = exp }

    /// The significand with its `shift` lowest bits dropped (shifted left when `shift` < 0),
    /// rounded by `rule` (to odd when `odd`), and whether the dropped bits were nonzero: the
    /// rounding step of FPRound, shared by every destination format.
    func significand(droppingBits shift: Int, _ rule: FloatingPointRoundingRule, odd: Bool = false)
        -> (kept: UInt128, inexact: Bool) {
        if shift <= 0 { return (mant << -shift, false) }
        var kept: UInt128
        let rem: UInt128, half: UInt128
        if shift >= 128 {
            kept = 0; rem = mant; half = UInt128(1) << 127
        } else {
            kept = mant >> shift; rem = mant & ((UInt128(1) << shift) - 1); half = UInt128(1) << (shift - 1)
        }
        if rem == 0 { return (kept, false) }
        if odd { return (kept | 1, true) }
        let up: Bool
        switch rule {
        case .toNearestOrEven: up = rem > half || (rem == half && kept & 1 == 1)
        case .toNearestOrAwayFromZero: up = rem >= half
        case .up: up = !sign
        case .down: up = sign
        default: up = false
        }
        if up { kept += 1 }
        return (kept, true)
    }

    /// A finite float exactly.
    init<F: ARMFloat>(_ x: F) {
        sign = x.sign == .minus
        let sigBits = F.significandBitCount, bias = (1 << (F.exponentBitCount - 1)) - 1
        let frac = UInt128(x.significandBitPattern), be = Int(x.exponentBitPattern)
        if be == 0 {
            mant = frac; exp = 1 - bias - sigBits
        } else {
            mant = frac | UInt128(1) << sigBits; exp = be - bias - sigBits
        }
    }

    var isZero: Bool { mant == 0 }
    /// Position of the top set bit (mant != 0).
    var top: Int { 127 - mant.leadingZeroBitCount }

    /// The significand scaled to exponent `base`, jamming bits shifted out into bit 0.
    func aligned(base: Int) -> UInt128 {
        let shift = exp - base
        if shift >= 0 { return mant << shift }
        let s = -shift
        if s >= 128 { return mant == 0 ? 0 : 1 }
        let kept = mant >> s
        return kept | (mant & ((UInt128(1) << s) - 1) != 0 ? 1 : 0)
    }
}

enum SoftFloat {
    /// FPRound: rounds `v` to F by `rule` (round to odd when `odd`); FZ flushes results
    /// whose unrounded magnitude is below the smallest normal (UFC). Exceptions go to
    /// `report`: IXC when inexact, UFC when tiny before rounding and inexact, OFC + IXC.
    static func round<F: ARMFloat>(_ v: Unrounded, _ rule: FloatingPointRoundingRule, fz: Bool, odd: Bool = false,
                                   as _: F.Type, report c: FPControl) -> F {
        let signBit = F.Bits(v.sign ? 1 : 0) << (F.Bits.bitWidth - 1)
        if v.mant == 0 { return F(bitPattern: signBit) }
        let p = F.significandBitCount + 1, bias = (1 << (F.exponentBitCount - 1)) - 1, emin = 1 - bias
        let e = v.exp + v.top  // value in [2^e, 2^(e+1))
        if fz && e < emin {
            c.raise(.underflow)
            return F(bitPattern: signBit)
        }
        let (kept, inexact) = v.significand(droppingBits: max(e, emin) - (p - 1) - v.exp, rule, odd: odd)
        // Subnormal: the significand is the encoding. Normal: the hidden bit (and any
        // carry out of rounding) adds into the exponent field.
        var bits = e < emin ? kept : UInt128(e + bias - 1) << (p - 1) + kept
        let infinity = UInt128((1 << F.exponentBitCount) - 1) << (p - 1)
        if e < emin && inexact { c.raise(.underflow) }
        if bits >= infinity {
            c.raise([.overflow, .inexact])
            let toInfinity: Bool
            switch rule {
            case .toNearestOrEven, .toNearestOrAwayFromZero: toInfinity = !odd
            case .up: toInfinity = !v.sign && !odd
            case .down: toInfinity = v.sign && !odd
            default: toInfinity = false
            }
            bits = toInfinity ? infinity : infinity - 1
        } else if inexact {
            c.raise(.inexact)
        }
        return F(bitPattern: signBit | F.Bits(truncatingIfNeeded: bits))
    }

    /// The sign of an exact zero sum of nonzero or opposite-signed operands.
    @inline(__always) static func zeroSumSign(_ rule: FloatingPointRoundingRule) -> Bool { rule == .down }

    /// Exact x + y (jammed), or nil when the sum is exactly zero.
    static func sum(_ x: Unrounded, _ y: Unrounded) -> Unrounded? {
        if x.isZero { return y.isZero ? nil : y }
        if y.isZero { return x }
        let topBit = 124
        let base = max(x.exp + x.top, y.exp + y.top) - topBit
        let a = x.aligned(base: base), b = y.aligned(base: base)
        if x.sign == y.sign { return Unrounded(sign: x.sign, mant: a + b, exp: base) }
        if a == b { return nil }
        return a > b ? Unrounded(sign: x.sign, mant: a - b, exp: base) : Unrounded(sign: y.sign, mant: b - a, exp: base)
    }

    static func product(_ a: Unrounded, _ b: Unrounded) -> Unrounded {
        Unrounded(sign: a.sign != b.sign, mant: a.mant * b.mant, exp: a.exp + b.exp)
    }

    // MARK: operations on finite operands

    static func add<F: ARMFloat>(_ a: F, _ b: F, _ c: FPControl) -> F {
        let x = Unrounded(a), y = Unrounded(b)
        if x.isZero && y.isZero && x.sign == y.sign { return a }
        guard let s = sum(x, y) else { return zeroSumSign(c.rounding) ? -F(0) : F(0) }
        return round(s, c.rounding, fz: c.flushToZero, as: F.self, report: c)
    }

    static func mul<F: ARMFloat>(_ a: F, _ b: F, _ c: FPControl) -> F {
        round(product(Unrounded(a), Unrounded(b)), c.rounding, fz: c.flushToZero, as: F.self, report: c)
    }

    /// addend + n * m, rounded once; `halve` divides the exact result by 2 (FRSQRTS).
    static func mulAdd<F: ARMFloat>(_ addend: F, _ n: F, _ m: F, _ c: FPControl, halve: Bool = false) -> F {
        let p = product(Unrounded(n), Unrounded(m)), z = Unrounded(addend)
        if p.isZero && z.isZero {
            return p.sign == z.sign ? addend : (zeroSumSign(c.rounding) ? -F(0) : F(0))
        }
        guard var s = sum(z, p) else { return zeroSumSign(c.rounding) ? -F(0) : F(0) }
        if halve { s.exp -= 1 }
        return round(s, c.rounding, fz: c.flushToZero, as: F.self, report: c)
    }

    /// Normalised significand with its top bit at `bit`.
    private static func normalized(_ x: Unrounded, topAt bit: Int) -> Unrounded {
        var r = x
        let shift = bit - x.top
        r.mant = shift >= 0 ? x.mant << shift : x.mant >> -shift
        r.exp -= shift
        return r
    }

    /// a / b for nonzero finite operands.
    static func div<F: ARMFloat>(_ a: F, _ b: F, _ c: FPControl) -> F {
        let x = normalized(Unrounded(a), topAt: 122), y = normalized(Unrounded(b), topAt: 52)
        let (q, r) = x.mant.quotientAndRemainder(dividingBy: y.mant)
        let v = Unrounded(sign: x.sign != y.sign, mant: q | (r != 0 ? 1 : 0), exp: x.exp - y.exp)
        return round(v, c.rounding, fz: c.flushToZero, as: F.self, report: c)
    }

    /// Square root of a positive finite operand.
    static func sqrt<F: ARMFloat>(_ a: F, _ c: FPControl) -> F {
        var x = normalized(Unrounded(a), topAt: 122)
        if x.exp & 1 != 0 { x.mant <<= 1; x.exp -= 1 }
        // Integer square root, bit by bit.
        var rem = x.mant, root: UInt128 = 0, bit = UInt128(1) << 126
        while bit > rem { bit >>= 2 }
        while bit != 0 {
            if rem >= root + bit { rem -= root + bit; root = root >> 1 + bit } else { root >>= 1 }
            bit >>= 2
        }
        let v = Unrounded(sign: false, mant: root | (rem != 0 ? 1 : 0), exp: x.exp / 2)
        return round(v, c.rounding, fz: c.flushToZero, as: F.self, report: c)
    }

    /// An integer (magnitude and sign) divided by 2^fbits.
    static func fromInteger<F: ARMFloat>(magnitude: UInt64, negative: Bool, fbits: Int, _ c: FPControl, as _: F.Type) -> F {
        round(Unrounded(sign: negative, mant: UInt128(magnitude), exp: -fbits), c.rounding, fz: c.flushToZero, as: F.self, report: c)
    }

    /// Double -> single for a finite value (round to odd for FCVTXN).
    static func narrow(_ d: Double, _ c: FPControl, roundToOdd: Bool) -> Float {
        round(Unrounded(d), c.rounding, fz: c.flushToZero, odd: roundToOdd, as: Float.self, report: c)
    }
}

/// The exception flags of a host-rounded result in the default mode (round to nearest, no
/// FZ): the host's result is Arm's, and error-free transformations tell whether it was
/// exact, far cheaper than rounding in software. They are exact only away from the subnormal
/// range, so each function returns nil there (and SoftFloat decides).
enum HostRounding {
    /// Zero, or a magnitude at least 2^(2p+4) times the smallest normal: error terms stay exact.
    @inline(__always) static func safe<F: ARMFloat>(_ x: F) -> Bool {
        x.isZero || Int(x.exponentBitPattern) >= 2 * F.significandBitCount + 7
    }

    /// Knuth's TwoSum: s + e == a + b exactly (s = fl(a + b)).
    @inline(__always) static func twoSum<F: ARMFloat>(_ a: F, _ b: F) -> (F, F) {
        let s = a + b, bb = s - a
        return (s, (a - (s - bb)) + (b - bb))
    }

    /// Flags of r = fl(a op b) for finite a and b, r not NaN (IXC, or OFC + IXC).
    @inline(__always) static func arith<F: ARMFloat>(_ op: FPArith, _ a: F, _ b: F, _ r: F) -> FPExceptions? {
        if r.isInfinite { return [.overflow, .inexact] }
        let exact: Bool
        switch op {
        case .add, .sub: exact = twoSum(a, op == .add ? b : -b).1 == 0  // sums are exact even when tiny
        case .mul:
            if a.isZero || b.isZero { return [] }
            guard safe(r) && !r.isZero else { return nil }
            exact = (-r).addingProduct(a, b) == 0
        case .div:
            if a.isZero { return [] }
            guard safe(r) && !r.isZero && safe(a) else { return nil }
            exact = a.addingProduct(-r, b) == 0
        }
        return exact ? [] : .inexact
    }

    /// Flags of r = fl(sqrt(a)) for a positive finite a.
    @inline(__always) static func sqrt<F: ARMFloat>(_ a: F, _ r: F) -> FPExceptions? {
        guard safe(a) else { return nil }
        return a.addingProduct(-r, r) == 0 ? [] : .inexact
    }

    /// Flags of r = fl(addend + n * m) for finite operands, r not NaN: the exact value is
    /// addend + p + pe (p = fl(n * m), pe its error); r is exact when the expansion of
    /// addend + p + pe - r is all zeros.
    @inline(__always) static func mulAdd<F: ARMFloat>(_ addend: F, _ n: F, _ m: F, _ r: F) -> FPExceptions? {
        if r.isInfinite { return [.overflow, .inexact] }
        let p = n * m
        let productIsZero = n.isZero || m.isZero
        guard p.isFinite, safe(p), p.isZero == productIsZero, safe(addend), safe(r), !(r.isZero && !(productIsZero && addend.isZero))
        else { return nil }
        let pe = productIsZero ? F(0) : (-p).addingProduct(n, m)
        // Shewchuk's Grow-Expansion of [addend] by p, pe and -r (exact TwoSums, the result
        // non-overlapping): the sum is zero exactly when every component is.
        let (q1, e0) = twoSum(p, addend)
        let (s1, f0) = twoSum(pe, e0), (s2, f1) = twoSum(s1, q1)
        let (t1, g0) = twoSum(-r, f0), (t2, g1) = twoSum(t1, f1), (t3, g2) = twoSum(t2, s2)
        return g0 == 0 && g1 == 0 && g2 == 0 && t3 == 0 ? [] : .inexact
    }
}
