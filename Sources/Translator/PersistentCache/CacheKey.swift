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
    /// st_mtime and st_ctime in nanoseconds.
    public var modified: UInt64
    public var changed: UInt64
    /// The memory holds the file's bytes: the mapping was never writable and the file is
    /// unchanged since it was mapped. Only then may the content hash come from a record
    /// (VerifiedContentHashes) instead of reading the memory.
    public var holdsFileBytes: Bool

    public init(start: UInt64, end: UInt64, fileOffset: UInt64, device: UInt64, inode: UInt64,
                fileSize: UInt64, modified: UInt64, changed: UInt64 = 0, holdsFileBytes: Bool = false) {
        self.start = start; self.end = end; self.fileOffset = fileOffset
        self.device = device; self.inode = inode; self.fileSize = fileSize; self.modified = modified
        self.changed = changed; self.holdsFileBytes = holdsFileBytes
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
    /// The optional host features the code uses (HostCPU: AES-NI, PCLMULQDQ, SHA): a cache directory
    /// shared by machines with different CPUs must not hand one's code to the other.
    var hostFeatures: UInt64 = HostCPU.codeShapingWord
    var words: [UInt64] { [UInt64(fpcrMode), UInt64(maxBlockInstructions), jumpCacheMask, hostFeatures] }
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
    // 3: unresolved exits call the shared chain stub; 4: side exits (xlate2), fault sites
    // carrying the vector register cache's slot map (fpcode), ContentHash by 128-bit
    // multiplies (warmstart); 5: all of them, merged; 6: session 8's merge: VEX forms and one
    // rare-result check for FP arithmetic (vector), a unit stopping at a block already
    // translated after a side exit and shared call landing pads (xlate3), the jump cache index
    // folding pc >> 16, polls only where a cycle can close, constant folding (hotloop); 7: loops
    // branching over a call lifted as one unit, a loop prologue's entry jumping past its poll,
    // scalar FP results and D/S stores straight to and from cache slots, V registers stored on
    // side exits' exit paths only, addresses folded into memory operands, FCMP flags left in
    // EFLAGS (vecloop); 8: AES, 64-bit PMULL, SHA-1 and SHA-256 on AES-NI/PCLMULQDQ/SHA, UCVTF and
    // FCVTZU inline (session 10).
    static let formatVersion: UInt64 = 8
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
    var fileName: String { Self.fileName(of: words, suffix: ".ptc") }

    /// 16 hex digits of a hash of `words`, then `suffix`.
    static func fileName(of words: [UInt64], suffix: String) -> String {
        var h = ContentHash()
        for w in words { h.add(w) }
        let hex = String(h.value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + suffix
    }
}

/// A fast 64-bit hash of words (not cryptographic: it tells versions of a file apart and
/// detects damaged cache files).
struct ContentHash {
    private(set) var value: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always) mutating func add(_ w: UInt64) {
        value = (value ^ (w &* 0xC2B2_AE3D_27D4_EB4F)).rotateLeft(31) &* 0x9E37_79B9_7F4A_7C15 &+ 0x27D4_EB2F_1656_67C5
    }

    /// Hashes `count` bytes at `p` (any alignment), length included: four independent lanes,
    /// each folding 16 bytes into its state with one 64×64→128-bit multiply (wyhash's step), so
    /// the multiplies overlap and there is one per 16 bytes (libc's 1.5 MB text in ~0.05 ms; a
    /// warm start hashes every executable mapping it runs code from).
    static func of(_ p: UnsafeRawPointer, count: Int) -> UInt64 {
        @inline(__always) func word(_ i: Int) -> UInt64 { p.loadUnaligned(fromByteOffset: i, as: UInt64.self) }
        var l0: UInt64 = 0x9E37_79B9_7F4A_7C15, l1: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        var l2: UInt64 = 0x1656_67B1_9E37_79F9, l3: UInt64 = 0x27D4_EB2F_1656_67C5
        var i = 0
        while i + 64 <= count {
            l0 = mix(word(i) ^ Self.k0, word(i + 8) ^ l0)
            l1 = mix(word(i + 16) ^ Self.k1, word(i + 24) ^ l1)
            l2 = mix(word(i + 32) ^ Self.k2, word(i + 40) ^ l2)
            l3 = mix(word(i + 48) ^ Self.k3, word(i + 56) ^ l3)
            i += 64
        }
        while i + 16 <= count { l0 = mix(word(i) ^ Self.k1, word(i + 8) ^ l0); i += 16 }
        var tail: UInt64 = 0, tail2: UInt64 = 0
        if i + 8 <= count { tail2 = word(i); i += 8 }
        for j in i..<count { tail |= UInt64(p.load(fromByteOffset: j, as: UInt8.self)) << (8 * UInt64(j - i)) }
        var h = ContentHash()
        h.add(mix(tail ^ Self.k2, tail2 ^ l0)); h.add(UInt64(count)); h.add(l1); h.add(l2); h.add(l3)
        return h.value
    }

    private static let k0: UInt64 = 0xA076_1D64_78BD_642F, k1: UInt64 = 0xE703_7ED1_A0B4_28DB
    private static let k2: UInt64 = 0x8EBC_6AF0_9C88_C6E3, k3: UInt64 = 0x5899_65CC_7537_4CC3

    /// The two halves of the 128-bit product, folded.
    @inline(__always) private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let r = a.multipliedFullWidth(by: b)
        return r.high ^ r.low
    }
}

fileprivate extension UInt64 {
    @inline(__always) func rotateLeft(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}

import Glibc
