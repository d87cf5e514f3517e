// The interrupt poll (issue 17): every block starts with one, but a direct exit to a later guest
// pc enters its target past it (X64Emitter.linkAddress). Each test fails when a loop can run
// without polling or when an entry past the poll escapes a block's retirement.
import CSupport
import QemuFixtureData
import XCTest
@testable import Translator

final class InterruptPollTests: XCTestCase {
    /// Guest code in three fresh pages (a block per page for invalidation), run through an engine.
    final class Program: @unchecked Sendable {
        let base: UnsafeMutableRawPointer
        let engine = Engine()
        let cpu = CPUState()
        init() { base = UnsafeMutableRawPointer.allocate(byteCount: 0x3000, alignment: 0x1000) }
        deinit { engine.detach(cpu); cpu.deallocate(); base.deallocate() }
        var pc: UInt64 { UInt64(UInt(bitPattern: base)) }
        func put(_ words: [UInt32], at offset: Int) {
            for (k, w) in words.enumerated() { base.storeBytes(of: w, toByteOffset: offset + 4 * k, as: UInt32.self) }
        }
        func run() -> GuestExit { cpu.pc = pc; return engine.run(cpu) }
    }

    func testOnlyForwardLinksSkipThePoll() {
        XCTAssertEqual(X64Emitter.linkAddress(host: 0x1000, target: 0x4008, from: 0x4000), 0x1000 + UInt(X64Emitter.pollBytes))
        XCTAssertEqual(X64Emitter.linkAddress(host: 0x1000, target: 0x4000, from: 0x4000), 0x1000)
        XCTAssertEqual(X64Emitter.linkAddress(host: 0x1000, target: 0x3FFC, from: 0x4000), 0x1000)
    }

    /// A block at page 0 jumps forward to one at page 2 (chained past its poll); the second
    /// changes and its page is invalidated: the chained jump must reach the new translation.
    func testAForwardLinkReachesTheNewCodeAfterInvalidation() {
        let p = Program()
        p.put([0x1400_0800], at: 0)                       // b .+0x2000
        p.put([0xD280_0020, A64Harness.svc], at: 0x2000)   // mov x0, #1; svc #0
        for _ in 0..<2 {
            p.cpu.setX(0, 0)
            guard case .syscall = p.run() else { return XCTFail("no svc") }
            XCTAssertEqual(p.cpu.x(0), 1)
        }
        XCTAssertGreaterThanOrEqual(p.engine.stats.chainPatches, 1)
        p.put([0xD280_0040], at: 0x2000)                   // mov x0, #2
        p.engine.invalidate(start: p.pc + 0x2000, length: 4)
        guard case .syscall = p.run() else { return XCTFail("no svc") }
        XCTAssertEqual(p.cpu.x(0), 2)
    }

    /// A loop of two blocks, a forward jump and a backward one: the backward link enters at the
    /// poll, so a request from another thread stops it (without the poll this never returns).
    func testALoopOfForwardAndBackwardLinksStillPolls() {
        let p = Program()
        p.put([0x9100_0421, 0x1400_0800 - 1], at: 0)      // add x1, x1, #1; b .+0x1ffc
        p.put([0x17FF_F800], at: 0x2000)                   // b .-0x2000
        let request = (p.cpu.raw + Int(CPUStateLayout.interruptRequest)).assumingMemoryBound(to: UInt32.self)
        let done = expectation(description: "interrupted")
        Thread.detachNewThread {
            if case .interrupted = p.run() { done.fulfill() }
        }
        // Let it run (and chain) for a while, then ask it to stop.
        for _ in 0..<5000 where p.cpu.x(1) < 100_000 { usleep(1000) }
        cr_atomic_store32(request, 1)
        wait(for: [done], timeout: 10)
        XCTAssertGreaterThanOrEqual(p.engine.stats.chainPatches, 1)   // the forward jump; the backward one linked at emission
    }

    /// A cycle whose only backward edge enters a loop with a prologue (a promoted register) at
    /// its start: that entry jumps to the prologue and the loop head polls, so a request from
    /// another thread stops it (this never returns if neither polls).
    func testACycleThroughALoopPrologueStillPolls() {
        let p = Program()
        p.put([0xF100_0463, 0x54FF_FFE1, 0x1400_07FE], at: 0)      // 1: subs x3, x3, #1; b.ne 1b; b .+0x1ff8
        p.put([0xD280_0043, 0x9100_0421, 0x17FF_F7FE], at: 0x2000) // mov x3, #2; add x1, x1, #1; b .-0x2008
        let request = (p.cpu.raw + Int(CPUStateLayout.interruptRequest)).assumingMemoryBound(to: UInt32.self)
        let done = expectation(description: "interrupted")
        p.cpu.setX(3, 1)
        Thread.detachNewThread {
            if case .interrupted = p.run() { done.fulfill() }
        }
        for _ in 0..<5000 where p.cpu.x(1) < 100_000 { usleep(1000) }
        cr_atomic_store32(request, 1)
        wait(for: [done], timeout: 10)
    }
}
