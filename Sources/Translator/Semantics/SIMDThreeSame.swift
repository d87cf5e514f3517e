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

    private static func entry(_ table: [ThreeSameEntry?], _ w: UInt32) -> ThreeSameEntry? {
        let opcode = Int(w.bits(15, 11))
        guard opcode < 24, let e = table[(w.bit(29) ? 24 : 0) + opcode], e.sizes & (1 << UInt8(w.bits(23, 22))) != 0
        else { return nil }
        return e
    }

    static func supportsVector(_ w: UInt32) -> Bool {
        if w.bits(15, 11) == 0b00011 { return true }  // logical group: every size/Q allocated
        guard let _ = entry(vector, w) else { return false }
        return w.bits(23, 22) != 3 || w.bit(30)
    }

    static func supportsScalar(_ w: UInt32) -> Bool { entry(scalar, w) != nil }

    static func executeVector(_ w: UInt32, _ cpu: CPUState) {
        let q = w.bit(30), a = Vec128(cpu, Int(w.rn)), b = Vec128(cpu, Int(w.rm)), dst = Vec128(cpu, Int(w.rd))
        if w.bits(15, 11) == 0b00011 { return logical(w, a, b, dst).store(cpu, Int(w.rd), q: q) }
        guard let e = entry(vector, w) else { return }
        let arr = Arrangement(size: Int(w.bits(23, 22)), q: q)
        let signed = e.forceSigned ?? !w.bit(29)
        var qc = false, r = Vec128()
        if e.pairwise {
            // Pairs of adjacent lanes of the concatenation n:m (n supplies the low half).
            let half = arr.count / 2
            for i in 0..<arr.count {
                let src = i < half ? a : b, j = (i % half) * 2
                r[i, arr.esize] = IntElement.apply(e.op, src[j, arr.esize], src[j + 1, arr.esize],
                                                   esize: arr.esize, signed: signed, qc: &qc)
            }
        } else {
            for i in 0..<arr.count {
                r[i, arr.esize] = IntElement.apply(e.op, a[i, arr.esize], b[i, arr.esize], acc: dst[i, arr.esize],
                                                   esize: arr.esize, signed: signed, qc: &qc)
            }
        }
        r.store(cpu, Int(w.rd), q: q)
        cpu.setSaturated(qc)
    }

    static func executeScalar(_ w: UInt32, _ cpu: CPUState) {
        guard let e = entry(scalar, w) else { return }
        let esize = 8 << Int(w.bits(23, 22))
        let a = Vec128(cpu, Int(w.rn))[0, esize], b = Vec128(cpu, Int(w.rm))[0, esize]
        var qc = false
        let v = IntElement.apply(e.op, a, b, esize: esize, signed: e.forceSigned ?? !w.bit(29), qc: &qc)
        cpu.setV(Int(w.rd), lo: v, hi: 0)
        cpu.setSaturated(qc)
    }

    /// AND, BIC, ORR, ORN (U=0) and EOR, BSL, BIT, BIF (U=1), selected by size.
    private static func logical(_ w: UInt32, _ n: Vec128, _ m: Vec128, _ d: Vec128) -> Vec128 {
        func f(_ n: UInt64, _ m: UInt64, _ d: UInt64) -> UInt64 {
            switch (w.bit(29), w.bits(23, 22)) {
            case (false, 0): return n & m
            case (false, 1): return n & ~m
            case (false, 2): return n | m
            case (false, _): return n | ~m
            case (true, 0): return n ^ m
            case (true, 1): return (d & n) | (~d & m)   // BSL
            case (true, 2): return (m & n) | (~m & d)   // BIT
            case (true, _): return (~m & n) | (m & d)   // BIF
            }
        }
        return Vec128(lo: f(n.lo, m.lo, d.lo), hi: f(n.hi, m.hi, d.hi))
    }
}
