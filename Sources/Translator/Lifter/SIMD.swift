// A64 Advanced SIMD. The forms glibc's string routines and compilers use most are
// inline IR; the long tail runs out of line (Runtime/SIMDHelpers.swift).

extension Lifter {
    func simdThreeSame(_ i: UInt32) {
        let q = i.bit(30), u = i.bit(29), size = Int(i.bits(23, 22)), opcode = i.bits(15, 11)
        let esize = 1 << size
        switch (opcode, u) {
        case (0b11010, false), (0b11011, true), (0b11111, true):
            let double = size & 1 == 1
            guard (opcode == 0b11010 || size & 2 == 0) && fpcrMode == 0 else { return outOfLine(.simdThreeSame, i) }
            guard q || !double else { return undefined() }
            let op: FPOp = opcode == 0b11010 ? (size & 2 == 0 ? .add : .sub) : (opcode == 0b11011 ? .mul : .div)
            emit(.vecFloatBinary(op, i.rd, i.rn, i.rm, double: double, q: q))
        case (0b00011, false):
            let ops: [VecOp] = [.and, .bic, .orr, .orn]
            emit(.vecBinary(ops[size], i.rd, i.rn, i.rm, esize: 1, q: q))
        case (0b00011, true):
            let ops: [VecOp] = [.eor, .bsl, .bit, .bif]
            emit(.vecBinary(ops[size], i.rd, i.rn, i.rm, esize: 1, q: q))
        case (0b10001, true) where size < 3 || q:
            emit(.vecBinary(.cmeq, i.rd, i.rn, i.rm, esize: esize, q: q))
        case (0b10000, _) where size < 3 || q:
            emit(.vecBinary(u ? .sub : .add, i.rd, i.rn, i.rm, esize: esize, q: q))
        case (0b10100, true) where size == 0 && q, (0b10101, true) where size == 0 && q, (0b10111, false) where size == 0 && q:
            let op: VecOp = opcode == 0b10100 ? .umaxp : (opcode == 0b10101 ? .uminp : .addp)
            emit(.vecBinary(op, i.rd, i.rn, i.rm, esize: 1, q: true))
        case (0b00111, true) where size == 0:
            emit(.vecBinary(.cmhs, i.rd, i.rn, i.rm, esize: 1, q: q))
        case (0b01100, true) where size == 0, (0b01101, true) where size == 0:
            emit(.vecBinary(opcode == 0b01100 ? .umax : .umin, i.rd, i.rn, i.rm, esize: 1, q: q))
        default:
            outOfLine(.simdThreeSame, i)
        }
    }

    func simdTwoRegMisc(_ i: UInt32) {
        let q = i.bit(30), u = i.bit(29), size = Int(i.bits(23, 22)), opcode = i.bits(16, 12)
        if opcode == 0b01001 && !u && (size < 3 || q) {  // CMEQ #0
            return emit(.vecBinary(.cmeqZero, i.rd, i.rn, i.rn, esize: 1 << size, q: q))
        }
        // REV64, REV32, REV16 (vector): elements reverse inside containers of 8, 4 or 2 bytes.
        let container = opcode == 0 ? (u ? 4 : 8) : (opcode == 1 && !u ? 2 : 0)
        if container > 0 && (1 << size) < container {
            var index = [UInt64](repeating: 0, count: 16)
            for b in 0..<16 {
                let base = b / container * container, within = b % container
                let esize = 1 << size
                // Reverse element order inside the container, keep byte order inside elements.
                let element = within / esize, byteInElement = within % esize
                index[b] = UInt64(base + (container / esize - 1 - element) * esize + byteInElement)
            }
            let lo = (0..<8).reduce(UInt64(0)) { $0 | index[$1] << UInt64(8 * $1) }
            let hi = (0..<8).reduce(UInt64(0)) { $0 | index[8 + $1] << UInt64(8 * $1) }
            return emit(.vecShuffleBytes(i.rd, i.rn, lo: lo, hi: hi, q: q))
        }
        if opcode == 0b10011 && u && size < 3 {  // SHLL(2): widen, shift by the element width
            return emit(.vecWiden(i.rd, i.rn, esize: 1 << size, signed: false, upper: q, shift: UInt8(8 << size)))
        }
        outOfLine(.simdTwoRegMisc, i)
    }

