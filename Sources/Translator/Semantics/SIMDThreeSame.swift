// Advanced SIMD three same (Arm ARM C4.1.95) and scalar three same, integer and
// logical forms. Floating-point opcodes (11xxx) are in SIMDFloatSemantics.

/// One row of the three-same integer table.
struct ThreeSameEntry {
    let op: IntOp
    /// Bit s set when element size 8 << s is allocated.
    let sizes: UInt8
    var pairwise = false
    /// Signedness forced by the instruction rather than taken from U.
    var forceSigned: Bool? = nil
}

enum SIMDThreeSame {
    private static let all: UInt8 = 0b1111, no64: UInt8 = 0b0111, hs: UInt8 = 0b0110, b: UInt8 = 0b0001, d: UInt8 = 0b1000

    /// Vector forms, indexed by U:opcode (opcode < 0b11000; 00011 is the logical group).
    static let vector: [ThreeSameEntry?] = {
        var t = [ThreeSameEntry?](repeating: nil, count: 48)
        for u in 0..<2 {
            let base = u * 24
            t[base + 0b00000] = ThreeSameEntry(op: .halvingAdd, sizes: no64)
            t[base + 0b00001] = ThreeSameEntry(op: .satAdd, sizes: all)
            t[base + 0b00010] = ThreeSameEntry(op: .roundingHalvingAdd, sizes: no64)
            t[base + 0b00100] = ThreeSameEntry(op: .halvingSub, sizes: no64)
            t[base + 0b00101] = ThreeSameEntry(op: .satSub, sizes: all)
            t[base + 0b00110] = ThreeSameEntry(op: .cmpGreater, sizes: all)
            t[base + 0b00111] = ThreeSameEntry(op: .cmpGreaterEqual, sizes: all)
            t[base + 0b01000] = ThreeSameEntry(op: .shl, sizes: all)
            t[base + 0b01001] = ThreeSameEntry(op: .satShl, sizes: all)
            t[base + 0b01010] = ThreeSameEntry(op: .roundShl, sizes: all)
            t[base + 0b01011] = ThreeSameEntry(op: .satRoundShl, sizes: all)
            t[base + 0b01100] = ThreeSameEntry(op: .max, sizes: no64)
            t[base + 0b01101] = ThreeSameEntry(op: .min, sizes: no64)
            t[base + 0b01110] = ThreeSameEntry(op: .absDiff, sizes: no64)
            t[base + 0b01111] = ThreeSameEntry(op: .absDiffAcc, sizes: no64)
            t[base + 0b10000] = ThreeSameEntry(op: u == 0 ? .add : .sub, sizes: all)
            t[base + 0b10001] = ThreeSameEntry(op: u == 0 ? .cmpTest : .cmpEqual, sizes: all)
            t[base + 0b10010] = ThreeSameEntry(op: u == 0 ? .mulAcc : .mulSub, sizes: no64)
            t[base + 0b10011] = u == 0 ? ThreeSameEntry(op: .mul, sizes: no64) : ThreeSameEntry(op: .polyMul, sizes: b)
            t[base + 0b10100] = ThreeSameEntry(op: .max, sizes: no64, pairwise: true)
            t[base + 0b10101] = ThreeSameEntry(op: .min, sizes: no64, pairwise: true)
            t[base + 0b10110] = ThreeSameEntry(op: u == 0 ? .satDoublingMulHigh : .satRoundDoublingMulHigh,
                                               sizes: hs, forceSigned: true)
        }
        t[0b10111] = ThreeSameEntry(op: .add, sizes: all, pairwise: true)  // ADDP
        return t
    }()

    /// Scalar forms, indexed by U:opcode.
    static let scalar: [ThreeSameEntry?] = {
        var t = [ThreeSameEntry?](repeating: nil, count: 48)
        for u in 0..<2 {
            let base = u * 24
            t[base + 0b00001] = ThreeSameEntry(op: .satAdd, sizes: all)
            t[base + 0b00101] = ThreeSameEntry(op: .satSub, sizes: all)
            t[base + 0b00110] = ThreeSameEntry(op: .cmpGreater, sizes: d)
            t[base + 0b00111] = ThreeSameEntry(op: .cmpGreaterEqual, sizes: d)
            t[base + 0b01000] = ThreeSameEntry(op: .shl, sizes: d)
            t[base + 0b01001] = ThreeSameEntry(op: .satShl, sizes: all)
            t[base + 0b01010] = ThreeSameEntry(op: .roundShl, sizes: d)
            t[base + 0b01011] = ThreeSameEntry(op: .satRoundShl, sizes: all)
            t[base + 0b10000] = ThreeSameEntry(op: u == 0 ? .add : .sub, sizes: d)
            t[base + 0b10001] = ThreeSameEntry(op: u == 0 ? .cmpTest : .cmpEqual, sizes: d)
            t[base + 0b10110] = ThreeSameEntry(op: u == 0 ? .satDoublingMulHigh : .satRoundDoublingMulHigh,
                                               sizes: hs, forceSigned: true)
        }
        return t
    }()

