// A64 "Data Processing -- Register": logical and add/sub with shifted or extended
// operands, add/sub with carry, conditional compare/select, 1-, 2- and 3-source ops.

extension Lifter {
    /// Applies a shift of the given ARM type (LSL, LSR, ASR, ROR) by a constant.
    func shifted(_ v: Value, type: UInt32, amount: UInt64, is64: Bool) -> Value {
        if amount == 0 { return v }
        let op: BinOp = [.shl, .lshr, .ashr, .ror][Int(type)]
        return binary(op, v, imm: amount, is64: is64)
    }

    /// The extended-register operand: extend the low bits, then shift left by 0...4.
    func extended(_ v: Value, option: UInt32, shift: UInt64, is64: Bool) -> Value {
        let bits: UInt8 = [8, 16, 32, 64][Int(option & 3)]
        var r = bits == 64 ? v : extend(v, bits: bits, signed: option & 4 != 0)
        if shift > 0 { r = binary(.shl, r, imm: shift, is64: true) }
        return r
    }

    func logicalShifted(_ i: UInt32) {
        let is64 = i.sf
        let amount = UInt64(i.bits(15, 10))
        if !is64 && amount >= 32 { return undefined() }
        let opc = i.bits(30, 29), negate = i.bit(21)
        let m = shifted(x(i.rm), type: i.bits(23, 22), amount: amount, is64: is64)
        if opc == 1 && !negate && i.rn == 31 { setX(i.rd, truncate(m, is64: is64)); return }  // MOV
        let ops: [BinOp] = negate ? [.andNot, .orNot, .xorNot, .andNot] : [.and, .or, .xor, .and]
        setX(i.rd, binary(ops[Int(opc)], x(i.rn), m, is64: is64, flags: opc == 3))
    }

    func addSubShifted(_ i: UInt32) {
        let is64 = i.sf
        let amount = UInt64(i.bits(15, 10))
        if i.bits(23, 22) == 3 || (!is64 && amount >= 32) { return undefined() }
        if !i.bit(30) && !i.bit(29) && i.bits(23, 22) == 0 && amount <= 3 {  // ADD with LSL #0...3: one LEA
            let d = newValue()
            emit(.addScaled(d, x(i.rn), x(i.rm), shift: UInt8(amount), is64: is64))
            return setX(i.rd, d)
        }
        let m = shifted(x(i.rm), type: i.bits(23, 22), amount: amount, is64: is64)
        setX(i.rd, binary(i.bit(30) ? .sub : .add, x(i.rn), m, is64: is64, flags: i.bit(29)))
    }

    func addSubExtended(_ i: UInt32) {
        let is64 = i.sf, setFlags = i.bit(29)
        let shift = UInt64(i.bits(12, 10))
        if shift > 4 { return undefined() }
        let m = extended(x(i.rm), option: i.bits(15, 13), shift: shift, is64: is64)
        let r = binary(i.bit(30) ? .sub : .add, xsp(i.rn), m, is64: is64, flags: setFlags)
        if setFlags { setX(i.rd, r) } else { setXSP(i.rd, r) }
    }

    func addSubCarry(_ i: UInt32) {
        setX(i.rd, binary(i.bit(30) ? .sbc : .adc, x(i.rn), x(i.rm), is64: i.sf, flags: i.bit(29)))
    }

    func conditionalCompare(_ i: UInt32) {
        let is64 = i.sf
        let b = i.bit(11) ? const(UInt64(i.bits(20, 16))) : x(i.rm)
        emit(.condCompare(Cond(rawValue: UInt8(i.bits(15, 12)))!, x(i.rn), b, is64: is64,
                          add: !i.bit(30), nzcv: UInt8(i.bits(3, 0))))
    }

    func conditionalSelect(_ i: UInt32) {
        let is64 = i.sf
        let cond = Cond(rawValue: UInt8(i.bits(15, 12)))!
        let n = x(i.rn)
        var m = x(i.rm)
        switch (i.bit(30), i.bit(10)) {
        case (false, true): m = binary(.add, m, imm: 1, is64: is64)
        case (true, false): m = unary(.not, m, is64: is64)
        case (true, true): m = unary(.neg, m, is64: is64)
        default: break
        }
        let d = newValue()
        emit(.select(cond, d, n, m, is64: is64))
        setX(i.rd, d)
    }

    func dataProcessing3(_ i: UInt32) {
        let is64 = i.sf, op31 = i.bits(23, 21), sub = i.bit(15)
        switch op31 {
        case 0:  // MADD/MSUB
            let p = binary(.mul, x(i.rn), x(i.rm), is64: is64)
            setX(i.rd, binary(sub ? .sub : .add, x(i.ra), p, is64: is64))
        case 1, 5:  // SMADDL/SMSUBL, UMADDL/UMSUBL
            guard is64 else { return undefined() }
            let signed = op31 == 1
            let p = binary(.mul, extend(x(i.rn), bits: 32, signed: signed), extend(x(i.rm), bits: 32, signed: signed), is64: true)
            setX(i.rd, binary(sub ? .sub : .add, x(i.ra), p, is64: true))
        case 2, 6:  // SMULH, UMULH
            guard is64, !sub else { return undefined() }
            setX(i.rd, binary(op31 == 2 ? .smulh : .umulh, x(i.rn), x(i.rm), is64: true))
        default: undefined()
        }
    }

    func dataProcessing2(_ i: UInt32) {
        let is64 = i.sf, opcode = i.bits(15, 10)
        let op: BinOp?
        switch opcode {
        case 2: op = .udiv
        case 3: op = .sdiv
        case 8: op = .shl
        case 9: op = .lshr
        case 10: op = .ashr
        case 11: op = .ror
        default: op = nil
        }
        if let op {
            setX(i.rd, binary(op, x(i.rn), x(i.rm), is64: is64))
        } else if opcode >= 16 && opcode <= 23 {
            let size = opcode & 3
            if (size == 3) != is64 { return undefined() }
            let d = newValue()
            emit(.helper(.crc32(i), args: [x(i.rn), x(i.rm)], result: d))
            setX(i.rd, d)
        } else {
            undefined()
        }
    }

    func dataProcessing1(_ i: UInt32) {
        let is64 = i.sf, opcode = i.bits(15, 10)
        let op: UnOp
        switch (opcode, is64) {
        case (0, _): op = .rbit
        case (1, _): op = .rev16
        case (2, false): op = .rev
        case (2, true): op = .rev32
        case (3, true): op = .rev
        case (4, _): op = .clz
        case (5, _): op = .cls
        default: return undefined()
        }
        setX(i.rd, unary(op, x(i.rn), is64: is64))
    }
}
