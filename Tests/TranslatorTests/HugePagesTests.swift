// Huge-page-backed tables: the jump cache and large block maps rely on a 2 MiB-aligned, zeroed,
// writable mapping, and on the jump cache's entry 0 matching no lookup.
import Glibc
import XCTest
@testable import Translator

final class HugePagesTests: XCTestCase {
    func testMappingIsAlignedZeroedAndWritable() throws {
        let bytes = 2 * HugePages.size
        let p = try XCTUnwrap(HugePages.map(bytes))
        defer { munmap(p, bytes) }
        XCTAssertEqual(UInt(bitPattern: p) % UInt(HugePages.size), 0)
        let words = p.bindMemory(to: UInt64.self, capacity: bytes / 8)
        for i in stride(from: 0, to: bytes / 8, by: 4096) { XCTAssertEqual(words[i], 0) }
        words[bytes / 8 - 1] = 7
        XCTAssertEqual(words[bytes / 8 - 1], 7)
    }

    /// A new jump cache: entry 0 holds a pc no lookup indexes there, every other entry is empty,
    /// and the whole table is usable; a cleared one is back to that state.
    /// Either kind (the first thread's in a huge page, others' in 4 KiB pages).
    func testJumpCacheStartsEmptyAndClears() {
        for inHugePage in [true, false] {
            let table = CodeCache.makeJumpCache(inHugePage: inHugePage)
            defer { CodeCache.releaseJumpCache(table) }
            if inHugePage { XCTAssertEqual(UInt(bitPattern: table) % UInt(HugePages.size), 0) }
            XCTAssertEqual(table[0], ~0)
            let last = 2 * CodeCache.jumpCacheEntries - 1
            XCTAssertEqual(table[last], 0)
            table[last] = 0x1234
            CodeCache.clearJumpCache(table)
            XCTAssertEqual(table[last], 0)
            XCTAssertEqual(table[0], ~0)
        }
    }
}
