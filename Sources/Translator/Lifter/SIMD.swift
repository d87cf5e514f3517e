// A64 Advanced SIMD. The forms glibc's string routines and compilers use most are
// inline IR; the long tail runs out of line (Semantics/).

extension Lifter {
    func simdThreeSame(_ w: InstructionWord) {
        let f = VectorOperands(w)
        let q = f.q, u = f.u, size = f.size, opcode = w[.opcode5], esize = f.esize
        let (d, n, m) = (f.vd.number, f.vn.number, f.vm.number)
        switch (opcode, u) {
        case (0b11010, false), (0b11011, true), (0b11111, true):
            let double = size & 1 == 1
            guard (opcode == 0b11010 || size & 2 == 0) && fpcrMode == 0 else { return outOfLine(.simdThreeSame, w) }
            guard q || !double else { return undefined() }
            let op: FPOp = opcode == 0b11010 ? (size & 2 == 0 ? .add : .sub) : (opcode == 0b11011 ? .mul : .div)
            emit(.vecFloatBinary(op, d, n, m, double: double, q: q))
        case (0b00011, false):
            let ops: [VecOp] = [.and, .bic, .orr, .orn]
            emit(.vecBinary(ops[size], d, n, m, esize: 1, q: q))
        case (0b00011, true):
            let ops: [VecOp] = [.eor, .bsl, .bit, .bif]
            emit(.vecBinary(ops[size], d, n, m, esize: 1, q: q))
        case (0b10001, true) where size < 3 || q:
            emit(.vecBinary(.cmeq, d, n, m, esize: esize, q: q))
        case (0b10000, _) where size < 3 || q:
            emit(.vecBinary(u ? .sub : .add, d, n, m, esize: esize, q: q))
        case (0b10100, true) where size == 0 && q, (0b10101, true) where size == 0 && q, (0b10111, false) where size == 0 && q:
            let op: VecOp = opcode == 0b10100 ? .umaxp : (opcode == 0b10101 ? .uminp : .addp)
            emit(.vecBinary(op, d, n, m, esize: 1, q: true))
        case (0b00111, true) where size == 0:
            emit(.vecBinary(.cmhs, d, n, m, esize: 1, q: q))
        case (0b01100, true) where size == 0, (0b01101, true) where size == 0:
            emit(.vecBinary(opcode == 0b01100 ? .umax : .umin, d, n, m, esize: 1, q: q))
        default:
            outOfLine(.simdThreeSame, w)
        }
    }

    func simdTwoRegMisc(_ w: InstructionWord) {
        let f = VectorOperands(w)
        let q = f.q, u = f.u, size = f.size, opcode = w[.miscOpcode]
        let (d, n) = (f.vd.number, f.vn.number)
        if opcode == 0b01001 && !u && (size < 3 || q) {  // CMEQ #0
            return emit(.vecBinary(.cmeqZero, d, n, n, esize: 1 << size, q: q))
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
            return emit(.vecShuffleBytes(d, n, lo: lo, hi: hi, q: q))
        }
        if opcode == 0b10011 && u && size < 3 {  // SHLL(2): widen, shift by the element width
            return emit(.vecWiden(d, n, esize: 1 << size, signed: false, upper: q, shift: UInt8(8 << size)))
        }
        outOfLine(.simdTwoRegMisc, w)
    }

    func simdShiftImmediate(_ w: InstructionWord) {
        let f = VectorOperands(w)
        let q = f.q, u = f.u, immh = w[.immh], opcode = w[.opcode5]
        let (d, n) = (f.vd.number, f.vn.number)
        let immhb = Int(w[.immhb])
        if !q && !u && immh == 0b0001 && opcode == 0b10000 {  // SHRN Vd.8B, Vn.8H, #shift
            return emit(.vecShiftNarrowHalves(d, n, shift: UInt8(16 - immhb)))
        }
        let esize = 1 << (31 - immh.leadingZeroBitCount)   // lane bytes from the highest set bit of immh (never 0 here)
        let bits = esize * 8
        switch (u, opcode) {
        case (false, 0b01010) where esize > 1 && (esize < 8 || q):                 // SHL
            return emit(.vecShiftImmediate(.shl, d, n, esize: esize, shift: UInt8(immhb - bits), q: q))
        case (true, 0b00000) where esize > 1 && (esize < 8 || q):                  // USHR
            return emit(.vecShiftImmediate(.ushr, d, n, esize: esize, shift: UInt8(2 * bits - immhb), q: q))
        case (false, 0b00000) where esize > 1 && esize < 8:                        // SSHR (no 64-bit psraq)
            return emit(.vecShiftImmediate(.sshr, d, n, esize: esize, shift: UInt8(2 * bits - immhb), q: q))
        case (_, 0b10100) where esize < 8:                                         // USHLL/SSHLL (UXTL/SXTL)
            return emit(.vecWiden(d, n, esize: esize, signed: !u, upper: q, shift: UInt8(immhb - bits)))
        default: break
        }
        outOfLine(.simdShiftImmediate, w)
    }

    func simdExtract(_ w: InstructionWord) {
        let f = VectorOperands(w), imm = UInt8(w[.imm4])
        guard f.q || imm < 8 else { return undefined() }
        emit(.vecExtract(f.vd.number, f.vn.number, f.vm.number, imm: imm, q: f.q))
    }

    func simdCopy(_ w: InstructionWord) {
        let f = VectorOperands(w), r = TwoRegisters(w)
        let q = f.q, op = w.flag(.op), imm5 = w[.imm5], imm4 = w[.imm4]
        let (d, n) = (f.vd.number, f.vn.number)
        let size = imm5.trailingZeroBitCount
        guard size < 4 else { return undefined() }
        let lane = UInt8(imm5 >> UInt32(size + 1))
        switch (op, imm4) {
        case (false, 0b0000) where size < 3 || q:  // DUP (element)
            emit(.vecDupElement(d, n, lane: lane, size: 1 << size, q: q))
        case (false, 0b0001):  // DUP (general)
            guard size < 3 || q else { return undefined() }
            emit(.vecDup(d, x(r.rn), size: 1 << size, q: q))
        case (false, 0b0111) where (size == 3) == q, (false, 0b0101) where size < 2 || (size == 2 && q):  // UMOV, SMOV
            let d = newValue()
            emit(.vecToGPR(d, n, lane: lane, size: 1 << size, signed: imm4 == 0b0101))
            setX(r.rd, imm4 == 0b0101 && !q ? truncate(d, is64: false) : d)
        case (false, 0b0011) where q:  // INS (general)
            emit(.gprToVec(d, x(r.rn), lane: lane, size: 1 << size, zeroRest: false))
        default:
            outOfLine(.simdCopy, w)
        }
    }

    func simdModifiedImmediate(_ w: InstructionWord) {
        let f = VectorOperands(w)
        let q = f.q, op = w.flag(.op), cmode = w[.cmode], d = f.vd.number
        let imm8 = UInt64(w[.abc] << 5 | w[.defgh])
        if cmode == 0b1111 { return outOfLine(.simdModifiedImmediate, w) }  // FMOV (vector, immediate)
        let isMove = cmode >= 0b1100 || cmode & 1 == 0
        var imm = ImmediateExpansion.simd(op: op, cmode: cmode, imm8: imm8)
        if !isMove { return emit(.vecLogicalImmediate(d, imm: imm, orr: !op, q: q)) }  // ORR/BIC
        if op && cmode != 0b1110 { imm = ~imm }  // MVNI
        emit(.vecConst(d, lo: imm, hi: q ? imm : 0))
    }

}
