// The bytes of one cache file. Everything the engine keeps per block is here, so a block
// can be installed without translating: its host code with every cross-reference left as
// a relocation (rel32 fields that point into the trampolines, stored as offsets from the
// code cache's start), its guest range, its fault sites and its loop-promoted registers.
// A cache file is one chunk; its extension file (records later processes added, appended
// whole) is a sequence of chunks. Little-endian, no alignment:
//   chunk   "CRPTC\0\0\u{2}", u32 key word count, key words (u64 each), u32 block count,
//           u64 payload length, u64 payload hash
//   payload block records, each:
//           u64 guest pc, u64 guest end, u32 code length, u16 relocations, u16 fault sites,
//           u8 promoted registers, u16 chain exits, 1 zero byte, code, relocations (u32 offset
//           in code, u32 target offset in the code cache), fault sites (u32 host offset,
//           u16 instruction, u8 flags in EFLAGS, u8 0, u16 held vector slots, u64 their guest
//           V registers: VectorSlotMap), promoted (u8 guest, u8 host register),
//           chain exits (u32 offset of the rel32 in code, u64 guest target)

/// One block as saved: host code before relocation.
struct StoredBlock: Equatable {
    var guestPC: UInt64, guestEnd: UInt64
    var code: [UInt8]
    var relocations: [Relocation]
    var faultSites: [FaultSite]
    var promoted: [PromotedRegister]
    var chainExits: [ChainExit] = []

    /// A rel32 field at `at` in the code that must reach code-cache offset `target`.
    struct Relocation: Equatable { var at: UInt32; var target: UInt32 }
}

extension FaultSite: Equatable {
    static func == (a: FaultSite, b: FaultSite) -> Bool {
        a.hostOffset == b.hostOffset && a.instruction == b.instruction && a.flagsInEFLAGS == b.flagsInEFLAGS
            && a.vectors == b.vectors
    }
}

extension PromotedRegister: Equatable {
    static func == (a: PromotedRegister, b: PromotedRegister) -> Bool { a.guest == b.guest && a.host == b.host }
}

enum CacheFileFormat {
    static let magic: [UInt8] = Array("CRPTC".utf8) + [0, 0, 2]
    static let recordHeaderSize = 32

    /// A block's record (appended to a payload).
    static func appendRecord(_ b: StoredBlock, to out: inout [UInt8]) {
        // The writer takes the caller's buffer, not a copy of it: with a copy, each record's
        // first append copied the whole payload so far (quadratic; a debug build's cold
        // python start spent 82 s in it).
        var w = ByteWriter(out: [])
        swap(&w.out, &out)
        defer { swap(&w.out, &out) }
        w.u64(b.guestPC); w.u64(b.guestEnd); w.u32(UInt32(b.code.count))
        w.u16(UInt16(b.relocations.count)); w.u16(UInt16(b.faultSites.count)); w.u8(UInt8(b.promoted.count))
        w.u16(UInt16(b.chainExits.count)); w.u8(0)
        w.out += b.code
        for r in b.relocations { w.u32(r.at); w.u32(r.target) }
        for s in b.faultSites {
            w.u32(s.hostOffset); w.u16(s.instruction); w.u8(s.flagsInEFLAGS ? 1 : 0); w.u8(0)
            w.u16(s.vectors.held); w.u64(s.vectors.guests)
        }
        for p in b.promoted { w.u8(p.guest); w.u8(p.host.rawValue) }
        for c in b.chainExits { w.u32(c.site); w.u64(c.target) }
    }

    /// A whole file: header for `key`, then `payload` (records of `count` blocks).
    static func file(key: CacheKey, count: Int, payload: [UInt8]) -> [UInt8] {
        var w = ByteWriter(out: magic)
        w.u32(UInt32(key.words.count))
        for k in key.words { w.u64(k) }
        w.u32(UInt32(count))
        w.u64(UInt64(payload.count))
        w.u64(payload.withUnsafeBytes { ContentHash.of($0.baseAddress!, count: $0.count) })
        return w.out + payload
    }

    /// A file checked against `key`: its payload and the record offset of each block's
    /// start pc. Nil when anything is wrong (another key, a damaged or truncated file, a
    /// record out of bounds, a relocation outside the code or pointing past `trampolineEnd`).
    static func parse(_ file: UnsafeRawBufferPointer, key: CacheKey, trampolineEnd: Int)
        -> (payload: UnsafeRawBufferPointer, records: [UInt64: Int], count: Int)? {
        guard let c = chunk(in: file, at: 0, key: key), c.end == file.count else { return nil }
        var records: [UInt64: Int] = [:]
        records.reserveCapacity(c.count)
        var p = ByteReader(bytes: c.payload)
        for _ in 0..<c.count {
            let at = p.offset
            guard let v = p.view(), v.isValid(trampolineEnd: trampolineEnd) else { return nil }
            records[v.guestPC] = at
        }
        guard p.offset == c.payload.count else { return nil }
        return (c.payload, records, c.count)
    }

