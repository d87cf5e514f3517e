// Bit slicing of the raw instruction word for the out-of-line semantics, which still
// decode their family's word when they run (issue #14 part 4: they are to receive the
// operands decoded at translation time instead). The decoder and the lifters use the
// named fields of Decoder/Fields.swift, never these.

extension UInt32 {
    @inline(__always) func bits(_ hi: Int, _ lo: Int) -> UInt32 { (self >> UInt32(lo)) & ((1 << UInt32(hi - lo + 1)) - 1) }
    @inline(__always) func bit(_ n: Int) -> Bool { (self >> UInt32(n)) & 1 != 0 }
    var rd: UInt8 { UInt8(bits(4, 0)) }
    var rn: UInt8 { UInt8(bits(9, 5)) }
    var rm: UInt8 { UInt8(bits(20, 16)) }
    var ra: UInt8 { UInt8(bits(14, 10)) }
    var sf: Bool { bit(31) }
}
