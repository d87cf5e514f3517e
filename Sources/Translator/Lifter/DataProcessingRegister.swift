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

    func logicalShifted(_ f: ShiftedRegisterOperands, _ op: BinOp, setFlags: Bool) {
        let m = shifted(x(f.rm), type: f.shift, amount: f.amount, is64: f.sf)
        if op == .or && f.rn.isZROrSP { return setX(f.rd, truncate(m, is64: f.sf)) }  // MOV
        setX(f.rd, binary(op, x(f.rn), m, is64: f.sf, flags: setFlags))
    }

    func addSubShifted(_ f: ShiftedRegisterOperands, _ op: BinOp, setFlags: Bool) {
        if op == .add && !setFlags && f.shift == 0 && f.amount <= 3 {  // ADD with LSL #0...3: one LEA
            let d = newValue()
            emit(.addScaled(d, x(f.rn), x(f.rm), shift: UInt8(f.amount), is64: f.sf))
            return setX(f.rd, d)
        }
        let m = shifted(x(f.rm), type: f.shift, amount: f.amount, is64: f.sf)
        setX(f.rd, binary(op, x(f.rn), m, is64: f.sf, flags: setFlags))
    }

    func addSubExtended(_ f: ExtendedRegisterOperands, _ op: BinOp, setFlags: Bool) {
        let m = extended(x(f.rm), option: f.option, shift: f.amount, is64: f.sf)
        let r = binary(op, xsp(f.rn), m, is64: f.sf, flags: setFlags)
        if setFlags { setX(f.rd, r) } else { setXSP(f.rd, r) }
    }

    func addSubCarry(_ f: ThreeRegisters, _ op: BinOp, setFlags: Bool) {
        setX(f.rd, binary(op, x(f.rn), x(f.rm), is64: f.sf, flags: setFlags))
    }

    func conditionalCompare(_ f: ConditionalCompareOperands, add: Bool, immediate: Bool) {
        let b = immediate ? const(f.imm5) : x(f.rm)
        emit(.condCompare(f.cond, x(f.rn), b, is64: f.sf, add: add, nzcv: f.nzcv))
    }

    enum SelectAdjustment { case increment, invert, negate }

    func conditionalSelect(_ f: ConditionalSelectOperands, _ adjustment: SelectAdjustment?) {
        let n = x(f.rn)
        var m = x(f.rm)
        switch adjustment {
        case .increment: m = binary(.add, m, imm: 1, is64: f.sf)
        case .invert: m = unary(.not, m, is64: f.sf)
        case .negate: m = unary(.neg, m, is64: f.sf)
        case nil: break
        }
        let d = newValue()
        emit(.select(f.cond, d, n, m, is64: f.sf))
        setX(f.rd, d)
    }

    func multiplyAdd(_ f: MultiplyAddOperands, subtract: Bool) {
        let p = binary(.mul, x(f.rn), x(f.rm), is64: f.sf)
        setX(f.rd, binary(subtract ? .sub : .add, x(f.ra), p, is64: f.sf))
    }

    /// SMADDL/SMSUBL/UMADDL/UMSUBL: 32x32->64 products.
    func multiplyAddLong(_ f: MultiplyAddOperands, signed: Bool, subtract: Bool) {
        let p = binary(.mul, extend(x(f.rn), bits: 32, signed: signed), extend(x(f.rm), bits: 32, signed: signed), is64: true)
        setX(f.rd, binary(subtract ? .sub : .add, x(f.ra), p, is64: true))
    }

    func registerBinary(_ f: ThreeRegisters, _ op: BinOp) { setX(f.rd, binary(op, x(f.rn), x(f.rm), is64: f.sf)) }

    func registerUnary(_ f: TwoRegisters, _ op: UnOp) { setX(f.rd, unary(op, x(f.rn), is64: f.sf)) }

    func crc32(_ f: CRC32Operands) {
        let d = newValue()
        emit(.helper(.crc32(CRC32Kind(castagnoli: f.castagnoli, bytes: f.bytes)), args: [x(f.rn), x(f.rm)], result: d))
        setX(f.rd, d)
    }
}
