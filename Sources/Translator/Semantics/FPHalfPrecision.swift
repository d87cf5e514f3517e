// Half-precision conversions of the base architecture (Arm ARM FPConvert with
// FPUnpackCV / FPRoundCV): FCVT between H and S/D, FCVTL/FCVTN with 16-bit lanes.
// FPCR.AHP selects the alternative format (no infinities or NaNs, exponent 31 is a
// normal binade); FPCR.FZ flushes single/double inputs only (FZ16 is RES0 here and
// conversions ignore it anyway); the rounding mode is FPCR.RMode. Halves travel as raw
// UInt16 bit patterns.

enum HalfPrecision {
    private static let fractionBits = 10, exponentBits = 5, bias = 15

    /// FPConvert half -> single or double: exact. A NaN keeps its sign and payload (quieted);
    /// a signalling one is IOC.
    static func widen<F: ARMFloat>(_ h: UInt16, _ c: FPControl, _ exc: inout FPExceptions, as _: F.Type) -> F {
        let negative = h & 0x8000 != 0, exp = Int(h >> 10) & 0x1F, frac = UInt64(h & 0x3FF)
        if exp == 31 && !c.alternativeHalf {
            if frac == 0 { return F.infinity(negative: negative) }
            if frac & 0x200 == 0 { exc.insert(.invalid) }
            if c.defaultNaN { return F.defaultNaN }
            let m = F.significandBitCount, e = F.exponentBitCount
            let bits = UInt64(negative ? 1 : 0) << UInt64(m + e) | ((1 << UInt64(e)) - 1) << UInt64(m)
                | (frac | 0x200) << UInt64(m - fractionBits)
            return F(lane: bits)
        }
        if exp == 0 && frac == 0 { return F.zero(negative: negative) }
        let mant = exp == 0 ? frac : frac | 0x400, e2 = (exp == 0 ? 1 : exp) - bias - fractionBits
        let magnitude = F(mant) * F(sign: .plus, exponent: F.Exponent(e2), significand: 1)
        return negative ? -magnitude : magnitude
    }

    /// FPConvert single or double -> half, rounded by FPCR.RMode.
    static func narrow<F: ARMFloat>(_ x0: F, _ c: FPControl, _ exc: inout FPExceptions) -> UInt16 {
        var x = x0
        if c.flushToZero && x.isSubnormal {
            exc.insert(.inputDenormal)
            x = F.zero(negative: x.sign == .minus)
        }
        let sign: UInt16 = x.sign == .minus ? 0x8000 : 0
        if x.isNaN {
            if c.alternativeHalf {
                exc.insert(.invalid)
                return sign
            }
            if x.isSignalingNaN { exc.insert(.invalid) }
            if c.defaultNaN { return 0x7E00 }
            let payload = UInt64(x.significandBitPattern) >> UInt64(F.significandBitCount - fractionBits)
            return sign | 0x7E00 | UInt16(payload & 0x1FF)
        }
        if x.isInfinite {
            if c.alternativeHalf {
                exc.insert(.invalid)
                return sign | 0x7FFF
            }
            return sign | 0x7C00
        }
        if x.isZero { return sign }
        return round(Unrounded(x), c.rounding, alternative: c.alternativeHalf, &exc)
    }

    /// FPRoundBase for N = 16 (FZ16 = 0: tiny results are kept as subnormals): tininess is
    /// detected before rounding and is UFC only when inexact; the alternative format
    /// saturates with IOC instead of overflowing.
    static func round(_ v: Unrounded, _ rule: FloatingPointRoundingRule, alternative: Bool,
                      _ exc: inout FPExceptions) -> UInt16 {
        let sign: UInt16 = v.sign ? 0x8000 : 0, p = fractionBits + 1, emin = 1 - bias
        let e = v.exp + v.top  // value in [2^e, 2^(e+1))
        let (kept, inexact) = v.significand(droppingBits: max(e, emin) - (p - 1) - v.exp, rule)
        if e < emin && inexact { exc.insert(.underflow) }
        let bits = e < emin ? kept : UInt128(e + bias - 1) << (p - 1) + kept
        if alternative {
            if bits >= 0x8000 {
                exc.insert(.invalid)
                return sign | 0x7FFF
            }
        } else if bits >= 0x7C00 {
            exc.formUnion([.overflow, .inexact])
            let toInfinity: Bool
            switch rule {
            case .toNearestOrEven: toInfinity = true
            case .up: toInfinity = !v.sign
            case .down: toInfinity = v.sign
            default: toInfinity = false
            }
            return sign | (toInfinity ? 0x7C00 : 0x7BFF)
        }
        if inexact { exc.insert(.inexact) }
        return sign | UInt16(bits)
    }

