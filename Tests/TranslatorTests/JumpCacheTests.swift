// The jump cache (issue 17): indirect branches find their target in a per-thread direct-mapped
// table. sqlite3 called pthread_mutex_lock and _unlock through one PLT entry's BR, targets
// 256 KiB apart that shared an entry: 200,000 dispatcher round trips in one run.
import QemuFixtureData
import XCTest
@testable import Translator

final class JumpCacheTests: XCTestCase {
    let mask = UInt64(CodeCache.jumpCacheEntries - 1)

    func testTheIndexStaysInTheTableAndKeepsPCZeroOnEntryZero() {
        XCTAssertEqual(JumpCache.index(of: 0, mask: mask), 0)
        for pc: UInt64 in [4, 0x40_0000, 0x5FF0_0012_3454, 0x5FFF_FFF6_2D60, 0xFFFF_FFFF_FFFC] {
            XCTAssertLessThanOrEqual(UInt64(JumpCache.index(of: pc, mask: mask)), mask)
        }
    }

    /// Targets a multiple of 256 KiB apart (the period of the plain word index) get different
    /// entries, as do neighbouring words.
    func testTargetsTheTableSizeApartDoNotShareAnEntry() {
        for base: UInt64 in [0x40_0000, 0x5FFF_FFF2_2D60, 0x6000_0001_AE50] {
            for k: UInt64 in 1...8 {
                XCTAssertNotEqual(JumpCache.index(of: base, mask: mask),
                                  JumpCache.index(of: base + k * 0x4_0000, mask: mask), "k = \(k)")
            }
            XCTAssertNotEqual(JumpCache.index(of: base, mask: mask), JumpCache.index(of: base + 4, mask: mask))
        }
    }

    /// The generated lookup and the dispatcher's fill agree on the entry: a loop calling two
    /// functions 256 KiB apart through BLR misses once per target, not once per call (200 with
    /// a shared entry). Four: each callee, and each return address once the dispatcher's visit
    /// has reset the return-address stack (the RET then reaches the sentinel's lookup).
    func testAlternatingIndirectCallsMissOncePerTarget() {
        let size = 0x4_0000 + 0x1000
        let code = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 0x1000)
        defer { code.deallocate() }
        func put(_ words: [UInt32], at offset: Int) {
            for (k, w) in words.enumerated() { code.storeBytes(of: w, toByteOffset: offset + 4 * k, as: UInt32.self) }
        }
        put([0xD63F_0020,       // loop: blr x1
             0xD63F_0040,       // blr x2
             0xF100_0400,       // subs x0, x0, #1
             0x54FF_FFA1,       // b.ne loop
             A64Harness.svc], at: 0)
        let ret: UInt32 = 0xD65F_03C0
        put([ret], at: 0x800)
        put([ret], at: 0x800 + 0x4_0000)
        let base = UInt64(UInt(bitPattern: code))
        let engine = Engine()
        let cpu = CPUState()
        defer { engine.detach(cpu); cpu.deallocate() }
        cpu.setX(0, 100)
        cpu.setX(1, base + 0x800)
        cpu.setX(2, base + 0x800 + 0x4_0000)
        cpu.pc = base
        guard case .syscall = engine.run(cpu) else { return XCTFail("the loop did not reach its svc") }
        XCTAssertEqual(cpu.x(0), 0)
        XCTAssertLessThanOrEqual(engine.stats.jumpCacheMisses, 4)
    }
}
