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
        case (0b11001, false) where fpcrMode == 0, (0b11010, true) where size & 2 == 0 && fpcrMode == 0:  // FMLA/FMLS, FADDP
            let double = size & 1 == 1
            guard q || !double else { return undefined() }
            if opcode == 0b11010 { return emit(.vecFloatBinary(.addp, d, n, m, double: double, q: q)) }
            emit(.vecFloatFused(d, n, m, double: double, q: q, negProduct: size & 2 != 0))
        case (0b11100, false) where size & 2 == 0 && fpcrMode == 0, (0b11100, true) where fpcrMode == 0:  // FCMEQ, FCMGE, FCMGT
            let double = size & 1 == 1
            guard q || !double else { return undefined() }
            let op: FPOp = !u ? .cmeq : (size & 2 == 0 ? .cmge : .cmgt)
            emit(.vecFloatBinary(op, d, n, m, double: double, q: q))
        case (0b10111, false) where size > 0 && (size < 3 || q):  // ADDP on 16/32/64-bit lanes
            emit(.vecBinary(.addp, d, n, m, esize: esize, q: q))
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
            if let row = Self.threeSameInline[Int(opcode) << 1 | (u ? 1 : 0)], row.sizes & (1 << size) != 0, size < 3 || q {
                return emit(.vecBinary(row.op, d, n, m, esize: esize, q: q))
            }
            outOfLine(.simdThreeSame, w)
        }
    }

    /// FSQRT and FRINTN/M/P/Z/X/I (vector): by opcode, U and the size's high bit.
    static func floatUnaryInline(opcode: UInt32, u: Bool, size: Int) -> VecOp? {
        switch (opcode, u, size >= 2) {
        case (0b11111, true, true): return .fsqrt
        case (0b11000, false, false): return .frintn
        case (0b11000, false, true): return .frintp
        case (0b11001, false, false): return .frintm
        case (0b11001, false, true): return .frintz
        case (0b11001, true, false): return .frintx
        case (0b11001, true, true): return .frinti
        default: return nil
        }
    }

    /// Two-register misc opcodes 01000...01011 (index (opcode - 01000) << 1 | U): the compares
    /// with zero, ABS and NEG.
    static let unaryInline: [VecOp?] = [.cmgtZero, .cmgeZero, nil, .cmleZero, .cmltZero, nil, .abs, .neg]
    /// Three-different opcodes with an inline form (the long and wide ones).
    static let threeDifferentInline: [VecWideOp?] = [.addl, .addw, .subl, .subw, nil, nil, nil, nil,
                                                     .mlal, nil, .mlsl, nil, .mull, nil, nil, nil]
    /// ZIP/UZP/TRN by opcode.
    static let permuteInline: [VecOp?] = [nil, .uzp1, .trn1, .zip1, nil, .uzp2, .trn2, .zip2]

    /// Integer three-same ops with an inline form, indexed by opcode << 1 | U, with the lane
    /// sizes it has (bit k: size k; 2D also needs Q).
    static let threeSameInline: [(op: VecOp, sizes: UInt8)?] = {
        var t = [(op: VecOp, sizes: UInt8)?](repeating: nil, count: 64)
        let all: UInt8 = 0b1111, noDoubleword: UInt8 = 0b0111, bytesAndHalfwords: UInt8 = 0b0011
        let rows: [(UInt32, Bool, VecOp, UInt8)] = [
            (0b00110, false, .cmgt, all), (0b00110, true, .cmhi, all), (0b00111, false, .cmge, all),
            (0b00111, true, .cmhs, all), (0b10001, false, .cmtst, all), (0b10001, true, .cmeq, all),
            (0b01100, false, .smax, noDoubleword), (0b01100, true, .umax, noDoubleword),
            (0b01101, false, .smin, noDoubleword), (0b01101, true, .umin, noDoubleword),
            (0b01110, false, .sabd, noDoubleword), (0b01110, true, .uabd, noDoubleword),
            (0b10010, false, .mla, noDoubleword), (0b10010, true, .mls, noDoubleword), (0b10011, false, .mul, noDoubleword),
            (0b00001, false, .sqadd, bytesAndHalfwords), (0b00001, true, .uqadd, bytesAndHalfwords),
            (0b00101, false, .sqsub, bytesAndHalfwords), (0b00101, true, .uqsub, bytesAndHalfwords),
        ]
        for (opcode, u, op, sizes) in rows { t[Int(opcode) << 1 | (u ? 1 : 0)] = (op, sizes) }
        return t
    }()

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
        // ABS, NEG and the compares with zero (CMEQ #0 above)
        if (0b01000...0b01011).contains(opcode), let op = Self.unaryInline[Int(opcode - 0b01000) << 1 | (u ? 1 : 0)], size < 3 || q {
            return emit(.vecBinary(op, d, n, n, esize: 1 << size, q: q))
        }
        if opcode == 0b00101 && !u && size == 0 {  // CNT
            return emit(.vecBinary(.cnt, d, n, n, esize: 1, q: q))
        }
        if fpcrMode == 0 && (opcode == 0b11101 && size == 0 || opcode == 0b11011 && !u && size == 2) {  // S/UCVTF, FCVTZS .2S/.4S
            return emit(.vecBinary(opcode == 0b11011 ? .fcvtzs : (u ? .ucvtf : .scvtf), d, n, n, esize: 4, q: q))
        }
        if fpcrMode == 0, let op = Self.floatUnaryInline(opcode: opcode, u: u, size: size), size & 1 == 0 || q {
            return emit(.vecBinary(op, d, n, n, esize: size & 1 == 1 ? 8 : 4, q: q))
        }
        if fpcrMode == 0 && opcode == 0b10111 && !u && size == 1 {  // FCVTL(2) 2S -> 2D
            return emit(.vecBinary(q ? .fcvtl2 : .fcvtl, d, n, n, esize: 8, q: true))
        }
        if opcode == 0b01111 && size >= 2 && (q || size == 2) {  // FABS, FNEG
            return emit(.vecBinary(u ? .fneg : .fabs, d, n, n, esize: size == 3 ? 8 : 4, q: q))
        }
        if opcode == 0b00101 && u && size == 0 {  // NOT
            return emit(.vecBinary(.not, d, n, n, esize: 1, q: q))
        }
        if opcode == 0b10010 && !u && size < 3 {  // XTN(2)
            return emit(.vecNarrow(d, n, esize: 1 << size, shift: 0, upper: q))
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
        if !u && opcode == 0b10000 && esize < 8 {  // SHRN(2)
            return emit(.vecNarrow(d, n, esize: esize, shift: UInt8(2 * bits - immhb), upper: q))
        }
        switch (u, opcode) {
        case (false, 0b01010) where esize < 8 || q:                                // SHL
            return emit(.vecShiftImmediate(.shl, d, n, esize: esize, shift: UInt8(immhb - bits), q: q))
        case (true, 0b00000) where esize < 8 || q:                                 // USHR
            return emit(.vecShiftImmediate(.ushr, d, n, esize: esize, shift: UInt8(2 * bits - immhb), q: q))
        case (false, 0b00000) where esize < 8 || q:                                // SSHR
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
        case (true, _) where q:  // INS (element): through a general register
            let v = newValue()
            emit(.vecToGPR(v, n, lane: UInt8(imm4 >> UInt32(size)), size: 1 << size, signed: false))
            emit(.gprToVec(d, v, lane: lane, size: 1 << size, zeroRest: false))
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

// Families whose common forms are inline and the rest out of line.
extension Lifter {
    func simdThreeDifferent(_ w: InstructionWord) {
        let f = VectorOperands(w)
        if f.size < 3, let op = Self.threeDifferentInline[Int(w[.opcode4])] {
            return emit(.vecWideBinary(op, f.vd.number, f.vn.number, f.vm.number, esize: f.esize, signed: !f.u, upper: f.q))
        }
        if polynomialMultiplyLong(f, opcode: w[.opcode4]) { return }
        outOfLine(.simdThreeDifferent, w)
    }

    func simdPermute(_ w: InstructionWord) {
        let f = VectorOperands(w)
        if let op = Self.permuteInline[Int(w[.permuteOpcode])], f.size < 3 || f.q {
            return emit(.vecBinary(op, f.vd.number, f.vn.number, f.vm.number, esize: f.esize, q: f.q))
        }
        outOfLine(.simdPermute, w)
    }

    func simdAcrossLanes(_ w: InstructionWord) {
        let f = VectorOperands(w)
        let op: VecReduceOp?
        switch (w[.miscOpcode], f.u) {
        case (0b11011, false): op = .addv
        case (0b01010, false): op = .smaxv
        case (0b01010, true): op = .umaxv
        case (0b11010, false): op = .sminv
        case (0b11010, true): op = .uminv
        default: op = nil
        }
        if let op = op, f.size < 2 || (f.size == 2 && f.q) {
            return emit(.vecReduce(op, f.vd.number, f.vn.number, esize: f.esize, q: f.q))
        }
        outOfLine(.simdAcrossLanes, w)
    }

    func simdTableLookup(_ w: InstructionWord) {
        let f = VectorOperands(w)
        emit(.vecTableLookup(f.vd.number, first: f.vn.number, count: UInt8(w[.tableLength] + 1), f.vm.number,
                             q: f.q, keep: w.flag(.tbx)))
    }

    /// FMLA/FMLS/FMUL and MUL/MLA/MLS and the long multiplies by element: the element is
    /// broadcast into the scratch vector, then the vector form runs.
    func simdIndexedElement(_ w: InstructionWord) {
        let f = VectorOperands(w)
        let (q, u, size, opcode) = (f.q, f.u, f.size, w[.opcode4])
        let (h, l, mBit) = (w[.indexH], w[.indexL], w[.indexM])
        let scratch = VectorScratch.register, d = f.vd.number, n = f.vn.number
        // H, S: Rm is M:Rm; H lanes take M as the lowest index bit and Rm from 0-15.
        let m = size == 1 ? UInt8(w[.rmLow]) : UInt8(mBit << 4 | w[.rmLow])
        let lane = size == 1 ? UInt8(h << 2 | l << 1 | mBit) : (size == 2 ? UInt8(h << 1 | l) : UInt8(h))
        let broadcast = IROp.vecDupElement(scratch, m, lane: lane, size: 1 << size, q: true)
        switch (opcode, u) {
        case (0b0001, false), (0b0101, false), (0b1001, false):   // FMLA, FMLS, FMUL
            let double = size == 3
            guard size >= 2, fpcrMode == 0, !(double && (l == 1 || !q)) else { break }
            emit(broadcast)
            if opcode == 0b1001 { return emit(.vecFloatBinary(.mul, d, n, scratch, double: double, q: q)) }
            return emit(.vecFloatFused(d, n, scratch, double: double, q: q, negProduct: opcode == 0b0101))
        case (0b1000, false), (0b0000, true), (0b0100, true):   // MUL, MLA, MLS
            guard size == 1 || size == 2 else { break }
            emit(broadcast)
            let op: VecOp = opcode == 0b1000 ? .mul : (opcode == 0b0000 ? .mla : .mls)
            return emit(.vecBinary(op, d, n, scratch, esize: 1 << size, q: q))
        case (0b1010, _), (0b0010, _), (0b0110, _):   // SMULL/UMULL, SMLAL/UMLAL, SMLSL/UMLSL
            guard size == 1 || size == 2 else { break }
            emit(broadcast)
            let op: VecWideOp = opcode == 0b1010 ? .mull : (opcode == 0b0010 ? .mlal : .mlsl)
            return emit(.vecWideBinary(op, d, n, scratch, esize: 1 << size, signed: !u, upper: q))
        default: break
        }
        outOfLine(.simdIndexedElement, w)
    }
}

extension Lifter {
    /// LD1/ST1 (single structure) of one lane and LD1R are a plain load or store and a lane
    /// insert, extract or broadcast; the other single-structure forms run out of line.
    func simdLoadStoreSingle(_ w: InstructionWord, post: Bool) {
        let f = StructureOperands(w)
        let (sBit, size, lsop) = (w[.scaled], w[.ldstSize], w[.singleOpcode])
        let q = UInt32(f.q ? 1 : 0)
        var bytes = 0, lane: UInt32 = 0, replicate = false
        switch lsop {
        case 0b000: bytes = 1; lane = q << 3 | sBit << 2 | size
        case 0b010 where size & 1 == 0: bytes = 2; lane = q << 2 | sBit << 1 | size >> 1
        case 0b100 where size == 0: bytes = 4; lane = q << 1 | sBit
        case 0b100 where size == 1 && sBit == 0: bytes = 8; lane = q
        case 0b110 where f.load && sBit == 0: bytes = 1 << size; replicate = true
        default: break
        }
        guard bytes > 0, !w.flag(.structR) else {
            return structureAccessOutOfLine(.simdLoadStoreSingle, w)
        }
        let base = xsp(f.rn), t = f.vt.number
        if f.load {
            let v = newValue()
            emit(.load(v, addr: base, disp: 0, size: bytes, signed: false, is64: true))
            emit(replicate ? .vecDup(t, v, size: bytes, q: f.q) : .gprToVec(t, v, lane: UInt8(lane), size: bytes, zeroRest: false))
        } else {
            let v = newValue()
            emit(.vecToGPR(v, t, lane: UInt8(lane), size: bytes, signed: false))
            emit(.store(v, addr: base, disp: 0, size: bytes))
        }
        if post {
            let step = f.rm.isZROrSP ? const(UInt64(bytes)) : x(f.rm)
            setXSP(f.rn, binary(.add, base, step, is64: true))
        }
    }
}

extension Lifter {
    /// DUP (element), scalar: one lane into a cleared register.
    func simdScalarCopy(_ w: InstructionWord) {
        let f = VectorOperands(w), imm5 = w[.imm5]
        let size = imm5.trailingZeroBitCount
        guard !w.flag(.op), w[.imm4] == 0, size < 4 else { return outOfLine(.simdScalarCopy, w) }
        let v = newValue()
        emit(.vecToGPR(v, f.vn.number, lane: UInt8(imm5 >> UInt32(size + 1)), size: 1 << size, signed: false))
        emit(.gprToVec(f.vd.number, v, lane: 0, size: 1 << size, zeroRest: true))
    }

    /// FMLA/FMLS/FMUL (by element), scalar: the element into the scratch vector, then the
    /// scalar FMA or multiply (default rounding mode; the FZ/RMode forms go out of line).
    func simdScalarIndexedElement(_ w: InstructionWord) {
        let f = VectorOperands(w)
        let (size, opcode, h, l) = (f.size, w[.opcode4], w[.indexH], w[.indexL])
        let double = size == 3, d = f.vd.number, n = f.vn.number, scratch = VectorScratch.register
        let m = UInt8(w[.indexM] << 4 | w[.rmLow]), lane = double ? UInt8(h) : UInt8(h << 1 | l)
        guard !f.u, size >= 2, !(double && l == 1), !fpSoftMode, opcode == 0b0001 || opcode == 0b0101 || opcode == 0b1001 else {
            return outOfLine(.simdScalarIndexedElement, w)
        }
        emit(.vecDupElement(scratch, m, lane: lane, size: double ? 8 : 4, q: true))
        if opcode == 0b1001 {
            emit(.fpBinary(.mul, d, n, scratch, double: double))
        } else {
            emit(.fpFused(d, n, scratch, d, double: double, negProduct: opcode == 0b0101, negAddend: false))
        }
        defaultNaNMode(d, double: double)
    }
}

extension Lifter {
    /// LD2-LD4/ST2-ST4 (multiple structures): interleaved in registers, one access per
    /// 8 or 16 bytes (Backend/EmitVector.swift).
    func simdLoadStoreStructures(_ w: InstructionWord, post: Bool) {
        let f = StructureOperands(w), size = Int(w[.ldstSize])
        let count: UInt8? = f.opcode == 0b0000 ? 4 : (f.opcode == 0b0100 ? 3 : (f.opcode == 0b1000 ? 2 : nil))
        guard let count, size < 3 || f.q else {
            return structureAccessOutOfLine(.simdLoadStoreMultiple, w)
        }
        let base = xsp(f.rn)
        emit(.vecStructures(first: f.vt.number, count: count, addr: base, esize: 1 << size, q: f.q, load: f.load))
        if post {
            let step = f.rm.isZROrSP ? const(UInt64(Int(count) * (f.q ? 16 : 8))) : x(f.rm)
            setXSP(f.rn, binary(.add, base, step, is64: true))
        }
    }
}