    // MARK: instructions

    /// FCVT (scalar) with a half-precision source or destination: FP 1-source opcode
    /// 0001oo, ftype and opc (00 single, 01 double, 11 half) naming source and destination.
    /// `op` widen (from half) or narrow (to half), `esize` the single/double side's bits.
    static func scalarConvert(_ w: InstructionWord) -> SemanticOperation? {
        let from = w[.ftype], to = w[.fpConvertTo]
        guard w[.fp1OpcodeHigh] == 0b0001 && from != 2 && to != 2 && from != to && (from == 3 || to == 3) else { return nil }
        var o = SemanticOperation(.fpHalfConvert, op: (from == 3 ? FPUnOp.widen : FPUnOp.narrow).rawValue)
        (o.d, o.n) = (w.vreg(.rd).number, w.vreg(.rn).number)
        o.esize = (from == 3 ? to : from) == 0 ? 32 : 64
        return o
    }

    static func executeScalarConvert(_ o: SemanticOperation, _ cpu: CPUState) {
        let c = FPControl(cpu), x = cpu.v(o.vn).lo
        var exc = FPExceptions()
        let r: UInt64
        switch (FPUnOp(rawValue: o.op)! == .widen, o.esize == 64) {
        case (true, false): r = widen(UInt16(truncatingIfNeeded: x), c, &exc, as: Float.self).lane
        case (true, true): r = widen(UInt16(truncatingIfNeeded: x), c, &exc, as: Double.self).lane
        case (false, false): r = UInt64(narrow(Float(lane: x & 0xFFFF_FFFF), c, &exc))
        case (false, true): r = UInt64(narrow(Double(lane: x), c, &exc))
        }
        cpu.setV(o.vd, lo: r, hi: 0)
        cpu.raise(exc)
    }

    /// FCVTL(2) 4S <- 4H and FCVTN(2) 4H <- 4S: two-register misc U = 0, size = 00, opcode 1011x.
    static func vectorConvert(_ w: InstructionWord) -> SemanticOperation? {
        let opcode = w[.miscOpcode]
        guard !w.flag(.u) && w[.esize] == 0 && (opcode == 0b10110 || opcode == 0b10111) else { return nil }
        var o = SemanticOperation(.simdHalfConvert, op: (opcode == 0b10111 ? FPUnOp.widen : FPUnOp.narrow).rawValue)
        (o.d, o.n, o.q) = (w.vreg(.rd).number, w.vreg(.rn).number, w.flag(.q))
        return o
    }

    static func executeVectorConvert(_ o: SemanticOperation, _ cpu: CPUState) {
        let c = FPControl(cpu), q = o.q, a = Vec128(cpu, o.vn)
        var exc = FPExceptions(), r = Vec128()
        if FPUnOp(rawValue: o.op)! == .widen {  // FCVTL(2): the low or high four halves
            let base = q ? 4 : 0
            for i in 0..<4 {
                r[i, 32] = widen(UInt16(truncatingIfNeeded: a[base + i, 16]), c, &exc, as: Float.self).lane
            }
        } else {  // FCVTN(2): into the low half (upper cleared) or the high half (low kept)
            if q { r.lo = Vec128(cpu, o.vd).lo }
            for i in 0..<4 {
                r[(q ? 4 : 0) + i, 16] = UInt64(narrow(Float(lane: a[i, 32]), c, &exc))
            }
        }
        r.store(cpu, o.vd)
        cpu.raise(exc)
    }
}
