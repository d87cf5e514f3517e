// brk emulation inside a reserved PROT_NONE region, and mmap-family pass-through
// with range-change notifications.
import Glibc
import XCTest
@testable import SyscallShim

final class MemorySyscallTests: XCTestCase {
    static let reservation = 1 << 20

    /// A personality whose break lives in a fresh PROT_NONE reservation, as the loader leaves it.
    private func makeShim() -> (LinuxPersonality, start: UInt64, limit: UInt64) {
        let base = mmap(nil, Self.reservation, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)!
        XCTAssertNotEqual(base, MAP_FAILED)
        let start = addr(base), limit = start + UInt64(Self.reservation)
        addTeardownBlock { munmap(base, Self.reservation) }
        return (LinuxPersonality(brkStart: start, brkLimit: limit, options: ShimOptions()), start, limit)
    }

    private func bytes(_ address: UInt64) -> UnsafeMutablePointer<UInt8> {
        UnsafeMutablePointer(bitPattern: UInt(address))!
    }

    func testBrkGrowsZeroedWritableMemoryAndShrinks() {
        let (shim, start, limit) = makeShim()
        XCTAssertEqual(sys(shim, NR.brk, 0), Int64(start), "brk(0) is the initial break")

        let grown = start + 10_000
        XCTAssertEqual(sys(shim, NR.brk, grown), Int64(grown))
        for i in stride(from: 0, to: 10_000, by: 97) { XCTAssertEqual(bytes(start)[i], 0) }
        bytes(start).update(repeating: 0x5A, count: 10_000)
        XCTAssertEqual(bytes(start)[9_999], 0x5A)
        XCTAssertEqual(sys(shim, NR.brk, 0), Int64(grown))

        // Shrink to inside the first page: pages 2 and 3 are dropped.
        XCTAssertEqual(sys(shim, NR.brk, start + 100), Int64(start + 100))
        XCTAssertEqual(sys(shim, NR.brk, start + 3 * 4096), Int64(start + 3 * 4096))
        XCTAssertEqual(bytes(start)[50], 0x5A, "the page still below the break keeps its data")
        XCTAssertEqual(bytes(start)[5_000], 0, "re-grown pages are zero again")

        // Requests outside [brkStart, brkLimit] fail by returning the current break.
        XCTAssertEqual(sys(shim, NR.brk, limit + 4096), Int64(start + 3 * 4096))
        XCTAssertEqual(sys(shim, NR.brk, start - 4096), Int64(start + 3 * 4096))
        XCTAssertEqual(sys(shim, NR.brk, limit), Int64(limit), "the whole reservation may be used")
        bytes(limit - 1).pointee = 1
    }

    func testBrkShrinkNotifiesTranslator() {
        let (shim, start, _) = makeShim()
        var changes: [(UInt64, UInt64)] = []
        shim.onExecutableRangeChanged = { changes.append(($0, $1)) }
        sys(shim, NR.brk, start + 8192)
        XCTAssertTrue(changes.isEmpty)
        sys(shim, NR.brk, start)
        XCTAssertEqual(changes.count, 1)
        XCTAssertEqual(changes.first?.0, start)
        XCTAssertEqual(changes.first?.1, 8192)
    }

    func testMmapStripsArm64ProtBitsAndMunmapNotifies() {
        let shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions())
        var changes: [(UInt64, UInt64)] = []
        shim.onExecutableRangeChanged = { changes.append(($0, $1)) }
        let protRWBTI: UInt64 = 0x1 | 0x2 | 0x10
        let anonPrivate: UInt64 = 0x02 | 0x20
        let p = sys(shim, NR.mmap, 0, 8192, protRWBTI, anonPrivate, UInt64(bitPattern: -1), 0)
        XCTAssertGreaterThan(p, 0)
        bytes(UInt64(p))[8191] = 3
        XCTAssertTrue(changes.isEmpty, "a fresh mapping replaces nothing")
        XCTAssertEqual(sys(shim, NR.mprotect, UInt64(p), 4096, 0x1 | 0x4 | 0x10), 0)  // R|X|BTI
        XCTAssertEqual(sys(shim, NR.munmap, UInt64(p), 8192), 0)
        XCTAssertEqual(changes.map(\.0), [UInt64(p), UInt64(p)])
        XCTAssertEqual(changes.map(\.1), [4096, 8192])
        XCTAssertEqual(sys(shim, NR.munmap, UInt64(p) + 1, 4096), -22)  // EINVAL: unaligned
    }
}
