// With --perf-map the code cache is a System V segment (Translator's CodeMemory.swift): the
// guest must not reach it by its id, neither to attach nor to control nor to find it.
import Glibc
import Translator
import XCTest
@testable import SyscallShim

final class CodeSegmentTests: XCTestCase {
    static let shmat: UInt64 = 196, shmctl: UInt64 = 195, shmget: UInt64 = 194, shmdt: UInt64 = 197

    func testTheCodeSegmentIsNotTheGuests() throws {
        let engine = Engine(codeMemory: .systemV)
        guard let own = engine.codeSegment else { throw XCTSkip("no System V shared memory here") }
        let shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions(executablePath: "/bin/prog"))
        shim.process.engine = engine
        let id = UInt64(UInt32(bitPattern: own))
        let buf = guardedBuffer(256)
        defer { buf.deallocate() }
        XCTAssertEqual(sys(shim, Self.shmat, id, 0, 0), -22, "EINVAL: no such segment for the guest")
        XCTAssertEqual(sys(shim, Self.shmctl, id, UInt64(IPC_STAT), addr(buf)), -22)
        XCTAssertEqual(sys(shim, Self.shmctl, id, UInt64(IPC_RMID), 0), -22)
        // SHM_INFO answers the highest slot in use; no SHM_STAT_ANY slot answers the code segment.
        let highest = sys(shim, Self.shmctl, 0, 14 /* SHM_INFO */, addr(buf))
        XCTAssertGreaterThanOrEqual(highest, 0)
        for slot in 0...max(0, highest) {
            XCTAssertNotEqual(sys(shim, Self.shmctl, UInt64(slot), 15 /* SHM_STAT_ANY */, addr(buf)), Int64(id))
        }
        // The guest's own segments work as before.
        let mine = sys(shim, Self.shmget, UInt64(IPC_PRIVATE), 4096, UInt64(IPC_CREAT | 0o600))
        XCTAssertGreaterThanOrEqual(mine, 0)
        let at = sys(shim, Self.shmat, UInt64(mine), 0, 0)
        XCTAssertGreaterThan(at, 0)
        XCTAssertEqual(sys(shim, Self.shmctl, UInt64(mine), UInt64(IPC_RMID), 0), 0)
        XCTAssertEqual(sys(shim, Self.shmdt, UInt64(at)), 0)
    }
}
