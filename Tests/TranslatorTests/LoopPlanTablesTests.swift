import XCTest
@testable import Translator

/// The loop plan's flat tables (Passes/LoopPlanTables.swift, ChosenRegisters).
final class LoopPlanTablesTests: XCTestCase {
    func testGuestRegisterHostsKeepsEachRegisterApart() {
        var hosts = GuestRegisterHosts()
        XCTAssertTrue((0..<32).allSatisfy { hosts[$0] == nil })
        hosts[0] = .rax          // raw value 0 must not read back as "not promoted"
        hosts[31] = .r14
        hosts[7] = .rbx
        XCTAssertEqual(hosts[0], .rax)
        XCTAssertEqual(hosts[31], .r14)
        XCTAssertEqual(hosts[7], .rbx)
        XCTAssertEqual((0..<32).filter { hosts[$0] != nil }, [0, 7, 31])
        hosts[7] = nil
        XCTAssertNil(hosts[7])
    }

    func testChosenRegistersAreTheOrderOfAStableSortByDescendingCount() {
        var count = SIMD32<Int32>(repeating: 0)
        for (r, c) in [(3, 2), (5, 7), (9, 2), (12, 7), (20, 1), (30, 2)] { count[r] = Int32(c) }
        let candidates: UInt32 = (1 << 3) | (1 << 5) | (1 << 9) | (1 << 12) | (1 << 20) | (1 << 30)
        let expected = (0..<32).filter { candidates & (1 << $0) != 0 }.sorted { count[$0] > count[$1] }
        var all = ChosenRegisters()
        all.take(mostUsedOf: candidates, count: count, limit: 8)
        XCTAssertEqual((0..<all.count).map { all[$0] }, expected)
        XCTAssertEqual(expected, [5, 12, 3, 9, 30, 20])

        var some = ChosenRegisters()
        some.take(mostUsedOf: 1 << 9, count: count, limit: 5)
        some.take(mostUsedOf: candidates & ~(1 << 9), count: count, limit: 3)   // two more, then the limit
        XCTAssertEqual((0..<some.count).map { some[$0] }, [9, 5, 12])
        some.take(mostUsedOf: 0, count: count, limit: 5)
        XCTAssertEqual(some.count, 3)
    }

    func testScratchClearsRolesAndKeepsItsStorage() {
        let scratch = LoopPlanScratch()
        scratch.prepare(ops: 100, values: 70)
        XCTAssertGreaterThanOrEqual(scratch.roles.count, 100)
        XCTAssertGreaterThanOrEqual(scratch.opInts.count, 101)
        scratch.roles[99] = LoopPlanScratch.aliasableBit
        scratch.aliasOf[69] = 3
        let roles = scratch.roles.baseAddress
        scratch.prepare(ops: 100, values: 70)
        XCTAssertEqual(scratch.roles.baseAddress, roles, "big enough: reused")
        XCTAssertEqual(scratch.roles[99], 0)
        XCTAssertEqual(scratch.aliasOf[69], LoopPlanScratch.noRegister)
        scratch.prepare(ops: 1000, values: 10)
        XCTAssertGreaterThanOrEqual(scratch.roles.count, 1000)
        XCTAssertTrue(scratch.roles[0..<1000].allSatisfy { $0 == 0 })
    }
}
