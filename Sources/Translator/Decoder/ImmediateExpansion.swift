// The Arm ARM's immediate expansions shared by the lifter (inline code) and the
// out-of-line semantics: one definition each.

enum ImmediateExpansion {
    /// VFPExpandImm: the 8-bit FP immediate of FMOV as single or double bits.
    static func fp(_ imm8: UInt64, double: Bool) -> UInt64 {
        let sign = imm8 >> 7, b6 = (imm8 >> 6) & 1, cd = (imm8 >> 4) & 3, frac = imm8 & 0xF
        if double {
            let exp = (b6 ^ 1) << 10 | (b6 == 1 ? 0xFF : 0) << 2 | cd   // NOT(b):Replicate(b,8):cd
            return sign << 63 | exp << 52 | frac << 48
        }
        let exp = (b6 ^ 1) << 7 | (b6 == 1 ? 0x1F : 0) << 2 | cd        // NOT(b):Replicate(b,5):cd
        return sign << 31 | exp << 23 | frac << 19
    }

    /// AdvSIMDExpandImm: the 64-bit pattern (each half of the vector) for op:cmode:imm8.
    static func simd(op: Bool, cmode: UInt32, imm8: UInt64) -> UInt64 {
        switch cmode >> 1 {
        case 0, 1, 2, 3: return replicate(imm8 << (8 * UInt64(cmode >> 1)), bits: 32)
        case 4, 5: return replicate(imm8 << (8 * UInt64((cmode >> 1) & 1)), bits: 16)
        case 6: return replicate(cmode & 1 == 0 ? (imm8 << 8 | 0xFF) : (imm8 << 16 | 0xFFFF), bits: 32)
        default:
            switch (cmode & 1, op) {
            case (0, false): return replicate(imm8, bits: 8)
            case (0, true):  // each bit of imm8 becomes a byte of ones
                var imm: UInt64 = 0
                for b in 0..<8 where imm8 & (1 << UInt64(b)) != 0 { imm |= 0xFF << UInt64(8 * b) }
                return imm
            case (_, false): return replicate(fp(imm8, double: false), bits: 32)
            default: return fp(imm8, double: true)
            }
        }
    }

    static func replicate(_ v: UInt64, bits: Int) -> UInt64 {
        let m: UInt64 = bits == 64 ? ~0 : (1 << UInt64(bits)) - 1
        var r: UInt64 = 0, pos = 0
        while pos < 64 { r |= (v & m) << UInt64(pos); pos += bits }
        return r
    }
}
