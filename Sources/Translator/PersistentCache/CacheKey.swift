// What a saved translation depends on. A cache file is reused only when every field
// matches: the translator (its binary's identity), the settings that shape generated
// code, the guest file (identity and the hash of the mapped bytes) and where it is mapped.

/// A file-backed executable guest mapping, as the embedder (the OS personality) describes it.
public struct CodeOrigin: Sendable, Equatable {
    public var start: UInt64, end: UInt64
    /// File offset of `start`.
    public var fileOffset: UInt64
    public var device: UInt64, inode: UInt64
    public var fileSize: UInt64
    /// st_mtime in nanoseconds.
    public var modified: UInt64

    public init(start: UInt64, end: UInt64, fileOffset: UInt64, device: UInt64, inode: UInt64,
                fileSize: UInt64, modified: UInt64) {
        self.start = start; self.end = end; self.fileOffset = fileOffset
        self.device = device; self.inode = inode; self.fileSize = fileSize; self.modified = modified
    }
}

/// What the embedder knows about the memory holding a guest pc: a file-backed executable
/// mapping (a cache unit), or other memory (anonymous, JIT code, shared) and its extent, which
/// stays "not a file" until that range is unmapped or changed (the cache remembers it).
public enum CodeOriginAnswer: Sendable, Equatable {
    case file(CodeOrigin)
    case notFile(start: UInt64, end: UInt64)
}

/// The engine's settings that shape generated code (part of every key): a change makes every
/// unit made under the old ones inapplicable.
struct CodeSettings: Equatable {
    var fpcrMode: UInt32
    var maxBlockInstructions: Int
    var jumpCacheMask: UInt64
    var words: [UInt64] { [UInt64(fpcrMode), UInt64(maxBlockInstructions), jumpCacheMask] }
}

/// Identity of the translator that wrote a cache file: its executable's (device, inode, size,
/// mtime) and the cache format. A rebuilt compat-run never reads an older one's code.
public struct TranslatorIdentity: Sendable, Equatable {
    public var words: [UInt64]

    public init(words: [UInt64]) { self.words = words }

    /// The running executable's identity (/proc/self/exe), nil when it cannot be read.
    public static func current() -> TranslatorIdentity? {
        var st = stat()
        guard stat("/proc/self/exe", &st) == 0 else { return nil }
        return TranslatorIdentity(words: [UInt64(st.st_dev), UInt64(st.st_ino), UInt64(st.st_size),
                                          UInt64(st.st_mtim.tv_sec) &* 1_000_000_000 &+ UInt64(st.st_mtim.tv_nsec)])
    }
}

/// The full key of one cache file, as a fixed list of words (stored in the header and compared).
struct CacheKey: Equatable {
    // 3: unresolved exits call the shared chain stub; 4: side exits (xlate2) and fault sites
    // carrying the vector register cache's slot map (fpcode); 5: both, merged.
    static let formatVersion: UInt64 = 5
    var words: [UInt64]

    /// `settings`: the engine's code-shaping settings (FPCR mode, block size limit, jump-cache mask).
    init(translator: TranslatorIdentity, settings: [UInt64], origin: CodeOrigin, contentHash: UInt64) {
        words = [Self.formatVersion, UInt64(translator.words.count)] + translator.words
            + [UInt64(settings.count)] + settings
            + [origin.start, origin.end, origin.fileOffset, origin.device, origin.inode, origin.fileSize, origin.modified,
               contentHash]
    }

    init(words: [UInt64]) { self.words = words }

    /// The file name: a hash of every word.
    var fileName: String {
        var h = ContentHash()
        for w in words { h.add(w) }
        let hex = String(h.value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + ".ptc"
    }
}

/// A fast 64-bit hash of words (not cryptographic: it tells versions of a file apart and
/// detects damaged cache files).
struct ContentHash {
    private(set) var value: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always) mutating func add(_ w: UInt64) {
        value = (value ^ (w &* 0xC2B2_AE3D_27D4_EB4F)).rotateLeft(31) &* 0x9E37_79B9_7F4A_7C15 &+ 0x27D4_EB2F_1656_67C5
    }

    /// Hashes `count` bytes at `p` (any alignment), length included: four independent lanes
    /// of 8 bytes, so the multiplies overlap (a libc text of 1.5 MB hashes in ~0.1 ms).
    static func of(_ p: UnsafeRawPointer, count: Int) -> UInt64 {
        var a = ContentHash(), b = ContentHash(), c = ContentHash(), d = ContentHash()
        b.add(1); c.add(2); d.add(3)
        var i = 0
        while i + 32 <= count {
            a.add(p.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            b.add(p.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
            c.add(p.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self))
            d.add(p.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
            i += 32
        }
        while i + 8 <= count { a.add(p.loadUnaligned(fromByteOffset: i, as: UInt64.self)); i += 8 }
        var tail: UInt64 = 0
        for j in i..<count { tail |= UInt64(p.load(fromByteOffset: j, as: UInt8.self)) << (8 * UInt64(j - i)) }
        a.add(tail); a.add(UInt64(count)); a.add(b.value); a.add(c.value); a.add(d.value)
        return a.value
    }
}

fileprivate extension UInt64 {
    @inline(__always) func rotateLeft(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}

import Glibc