    /// What a three-same operation's `subOp` says it is: integer arithmetic (`op` is an
    /// IntOp) or logical (`op` is a Logical). The FP opcodes are simdFloatThreeSame's.
    enum Kind: UInt8 { case integer, logical }

    /// AND, BIC, ORR, ORN, EOR, BSL, BIT, BIF.
    enum Logical: UInt8 { case and, bic, orr, orn, eor, bsl, bit, bif }

    private static func entry(_ table: [ThreeSameEntry?], _ w: InstructionWord) -> ThreeSameEntry? {
        let opcode = Int(w[.opcode5])
        guard opcode < 24, let e = table[(w.flag(.u) ? 24 : 0) + opcode], e.sizes & (1 << UInt8(w[.esize])) != 0
        else { return nil }
        return e
    }

    private static func operation(_ family: OutOfLine, _ e: ThreeSameEntry, _ w: InstructionWord) -> SemanticOperation {
        let f = VectorOperands(w)
        var o = SemanticOperation(family, op: e.op.rawValue)
        o.subOp = Kind.integer.rawValue
        (o.d, o.n, o.m, o.q) = (f.vd.number, f.vn.number, f.vm.number, f.q)
        o.esize = UInt8(8 * f.esize)
        o.signed = e.forceSigned ?? !f.u
        if e.pairwise { o.modifiers.insert(.pairwise) }
        return o
    }

    static func vector(_ w: InstructionWord) -> SemanticOperation? {
        let f = VectorOperands(w)
        if w[.opcode5] == 0b00011 {  // logical group: every size/Q allocated
            var o = SemanticOperation(.simdThreeSame, op: UInt8((f.u ? 4 : 0) + f.size))
            o.subOp = Kind.logical.rawValue
            (o.d, o.n, o.m, o.q) = (f.vd.number, f.vn.number, f.vm.number, f.q)
            return o
        }
        guard let e = entry(vector, w), f.size != 3 || f.q else { return nil }
        return operation(.simdThreeSame, e, w)
    }

    static func scalar(_ w: InstructionWord) -> SemanticOperation? {
        guard let e = entry(scalar, w) else { return nil }
        return operation(.simdScalarThreeSame, e, w)
    }

    static func executeVector(_ o: SemanticOperation, _ cpu: CPUState) {
        let q = o.q, a = Vec128(cpu, o.vn), b = Vec128(cpu, o.vm), dst = Vec128(cpu, o.vd)
        if o.subOp == Kind.logical.rawValue { return logical(Logical(rawValue: o.op)!, a, b, dst).store(cpu, o.vd, q: q) }
        let op = IntOp(rawValue: o.op)!, arr = o.arrangement, signed = o.signed
        var qc = false, r = Vec128()
        if o.has(.pairwise) {
            // Pairs of adjacent lanes of the concatenation n:m (n supplies the low half).
            let half = arr.count / 2
            for i in 0..<arr.count {
                let src = i < half ? a : b, j = (i % half) * 2
                r[i, arr.esize] = IntElement.apply(op, src[j, arr.esize], src[j + 1, arr.esize],
                                                   esize: arr.esize, signed: signed, qc: &qc)
            }
        } else {
            for i in 0..<arr.count {
                r[i, arr.esize] = IntElement.apply(op, a[i, arr.esize], b[i, arr.esize], acc: dst[i, arr.esize],
                                                   esize: arr.esize, signed: signed, qc: &qc)
            }
        }
        r.store(cpu, o.vd, q: q)
        cpu.setSaturated(qc)
    }

    static func executeScalar(_ o: SemanticOperation, _ cpu: CPUState) {
        let esize = o.elementBits
        let a = Vec128(cpu, o.vn)[0, esize], b = Vec128(cpu, o.vm)[0, esize]
        var qc = false
        let v = IntElement.apply(IntOp(rawValue: o.op)!, a, b, esize: esize, signed: o.signed, qc: &qc)
        cpu.setV(o.vd, lo: v, hi: 0)
        cpu.setSaturated(qc)
    }

    private static func logical(_ op: Logical, _ n: Vec128, _ m: Vec128, _ d: Vec128) -> Vec128 {
        func f(_ n: UInt64, _ m: UInt64, _ d: UInt64) -> UInt64 {
            switch op {
            case .and: return n & m
            case .bic: return n & ~m
            case .orr: return n | m
            case .orn: return n | ~m
            case .eor: return n ^ m
            case .bsl: return (d & n) | (~d & m)
            case .bit: return (m & n) | (~m & d)
            case .bif: return (~m & n) | (m & d)
            }
        }
        return Vec128(lo: f(n.lo, m.lo, d.lo), hi: f(n.hi, m.hi, d.hi))
    }
}
