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
        withAdoptedPipe { fds, own in
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

            // close_range across compat-run's descriptor closes the guest's on both sides and leaves
            // compat-run's alone. Only descriptors made here are in the range: closing everything
            // above a number would also close this test process's own (Foundation's run-loop and
            // process-exit sockets, which later tests' Process.waitUntilExit then waits on forever).
            let below = fcntl(fds[0], F_DUPFD, max(own - 16, 0)), above = fcntl(fds[0], F_DUPFD, own + 1)
            XCTAssertTrue(below >= 0 && below < own && above > own, "\(below) < \(own) < \(above)")
            XCTAssertEqual(sys(shim, closeRange, UInt64(below), UInt64(above), 0), 0)
            XCTAssertEqual(fcntl(below, F_GETFD), -1, "the guest's descriptor below is closed")
            XCTAssertEqual(fcntl(above, F_GETFD), -1, "the guest's descriptor above is closed")
            XCTAssertEqual(fcntl(own, F_GETFD), FD_CLOEXEC, "compat-run's is open, still close-on-exec")
            XCTAssertEqual(write(own, "x", 1), 1)
            XCTAssertEqual(sys(shim, closeRange, 5, 4, 0), -Int64(EINVAL), "first > last")
        }
    }
}

final class DescriptorListingTests: XCTestCase {
    /// The fd numbers a getdents64 listing of `path` shows the guest (small batches, so
    /// the filter also sees a batch made of nothing but reserved entries).
    private func listedDescriptors(_ shim: LinuxPersonality, _ path: String, batch: Int = 64) -> Set<Int32> {
        let p = cString(path)
        defer { free(p) }
        let dir = sys(shim, NR.openat, AT_FDCWD, addr(p), UInt64(O_RDONLY | O_CLOEXEC), 0)
        guard dir >= 0 else { XCTFail("open \(path): \(dir)"); return [] }
        defer { Glibc.close(Int32(dir)) }
        let buffer = guardedBuffer(batch)
        defer { buffer.deallocate() }
        var names = Set<Int32>()
        while true {
            let n = sys(shim, 61 /* getdents64 */, UInt64(dir), addr(buffer), UInt64(batch))
            XCTAssertGreaterThanOrEqual(n, 0)
            guard n > 0 else { break }
            var at = 0
            while at < Int(n) {
                let length = Int(buffer.loadUnaligned(fromByteOffset: at + 16, as: UInt16.self))
                let name = String(cString: (buffer + at + 19).assumingMemoryBound(to: CChar.self))
                if let fd = Int32(name) { names.insert(fd) }
                at += length
            }
            XCTAssertEqual(buffer.load(fromByteOffset: batch, as: UInt8.self), 0xAA, "no write past the guest's count")
        }
        return names
    }

    func testTheProcessFdDirectoryDoesNotListCompatRunsDescriptors() {
        let shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions())
        withAdoptedPipe { fds, own in
            for path in ["/proc/self/fd", "/proc/\(getpid())/fd", "/proc/thread-self/fd"] {
                let listed = listedDescriptors(shim, path)
                XCTAssertTrue(listed.contains(fds[0]), "\(path): the guest's own descriptors are listed")
                XCTAssertFalse(listed.contains(own), "\(path): compat-run's is not")
            }
        }
        // Only the fd directories of this process and its threads are filtered.
        XCTAssertTrue(ProcFiles.isOwnEntry("/proc/\(getpid())/task/\(hostTid())/fd", named: "fd"))
        XCTAssertFalse(ProcFiles.isOwnEntry("/proc/\(getpid())/fdinfo", named: "fd"))
        XCTAssertFalse(ProcFiles.isOwnEntry("/proc/1/fd", named: "fd"))
        XCTAssertFalse(ProcFiles.isOwnEntry("/tmp/proc/\(getpid())/fd", named: "fd"))
    }
}

/// A pipe (both ends close-on-exec) whose write end compat-run adopted: `fds` as pipe()
/// returned them (fds[1] is the number the write end had), `own` the reserved descriptor.
private func withAdoptedPipe(_ body: (_ fds: [Int32], _ own: Int32) -> Void) {
    var fds: [Int32] = [0, 0]
    XCTAssertEqual(pipe(&fds), 0)
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    let own = CompatRunDescriptors.adopt(fds[1])
    defer { CompatRunDescriptors.release(own); Glibc.close(own); Glibc.close(fds[0]) }
    body(fds, own)
}
