// A persistent-cache unit for tests: a cache directory of its own and a "mapping" of bytes
// standing for a file's code, and new processes' caches with that unit loaded.
import Glibc
@testable import Translator

final class CacheUnitFixture {
    let dir: String
    let length: UInt64 = 0x4000
    /// Where a process's trampolines end: saved relocations must point below it.
    var trampolineEnd = 0x1000
    private let code: UnsafeMutableRawPointer
    var start: UInt64 { UInt64(UInt(bitPattern: code)) }

    /// `fill`: the mapping's byte i is i * fill (tests with different bytes get different keys).
    init(name: String, fill: Int) {
        var template = Array("/tmp/ptc-\(name)-XXXXXX".utf8CString)
        dir = String(cString: mkdtemp(&template)!)
        code = UnsafeMutableRawPointer.allocate(byteCount: Int(length), alignment: 4096)
        for i in 0..<Int(length) { code.storeBytes(of: UInt8(truncatingIfNeeded: i &* fill), toByteOffset: i, as: UInt8.self) }
    }

    deinit {
        _ = try? FileManagerLite.removeTree(dir)
        code.deallocate()
    }

    /// A new process's cache (of `program`, when named) with the unit, its files loaded.
    /// `recordsAtOnce`: files just written count as settled for VerifiedPayloads.
    func process(program: UInt64? = nil, recordsAtOnce: Bool = false) -> (PersistentCache, PersistentCache.Unit) {
        let p = PersistentCache(directory: CacheDirectory(path: dir), translator: TranslatorIdentity(words: [9]))
        p.program = program.map { [$0] }
        if recordsAtOnce { p.verifiedPayloads.delay = 0 }
        p.trampolineEnd = trampolineEnd
        let origin = CodeOrigin(start: start, end: start + length, fileOffset: 0, device: 1, inode: 2,
                                fileSize: length, modified: 3)
        p.codeOrigin = { _ in .file(origin) }
        p.use(settings: CodeSettings(fpcrMode: 0, maxBlockInstructions: 64, jumpCacheMask: 0xFFFF))
        let u = p.unit(containing: start)!
        p.load(u)
        return (p, u)
    }

    /// The guest pc of block `i` (blocks are 8 bytes apart).
    func pc(_ i: Int) -> UInt64 { start + UInt64(8 * i) }

    /// Block `i`: its code is `codeBytes` bytes of i.
    func block(_ i: Int, codeBytes: Int = 16) -> StoredBlock {
        StoredBlock(guestPC: pc(i), guestEnd: pc(i) + 8, code: Array(repeating: UInt8(truncatingIfNeeded: i), count: codeBytes),
                    relocations: [], faultSites: [], promoted: [])
    }
}
