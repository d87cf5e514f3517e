// FEAT_FlagM and FEAT_FlagM2: CFINV, RMIF, SETF8/SETF16 (Arm ARM C6.2) and AXFLAG/XAFLAG.
// Computed on NZCV in ARM format (N bit 31, Z 30, C 29, V 28) with ordinary integer ops
// between a getNZCV and a setNZCV; the backend converts from/to its host flag format.

extension Lifter {
    private static let flagN: UInt64 = 1 << 31, flagZ: UInt64 = 1 << 30, flagC: UInt64 = 1 << 29, flagV: UInt64 = 1 << 28

    private func readNZCV() -> Value { let d = newValue(); emit(.getNZCV(d)); return d }
    private func or(_ a: Value, _ b: Value) -> Value { binary(.or, a, b, is64: true) }
    private func and(_ a: Value, _ m: UInt64) -> Value { binary(.and, a, imm: m, is64: true) }

    /// CFINV: C = NOT C.
    func invertCarry() { emit(.setNZCV(binary(.xor, readNZCV(), imm: Self.flagC, is64: true))) }

    /// XAFLAG: external (Arm) format from the alternative (x86-like) one.
    func convertFlagsFromAlternative() {
        let f = readNZCV()
        let c = and(f, Self.flagC)                                   // C at bit 29
        let z = and(binary(.lshr, f, imm: 1, is64: true), Self.flagC) // Z at bit 29
        let cOrZ = or(c, z), cAndZ = binary(.and, c, z, is64: true)
        let n = binary(.shl, binary(.xor, cOrZ, imm: Self.flagC, is64: true), imm: 2, is64: true)  // NOT C AND NOT Z
        let v = binary(.lshr, binary(.andNot, z, c, is64: true), imm: 1, is64: true)               // NOT C AND Z
        emit(.setNZCV(or(or(n, binary(.shl, cAndZ, imm: 1, is64: true)), or(cOrZ, v))))
    }

    /// AXFLAG: Z = Z OR V, C = C AND NOT V, N = V = 0.
    func convertFlagsToAlternative() {
        let f = readNZCV()
        let z = and(or(f, binary(.shl, f, imm: 2, is64: true)), Self.flagZ)
        let c = and(binary(.andNot, f, binary(.shl, f, imm: 1, is64: true), is64: true), Self.flagC)
        emit(.setNZCV(or(z, c)))
    }

    /// RMIF Xn, #shift, #mask (sf op S 11010000 imm6 00001 Rn o2 mask, with 1 0 1 and o2 = 0):
    /// the flags selected by mask take bits 3..0 of Xn rotated right by shift.
    func rotateRightIntoFlags(_ f: RotateIntoFlagsOperands) {
        let mask = f.mask << 28
        guard mask != 0 else { return }
        let rotated = binary(.ror, x(f.rn), imm: f.rotation, is64: true)
        let bits = and(binary(.shl, rotated, imm: 28, is64: true), mask)
        emit(.setNZCV(or(and(readNZCV(), ~mask & 0xF000_0000), bits)))
    }

    /// SETF8/SETF16 Wn (sz = bit 14): N = the top bit of the byte/halfword, Z = it is zero,
    /// V = that top bit XOR the next one up; C unchanged.
    func evaluateIntoFlags(_ f: TwoRegisters, topBit top: UInt64) {
        let w = x(f.rn)
        let n = and(binary(.shl, w, imm: 31 - top, is64: true), Self.flagN)
        // (low bits - 1) >> 63 is 1 exactly when the low bits are zero.
        let low = and(w, (2 << top) - 1)
        let z = binary(.shl, binary(.lshr, binary(.sub, low, imm: 1, is64: true), imm: 63, is64: true), imm: 30, is64: true)
        let flip = binary(.xor, w, binary(.lshr, w, imm: 1, is64: true), is64: true)
        let v = and(binary(.shl, flip, imm: 28 - top, is64: true), Self.flagV)
        emit(.setNZCV(or(or(and(readNZCV(), Self.flagC), n), or(z, v))))
    }
}
