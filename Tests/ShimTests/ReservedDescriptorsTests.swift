// compat-run's own descriptors: out of the guest's low numbers and safe from its
// close/close_range/dup3/fcntl.
import Glibc
import XCTest
@testable import SyscallShim

final class ReservedDescriptorsTests: XCTestCase {
    func testCloseRangeSkipsReservedDescriptors() {
        var table = ReservedDescriptors()
        XCTAssertEqual(table.closeRangeParts(first: 3, last: UInt32.max), [3...UInt32.max], "nothing reserved")
        table.insert(970)
        table.insert(960)
        table.insert(960)
        XCTAssertEqual(table.descriptors, [960, 970])
        XCTAssertEqual(table.closeRangeParts(first: 3, last: UInt32.max), [3...959, 961...969, 971...UInt32.max])
        XCTAssertEqual(table.closeRangeParts(first: 960, last: 970), [961...969])
        XCTAssertEqual(table.closeRangeParts(first: 960, last: 960), [])
        XCTAssertEqual(table.closeRangeParts(first: 0, last: 10), [0...10])
        XCTAssertEqual(table.closeRangeParts(first: 965, last: 975), [965...969, 971...975])
        table.remove(960)
        XCTAssertEqual(table.descriptors, [970])
    }

    func testMovedDescriptorsSitBelowTheSoftLimitAtMost1024() {
        XCTAssertEqual(ReservedDescriptors.floor(softLimit: 1024), 960)
        XCTAssertEqual(ReservedDescriptors.floor(softLimit: 1 << 20), 960, "the fd table stays small")
        XCTAssertEqual(ReservedDescriptors.floor(softLimit: 256), 192)
        XCTAssertNil(ReservedDescriptors.floor(softLimit: 64), "no room: the descriptor stays where it is")
    }

    func testTheGuestCannotCloseReplaceOrInspectCompatRunsDescriptors() {
        let shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions())
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let own = CompatRunDescriptors.adopt(fds[1])
        defer { CompatRunDescriptors.release(own); Glibc.close(own); Glibc.close(fds[0]) }
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if let floor = ReservedDescriptors.floor(softLimit: UInt64(limit.rlim_cur)) {
            XCTAssertGreaterThanOrEqual(own, floor, "moved out of the guest's numbers")
            XCTAssertEqual(fcntl(fds[1], F_GETFD), -1, "the low number is free again")
        }
        let closeRange: UInt64 = 436, dup: UInt64 = 23, dup3: UInt64 = 24
        XCTAssertEqual(sys(shim, NR.close, UInt64(own)), -Int64(EBADF))
        XCTAssertEqual(sys(shim, dup, UInt64(own)), -Int64(EBADF))
        XCTAssertEqual(sys(shim, dup3, UInt64(fds[0]), UInt64(own), 0), -Int64(EBADF), "cannot be replaced")
        XCTAssertEqual(sys(shim, dup3, UInt64(own), 100, 0), -Int64(EBADF))
        XCTAssertEqual(sys(shim, NR.fcntl, UInt64(own), UInt64(F_GETFD)), -Int64(EBADF))

        // close_range over everything above the pipe's read end leaves compat-run's alone.
        let spare = Glibc.dup(fds[0])
        XCTAssertGreaterThan(spare, fds[0])
        XCTAssertEqual(sys(shim, closeRange, UInt64(spare), UInt64(UInt32.max), 0), 0)
        XCTAssertEqual(fcntl(spare, F_GETFD), -1, "the guest's descriptor is closed")
        XCTAssertEqual(fcntl(own, F_GETFD), FD_CLOEXEC, "compat-run's is open, still close-on-exec")
        XCTAssertEqual(write(own, "x", 1), 1)
        XCTAssertEqual(sys(shim, closeRange, 5, 4, 0), -Int64(EINVAL), "first > last")
    }
}
