// Advanced SIMD data movement: permute (UZP/TRN/ZIP), EXT, TBL/TBX, copy
// (DUP/INS/UMOV/SMOV, vector and scalar) and modified immediate (MOVI/MVNI/ORR/BIC/FMOV).

enum SIMDPermute {
    /// UZP1/2, TRN1/2, ZIP1/2 (`upper`: the "2" form).
    enum Permute: UInt8 { case unzip, transpose, zip }

    /// Registers and arrangement shared by the three-register forms.
    private static func threeRegisters(_ family: OutOfLine, op: UInt8, _ w: InstructionWord) -> SemanticOperation {
        let f = VectorOperands(w)
        var o = SemanticOperation(family, op: op)
        (o.d, o.n, o.m, o.q) = (f.vd.number, f.vn.number, f.vm.number, f.q)
        o.esize = UInt8(8 * f.esize)
        return o
    }

    static func permute(_ w: InstructionWord) -> SemanticOperation? {
        let opcode = w[.permuteOpcode], f = VectorOperands(w)
        guard opcode & 3 != 0 && !(f.size == 3 && !f.q) else { return nil }
        let kind: Permute = opcode & 3 == 1 ? .unzip : opcode & 3 == 2 ? .transpose : .zip
        var o = threeRegisters(.simdPermute, op: kind.rawValue, w)
        if opcode & 4 != 0 { o.modifiers.insert(.upper) }
        return o
    }

    static func executePermute(_ o: SemanticOperation, _ cpu: CPUState) {
        let arr = o.arrangement, e = arr.esize, count = arr.count
        let n = Vec128(cpu, o.vn), m = Vec128(cpu, o.vm), half = count / 2
        let part = o.has(.upper) ? 1 : 0
        var r = Vec128()
        switch Permute(rawValue: o.op)! {
        case .unzip:  // even (or odd) lanes of n:m
            for i in 0..<count {
                let j = 2 * i + part
                r[i, e] = j < count ? n[j, e] : m[j - count, e]
            }
        case .transpose:
            for i in 0..<count {
                let pair = i / 2
                r[i, e] = i % 2 == 0 ? n[2 * pair + part, e] : m[2 * pair + part, e]
            }
        case .zip:  // interleave the low (or high) halves
            for i in 0..<count {
                let j = part * half + i / 2
                r[i, e] = i % 2 == 0 ? n[j, e] : m[j, e]
            }
        }
        r.store(cpu, o.vd, q: o.q)
    }

    /// EXT: `index` is the first byte taken from n:m.
    static func extract(_ w: InstructionWord) -> SemanticOperation? {
        let position = w[.imm4]
        guard w.flag(.q) || position < 8 else { return nil }
        var o = threeRegisters(.simdExtract, op: 0, w)
        o.index = UInt8(position)
        return o
    }

    static func executeExtract(_ o: SemanticOperation, _ cpu: CPUState) {
        let q = o.q, bytes = q ? 16 : 8, pos = Int(o.index)
        let n = Vec128(cpu, o.vn), m = Vec128(cpu, o.vm)
        var r = Vec128()
        for i in 0..<bytes {
            let j = pos + i
            r[byte: i] = j < bytes ? n[byte: j] : m[byte: j - bytes]
        }
        r.store(cpu, o.vd, q: q)
    }

    /// TBL/TBX: `count` table registers from n; `accumulate` for TBX.
    static func tableLookup(_ w: InstructionWord) -> SemanticOperation? {
        var o = threeRegisters(.simdTableLookup, op: 0, w)
        o.count = UInt8(w[.tableLength] + 1)
        if w.flag(.tbx) { o.modifiers.insert(.accumulate) }
        return o
    }

    /// TBL (out-of-range index gives 0) and TBX (keeps the destination byte); 1-4 table registers.
    static func executeTableLookup(_ o: SemanticOperation, _ cpu: CPUState) {
        let q = o.q, regs = Int(o.count), isTBX = o.has(.accumulate), first = o.vn
        func table(_ j: Int) -> UInt8 {
            let reg = (first + j / 16) % 32
            return cpu.raw.load(fromByteOffset: Int(CPUStateLayout.v(reg)) + j % 16, as: UInt8.self)
        }
        let idx = Vec128(cpu, o.vm), d = Vec128(cpu, o.vd)
        var r = Vec128()
        for i in 0..<(q ? 16 : 8) {
            let j = Int(idx[byte: i])
            r[byte: i] = j < 16 * regs ? table(j) : (isTBX ? d[byte: i] : 0)
        }
        r.store(cpu, o.vd, q: q)
    }

    // MARK: copy

    /// DUP (element, general), INS (general, element), SMOV, UMOV; scalar DUP (element).
    enum Copy: UInt8 { case dupElement, dupGeneral, insertGeneral, insertElement, signedMove, unsignedMove }

    /// Element bits and lane index from imm5 (the lowest set bit gives the size).
    private static func copyShape(_ w: InstructionWord) -> (size: Int, index: Int)? {
        let imm5 = w[.imm5]
        let size = imm5.trailingZeroBitCount
        guard size < 4 else { return nil }
        return (size, Int(imm5 >> UInt32(size + 1)))
    }

