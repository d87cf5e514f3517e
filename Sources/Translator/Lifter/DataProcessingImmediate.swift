// A64 "Data Processing -- Immediate": PC-relative addressing, add/sub, logical,
// move wide, bitfield and extract.

extension Lifter {
    func adr(_ i: UInt32) {
        let imm = signExtend(UInt64(i.bits(23, 5) << 2 | i.bits(30, 29)), bits: 21)
        if i.bit(31) {
            setX(i.rd, const((pc & ~0xFFF) &+ UInt64(bitPattern: imm << 12)))
        } else {
            setX(i.rd, const(pc &+ UInt64(bitPattern: imm)))
        }
    }

    func addSubImmediate(_ i: UInt32) {
        let is64 = i.sf, sub = i.bit(30), setFlags = i.bit(29)
        var imm = UInt64(i.bits(21, 10))
        if i.bit(22) { imm <<= 12 }
        let n = xsp(i.rn)
        let r = binary(sub ? .sub : .add, n, imm: imm, is64: is64, flags: setFlags)
        if setFlags { setX(i.rd, r) } else { setXSP(i.rd, r) }
    }

    func logicalImmediate(_ i: UInt32) {
        let is64 = i.sf
        guard let imm = decodeBitMasks(n: i.bit(22), imms: i.bits(15, 10), immr: i.bits(21, 16), is64: is64) else {
            return undefined()
        }
        let opc = i.bits(30, 29)
        let n = x(i.rn)
        let op: BinOp = [.and, .or, .xor, .and][Int(opc)]
        let r = binary(op, n, imm: imm, is64: is64, flags: opc == 3)
        if opc == 3 { setX(i.rd, r) } else { setXSP(i.rd, r) }
    }

    func moveWide(_ i: UInt32) {
        let is64 = i.sf, opc = i.bits(30, 29), hw = i.bits(22, 21)
        if opc == 1 || (!is64 && hw >= 2) { return undefined() }
        let shift = UInt64(hw * 16)
        let imm = UInt64(i.bits(20, 5)) << shift
        switch opc {
        case 0: setX(i.rd, const(is64 ? ~imm : UInt64(UInt32(truncatingIfNeeded: ~imm))))
        case 2: setX(i.rd, const(imm))
        default:  // MOVK keeps the other bits
            let old = x(i.rd)
            let kept = binary(.and, old, imm: ~(UInt64(0xFFFF) << shift), is64: is64)
            setX(i.rd, binary(.or, kept, imm: imm, is64: is64))
        }
    }

    func bitfield(_ i: UInt32) {
        let is64 = i.sf, opc = i.bits(30, 29)
        if opc == 3 || i.bit(22) != is64 { return undefined() }
        let ds = is64 ? 64 : 32
        let immr = Int(i.bits(21, 16)), imms = Int(i.bits(15, 10))
        if !is64 && (immr >= 32 || imms >= 32) { return undefined() }
        let src = x(i.rn)
        if opc == 1 {  // BFM: insert a field into the existing destination
            let width = imms >= immr ? imms - immr + 1 : imms + 1
            let pos = imms >= immr ? 0 : ds - immr
            let mask: UInt64 = (width == 64 ? ~0 : (UInt64(1) << UInt64(width)) - 1) << UInt64(pos)
            var field = imms >= immr ? binary(.lshr, src, imm: UInt64(immr), is64: is64) : src
            if pos > 0 { field = binary(.shl, field, imm: UInt64(pos), is64: is64) }
            field = binary(.and, field, imm: mask, is64: is64)
            let kept = binary(.and, x(i.rd), imm: ~mask, is64: is64)
            setX(i.rd, binary(.or, kept, field, is64: is64))
            return
        }
        // SBFM/UBFM: move the field to the top, then shift it down (arithmetically for SBFM).
        let up = ds - 1 - imms
        let down = imms >= immr ? up + immr : immr - imms - 1
        let shifted = up > 0 ? binary(.shl, src, imm: UInt64(up), is64: is64) : truncate(src, is64: is64)
        let r = down > 0 ? binary(opc == 0 ? .ashr : .lshr, shifted, imm: UInt64(down), is64: is64) : shifted
        setX(i.rd, r)
    }

    func extract(_ i: UInt32) {
        let is64 = i.sf
        if i.bit(22) != is64 { return undefined() }
        let lsb = UInt64(i.bits(15, 10))
        if !is64 && lsb >= 32 { return undefined() }
        let n = x(i.rn), m = x(i.rm)
        if lsb == 0 { setX(i.rd, truncate(m, is64: is64)); return }
        if i.rn == i.rm { setX(i.rd, binary(.ror, n, imm: lsb, is64: is64)); return }
        let lo = binary(.lshr, m, imm: lsb, is64: is64)
        let hi = binary(.shl, n, imm: UInt64(is64 ? 64 : 32) - lsb, is64: is64)
        setX(i.rd, binary(.or, lo, hi, is64: is64))
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