    /// One header and payload starting at `offset` of `file`, for `key` and undamaged (its hash):
    /// a cache file is one chunk, an extension file (PersistentCache's appended records) a
    /// sequence of them. `end` is where the next chunk would start. The records are not looked
    /// at: each is checked (`isValid`) where it is installed, so loading walks them once.
    /// `hash` (the payload's) tells this chunk's layout from others' (UsedList's hints).
    /// `checkHash` false: the payload is not hashed (a file VerifiedPayloads recorded as checked).
    static func chunk(in file: UnsafeRawBufferPointer, at offset: Int, key: CacheKey, checkHash: Bool = true)
        -> (payload: UnsafeRawBufferPointer, count: Int, end: Int, hash: UInt64)? {
        var r = ByteReader(bytes: file, offset: offset)
        guard let m = r.bytes(magic.count), m.elementsEqual(magic) else { return nil }
        guard let n = r.u32(), Int(n) == key.words.count else { return nil }
        for k in key.words { guard r.u64() == k else { return nil } }
        guard let count = r.u32(), let length = r.u64(), let hash = r.u64(),
              length <= UInt64(file.count - r.offset), let payload = r.bytes(Int(length)) else { return nil }
        guard !checkHash || ContentHash.of(payload.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!, count: payload.count) == hash
        else { return nil }
        return (payload, Int(count), r.offset, hash)
    }

    /// Calls `body` with each record's bytes (offsets) and view, for a payload `chunk` accepted.
    static func forEachRecord(in payload: UnsafeRawBufferPointer, _ body: (Range<Int>, SavedBlockView) -> Void) {
        var p = ByteReader(bytes: payload)
        while p.offset < payload.count {
            let at = p.offset
            guard let v = p.view() else { return }
            body(at..<p.offset, v)
        }
    }

    /// Every record of `payload` is whole and `isValid`, up to its end (VerifiedPayloads records
    /// only payloads checked so, and blocks installed from them skip `isValid`).
    static func allRecordsValid(in payload: UnsafeRawBufferPointer, trampolineEnd: Int) -> Bool {
        var p = ByteReader(bytes: payload)
        while p.offset < payload.count {
            guard let v = p.view(), v.isValid(trampolineEnd: trampolineEnd) else { return false }
        }
        return true
    }

    /// The block whose record starts at `offset` of a payload `parse` accepted, in place.
    static func view(in payload: UnsafeRawBufferPointer, at offset: Int) -> SavedBlockView? {
        var p = ByteReader(bytes: payload, offset: offset)
        return p.view()
    }

    /// The same, copied out (tests).
    static func block(in payload: UnsafeRawBufferPointer, at offset: Int) -> StoredBlock? {
        view(in: payload, at: offset).map { v in
            StoredBlock(guestPC: v.guestPC, guestEnd: v.guestEnd, code: Array(v.code),
                        relocations: (0..<v.relocationCount).map { v.relocation($0) },
                        faultSites: v.faultSites(), promoted: v.promoted(),
                        chainExits: (0..<v.chainExitCount).map { v.chainExit($0) })
        }
    }
}

/// One record of a mapped cache file, read in place (installing a block copies its code
/// straight from the file).
struct SavedBlockView {
    /// Bytes of one fault site record (see the format above).
    static let siteSize = 18
    let guestPC: UInt64, guestEnd: UInt64
    let code: UnsafeRawBufferPointer
    let relocations: UnsafeRawBufferPointer
    let sites: UnsafeRawBufferPointer
    let promotedBytes: UnsafeRawBufferPointer
    let chains: UnsafeRawBufferPointer

    var chainExitCount: Int { Self.chainExitCount(chains) }
    func chainExit(_ i: Int) -> ChainExit { Self.chainExit(chains, i) }
    /// The same from a record's chain exit bytes alone.
    static func chainExitCount(_ chains: UnsafeRawBufferPointer) -> Int { chains.count / 12 }
    static func chainExit(_ chains: UnsafeRawBufferPointer, _ i: Int) -> ChainExit {
        ChainExit(site: UInt32(littleEndian: chains.loadUnaligned(fromByteOffset: 12 * i, as: UInt32.self)),
                  target: UInt64(littleEndian: chains.loadUnaligned(fromByteOffset: 12 * i + 4, as: UInt64.self)))
    }

    var relocationCount: Int { relocations.count / 8 }
    func relocation(_ i: Int) -> StoredBlock.Relocation {
        .init(at: UInt32(littleEndian: relocations.loadUnaligned(fromByteOffset: 8 * i, as: UInt32.self)),
              target: UInt32(littleEndian: relocations.loadUnaligned(fromByteOffset: 8 * i + 4, as: UInt32.self)))
    }

