// Per-program used lists (PersistentCache/UsedList.swift): a program's first run with a unit
// learns which saved blocks it reaches; later runs of that program get exactly those (another
// program gets its own list), whatever happened to the files' layout meanwhile.
import Glibc
import XCTest
@testable import Translator

final class PersistentCacheUsedListTests: XCTestCase {
    private var fixture: CacheUnitFixture!
    private var dir: String { fixture.dir }
    private var start: UInt64 { fixture.start }

    override func setUp() { fixture = CacheUnitFixture(name: "used", fill: 5) }
    override func tearDown() { fixture = nil }

    private func process(program: UInt64?) -> (PersistentCache, PersistentCache.Unit) { fixture.process(program: program) }
    private func pc(_ i: Int) -> UInt64 { fixture.pc(i) }
    private func block(_ i: Int) -> StoredBlock { fixture.block(i) }

    /// The blocks the program's list names, each checked against its saved record.
    private func listed(_ u: PersistentCache.Unit, file: StaticString = #filePath, line: UInt = #line) -> [Int] {
        XCTAssertTrue(u.hasUsedList, "a list was loaded", file: file, line: line)
        return u.used.indices.compactMap { i in
            guard let v = u.usedRecord(i) else { XCTFail("entry \(i) found no record", file: file, line: line); return nil }
            let n = Int((v.guestPC - start) / 8)
            XCTAssertEqual(v.code.first, UInt8(n), file: file, line: line)
            return n
        }.sorted()
    }

    /// A cache file holding blocks 0..<n, written by a process of no named program.
    private func saveFile(blocks n: Int) {
        let (p, u) = process(program: nil)
        for i in 0..<n { p.record(block(i), in: u) }
        p.saveAll()
    }

    func testAProgramsFirstRunLearnsItsListAndLaterRunsGetExactlyThat() {
        saveFile(blocks: 6)
        let (first, u1) = process(program: 100)
        XCTAssertFalse(u1.hasUsedList, "no list yet: this run learns one")
        XCTAssertNotNil(first.storedBlock(u1, at: pc(1)))
        XCTAssertNotNil(first.storedBlock(u1, at: pc(4)))
        first.saveAll()
        let (_, u2) = process(program: 100)
        XCTAssertEqual(listed(u2), [1, 4])
        let (_, other) = process(program: 200)
        XCTAssertFalse(other.hasUsedList, "another program's list is its own")
        // Nothing new reached: nothing written.
        let (again, u3) = process(program: 100)
        let name = u3.usedListName(program: [100])
        XCTAssertEqual(unlink(dir + "/" + name), 0)
        again.saveAll()
        XCTAssertFalse(FileManagerLite.names(in: dir).contains(name))
    }

    func testTranslationsAndLayoutChangesKeepTheListRight() {
        saveFile(blocks: 4)
        let (first, u1) = process(program: 100)
        _ = first.storedBlock(u1, at: pc(2))
        first.record(block(7), in: u1)          // translated by this run: appended to the extension
        first.saveAll()
        // The layout changed (an extension chunk): locations are looked up again, and mended.
        let (second, u2) = process(program: 100)
        XCTAssertEqual(listed(u2), [2, 7])
        XCTAssertGreaterThan(u2.usedChanges, 0, "mended locations are saved")
        second.saveAll()
        let (_, u3) = process(program: 100)
        XCTAssertEqual(listed(u3), [2, 7])
        XCTAssertEqual(u3.usedChanges, 0, "locations hold under the same layout")
    }

    func testConcurrentRunsOfOneProgramMergeWhatTheyLearned() {
        saveFile(blocks: 6)
        let (a, ua) = process(program: 100)
        let (b, ub) = process(program: 100)      // e.g. a fork child of a shell and the shell
        _ = a.storedBlock(ua, at: pc(0))
        _ = b.storedBlock(ub, at: pc(5))
        a.saveAll(); b.saveAll()
        let (_, u) = process(program: 100)
        XCTAssertEqual(listed(u), [0, 5])
    }

    func testAForkChildWritesOnlyWhatItLearned() {
        saveFile(blocks: 4)
        let (parent, u) = process(program: 100)
        _ = parent.storedBlock(u, at: pc(1))
        parent.forkedChild()                     // from here on: the child
        parent.saveAll()
        XCTAssertFalse(FileManagerLite.names(in: dir).contains(u.usedListName(program: [100])))
        _ = parent.storedBlock(u, at: pc(3))
        parent.saveAll()
        let (_, next) = process(program: 100)
        XCTAssertEqual(listed(next), [1, 3], "the child's list keeps what it knew (a union)")
    }

    func testADamagedListIsIgnored() {
        saveFile(blocks: 4)
        let (first, u1) = process(program: 100)
        _ = first.storedBlock(u1, at: pc(1))
        first.saveAll()
        let path = dir + "/" + u1.usedListName(program: [100])
        var st = stat()
        XCTAssertEqual(stat(path, &st), 0)
        XCTAssertEqual(truncate(path, off_t(st.st_size - 1)), 0)
        let (_, u2) = process(program: 100)
        XCTAssertFalse(u2.hasUsedList)
        XCTAssertNil(UsedListFormat.parse(UnsafeRawBufferPointer(start: nil, count: 0)))
    }

    func testWrongLocationsNeverGiveAnotherBlock() {
        saveFile(blocks: 4)
        let (_, u) = process(program: 100)
        u.used = [UsedEntry(pc: pc(2), chunk: 0, offset: 3), UsedEntry(pc: pc(3), chunk: 7, offset: 0),
                  UsedEntry(pc: pc(9), chunk: 0, offset: 0)]
        XCTAssertEqual(u.usedRecord(0)?.guestPC, pc(2))
        XCTAssertEqual(u.usedRecord(1)?.guestPC, pc(3))
        XCTAssertNil(u.usedRecord(2), "a block no file holds")
    }
}

extension PersistentCacheUsedListTests {
    func testAListOfNearlyTheWholeFileInstallsItWholeAndStopsLearning() {
        let (p0, u0) = process(program: nil)
        for i in 0..<10 { p0.record(block(i), in: u0) }
        p0.saveAll()
        let (first, u1) = process(program: 100)
        for i in 0..<5 { _ = first.storedBlock(u1, at: pc(i)) }
        first.saveAll()
        let (half, u2) = process(program: 100)
        XCTAssertFalse(half.installsWhole(u2), "half the file: the list")
        for i in 5..<9 { _ = half.storedBlock(u2, at: pc(i)) }
        half.saveAll()
        let (most, u3) = process(program: 100)
        XCTAssertTrue(most.installsWhole(u3), "nine of ten blocks: the whole file")
        XCTAssertTrue(u3.used.isEmpty, "its entries are not read")
        XCTAssertEqual(u2.usedListCount, 5)
        XCTAssertEqual(u3.usedListCount, 9)
        let name = u3.usedListName(program: [100])
        XCTAssertEqual(unlink(dir + "/" + name), 0)
        most.record(block(12), in: u3)       // a translation: into the file, not into a list
        most.saveAll()
        XCTAssertFalse(FileManagerLite.names(in: dir).contains(name))
        XCTAssertTrue(process(program: nil).0.installsWhole(u3), "no program named: the whole file")
    }
}
