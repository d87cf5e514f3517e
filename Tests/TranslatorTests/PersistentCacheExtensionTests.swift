// Later processes' blocks reach the cache: appended to the unit's extension file, loaded with
// the cache file, merged into a new cache file once the extension has grown or is damaged.
import Glibc
import XCTest
@testable import Translator

final class PersistentCacheExtensionTests: XCTestCase {
    private var fixture: CacheUnitFixture!
    private var dir: String { fixture.dir }

    override func setUp() { fixture = CacheUnitFixture(name: "ext", fill: 7) }
    override func tearDown() { fixture = nil }

    private func process() -> (PersistentCache, PersistentCache.Unit) { fixture.process() }
    private func block(_ i: Int, codeBytes: Int = 16) -> StoredBlock { fixture.block(i, codeBytes: codeBytes) }

    private func assertHolds(_ p: PersistentCache, _ u: PersistentCache.Unit, _ blocks: [Int], file: StaticString = #filePath, line: UInt = #line) {
        for i in blocks {
            XCTAssertEqual(p.storedBlock(u, at: block(i).guestPC)?.code.first, UInt8(i), "block \(i)", file: file, line: line)
        }
    }

    private func size(_ name: String) -> Int {
        var st = stat()
        return stat(dir + "/" + name, &st) == 0 ? Int(st.st_size) : -1
    }

    func testLaterBlocksAreAppendedLoadedAndMerged() {
        // First process: no file yet; its blocks make the cache file.
        var (p, u) = process()
        XCTAssertEqual(u.loadedCount, 0)
        p.record(block(0), in: u); p.record(block(1), in: u)
        p.saveAll()
        XCTAssertEqual(FileManagerLite.names(in: dir), [u.fileName])
        let mainSize = size(u.fileName)

        // Two later processes (concurrently) each translate a block: appended, cache file untouched.
        let (p2, u2) = process()
        let (p3, u3) = process()
        XCTAssertEqual(u2.loadedCount, 2)
        assertHolds(p2, u2, [0, 1])
        p2.record(block(2), in: u2); p3.record(block(3), in: u3); p3.record(block(2), in: u3)
        p2.saveAll(); p3.saveAll()
        XCTAssertEqual(FileManagerLite.names(in: dir), [u.fileName, u.extensionName].sorted())
        XCTAssertEqual(size(u.fileName), mainSize)
        p2.saveAll()
        XCTAssertEqual(size(u.fileName), mainSize, "nothing new: nothing written")

        // The next process has them all (a block saved twice is one block).
        (p, u) = process()
        XCTAssertEqual(u.loadedCount, 5)
        assertHolds(p, u, [0, 1, 2, 3])

        // A torn chunk (a writer killed mid-append): the chunks before it still load, and the
        // next save writes one clean cache file.
        XCTAssertEqual(truncate(dir + "/" + u.extensionName, off_t(size(u.extensionName) - 1)), 0)
        (p, u) = process()
        assertHolds(p, u, [0, 1, 2])
        p.record(block(4), in: u)
        p.saveAll()
        XCTAssertEqual(FileManagerLite.names(in: dir), [u.fileName])
        (p, u) = process()
        XCTAssertEqual(u.loadedCount, 4)
        assertHolds(p, u, [0, 1, 2, 4])

        // An extension outgrowing its share of the cache file is merged into it.
        p.record(block(5, codeBytes: PersistentCache.mergeMinimum + 1), in: u)
        p.saveAll()
        XCTAssertEqual(FileManagerLite.names(in: dir), [u.fileName])
        (p, u) = process()
        XCTAssertEqual(u.loadedCount, 5)
        assertHolds(p, u, [0, 1, 2, 4, 5])
    }

    func testAForkChildLeavesItsParentsBlocksToTheParent() {
        let (p, u) = process()
        p.record(block(0), in: u)
        p.saveAll()
        let (parent, pu) = process()
        parent.record(block(1), in: pu)          // not saved yet when the process forks
        parent.forkedChild()                      // from here on: the child
        parent.saveAll()
        XCTAssertEqual(FileManagerLite.names(in: dir), [u.fileName], "the child writes nothing of its parent's")
        parent.record(block(2), in: pu)
        parent.saveAll()
        let (next, nu) = process()
        assertHolds(next, nu, [0, 2])
        XCTAssertNil(next.storedBlock(nu, at: block(1).guestPC))
    }

    func testMemoryThatIsNoFileIsAskedAboutOnceUntilItChanges() {
        let p = PersistentCache(directory: CacheDirectory(path: dir), translator: TranslatorIdentity(words: [9]))
        nonisolated(unsafe) var asked = 0
        p.codeOrigin = { _ in asked += 1; return .notFile(start: 0x10000, end: 0x20000) }
        p.use(settings: CodeSettings(fpcrMode: 0, maxBlockInstructions: 64, jumpCacheMask: 0xFFFF))
        XCTAssertNil(p.unit(containing: 0x10000))
        XCTAssertNil(p.unit(containing: 0x1FFFC))
        XCTAssertEqual(asked, 1)
        p.rangeChanged(start: 0x18000, length: 0x1000)      // e.g. mprotect of JIT code
        XCTAssertNil(p.unit(containing: 0x10000))
        XCTAssertEqual(asked, 2)
        XCTAssertNil(p.unit(containing: 0x30000))           // outside what was answered
        XCTAssertEqual(asked, 3)
    }
}
