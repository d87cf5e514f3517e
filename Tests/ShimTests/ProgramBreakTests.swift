// The rules of brk(2) as ProgramBreak states them, without touching memory.
import XCTest
@testable import SyscallShim

final class ProgramBreakTests: XCTestCase {
    let start: UInt64 = 0x10_0000, limit: UInt64 = 0x20_0000

    func testStartsAtTheReservationWithAnEmptyHeap() {
        let brk = ProgramBreak(start: start, limit: limit)
        XCTAssertEqual(brk.current, start)
        XCTAssertEqual(brk.heap, start..<start)
        XCTAssertEqual(brk.reservation, start..<limit)
    }

    func testRequestsOutsideTheReservationAreRefused() {
        let brk = ProgramBreak(start: start, limit: limit)
        XCTAssertEqual(brk.request(0), .refused, "brk(0) asks for the current break")
        XCTAssertEqual(brk.request(start - 1), .refused)
        XCTAssertEqual(brk.request(limit + 1), .refused)
        XCTAssertEqual(brk.request(limit), .grows(start..<limit), "the whole reservation may be used")
        XCTAssertEqual(brk.request(start), .samePages)
    }

    func testGrowthAndShrinkAreWholePagesAboveAndBelowTheBreak() {
        var brk = ProgramBreak(start: start, limit: limit)
        XCTAssertEqual(brk.request(start + 10_000), .grows(start..<(start + 0x3000)))
        brk.move(to: start + 10_000)
        XCTAssertEqual(brk.current, start + 10_000, "the break is what was asked, not page-rounded")
        XCTAssertEqual(brk.heap, start..<(start + 0x3000))
        XCTAssertEqual(brk.request(start + 0x2001), .samePages, "inside the last page")
        XCTAssertEqual(brk.request(start + 100), .shrinks((start + 0x1000)..<(start + 0x3000)))
        XCTAssertEqual(brk.request(start + 0x5000), .grows((start + 0x3000)..<(start + 0x5000)))
        brk.move(to: start)
        XCTAssertEqual(brk.heap, start..<start)
    }

    func testOnlyTheReservationAboveTheBreakCountsAsFree() {
        var brk = ProgramBreak(start: start, limit: limit)
        brk.move(to: start + 0x1800)
        XCTAssertFalse(brk.isUnusedReservation(start + 0x1000, start + 0x3000), "the heap's last page is in use")
        XCTAssertTrue(brk.isUnusedReservation(start + 0x2000, start + 0x3000))
        XCTAssertFalse(brk.isUnusedReservation(limit - 0x1000, limit + 0x1000), "beyond the reservation")
        XCTAssertFalse(brk.isUnusedReservation(start + 0x4000, start + 0x4000), "empty")
    }
}
