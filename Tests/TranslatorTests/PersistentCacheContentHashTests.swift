// VerifiedContentHashes: a mapping that holds its file's bytes gets its content hash from a
// record an earlier process wrote; any other mapping, a changed file, a damaged record or a
// file too recently changed to record is hashed from memory.
import Glibc
import XCTest
@testable import Translator

final class PersistentCacheContentHashTests: XCTestCase {
    private var dir = ""
    private let length = 0x2000
    private var memory: UnsafeMutableRawPointer!

    override func setUp() {
        var template = Array("/tmp/pth-XXXXXX".utf8CString)
        dir = String(cString: mkdtemp(&template)!)
        memory = UnsafeMutableRawPointer.allocate(byteCount: length, alignment: 4096)
        fill(3)
    }

    override func tearDown() {
        _ = try? FileManagerLite.removeTree(dir)
        memory.deallocate()
    }

    private func fill(_ k: Int) {
        for i in 0..<length { memory.storeBytes(of: UInt8(truncatingIfNeeded: i &* k), toByteOffset: i, as: UInt8.self) }
    }

    private var memoryHash: UInt64 { ContentHash.of(memory, count: length) }

    /// A file mapping whose times are an hour old (settled), holding the file's bytes or not.
    private func origin(changed: UInt64 = 1_700_000_000_000_000_000, holdsFileBytes: Bool = true) -> CodeOrigin {
        let start = UInt64(UInt(bitPattern: memory))
        return CodeOrigin(start: start, end: start + UInt64(length), fileOffset: 0x1000, device: 7, inode: 8,
                          fileSize: 0x9000, modified: changed, changed: changed, holdsFileBytes: holdsFileBytes)
    }

    private var hashes: VerifiedContentHashes { VerifiedContentHashes(directory: CacheDirectory(path: dir)) }

    func testRecordedHashIsReusedForTheSameFileIdentity() {
        XCTAssertEqual(hashes.hash(of: origin(), memory: memory), memoryHash, "first use: hashed from memory")
        let recorded = memoryHash
        fill(5)    // memory no longer read: the record answers for the unchanged file
        XCTAssertEqual(hashes.hash(of: origin(), memory: memory), recorded)
    }

    func testChangedFileOrWrittenMappingIsHashedFromMemory() {
        _ = hashes.hash(of: origin(), memory: memory)
        fill(5)
        XCTAssertEqual(hashes.hash(of: origin(changed: 1_700_000_000_000_000_001), memory: memory), memoryHash,
                       "another ctime is another file")
        XCTAssertEqual(hashes.hash(of: origin(holdsFileBytes: false), memory: memory), memoryHash,
                       "a mapping that was writable is always hashed")
    }

    func testRecentlyChangedFileIsNotRecorded() {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let recent = UInt64(now.tv_sec) * 1_000_000_000
        _ = hashes.hash(of: origin(changed: recent), memory: memory)
        fill(5)
        XCTAssertEqual(hashes.hash(of: origin(changed: recent), memory: memory), memoryHash,
                       "times within the racy window: nothing was recorded")
    }

    func testDamagedRecordIsIgnored() throws {
        _ = hashes.hash(of: origin(), memory: memory)
        let name = VerifiedContentHashes.fileName(VerifiedContentHashes.identity(origin()))
        let path = dir + "/" + name
        let fd = open(path, O_WRONLY)
        XCTAssertGreaterThanOrEqual(fd, 0)
        var byte: UInt8 = 0xFF
        XCTAssertEqual(pwrite(fd, &byte, 1, off_t(VerifiedContentHashes.recordSize - 12)), 1)  // inside the hash word
        close(fd)
        fill(5)
        XCTAssertEqual(hashes.hash(of: origin(), memory: memory), memoryHash)
    }

    /// The record's content hash goes into the unit's key: a unit made through it matches one
    /// hashed from memory, so files written by either kind of process are shared.
    func testUnitKeyIsTheSameWithOrWithoutARecord() {
        func key(_ o: CodeOrigin) -> CacheKey {
            let p = PersistentCache(directory: CacheDirectory(path: dir), translator: TranslatorIdentity(words: [9]))
            p.codeOrigin = { _ in .file(o) }
            p.use(settings: CodeSettings(fpcrMode: 0, maxBlockInstructions: 64, jumpCacheMask: 0xFFFF))
            return p.unit(containing: o.start)!.key
        }
        let hashed = key(origin(holdsFileBytes: false))
        _ = key(origin())               // writes the record
        XCTAssertEqual(key(origin()), hashed)
    }
}