    func simdShiftImmediate(_ i: UInt32) {
        let q = i.bit(30), u = i.bit(29), immh = i.bits(22, 19), opcode = i.bits(15, 11)
        if !q && !u && immh == 0b0001 && opcode == 0b10000 {  // SHRN Vd.8B, Vn.8H, #shift
            return emit(.vecShiftNarrowHalves(i.rd, i.rn, shift: UInt8(16 - Int(i.bits(22, 16)))))
        }
        guard immh != 0 else { return outOfLine(.simdShiftImmediate, i) }
        let esize = 1 << (31 - immh.leadingZeroBitCount)   // lane bytes from the highest set bit of immh
        let immhb = Int(i.bits(22, 16)), bits = esize * 8
        switch (u, opcode) {
        case (false, 0b01010) where esize > 1 && (esize < 8 || q):                 // SHL
            return emit(.vecShiftImmediate(.shl, i.rd, i.rn, esize: esize, shift: UInt8(immhb - bits), q: q))
        case (true, 0b00000) where esize > 1 && (esize < 8 || q):                  // USHR
            return emit(.vecShiftImmediate(.ushr, i.rd, i.rn, esize: esize, shift: UInt8(2 * bits - immhb), q: q))
        case (false, 0b00000) where esize > 1 && esize < 8:                        // SSHR (no 64-bit psraq)
            return emit(.vecShiftImmediate(.sshr, i.rd, i.rn, esize: esize, shift: UInt8(2 * bits - immhb), q: q))
        case (_, 0b10100) where esize < 8:                                         // USHLL/SSHLL (UXTL/SXTL)
            return emit(.vecWiden(i.rd, i.rn, esize: esize, signed: !u, upper: q, shift: UInt8(immhb - bits)))
        default: break
        }
        outOfLine(.simdShiftImmediate, i)
    }

    func simdExtract(_ i: UInt32) {
        let q = i.bit(30), imm = UInt8(i.bits(14, 11))
        guard i.bits(23, 22) == 0, q || imm < 8 else { return undefined() }
        emit(.vecExtract(i.rd, i.rn, i.rm, imm: imm, q: q))
    }

    func simdCopy(_ i: UInt32) {
        let q = i.bit(30), op = i.bit(29), imm5 = i.bits(20, 16), imm4 = i.bits(14, 11)
        let size = imm5.trailingZeroBitCount
        guard size < 4 else { return undefined() }
        let lane = UInt8(imm5 >> UInt32(size + 1))
        switch (op, imm4) {
        case (false, 0b0000) where size < 3 || q:  // DUP (element)
            emit(.vecDupElement(i.rd, i.rn, lane: lane, size: 1 << size, q: q))
        case (false, 0b0001):  // DUP (general)
            guard size < 3 || q else { return undefined() }
            emit(.vecDup(i.rd, x(i.rn), size: 1 << size, q: q))
        case (false, 0b0111) where (size == 3) == q, (false, 0b0101) where size < 2 || (size == 2 && q):  // UMOV, SMOV
            let d = newValue()
            emit(.vecToGPR(d, i.rn, lane: lane, size: 1 << size, signed: imm4 == 0b0101))
            setX(i.rd, imm4 == 0b0101 && !q ? truncate(d, is64: false) : d)
        case (false, 0b0011) where q:  // INS (general)
            emit(.gprToVec(i.rd, x(i.rn), lane: lane, size: 1 << size, zeroRest: false))
        default:
            outOfLine(.simdCopy, i)
        }
    }

    func simdModifiedImmediate(_ i: UInt32) {
        let q = i.bit(30), op = i.bit(29), cmode = i.bits(15, 12)
        let imm8 = UInt64(i.bits(18, 16) << 5 | i.bits(9, 5))
        if cmode == 0b1111 { return outOfLine(.simdModifiedImmediate, i) }  // FMOV (vector, immediate)
        let isMove = cmode >= 0b1100 || cmode & 1 == 0
        var imm = ImmediateExpansion.simd(op: op, cmode: cmode, imm8: imm8)
        if !isMove { return emit(.vecLogicalImmediate(i.rd, imm: imm, orr: !op, q: q)) }  // ORR/BIC
        if op && cmode != 0b1110 { imm = ~imm }  // MVNI
        emit(.vecConst(i.rd, lo: imm, hi: q ? imm : 0))
    }

}

extension Lifter {
    /// LD1/ST1 (multiple structures) of 1-4 consecutive registers are plain vector
    /// loads/stores; interleaving forms (LD2-LD4) go out of line.
    func simdLoadStoreMultiple(_ i: UInt32) {
        let q = i.bit(30), isLoad = i.bit(22), post = i.bit(23), opcode = i.bits(15, 12)
        let counts: [UInt32: Int] = [0b0111: 1, 0b1010: 2, 0b0110: 3, 0b0010: 4]
        guard let count = counts[opcode] else { return outOfLine(.simdLoadStoreMultiple, i) }
        let size = q ? 16 : 8
        let base = xsp(i.rn)
        for k in 0..<count {
            let t = UInt8((Int(i.rd) + k) % 32), disp = Int32(k * size)
            emit(isLoad ? .vecLoad(t, addr: base, disp: disp, size: size) : .vecStore(t, addr: base, disp: disp, size: size))
        }
        if post {
            let step = i.rm == 31 ? const(UInt64(count * size)) : x(i.rm)
            setXSP(i.rn, binary(.add, base, step, is64: true))
        }
    }
}
