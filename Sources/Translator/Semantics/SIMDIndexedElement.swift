// Advanced SIMD vector and scalar x indexed element (Arm ARM C4.1.95, C4.1.100): the
// second operand is one lane of Vm, used for every element of Vn.
// FP: FMLA/FMLS/FMUL/FMULX on single and double. Integer: MLA/MLS/MUL, SMULL/UMULL,
// SMLAL/UMLAL, SMLSL/UMLSL (and their "2" forms reading the upper half), SQDMULL,
// SQDMLAL, SQDMLSL, SQDMULH and SQRDMULH on 16- and 32-bit lanes.

enum SIMDIndexedElement {
    private enum Kind {
        case float(FPBinOp)
        case same(IntOp)
        /// Widening multiply; `acc` is +1 (accumulate), -1 (subtract) or 0.
        case long(acc: Int, saturatingDoubling: Bool)
    }

    private static func decode(_ w: UInt32, scalar: Bool) -> Kind? {
        let u = w.bit(29), size = w.bits(23, 22), opcode = w.bits(15, 12)
        switch (u, opcode) {
        case (false, 0b0001), (false, 0b0101), (false, 0b1001), (true, 0b1001):
            guard size >= 2 else { return nil }  // size 00 is half precision
            if size == 3 && (w.bit(21) || (!scalar && !w.bit(30))) { return nil }  // L=1 or 1D unallocated
            let op: FPBinOp = opcode == 0b0001 ? .fmla : opcode == 0b0101 ? .fmls : u ? .mulx : .mul
            return .float(op)
        default: break
        }
        guard size == 1 || size == 2 else { return nil }
        switch (u, opcode) {
        case (true, 0b0000) where !scalar: return .same(.mulAcc)
        case (true, 0b0100) where !scalar: return .same(.mulSub)
        case (false, 0b1000) where !scalar: return .same(.mul)
        case (_, 0b0010) where !scalar: return .long(acc: 1, saturatingDoubling: false)
        case (_, 0b0110) where !scalar: return .long(acc: -1, saturatingDoubling: false)
        case (_, 0b1010) where !scalar: return .long(acc: 0, saturatingDoubling: false)
        case (false, 0b0011): return .long(acc: 1, saturatingDoubling: true)
        case (false, 0b0111): return .long(acc: -1, saturatingDoubling: true)
        case (false, 0b1011): return .long(acc: 0, saturatingDoubling: true)
        case (false, 0b1100): return .same(.satDoublingMulHigh)
        case (false, 0b1101): return .same(.satRoundDoublingMulHigh)
        default: return nil
        }
    }

    static func supports(_ w: UInt32, scalar: Bool) -> Bool { decode(w, scalar: scalar) != nil }

    /// The element of Vm: for 16-bit lanes index H:L:M and Vm is V0-V15; for 32-bit
    /// lanes index H:L; for 64-bit lanes index H.
    private static func element(_ w: UInt32, _ cpu: CPUState) -> UInt64 {
        switch w.bits(23, 22) {
        case 1: return Vec128(cpu, Int(w.bits(19, 16)))[Int(w.bit(11) ? 4 : 0) | Int(w.bits(21, 20)), 16]
        case 2: return Vec128(cpu, Int(w.bits(20, 16)))[Int(w.bit(11) ? 2 : 0) | Int(w.bit(21) ? 1 : 0), 32]
        default: return Vec128(cpu, Int(w.bits(20, 16)))[w.bit(11) ? 1 : 0, 64]
        }
    }

    static func execute(_ w: UInt32, _ cpu: CPUState, scalar: Bool) {
        guard let kind = decode(w, scalar: scalar) else { return }
        let q = w.bit(30), esize = 8 << Int(w.bits(23, 22))
        let b = element(w, cpu)
        let n = Vec128(cpu, Int(w.rn)), d = Vec128(cpu, Int(w.rd))
        var r = Vec128(), qc = false
        switch kind {
        case .float(let op):
            let c = FPControl(cpu), count = scalar ? 1 : (q ? 128 : 64) / esize
            for i in 0..<count {
                r[i, esize] = esize == 64
                    ? FloatElement.binary(op, Double(lane: n[i, 64]), Double(lane: b), acc: Double(lane: d[i, 64]), c)
                    : FloatElement.binary(op, Float(lane: n[i, 32]), Float(lane: b), acc: Float(lane: d[i, 32]), c)
            }
            r.store(cpu, Int(w.rd), q: q || scalar)
        case .same(let op):
            let count = scalar ? 1 : (q ? 128 : 64) / esize
            for i in 0..<count {
                r[i, esize] = IntElement.apply(op, n[i, esize], b, acc: d[i, esize], esize: esize, signed: true, qc: &qc)
            }
            r.store(cpu, Int(w.rd), q: q || scalar)
        case .long(let acc, let doubling):
            let signed = doubling || !w.bit(29), wide = 2 * esize
            let count = scalar ? 1 : 64 / esize, part = q && !scalar ? count : 0
            let y = IntElement.wide(b, esize, signed: signed)
            for i in 0..<count {
                let x = IntElement.wide(n[part + i, esize], esize, signed: signed)
                let a = IntElement.wide(d[i, wide], wide, signed: signed)
                if doubling {
                    let p = IntElement.wide(IntElement.saturate(2 * x * y, wide, signed: true, qc: &qc), wide, signed: true)
                    r[i, wide] = acc == 0 ? UInt64(truncatingIfNeeded: p) & laneMask(wide)
                                          : IntElement.saturate(acc > 0 ? a + p : a - p, wide, signed: true, qc: &qc)
                } else {
                    r[i, wide] = IntElement.wrap(acc == 0 ? x * y : acc > 0 ? a + x * y : a - x * y, wide)
                }
            }
            r.store(cpu, Int(w.rd))
        }
        cpu.setSaturated(qc)
    }
}
