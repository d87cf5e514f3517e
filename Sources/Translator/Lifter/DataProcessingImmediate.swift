// A64 "Data Processing -- Immediate": PC-relative addressing, add/sub, logical,
// move wide, bitfield and extract.

extension Lifter {
    func adr(_ f: PCRelativeOperands) { setX(f.rd, const(pc &+ UInt64(bitPattern: f.imm))) }

    func adrp(_ f: PCRelativeOperands) { setX(f.rd, const((pc & ~0xFFF) &+ UInt64(bitPattern: f.imm << 12))) }

    func addSubImmediate(_ f: AddSubImmediateOperands, _ op: BinOp, setFlags: Bool) {
        let r = binary(op, xsp(f.rn), imm: f.imm, is64: f.sf, flags: setFlags)
        if setFlags { setX(f.rd, r) } else { setXSP(f.rd, r) }
    }

    func logicalImmediate(_ f: BitmaskOperands, _ op: BinOp, setFlags: Bool) {
        guard let imm = decodeBitMasks(n: f.n, imms: f.imms, immr: f.immr, is64: f.sf) else { return undefined() }
        let r = binary(op, x(f.rn), imm: imm, is64: f.sf, flags: setFlags)
        if setFlags { setX(f.rd, r) } else { setXSP(f.rd, r) }
    }

    enum MoveWideKind { case inverted, zeroed, kept }

    func moveWide(_ f: MoveWideOperands, _ kind: MoveWideKind) {
        let imm = f.imm16 << f.shift
        switch kind {
        case .inverted: setX(f.rd, const(f.sf ? ~imm : UInt64(UInt32(truncatingIfNeeded: ~imm))))
        case .zeroed: setX(f.rd, const(imm))
        case .kept:  // MOVK keeps the other bits
            let kept = binary(.and, x(f.rd), imm: ~(UInt64(0xFFFF) << f.shift), is64: f.sf)
            setX(f.rd, binary(.or, kept, imm: imm, is64: f.sf))
        }
    }

    enum BitfieldKind { case signed, insert, unsigned }

    func bitfieldMove(_ f: BitmaskOperands, _ kind: BitfieldKind) {
        let is64 = f.sf, ds = is64 ? 64 : 32
        let immr = Int(f.immr), imms = Int(f.imms)
        let src = x(f.rn)
        if kind == .insert {  // BFM: insert a field into the existing destination
            let width = imms >= immr ? imms - immr + 1 : imms + 1
            let pos = imms >= immr ? 0 : ds - immr
            let mask: UInt64 = (width == 64 ? ~0 : (UInt64(1) << UInt64(width)) - 1) << UInt64(pos)
            var field = imms >= immr ? binary(.lshr, src, imm: UInt64(immr), is64: is64) : src
            if pos > 0 { field = binary(.shl, field, imm: UInt64(pos), is64: is64) }
            field = binary(.and, field, imm: mask, is64: is64)
            let kept = binary(.and, x(f.rd), imm: ~mask, is64: is64)
            setX(f.rd, binary(.or, kept, field, is64: is64))
            return
        }
        // SBFM/UBFM: move the field to the top, then shift it down (arithmetically for SBFM).
        let up = ds - 1 - imms
        let down = imms >= immr ? up + immr : immr - imms - 1
        let shifted = up > 0 ? binary(.shl, src, imm: UInt64(up), is64: is64) : truncate(src, is64: is64)
        let r = down > 0 ? binary(kind == .signed ? .ashr : .lshr, shifted, imm: UInt64(down), is64: is64) : shifted
        setX(f.rd, r)
    }

    func extract(_ f: ExtractOperands) {
        let is64 = f.sf
        let n = x(f.rn), m = x(f.rm)
        if f.lsb == 0 { setX(f.rd, truncate(m, is64: is64)); return }
        if f.rn == f.rm { setX(f.rd, binary(.ror, n, imm: f.lsb, is64: is64)); return }
        let lo = binary(.lshr, m, imm: f.lsb, is64: is64)
        let hi = binary(.shl, n, imm: UInt64(is64 ? 64 : 32) - f.lsb, is64: is64)
        setX(f.rd, binary(.or, lo, hi, is64: is64))
    }
}

/// The Arm ARM's DecodeBitMasks for logical immediates (wmask only).
func decodeBitMasks(n: Bool, imms: UInt32, immr: UInt32, is64: Bool) -> UInt64? {
    let combined = UInt32((n ? 0x40 : 0) | (~imms & 0x3F))
    guard combined != 0 else { return nil }
    let length = 31 - combined.leadingZeroBitCount
    guard length >= 1 else { return nil }
    let esize = 1 << length
    if !is64 && esize == 64 { return nil }
    let levels = UInt32(esize - 1)
    let s = imms & levels, r = immr & levels
    if s == levels { return nil }
    let welem: UInt64 = (UInt64(1) << UInt64(s + 1)) - 1
    let emask: UInt64 = esize == 64 ? ~0 : (UInt64(1) << UInt64(esize)) - 1
    let rotated = r == 0 ? welem : ((welem >> UInt64(r)) | (welem << UInt64(UInt32(esize) - r))) & emask
    var result: UInt64 = 0
    var pos = 0
    while pos < 64 { result |= rotated << UInt64(pos); pos += esize }
    return is64 ? result : result & 0xFFFF_FFFF
}