    var faultSiteCount: Int { sites.count / Self.siteSize }
    var promotedCount: Int { promotedBytes.count / 2 }
    /// The fault sites and promoted registers in place (nil when the record has neither).
    var faultRecords: SavedFaultRecords? {
        (sites.baseAddress ?? promotedBytes.baseAddress).map {
            SavedFaultRecords(sites: $0, siteCount: faultSiteCount, promotedCount: promotedCount)
        }
    }
    func faultSites() -> [FaultSite] { faultRecords.map { r in (0..<r.siteCount).map(r.faultSite) } ?? [] }
    func promoted() -> [PromotedRegister] { faultRecords.map { r in (0..<r.promotedCount).compactMap(r.promotedRegister) } ?? [] }

    /// A guest range, every relocation inside the code and into the trampolines, every fault site inside the
    /// code, every promoted register a guest register slot (X0-X30, SP) in one the fault
    /// handler saves.
    func isValid(trampolineEnd: Int) -> Bool {
        guard guestEnd > guestPC else { return false }
        for i in 0..<relocationCount {
            let r = relocation(i)
            guard Int(r.at) + 4 <= code.count, Int(r.target) < trampolineEnd else { return false }
        }
        for i in 0..<(sites.count / Self.siteSize)
        where Int(UInt32(littleEndian: sites.loadUnaligned(fromByteOffset: Self.siteSize * i, as: UInt32.self))) >= code.count {
            return false
        }
        for i in 0..<chainExitCount {
            let site = Int(chainExit(i).site)
            guard site % 4 == 0, site + 4 <= code.count else { return false }   // patched by one aligned store
        }
        for i in 0..<(promotedBytes.count / 2) {
            guard promotedBytes[2 * i] < 32, let host = Reg(rawValue: promotedBytes[2 * i + 1]),
                  LoopPromotion.hostRegisters.contains(host) else { return false }
        }
        return true
    }
}

/// A saved block's fault sites and, right after them in its record, its promoted registers,
/// read in place: FaultMap keeps this for each block installed from a mapped cache file.
struct SavedFaultRecords {
    /// The first site's bytes (SavedBlockView.siteSize each).
    let sites: UnsafeRawPointer
    let siteCount: Int, promotedCount: Int

    func faultSite(_ i: Int) -> FaultSite {
        let at = SavedBlockView.siteSize * i
        return FaultSite(hostOffset: UInt32(littleEndian: sites.loadUnaligned(fromByteOffset: at, as: UInt32.self)),
                         instruction: UInt16(littleEndian: sites.loadUnaligned(fromByteOffset: at + 4, as: UInt16.self)),
                         flagsInEFLAGS: sites.load(fromByteOffset: at + 6, as: UInt8.self) != 0,
                         vectors: VectorSlotMap(held: UInt16(littleEndian: sites.loadUnaligned(fromByteOffset: at + 8, as: UInt16.self)),
                                                guests: UInt64(littleEndian: sites.loadUnaligned(fromByteOffset: at + 10, as: UInt64.self))))
    }

    /// Nil is impossible once the record's `isValid` held.
    func promotedRegister(_ i: Int) -> PromotedRegister? {
        let at = SavedBlockView.siteSize * siteCount + 2 * i
        return Reg(rawValue: sites.load(fromByteOffset: at + 1, as: UInt8.self))
            .map { PromotedRegister(guest: sites.load(fromByteOffset: at, as: UInt8.self), host: $0) }
    }
}

struct ByteWriter {
    var out: [UInt8]
    mutating func u8(_ v: UInt8) { out.append(v) }
    mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out += $0 } }
}

/// Bounds-checked reads: nil past the end.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    mutating func take<T: FixedWidthInteger>(_: T.Type) -> T? {
        guard offset + MemoryLayout<T>.size <= bytes.count, let base = bytes.baseAddress else { return nil }
        defer { offset += MemoryLayout<T>.size }
        return T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
    mutating func u8() -> UInt8? { take(UInt8.self) }
    mutating func u16() -> UInt16? { take(UInt16.self) }
    mutating func u32() -> UInt32? { take(UInt32.self) }
    mutating func u64() -> UInt64? { take(UInt64.self) }
    mutating func bytes(_ n: Int) -> UnsafeRawBufferPointer? {
        guard n >= 0, offset + n <= bytes.count else { return nil }
        defer { offset += n }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)])
    }

    mutating func view() -> SavedBlockView? {
        guard let pc = u64(), let end = u64(), let codeLength = u32(), let nRel = u16(), let nSites = u16(),
              let nPromoted = u8(), let nChains = u16(), bytes(1) != nil, let code = bytes(Int(codeLength)),
              let relocations = bytes(8 * Int(nRel)), let sites = bytes(SavedBlockView.siteSize * Int(nSites)),
              let promoted = bytes(2 * Int(nPromoted)), let chains = bytes(12 * Int(nChains)) else { return nil }
        return SavedBlockView(guestPC: pc, guestEnd: end, code: code, relocations: relocations, sites: sites,
                              promotedBytes: promoted, chains: chains)
    }
}
