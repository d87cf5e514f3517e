// Advanced SIMD vector and scalar x indexed element (Arm ARM C4.1.95, C4.1.100): the
// second operand is one lane of Vm, used for every element of Vn.
// FP: FMLA/FMLS/FMUL/FMULX on single and double. Integer: MLA/MLS/MUL, SMULL/UMULL,
// SMLAL/UMLAL, SMLSL/UMLSL (and their "2" forms reading the upper half), SQDMULL,
// SQDMLAL, SQDMLSL, SQDMULH and SQRDMULH on 16- and 32-bit lanes.

enum SIMDIndexedElement {
    /// `float`: subOp is an FPBinOp; `same`: subOp is an IntOp; `long`: widening multiply,
    /// `accumulate` (with `negate` to subtract), subOp 1 for the saturating doubling forms.
    /// m is Vm and `index` the lane of it every element uses.
    enum Operation: UInt8 { case float, same, long }

    private static func decode(_ w: InstructionWord, scalar: Bool, _ o: inout SemanticOperation) -> Operation? {
        let u = w.flag(.u), size = w[.esize], opcode = w[.opcode4], q = w.flag(.q)
        func long(_ acc: Int, doubling: Bool) -> Operation {
            if acc != 0 { o.modifiers.insert(.accumulate) }
            if acc < 0 { o.modifiers.insert(.negate) }
            o.subOp = doubling ? 1 : 0
            return .long
        }
        func same(_ op: IntOp) -> Operation { o.subOp = op.rawValue; return .same }
        switch (u, opcode) {
        case (false, 0b0001), (false, 0b0101), (false, 0b1001), (true, 0b1001):
            guard size >= 2 else { return nil }  // size 00 is half precision
            if size == 3 && (w.flag(.indexL) || (!scalar && !q)) { return nil }  // L=1 or 1D unallocated
            let op: FPBinOp = opcode == 0b0001 ? .fmla : opcode == 0b0101 ? .fmls : u ? .mulx : .mul
            o.subOp = op.rawValue
            return .float
        default: break
        }
        guard size == 1 || size == 2 else { return nil }
        switch (u, opcode) {
        case (true, 0b0000) where !scalar: return same(.mulAcc)
        case (true, 0b0100) where !scalar: return same(.mulSub)
        case (false, 0b1000) where !scalar: return same(.mul)
        case (_, 0b0010) where !scalar: return long(1, doubling: false)
        case (_, 0b0110) where !scalar: return long(-1, doubling: false)
        case (_, 0b1010) where !scalar: return long(0, doubling: false)
        case (false, 0b0011): return long(1, doubling: true)
        case (false, 0b0111): return long(-1, doubling: true)
        case (false, 0b1011): return long(0, doubling: true)
        case (false, 0b1100): return same(.satDoublingMulHigh)
        case (false, 0b1101): return same(.satRoundDoublingMulHigh)
        default: return nil
        }
    }

    /// The element of Vm: for 16-bit lanes index H:L:M and Vm is V0-V15; for 32-bit
    /// lanes index H:L; for 64-bit lanes index H.
    static func operation(_ w: InstructionWord, scalar: Bool) -> SemanticOperation? {
        var o = SemanticOperation(scalar ? .simdScalarIndexedElement : .simdIndexedElement, op: 0)
        guard let op = decode(w, scalar: scalar, &o) else { return nil }
        let f = VectorOperands(w), h = w[.indexH], l = w[.indexL]
        o.op = op.rawValue
        (o.d, o.n, o.q) = (f.vd.number, f.vn.number, f.q)
        o.esize = UInt8(8 * f.esize)
        o.signed = (op == .long && o.subOp == 1) || !f.u
        switch f.size {
        case 1: o.m = UInt8(w[.rmLow]); o.index = UInt8(h << 2 | l << 1 | w[.indexM])
        case 2: o.m = f.vm.number; o.index = UInt8(h << 1 | l)
        default: o.m = f.vm.number; o.index = UInt8(h)
        }
        return o
    }

    static func execute(_ o: SemanticOperation, _ cpu: CPUState, scalar: Bool) {
        let q = o.q, esize = o.elementBits
        let b = Vec128(cpu, o.vm)[Int(o.index), esize]
        let n = Vec128(cpu, o.vn), d = Vec128(cpu, o.vd)
        var r = Vec128(), qc = false
        switch Operation(rawValue: o.op)! {
        case .float:
            let op = FPBinOp(rawValue: o.subOp)!
            let c = FPControl(cpu), count = scalar ? 1 : (q ? 128 : 64) / esize
            for i in 0..<count {
                r[i, esize] = esize == 64
                    ? FloatElement.binary(op, Double(lane: n[i, 64]), Double(lane: b), acc: Double(lane: d[i, 64]), c)
                    : FloatElement.binary(op, Float(lane: n[i, 32]), Float(lane: b), acc: Float(lane: d[i, 32]), c)
            }
            r.store(cpu, o.vd, q: q || scalar)
        case .same:
            let op = IntOp(rawValue: o.subOp)!
            let count = scalar ? 1 : (q ? 128 : 64) / esize
            for i in 0..<count {
                r[i, esize] = IntElement.apply(op, n[i, esize], b, acc: d[i, esize], esize: esize, signed: true, qc: &qc)
            }
            r.store(cpu, o.vd, q: q || scalar)
        case .long:
            let accumulate = o.has(.accumulate), subtract = o.has(.negate), doubling = o.subOp == 1
            let signed = o.signed, wide = 2 * esize
            let count = scalar ? 1 : 64 / esize, part = q && !scalar ? count : 0
            let y = IntElement.wide(b, esize, signed: signed)
            for i in 0..<count {
                let x = IntElement.wide(n[part + i, esize], esize, signed: signed)
                let a = IntElement.wide(d[i, wide], wide, signed: signed)
                if doubling {
                    let p = IntElement.wide(IntElement.saturate(2 * x * y, wide, signed: true, qc: &qc), wide, signed: true)
                    r[i, wide] = !accumulate ? UInt64(truncatingIfNeeded: p) & laneMask(wide)
                                             : IntElement.saturate(subtract ? a - p : a + p, wide, signed: true, qc: &qc)
                } else {
                    r[i, wide] = IntElement.wrap(!accumulate ? x * y : subtract ? a - x * y : a + x * y, wide)
                }
            }
            r.store(cpu, o.vd)
        }
        cpu.setSaturated(qc)
    }
}
