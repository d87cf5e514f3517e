// VerifiedPayloads: a unit's cache files checked by one process are trusted by the next without
// hashing their payloads, as long as they are the same files (identity from fstat); a changed,
// truncated or damaged file, a damaged record or a file too recently written is hashed.
import Glibc
import XCTest
@testable import Translator

final class PersistentCacheVerifiedPayloadTests: XCTestCase {
    private var fixture: CacheUnitFixture!
    private var dir: String { fixture.dir }

    override func setUp() { fixture = CacheUnitFixture(name: "ptv", fill: 11) }
    override func tearDown() { fixture = nil }

    /// A cache file of blocks 0 and 1 and an extension with block 2; its unit's file names.
    private func writeFiles() -> (cacheFile: String, extensionFile: String) {
        var (p, u) = fixture.process()
        p.record(fixture.block(0), in: u); p.record(fixture.block(1), in: u)
        p.saveAll()
        (p, u) = fixture.process()
        p.record(fixture.block(2), in: u)
        p.saveAll()
        return (u.fileName, u.extensionName)
    }

    private var record: VerifiedPayloads.Record? {
        let (_, u) = fixture.process()
        return VerifiedPayloads(directory: CacheDirectory(path: dir)).read(unit: u.fileName)
    }

    /// Flips one byte of the file's last record (in its payload) after the clock has moved on,
    /// so the file's ctime is another than the one recorded.
    private func damage(_ name: String) {
        usleep(30_000)
        let path = dir + "/" + name
        var st = stat()
        XCTAssertEqual(stat(path, &st), 0)
        let fd = open(path, O_RDWR)
        var byte: UInt8 = 0
        XCTAssertEqual(pread(fd, &byte, 1, off_t(st.st_size - 1)), 1)
        byte ^= 0x40
        XCTAssertEqual(pwrite(fd, &byte, 1, off_t(st.st_size - 1)), 1)
        close(fd)
    }

    func testCheckedFilesAreRecordedAndLaterTrusted() {
        let names = writeFiles()
        XCTAssertEqual(record, VerifiedPayloads.Record(), "files just written are not settled: no record")
        let (_, u) = fixture.process(recordsAtOnce: true)
        XCTAssertEqual(u.loadedCount, 3)
        let r = record
        XCTAssertNotNil(r?.cacheFile)
        XCTAssertNotNil(r?.extensionFile)
        XCTAssertTrue(FileManagerLite.names(in: dir).contains(VerifiedPayloads.fileName(unit: names.cacheFile)))

        // Trusted: a record naming the files as they are now skips the hash. (Made by hand
        // here for a damaged file, which no process would record, to show the hash is skipped.)
        damage(names.extensionFile)
        var st = stat()
        XCTAssertEqual(stat(dir + "/" + names.extensionFile, &st), 0)
        let forged = VerifiedPayloads.Record(cacheFile: r?.cacheFile, extensionFile: FileIdentity(st))
        XCTAssertTrue(CacheDirectory(path: dir).write(VerifiedPayloads.fileName(unit: names.cacheFile), VerifiedPayloads.bytes(forged)))
        XCTAssertEqual(fixture.process().1.loadedCount, 3)
    }

    func testAFileChangedAfterItWasRecordedIsHashedAndRejected() {
        let names = writeFiles()
        _ = fixture.process(recordsAtOnce: true)
        XCTAssertNotNil(record?.cacheFile)
        damage(names.extensionFile)
        var (_, u) = fixture.process(recordsAtOnce: true)
        XCTAssertEqual(u.loadedCount, 2, "the damaged extension chunk is rejected, the cache file still trusted")
        XCTAssertTrue(u.extensionDamaged)
        XCTAssertNil(record?.extensionFile, "a damaged file is never recorded")

        damage(names.cacheFile)
        (_, u) = fixture.process(recordsAtOnce: true)
        XCTAssertNil(u.mainPayloadBytes, "the damaged cache file is rejected whole")
    }

    func testATruncatedFileIsHashedAndRejected() {
        let names = writeFiles()
        _ = fixture.process(recordsAtOnce: true)
        var st = stat()
        XCTAssertEqual(stat(dir + "/" + names.cacheFile, &st), 0)
        XCTAssertEqual(truncate(dir + "/" + names.cacheFile, off_t(st.st_size - 3)), 0)
        let (_, u) = fixture.process(recordsAtOnce: true)
        XCTAssertNil(u.mainPayloadBytes)
        XCTAssertEqual(u.loadedCount, 1, "the extension's chunk alone")
    }

    func testOnlyFilesWhoseRecordsAreAllValidAreRecordedAndThenSkipTheChecks() {
        var bad = fixture.block(3)
        bad.relocations = [.init(at: 0, target: 0x800)]     // valid only below trampolineEnd 0x1000
        var (p, u) = fixture.process()
        p.record(fixture.block(0), in: u); p.record(bad, in: u)
        p.saveAll()
        fixture.trampolineEnd = 0x400
        (_, u) = fixture.process(recordsAtOnce: true)
        XCTAssertEqual(u.loadedCount, 2, "the hash holds: loaded, its records checked one by one as installed")
        XCTAssertFalse(u.recordsChecked)
        XCTAssertNil(record?.cacheFile, "a record past the trampolines: never recorded as checked")
        fixture.trampolineEnd = 0x1000
        (_, u) = fixture.process(recordsAtOnce: true)
        XCTAssertFalse(u.recordsChecked, "checked now, trusted from the next process on")
        XCTAssertNotNil(record?.cacheFile)
        (_, u) = fixture.process()
        XCTAssertTrue(u.recordsChecked)
    }

    func testADamagedRecordIsIgnored() {
        let identity = FileIdentity(device: 1, inode: 2, size: 3, modified: 4, changed: 5)
        let r = VerifiedPayloads.Record(cacheFile: identity, extensionFile: nil)
        let bytes = VerifiedPayloads.bytes(r)
        XCTAssertEqual(bytes.count, VerifiedPayloads.recordSize)
        XCTAssertEqual(VerifiedPayloads.parse(bytes), r)
        for i in 0..<bytes.count {
            var damaged = bytes
            damaged[i] ^= 0x08
            XCTAssertNil(VerifiedPayloads.parse(damaged), "byte \(i)")
        }
        XCTAssertNil(VerifiedPayloads.parse(Array(bytes.dropLast())))
    }
}
