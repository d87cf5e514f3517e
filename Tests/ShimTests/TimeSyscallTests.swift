// clock_gettime and gettimeofday answered by the host's vDSO: the kernel's results and
// errors (a bad clock before a bad pointer, EFAULT, NULL arguments) stay as they were.
import Glibc
import XCTest
@testable import SyscallShim

final class TimeSyscallTests: XCTestCase {
    static let clockGettime: UInt64 = 113, gettimeofday: UInt64 = 169
    let shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions(executablePath: "/bin/prog"))

    func testClockGettimeMatchesTheHostAndKeepsItsErrors() {
        let buf = guardedBuffer(16)
        defer { buf.deallocate() }
        var before = timespec(), after = timespec()
        clock_gettime(CLOCK_MONOTONIC, &before)
        XCTAssertEqual(sys(shim, Self.clockGettime, UInt64(CLOCK_MONOTONIC), addr(buf)), 0)
        clock_gettime(CLOCK_MONOTONIC, &after)
        let seen = buf.load(as: Int64.self) * 1_000_000_000 + buf.load(fromByteOffset: 8, as: Int64.self)
        XCTAssertGreaterThanOrEqual(seen, Int64(before.tv_sec) * 1_000_000_000 + Int64(before.tv_nsec))
        XCTAssertLessThanOrEqual(seen, Int64(after.tv_sec) * 1_000_000_000 + Int64(after.tv_nsec))
        XCTAssertEqual(sys(shim, Self.clockGettime, UInt64(CLOCK_PROCESS_CPUTIME_ID), addr(buf)), 0, "a clock the vDSO leaves to the kernel")
        XCTAssertEqual(sys(shim, Self.clockGettime, UInt64(CLOCK_MONOTONIC), 0), -14, "EFAULT")
        XCTAssertEqual(sys(shim, Self.clockGettime, 0x7777, 0), -22, "EINVAL: the clock is checked first")
    }

    func testGettimeofdayTakesNullArguments() {
        let buf = guardedBuffer(16)
        defer { buf.deallocate() }
        XCTAssertEqual(sys(shim, Self.gettimeofday, 0, 0), 0)
        XCTAssertEqual(sys(shim, Self.gettimeofday, addr(buf), 0), 0)
        XCTAssertLessThanOrEqual(abs(buf.load(as: Int64.self) - Int64(time(nil))), 1)
        XCTAssertEqual(sys(shim, Self.gettimeofday, addr(buf), addr(buf)), 0, "with a timezone: the kernel")
        XCTAssertEqual(sys(shim, Self.gettimeofday, 8, 0), -14, "EFAULT")
    }
}
