// Constant folding inside a block: an ALU op without flags whose operands are both constants
// becomes a constant. MOVZ+MOVK builds a 32- or 64-bit constant as an AND and an OR per MOVK;
// folded, the emitter stores or uses one immediate instead of materialising each step
// (lua's index2value: 4 host instructions per MOVZ/MOVK pair -> 0, the value an immediate).

enum ConstantFolding {
    /// Rewrites folded ops in place as `.const` (the operands' own constants stay, unused: the
    /// emitter materialises a constant only where it is used). No heap allocation.
    static func run(_ b: inout IRBlock) {
        let valueCount = Int(b.valueCount)
        guard valueCount > 0 else { return }
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: valueCount) { value in
            withUnsafeTemporaryAllocation(of: Bool.self, capacity: valueCount) { known in
                known.initialize(repeating: false)
                b.ops.withUnsafeMutableBufferPointer { ops in
                    for i in ops.indices {
                        if case .const(let d, let c) = ops[i] {
                            known[d.index] = true; value[d.index] = c
                        } else if case .binary(let op, let d, let x, let y, let is64, .none) = ops[i],
                                  known[x.index], known[y.index],
                                  let r = fold(op, value[x.index], value[y.index], is64: is64) {
                            ops[i] = .const(d, r)
                            known[d.index] = true; value[d.index] = r
                        }
                    }
                }
            }
        }
    }

    /// The result of `op` on constants, as the emitter computes it (32-bit forms zero-extend,
    /// shift counts are taken modulo the width like ARM's); nil for ops not folded.
    static func fold(_ op: BinOp, _ a: UInt64, _ b: UInt64, is64: Bool) -> UInt64? {
        let width: UInt64 = is64 ? 64 : 32
        let low = is64 ? a : a & 0xFFFF_FFFF
        let r: UInt64
        switch op {
        case .add: r = a &+ b
        case .sub: r = a &- b
        case .and: r = a & b
        case .or: r = a | b
        case .xor: r = a ^ b
        case .shl: r = a << (b & (width - 1))
        case .lshr: r = low >> (b & (width - 1))
        case .andNot, .orNot, .xorNot, .ashr, .ror, .mul, .umulh, .smulh, .udiv, .sdiv, .adc, .sbc: return nil
        }
        return is64 ? r : r & 0xFFFF_FFFF
    }
}
