// Table-driven A64 decoding: A64Table's patterns become mask/value pairs, grouped by
// the instruction's top bits so a word is compared with only a few candidates. Where
// two patterns overlap (only as declared specialisations) the more specific one wins,
// so the order of the table carries no meaning.

public struct InstructionPattern: Sendable {
    public let id: A64Instruction
    /// The pattern's text, for reports and tests.
    public let text: String
    public let mask: UInt32
    public let value: UInt32
    /// The named fields the pattern shows.
    let fields: [Field]

    public var name: String { "\(id)" }

    @inline(__always) func matches(_ word: UInt32) -> Bool { word & mask == value }

    /// Parses a pattern (A64Table's syntax); a malformed pattern is a programming error.
    init(_ row: A64Table.Row) {
        var mask: UInt32 = 0, value: UInt32 = 0, fields: [Field] = []
        var position = 32
        for token in row.pattern.split(separator: " ") {
            if token.allSatisfy({ $0 == "0" || $0 == "1" || $0 == "x" }) {
                for c in token {
                    position -= 1
                    precondition(position >= 0, "\(row.id): pattern longer than 32 bits")
                    let bit = UInt32(1) << UInt32(position)
                    if c != "x" { mask |= bit }
                    if c == "1" { value |= bit }
                }
            } else {
                guard let f = Field.all.first(where: { $0.name == token }) else {
                    preconditionFailure("\(row.id): unknown field \(token)")
                }
                position -= f.width
                precondition(position == f.lo, "\(row.id): field \(token) at bit \(position), defined at \(f.lo)")
                fields.append(f)
            }
        }
        precondition(position == 0, "\(row.id): pattern is \(32 - position) bits")
        self.id = row.id; text = row.pattern; self.mask = mask; self.value = value; self.fields = fields
    }
}

public enum A64Decoder {
    public static let patterns: [InstructionPattern] = A64Table.rows.map(InstructionPattern.init)

    /// Bits 31..21 select a bucket (2048); buckets hold pattern indices, most specific first.
    private static let bucketShift: UInt32 = 21
    private static let bucketBits: UInt32 = 0xFFE0_0000

    /// Flattened buckets: `bucketStart[b]..<bucketStart[b + 1]` index `bucketEntries`.
    private static let (bucketStart, bucketEntries): ([UInt32], [InstructionPattern]) = {
        let order = patterns.indices.sorted { patterns[$0].mask.nonzeroBitCount > patterns[$1].mask.nonzeroBitCount }
        var start: [UInt32] = [], entries: [InstructionPattern] = []
        for b in 0..<2048 {
            start.append(UInt32(entries.count))
            let w = UInt32(b) << bucketShift
            for i in order where (w ^ patterns[i].value) & patterns[i].mask & bucketBits == 0 { entries.append(patterns[i]) }
        }
        start.append(UInt32(entries.count))
        return (start, entries)
    }()

    public static func decode(_ word: UInt32) -> InstructionPattern? {
        let b = Int(word >> bucketShift)
        var i = Int(bucketStart[b])
        let end = Int(bucketStart[b + 1])
        while i < end {
            if bucketEntries[i].matches(word) { return bucketEntries[i] }
            i += 1
        }
        return nil
    }
}

/// Sign-extends the low `bits` of v.
@inline(__always) func signExtend(_ v: UInt64, bits: Int) -> Int64 {
    Int64(bitPattern: v << UInt64(64 - bits)) >> Int64(64 - bits)
}
