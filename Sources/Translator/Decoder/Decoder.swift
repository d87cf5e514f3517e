// Table-driven A64 decoding in the spirit of dynarmic's a64.inc: each entry is a
// 32-character bit string ('0'/'1' fixed, anything else a field bit) bound to the
// lifter function for that instruction family. First match wins, so more specific
// patterns come before general ones inside a family.

public struct InstructionPattern: Sendable {
    public let name: String
    public let mask: UInt32
    public let value: UInt32
    let lift: @Sendable (Lifter, UInt32) -> Void

    init(_ name: String, _ bits: String, _ lift: @escaping @Sendable (Lifter, UInt32) -> Void) {
        precondition(bits.count == 32, "pattern \(name) must have 32 bits")
        var m: UInt32 = 0, v: UInt32 = 0
        for (i, c) in bits.enumerated() {
            let bit = UInt32(1) << UInt32(31 - i)
            if c == "0" { m |= bit } else if c == "1" { m |= bit; v |= bit }
        }
        self.name = name; mask = m; value = v; self.lift = lift
    }

    @inline(__always) func matches(_ word: UInt32) -> Bool { word & mask == value }
}

public enum A64Decoder {
    /// Patterns bucketed by bits 28..25 (the top-level op0 group) for a short scan.
    static let buckets: [[InstructionPattern]] = {
        var b = Array(repeating: [InstructionPattern](), count: 16)
        for p in A64Table.patterns {
            for op0 in 0..<16 {
                let w = UInt32(op0) << 25
                if (w & p.mask & 0x1E00_0000) == (p.value & 0x1E00_0000) { b[op0].append(p) }
            }
        }
        return b
    }()

    public static func decode(_ word: UInt32) -> InstructionPattern? {
        for p in buckets[Int((word >> 25) & 0xF)] where p.matches(word) { return p }
        return nil
    }
}

/// Field extraction on a raw instruction word.
extension UInt32 {
    @inline(__always) func bits(_ hi: Int, _ lo: Int) -> UInt32 { (self >> UInt32(lo)) & ((1 << UInt32(hi - lo + 1)) - 1) }
    @inline(__always) func bit(_ n: Int) -> Bool { (self >> UInt32(n)) & 1 != 0 }
    var rd: UInt8 { UInt8(bits(4, 0)) }
    var rn: UInt8 { UInt8(bits(9, 5)) }
    var rm: UInt8 { UInt8(bits(20, 16)) }
    var ra: UInt8 { UInt8(bits(14, 10)) }
    var sf: Bool { bit(31) }
}

/// Sign-extends the low `bits` of v.
@inline(__always) func signExtend(_ v: UInt64, bits: Int) -> Int64 {
    Int64(bitPattern: v << UInt64(64 - bits)) >> Int64(64 - bits)
}
