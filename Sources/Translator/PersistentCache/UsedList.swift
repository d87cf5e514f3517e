// Which saved blocks one program uses from one unit (issue 17). A shared library's cache file
// holds the union of every program's blocks (libc's: bash's, python's, true's...); installing it
// whole costs each program the others' blocks. So each (program, unit) pair has a small list of
// the blocks that program reached there, with where each record was in the loaded files: a
// later run of the program installs those eagerly and linked, and the rest lazily as reached.
// A program's first run with a unit that has no list installs lazily and so learns its list.
// File: "CRPTU\0\0\u{1}", u32 entry count, u64 layout stamp (PersistentCache.Unit's: which
// chunks the locations refer to), u64 hash of the entries, then entries of u64 guest
// pc, u32 chunk (0: the cache file, then the extension's chunks; `unknownChunk`: not known),
// u32 offset of the record in that chunk's payload. A location is a hint checked against the
// record's pc (files are merged, chunks appended); a wrong one falls back to the unit's index.

struct UsedEntry: Equatable {
    var pc: UInt64
    var chunk: UInt32
    var offset: UInt32
    static let unknownChunk = UInt32.max
}

enum UsedListFormat {
    static let magic: [UInt8] = Array("CRPTU".utf8) + [0, 0, 1]
    static let entrySize = 16

    static func file(_ entries: [UsedEntry], stamp: UInt64) -> [UInt8] {
        var payload: [UInt8] = []
        payload.reserveCapacity(entries.count * entrySize)
        for e in entries {
            withUnsafeBytes(of: e.pc.littleEndian) { payload += $0 }
            withUnsafeBytes(of: e.chunk.littleEndian) { payload += $0 }
            withUnsafeBytes(of: e.offset.littleEndian) { payload += $0 }
        }
        var out = magic
        withUnsafeBytes(of: UInt32(entries.count).littleEndian) { out += $0 }
        withUnsafeBytes(of: stamp.littleEndian) { out += $0 }
        let hash = payload.withUnsafeBytes { ContentHash.of($0.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!, count: $0.count) }
        withUnsafeBytes(of: hash.littleEndian) { out += $0 }
        return out + payload
    }

    static let headerSize = magic.count + 20

    /// How many entries a list file of this size names, from its header alone (the entries
    /// and their hash are not read); nil when it is no list or its size does not match.
    static func count(_ file: UnsafeRawBufferPointer) -> Int? {
        guard file.count >= headerSize, let base = file.baseAddress, file.prefix(magic.count).elementsEqual(magic) else { return nil }
        let count = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: magic.count, as: UInt32.self)))
        return file.count == headerSize + count * entrySize ? count : nil
    }

    /// The entries and layout stamp of a whole, undamaged list file; nil otherwise.
    static func parse(_ file: UnsafeRawBufferPointer) -> (entries: [UsedEntry], stamp: UInt64)? {
        guard let count = count(file), let base = file.baseAddress else { return nil }
        let stamp = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: magic.count + 4, as: UInt64.self))
        let hash = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: magic.count + 12, as: UInt64.self))
        guard ContentHash.of(base + headerSize, count: count * entrySize) == hash else { return nil }
        let entries = (0..<count).map { i in
            let at = headerSize + i * entrySize
            return UsedEntry(pc: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt64.self)),
                             chunk: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: at + 8, as: UInt32.self)),
                             offset: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: at + 12, as: UInt32.self)))
        }
        return (entries, stamp)
    }
}

extension PersistentCache.Unit {
    /// The list file's name for `program` (its identity words) and this unit.
    func usedListName(program: [UInt64]) -> String {
        var h = ContentHash()
        for w in program { h.add(w) }
        h.add(0x5553_4544)   // "USED": never a cache file's name
        for w in key.words { h.add(w) }
        let hex = String(h.value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + ".ptu"
    }
}
