// Advanced SIMD data movement: permute (UZP/TRN/ZIP), EXT, TBL/TBX, copy
// (DUP/INS/UMOV/SMOV, vector and scalar) and modified immediate (MOVI/MVNI/ORR/BIC/FMOV).

enum SIMDPermute {
    static func supportsPermute(_ w: UInt32) -> Bool {
        w.bits(13, 12) != 0 && !(w.bits(23, 22) == 3 && !w.bit(30))
    }

    static func executePermute(_ w: UInt32, _ cpu: CPUState) {
        let arr = Arrangement(size: Int(w.bits(23, 22)), q: w.bit(30)), e = arr.esize, count = arr.count
        let n = Vec128(cpu, Int(w.rn)), m = Vec128(cpu, Int(w.rm)), half = count / 2
        let part = w.bit(14) ? 1 : 0
        var r = Vec128()
        for i in 0..<count {
            switch w.bits(13, 12) {
            case 0b01:  // UZP: even (or odd) lanes of n:m
                let j = 2 * i + part
                r[i, e] = j < count ? n[j, e] : m[j - count, e]
            case 0b10:  // TRN
                let pair = i / 2
                r[i, e] = i % 2 == 0 ? n[2 * pair + part, e] : m[2 * pair + part, e]
            default:    // ZIP: interleave the low (or high) halves
                let j = part * half + i / 2
                r[i, e] = i % 2 == 0 ? n[j, e] : m[j, e]
            }
        }
        r.store(cpu, Int(w.rd), q: w.bit(30))
    }

    static func supportsExtract(_ w: UInt32) -> Bool {
        w.bits(23, 22) == 0 && (w.bit(30) || !w.bit(14))
    }

    static func executeExtract(_ w: UInt32, _ cpu: CPUState) {
        let q = w.bit(30), bytes = q ? 16 : 8, pos = Int(w.bits(14, 11))
        let n = Vec128(cpu, Int(w.rn)), m = Vec128(cpu, Int(w.rm))
        var r = Vec128()
        for i in 0..<bytes {
            let j = pos + i
            r[byte: i] = j < bytes ? n[byte: j] : m[byte: j - bytes]
        }
        r.store(cpu, Int(w.rd), q: q)
    }

    static func supportsTableLookup(_ w: UInt32) -> Bool { w.bits(23, 22) == 0 }

    /// TBL (out-of-range index gives 0) and TBX (keeps the destination byte); 1-4 table registers.
    static func executeTableLookup(_ w: UInt32, _ cpu: CPUState) {
        let q = w.bit(30), regs = Int(w.bits(14, 13)) + 1, isTBX = w.bit(12)
        func table(_ j: Int) -> UInt8 {
            let reg = (Int(w.rn) + j / 16) % 32
            return cpu.raw.load(fromByteOffset: Int(CPUStateLayout.v(reg)) + j % 16, as: UInt8.self)
        }
        let idx = Vec128(cpu, Int(w.rm)), d = Vec128(cpu, Int(w.rd))
        var r = Vec128()
        for i in 0..<(q ? 16 : 8) {
            let j = Int(idx[byte: i])
            r[byte: i] = j < 16 * regs ? table(j) : (isTBX ? d[byte: i] : 0)
        }
        r.store(cpu, Int(w.rd), q: q)
    }

    // MARK: copy

    private static func copyShape(_ w: UInt32) -> (size: Int, index: Int)? {
        let imm5 = w.bits(20, 16)
        let size = imm5.trailingZeroBitCount
        guard size < 4 else { return nil }
        return (size, Int(imm5 >> UInt32(size + 1)))
    }

    static func supportsCopy(_ w: UInt32) -> Bool {
        guard let (size, _) = copyShape(w) else { return false }
        let q = w.bit(30)
        if w.bit(29) { return q }  // INS (element)
        switch w.bits(14, 11) {
        case 0b0000, 0b0001: return size < 3 || q        // DUP element / general
        case 0b0011: return q                             // INS general
        case 0b0101: return size < 2 || (size == 2 && q)  // SMOV
        case 0b0111: return (size == 3) == q              // UMOV
        default: return false
        }
    }

    static func executeCopy(_ w: UInt32, _ cpu: CPUState) {
        guard let (size, index) = copyShape(w) else { return }
        let q = w.bit(30), e = 8 << size, n = Int(w.rn), d = Int(w.rd)
        var r = Vec128(cpu, d)
        let src = Vec128(cpu, n)
        if w.bit(29) {  // INS Vd.T[index], Vn.T[index2]
            r[index, e] = src[Int(w.bits(14, 11)) >> size, e]
            return r.store(cpu, d)
        }
        let general = n == 31 ? 0 : cpu.x(n)  // Rn = 31 is XZR
        switch w.bits(14, 11) {
        case 0b0000, 0b0001:
            let v = w.bits(14, 11) == 0 ? src[index, e] : general & laneMask(e)
            r = Vec128()
            for i in 0..<(q ? 128 : 64) / e { r[i, e] = v }
            r.store(cpu, d, q: q)
        case 0b0011:
            r[index, e] = general & laneMask(e)
            r.store(cpu, d)
        case 0b0101:
            let v = UInt64(bitPattern: src.signed(index, e))
            if d != 31 { cpu.setX(d, q ? v : v & 0xFFFF_FFFF) }
        default:
            if d != 31 { cpu.setX(d, src[index, e]) }
        }
    }

    static func supportsScalarCopy(_ w: UInt32) -> Bool {
        !w.bit(29) && w.bits(14, 11) == 0 && copyShape(w) != nil
    }

    static func executeScalarCopy(_ w: UInt32, _ cpu: CPUState) {
        guard let (size, index) = copyShape(w) else { return }
        cpu.setV(Int(w.rd), lo: Vec128(cpu, Int(w.rn))[index, 8 << size], hi: 0)
    }

    // MARK: modified immediate

    static func supportsModifiedImmediate(_ w: UInt32) -> Bool {
        let op = w.bit(29), cmode = w.bits(15, 12)
        if w.bit(11) { return false }  // o2 = 1: FMOV half precision
        return !(cmode == 0b1111 && op && !w.bit(30))
    }

    /// AdvSIMDExpandImm, then MOVI/MVNI/ORR/BIC/FMOV.
    static func executeModifiedImmediate(_ w: UInt32, _ cpu: CPUState) {
        let q = w.bit(30), op = w.bit(29), cmode = w.bits(15, 12)
        let imm8 = UInt64(w.bits(18, 16) << 5 | w.bits(9, 5))
        let imm = ImmediateExpansion.simd(op: op, cmode: cmode, imm8: imm8)
        let d = Vec128(cpu, Int(w.rd))
        let isLogical = cmode < 0b1100 && cmode & 1 == 1
        let r: Vec128
        switch (isLogical, op) {
        case (true, false): r = Vec128(lo: d.lo | imm, hi: d.hi | imm)     // ORR
        case (true, true): r = Vec128(lo: d.lo & ~imm, hi: d.hi & ~imm)    // BIC
        case (false, true) where cmode < 0b1110: r = Vec128(lo: ~imm, hi: ~imm)  // MVNI
        default: r = Vec128(lo: imm, hi: imm)
        }
        r.store(cpu, Int(w.rd), q: q)
    }

    /// VFPExpandImm for single or double.
}
