// Why: a deterministic mutator (fixed seed, SplitMix64) makes every fuzz failure
// reproducible from its iteration number alone.
import QemuFixtureData

/// Mutates a good ELF image in place, remembering how to undo it, and picks a length to truncate to.
struct ELFMutator {
    /// (offset, size) of the ELF header fields worth attacking.
    static let headerFields: [(Int, Int)] = [
        (0x04, 1), (0x05, 1), (0x06, 1), (0x10, 2), (0x12, 2), (0x14, 4), (0x18, 8),
        (0x20, 8), (0x28, 8), (0x36, 2), (0x38, 2),
    ]
    /// (offset within a program header, size): p_type, p_flags, p_offset, p_vaddr, p_filesz, p_memsz, p_align.
    static let phdrFields: [(Int, Int)] = [(0, 4), (4, 4), (8, 8), (16, 8), (32, 8), (40, 8), (48, 8)]

    var rng: SplitMix64
    private var undo: [(Int, UInt8)] = []

    init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    /// Applies 1-4 mutations to `bytes` and returns the length to present (maybe truncated).
    mutating func mutate(_ bytes: UnsafeMutableRawBufferPointer) -> Int {
        let phoff = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: 0x20, as: UInt64.self))
        let phnum = Int(bytes.loadUnaligned(fromByteOffset: 0x38, as: UInt16.self))
        let headerEnd = min(bytes.count, max(64, phoff + 56 * phnum))
        var length = bytes.count
        for _ in 0..<(1 + rng.below(4)) {
            switch rng.below(10) {
            case 0..<2:  // Bit flips, mostly in the headers.
                let limit = rng.chance(80) ? headerEnd : bytes.count
                for _ in 0..<(1 + rng.below(8)) {
                    let offset = rng.below(limit)
                    write(bytes, at: offset, bytes[offset] ^ UInt8(1 << rng.below(8)))
                }
            case 2:  // Random byte overwrites in the headers.
                for _ in 0..<(1 + rng.below(4)) { write(bytes, at: rng.below(headerEnd), UInt8(truncatingIfNeeded: rng.next())) }
            case 3..<5:
                let (offset, size) = Self.headerFields[rng.below(Self.headerFields.count)]
                overwrite(bytes, at: offset, size: size, fileSize: bytes.count)
            case 5..<9:
                let (field, size) = Self.phdrFields[rng.below(Self.phdrFields.count)]
                let offset = phoff + 56 * rng.below(max(phnum, 1)) + field
                if offset >= 0, offset + size <= bytes.count { overwrite(bytes, at: offset, size: size, fileSize: bytes.count) }
            default:  // Truncation, usually inside the headers.
                length = min(length, rng.chance(60) ? rng.below(headerEnd + 64) : rng.below(bytes.count))
            }
        }
        return min(length, bytes.count)
    }

    /// Restores every byte changed since the last `mutate`.
    mutating func restore(_ bytes: UnsafeMutableRawBufferPointer) {
        for (offset, byte) in undo.reversed() { bytes[offset] = byte }
        undo.removeAll(keepingCapacity: true)
    }

    private mutating func write(_ bytes: UnsafeMutableRawBufferPointer, at offset: Int, _ value: UInt8) {
        undo.append((offset, bytes[offset]))
        bytes[offset] = value
    }

    /// Overwrites a little-endian field with an "interesting" value.
    private mutating func overwrite(_ bytes: UnsafeMutableRawBufferPointer, at offset: Int, size: Int, fileSize: Int) {
        var old: UInt64 = 0
        for index in 0..<size { old |= UInt64(bytes[offset + index]) << (8 * index) }
        let file = UInt64(fileSize)
        let candidates: [UInt64] = [
            0, 1, 2, 3, 6, 55, 56, 57, 0xfff, 0x1000, 0x10000, 0x3000, file, file &- 1, file &+ 1,
            1 << 47, (1 << 47) - 1, (1 << 47) - 0x1000, UInt64.max, UInt64.max - 0xfff, 1 << 63,
            old &+ UInt64(bitPattern: Int64(rng.below(129) - 64)), old ^ (1 << UInt64(rng.below(64))),
            rng.next(), rng.next() & 0xffff_ffff, rng.next() & 0xffff, 0x400000, 0x6474_e551,
        ]
        let value = candidates[rng.below(candidates.count)]
        for index in 0..<size { write(bytes, at: offset + index, UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }
}