    /// d and n are V or X registers as the form says; `index2` is INS (element)'s source lane.
    static func copy(_ w: InstructionWord) -> SemanticOperation? {
        guard let (size, index) = copyShape(w) else { return nil }
        let q = w.flag(.q), imm4 = w[.imm4], op: Copy
        if w.flag(.op) {
            guard q else { return nil }
            op = .insertElement
        } else {
            switch imm4 {
            case 0b0000 where size < 3 || q: op = .dupElement
            case 0b0001 where size < 3 || q: op = .dupGeneral
            case 0b0011 where q: op = .insertGeneral
            case 0b0101 where size < 2 || (size == 2 && q): op = .signedMove
            case 0b0111 where (size == 3) == q: op = .unsignedMove
            default: return nil
            }
        }
        var o = SemanticOperation(.simdCopy, op: op.rawValue)
        o.d = UInt8(w[.rd]); o.n = UInt8(w[.rn]); o.q = q
        o.esize = UInt8(8 << size); o.index = UInt8(index); o.index2 = UInt8(Int(imm4) >> size)
        return o
    }

    static func executeCopy(_ o: SemanticOperation, _ cpu: CPUState) {
        let q = o.q, e = o.elementBits, n = o.vn, d = o.vd, index = Int(o.index)
        var r = Vec128(cpu, d)
        let src = Vec128(cpu, n)
        let op = Copy(rawValue: o.op)!
        if op == .insertElement {  // INS Vd.T[index], Vn.T[index2]
            r[index, e] = src[Int(o.index2), e]
            return r.store(cpu, d)
        }
        let general = n == 31 ? 0 : cpu.x(n)  // Rn = 31 is XZR
        switch op {
        case .dupElement, .dupGeneral:
            let v = op == .dupElement ? src[index, e] : general & laneMask(e)
            r = Vec128()
            for i in 0..<(q ? 128 : 64) / e { r[i, e] = v }
            r.store(cpu, d, q: q)
        case .insertGeneral:
            r[index, e] = general & laneMask(e)
            r.store(cpu, d)
        case .signedMove:
            let v = UInt64(bitPattern: src.signed(index, e))
            if d != 31 { cpu.setX(d, q ? v : v & 0xFFFF_FFFF) }
        case .unsignedMove, .insertElement:
            if d != 31 { cpu.setX(d, src[index, e]) }
        }
    }

    /// DUP (element, scalar): `index` of n into d.
    static func scalarCopy(_ w: InstructionWord) -> SemanticOperation? {
        guard !w.flag(.op), w[.imm4] == 0, let (size, index) = copyShape(w) else { return nil }
        var o = SemanticOperation(.simdScalarCopy, op: Copy.dupElement.rawValue)
        o.d = UInt8(w[.rd]); o.n = UInt8(w[.rn]); o.esize = UInt8(8 << size); o.index = UInt8(index)
        return o
    }

    static func executeScalarCopy(_ o: SemanticOperation, _ cpu: CPUState) {
        cpu.setV(o.vd, lo: Vec128(cpu, o.vn)[Int(o.index), o.elementBits], hi: 0)
    }

    // MARK: modified immediate

    /// AdvSIMDExpandImm's inputs: `index` imm8 (abc:defgh), `index2` cmode, `subOp` op.
    enum ModifiedImmediate: UInt8 { case move, moveInverted, orr, bic }

    static func modifiedImmediate(_ w: InstructionWord) -> SemanticOperation? {
        let op = w.flag(.op), cmode = w[.cmode], q = w.flag(.q)
        guard !(cmode == 0b1111 && op && !q) else { return nil }
        let isLogical = cmode < 0b1100 && cmode & 1 == 1
        let kind: ModifiedImmediate
        switch (isLogical, op) {
        case (true, false): kind = .orr
        case (true, true): kind = .bic
        case (false, true) where cmode < 0b1110: kind = .moveInverted
        default: kind = .move
        }
        var o = SemanticOperation(.simdModifiedImmediate, op: kind.rawValue)
        o.d = UInt8(w[.rd]); o.q = q
        o.index = UInt8(w[.abc] << 5 | w[.defgh]); o.index2 = UInt8(cmode); o.subOp = op ? 1 : 0
        return o
    }

    /// MOVI/MVNI/ORR/BIC/FMOV (vector, immediate).
    static func executeModifiedImmediate(_ o: SemanticOperation, _ cpu: CPUState) {
        let imm = ImmediateExpansion.simd(op: o.subOp == 1, cmode: UInt32(o.index2), imm8: UInt64(o.index))
        let d = Vec128(cpu, o.vd)
        let r: Vec128
        switch ModifiedImmediate(rawValue: o.op)! {
        case .orr: r = Vec128(lo: d.lo | imm, hi: d.hi | imm)
        case .bic: r = Vec128(lo: d.lo & ~imm, hi: d.hi & ~imm)
        case .moveInverted: r = Vec128(lo: ~imm, hi: ~imm)
        case .move: r = Vec128(lo: imm, hi: imm)
        }
        r.store(cpu, o.vd, q: o.q)
    }
}
