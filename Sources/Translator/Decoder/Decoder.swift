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

    public var name: String { "\(id)" }

    @inline(__always) func matches(_ word: UInt32) -> Bool { word & mask == value }

    /// Parses a pattern (A64Table's syntax); a malformed pattern is a programming error.
    /// Reads the literal's UTF-8 bytes in place (no split, no substrings, no dictionary):
    /// every process builds the table at its first translation.
    init(_ row: A64Table.Row) {
        var mask: UInt32 = 0, value: UInt32 = 0
        var position = 32
        var source = row.pattern
        source.withUTF8 { bytes in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: " ") { end += 1 }
                let token = UnsafeBufferPointer(rebasing: bytes[start..<end])
                start = end + 1
                guard !token.isEmpty else { continue }
                if token.allSatisfy({ $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") || $0 == UInt8(ascii: "x") }) {
                    for c in token {
                        position -= 1
                        precondition(position >= 0, "\(row.id): pattern longer than 32 bits")
                        let bit = UInt32(1) << UInt32(position)
                        if c != UInt8(ascii: "x") { mask |= bit }
                        if c == UInt8(ascii: "1") { value |= bit }
                    }
                } else {
                    guard let f = Field.named(token, endingAt: position) else {
                        preconditionFailure("\(row.id): no field \(String(decoding: token, as: UTF8.self)) ends at bit \(position)")
                    }
                    position = f.lo
                }
            }
        }
        precondition(position == 0, "\(row.id): pattern is \(32 - position) bits")
        self.id = row.id; text = row.pattern; self.mask = mask; self.value = value
    }
}

public enum A64Decoder {
    public static let patterns: [InstructionPattern] = A64Table.rows.map(InstructionPattern.init)

    /// Bits 31..21 select a bucket (2048); buckets hold pattern indices, most specific first.
    private static let bucketShift: UInt32 = 21
    private static let bucketBits: UInt32 = 0xFFE0_0000

    /// One candidate of a bucket: plain values, so a lookup copies no references.
    private struct Candidate { let mask: UInt32, value: UInt32, id: A64Instruction, pattern: UInt16 }

    /// Flattened buckets: `bucketStart[b]..<bucketStart[b + 1]` index `candidates`. Built by
    /// visiting, for each pattern, only the buckets its fixed top bits allow (a counting sort,
    /// patterns in specificity order), so start-up does not scan 2048 x patterns.
    private static let (bucketStart, candidates): ([UInt32], [Candidate]) = {
        // Most fixed bits first, table order among equals (a counting sort: no comparisons).
        var order: [Int] = []
        order.reserveCapacity(patterns.count)
        for fixedBits in (0...32).reversed() { order += patterns.indices.filter { patterns[$0].mask.nonzeroBitCount == fixedBits } }
        func forEachBucket(_ p: InstructionPattern, _ body: (Int) -> Void) {
            let fixed = (p.mask & bucketBits) >> bucketShift, base = (p.value & bucketBits) >> bucketShift
            let free = ~fixed & 0x7FF
            var sub = free
            while true {
                body(Int(base | sub))
                if sub == 0 { break }
                sub = (sub &- 1) & free
            }
        }
        var start = [UInt32](repeating: 0, count: 2049)
        for i in order { forEachBucket(patterns[i]) { start[$0 + 1] += 1 } }
        for b in 0..<2048 { start[b + 1] += start[b] }
        var cursor = Array(start.prefix(2048))
        let placeholder = Candidate(mask: 0, value: 1, id: .adr, pattern: 0)
        var entries = [Candidate](repeating: placeholder, count: Int(start[2048]))
        for i in order {
            let p = patterns[i]
            let c = Candidate(mask: p.mask, value: p.value, id: p.id, pattern: UInt16(i))
            forEachBucket(p) { entries[Int(cursor[$0])] = c; cursor[$0] += 1 }
        }
        return (start, entries)
    }()

    /// The most specific candidate matching `word`.
    @inline(__always) private static func match(_ word: UInt32) -> Candidate? {
        let b = Int(word >> bucketShift)
        return bucketStart.withUnsafeBufferPointer { start in
            candidates.withUnsafeBufferPointer { c in
                var i = Int(start[b])
                let end = Int(start[b + 1])
                while i < end {
                    if word & c[i].mask == c[i].value { return c[i] }
                    i += 1
                }
                return nil
            }
        }
    }

    /// The instruction `word` encodes, or nil when it is unallocated or not implemented.
    public static func instruction(_ word: UInt32) -> A64Instruction? {
        match(word)?.id
    }

    public static func decode(_ word: UInt32) -> InstructionPattern? { match(word).map { patterns[Int($0.pattern)] } }
}

/// Sign-extends the low `bits` of v.
@inline(__always) func signExtend(_ v: UInt64, bits: Int) -> Int64 {
    Int64(bitPattern: v << UInt64(64 - bits)) >> Int64(64 - bits)
}
