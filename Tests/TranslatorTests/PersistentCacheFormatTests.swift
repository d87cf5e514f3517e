// The persistent translation cache's file format, keying, atomic writes and eviction.
import Glibc
import XCTest
@testable import Translator

final class PersistentCacheFormatTests: XCTestCase {
    private let origin = CodeOrigin(start: 0x6000_0000_0000, end: 0x6000_0002_7000, fileOffset: 0, device: 0xFE00,
                                    inode: 42, fileSize: 200_000, modified: 1_700_000_000_000_000_000)
    private let translator = TranslatorIdentity(words: [1, 2, 3, 4])

    private func key(content: UInt64 = 7, settings: [UInt64] = [0, 64, 0xFFFF], origin o: CodeOrigin? = nil) -> CacheKey {
        CacheKey(translator: translator, settings: settings, origin: o ?? origin, contentHash: content)
    }

    private func sampleBlocks() -> [StoredBlock] {
        [StoredBlock(guestPC: 0x6000_0000_1000, guestEnd: 0x6000_0000_1010, code: [0x90, 0xE9, 0, 0, 0, 0, 0xC3] + Array(repeating: 0xCC, count: 9),
                     relocations: [.init(at: 2, target: 0x40)],
                     faultSites: [FaultSite(hostOffset: 1, instruction: 2, flagsInEFLAGS: true)],
                     promoted: [PromotedRegister(guest: 3, host: .rbx), PromotedRegister(guest: 31, host: .rbp)],  // 31: SP
                     chainExits: [ChainExit(site: 4, target: 0x6000_0000_2000)]),
         StoredBlock(guestPC: 0x6000_0000_2000, guestEnd: 0x6000_0000_2004, code: Array(repeating: 0xCC, count: 33),
                     relocations: [], faultSites: [], promoted: [])]
    }

    private func file(_ k: CacheKey, _ blocks: [StoredBlock]) -> [UInt8] {
        var payload: [UInt8] = []
        for b in blocks { CacheFileFormat.appendRecord(b, to: &payload) }
        return CacheFileFormat.file(key: k, count: blocks.count, payload: payload)
    }

    func testRoundTrip() throws {
        let blocks = sampleBlocks()
        let bytes = file(key(), blocks)
        try bytes.withUnsafeBytes { raw in
            let parsed = try XCTUnwrap(CacheFileFormat.parse(raw, key: key(), trampolineEnd: 0x100))
            XCTAssertEqual(parsed.count, 2)
            for b in blocks {
                let at = try XCTUnwrap(parsed.records[b.guestPC])
                XCTAssertEqual(CacheFileFormat.block(in: parsed.payload, at: at), b)
            }
        }
    }

    func testOtherKeysDamageAndBadRelocationsAreRejected() {
        let bytes = file(key(), sampleBlocks())
        let others = [key(content: 8), key(settings: [1, 64, 0xFFFF]),
                      key(origin: CodeOrigin(start: origin.start + 0x1000, end: origin.end, fileOffset: 0, device: 0xFE00,
                                             inode: 42, fileSize: 200_000, modified: origin.modified)),
                      key(origin: CodeOrigin(start: origin.start, end: origin.end, fileOffset: 0, device: 0xFE00,
                                             inode: 42, fileSize: 200_000, modified: origin.modified + 1)),
                      CacheKey(translator: TranslatorIdentity(words: [1, 2, 3, 5]), settings: [0, 64, 0xFFFF],
                               origin: origin, contentHash: 7)]
        for k in others {
            XCTAssertNotEqual(k.fileName, key().fileName)
            bytes.withUnsafeBytes { XCTAssertNil(CacheFileFormat.parse($0, key: k, trampolineEnd: 0x100)) }
        }
        // Any flipped byte or truncation is detected (header fields, the hash, the payload).
        for i in stride(from: 0, to: bytes.count, by: 7) {
            var damaged = bytes
            damaged[i] ^= 0x20
            damaged.withUnsafeBytes { XCTAssertNil(CacheFileFormat.parse($0, key: key(), trampolineEnd: 0x100), "byte \(i)") }
        }
        Array(bytes.dropLast()).withUnsafeBytes { XCTAssertNil(CacheFileFormat.parse($0, key: key(), trampolineEnd: 0x100)) }
        // A relocation may only point into the trampolines; a chain site must be aligned.
        bytes.withUnsafeBytes { XCTAssertNil(CacheFileFormat.parse($0, key: key(), trampolineEnd: 0x40)) }
        var misaligned = sampleBlocks()
        misaligned[0].chainExits[0].site = 2
        file(key(), misaligned).withUnsafeBytes { XCTAssertNil(CacheFileFormat.parse($0, key: key(), trampolineEnd: 0x100)) }
    }

    private func temporaryDirectory() -> String {
        var template = Array("/tmp/ptc-test-XXXXXX".utf8CString)
        let dir = String(cString: mkdtemp(&template)!)
        addTeardownBlock { _ = try? FileManagerLite.removeTree(dir) }
        return dir
    }

    func testAtomicWriteReplacesWholeFilesAndLeavesNoTemporaries() throws {
        let dir = temporaryDirectory() + "/nested/cache"
        let d = CacheDirectory(path: dir)
        XCTAssertTrue(d.write("a.ptc", [1, 2, 3]))
        XCTAssertTrue(d.write("a.ptc", [4, 5]))
        let mapped = try XCTUnwrap(d.map("a.ptc"))
        XCTAssertEqual(Array(mapped), [4, 5])
        CacheDirectory.unmap(mapped)
        XCTAssertEqual(FileManagerLite.names(in: dir), ["a.ptc"])
        var st = stat()
        XCTAssertEqual(stat(dir, &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o700, "other users must not plant code")
    }

    func testEvictionDropsTheOldestFirst() {
        let dir = temporaryDirectory()
        let d = CacheDirectory(path: dir, limit: 3200)
        for (i, name) in ["old.ptc", "mid.ptc", "new.ptc"].enumerated() {
            XCTAssertTrue(d.write(name, [UInt8](repeating: 0, count: 1200)))
            var times = [timespec(tv_sec: 1_000_000 + i * 100, tv_nsec: 0), timespec(tv_sec: 1_000_000 + i * 100, tv_nsec: 0)]
            XCTAssertEqual(utimensat(AT_FDCWD, dir + "/" + name, &times, 0), 0)
        }
        d.evictIfNeeded()
        XCTAssertEqual(FileManagerLite.names(in: dir), ["mid.ptc", "new.ptc"].sorted())
        d.evictIfNeeded()
        XCTAssertEqual(FileManagerLite.names(in: dir).count, 2, "under the limit: nothing goes")
    }

    func testEnvironmentTurnsTheCacheOff() {
        setenv("COMPAT_RUN_CACHE", "0", 1)
        XCTAssertNil(CacheDirectory.fromEnvironment())
        unsetenv("COMPAT_RUN_CACHE")
        setenv("COMPAT_RUN_CACHE_DIR", "/tmp/somewhere", 1)
        XCTAssertEqual(CacheDirectory.fromEnvironment()?.path, "/tmp/somewhere")
        unsetenv("COMPAT_RUN_CACHE_DIR")
    }
}

/// Directory helpers without Foundation.
enum FileManagerLite {
    static func names(in dir: String) -> [String] {
        guard let d = opendir(dir) else { return [] }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { out.append(name) }
        }
        return out.sorted()
    }

    static func removeTree(_ path: String) throws {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if st.st_mode & S_IFMT == S_IFDIR {
            for n in names(in: path) { try removeTree(path + "/" + n) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
