// epoll's struct epoll_event conversion (16 bytes on arm64, packed 12 on x86-64),
// the event-fd families and sockets through the shim.
import Glibc
import XCTest

private let EPOLLIN: UInt32 = 1, EPOLLOUT: UInt32 = 4
@testable import SyscallShim

final class EventSyscallTests: XCTestCase {
    let shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions())

    enum GuestNR {
        static let eventfd2: UInt64 = 19, epollCreate1: UInt64 = 20, epollCtl: UInt64 = 21, epollPwait: UInt64 = 22
        static let pipe2: UInt64 = 59, socketpair: UInt64 = 199, getpeername: UInt64 = 205, epollPwait2: UInt64 = 441
    }

    /// A guest `struct epoll_event` {u32 events, u32 pad, u64 data}.
    func guestEvent(_ events: UInt32, _ data: UInt64) -> UnsafeMutableRawPointer {
        let p = guardedBuffer(16)
        p.storeBytes(of: events, as: UInt32.self)
        p.storeBytes(of: 0xFFFF_FFFF as UInt32, toByteOffset: 4, as: UInt32.self)  // padding the shim must ignore
        p.storeBytes(of: data, toByteOffset: 8, as: UInt64.self)
        return p
    }

    func testEpollEventsKeepTheirSixtyFourBitData() {
        let ep = sys(shim, GuestNR.epollCreate1, 0)
        XCTAssertGreaterThanOrEqual(ep, 0)
        let efd = sys(shim, GuestNR.eventfd2, 1, 0)  // readable at once
        defer { close(Int32(ep)); close(Int32(efd)) }
        let ev = guestEvent(EPOLLIN, 0xDEAD_BEEF_CAFE_F00D)
        defer { ev.deallocate() }
        XCTAssertEqual(sys(shim, GuestNR.epollCtl, UInt64(ep), 1, UInt64(efd), addr(ev)), 0)
        let out = guardedBuffer(2 * 16)
        defer { out.deallocate() }
        XCTAssertEqual(sys(shim, GuestNR.epollPwait, UInt64(ep), addr(out), 2, 0, 0, 8), 1)
        XCTAssertEqual(out.load(as: UInt32.self), EPOLLIN)
        XCTAssertEqual(out.load(fromByteOffset: 4, as: UInt32.self), 0, "padding zeroed")
        XCTAssertEqual(out.load(fromByteOffset: 8, as: UInt64.self), 0xDEAD_BEEF_CAFE_F00D)
        for i in 32..<64 { XCTAssertEqual(out.load(fromByteOffset: i, as: UInt8.self), 0xAA, "overrun at \(i)") }
        // epoll_pwait2 with a zero timespec
        var zero = timespec()
        XCTAssertEqual(sys(shim, GuestNR.epollPwait2, UInt64(ep), addr(out), 2, addr(&zero), 0, 8), 1)
        XCTAssertEqual(out.load(fromByteOffset: 8, as: UInt64.self), 0xDEAD_BEEF_CAFE_F00D)
        // EPOLL_CTL_MOD converts too; EPOLL_CTL_DEL takes no event
        let mod = guestEvent(EPOLLOUT, 42)
        defer { mod.deallocate() }
        XCTAssertEqual(sys(shim, GuestNR.epollCtl, UInt64(ep), 3, UInt64(efd), addr(mod)), 0)
        XCTAssertEqual(sys(shim, GuestNR.epollPwait, UInt64(ep), addr(out), 2, 0, 0, 8), 1)
        XCTAssertEqual(out.load(fromByteOffset: 8, as: UInt64.self), 42)
        XCTAssertEqual(sys(shim, GuestNR.epollCtl, UInt64(ep), 2, UInt64(efd), 0), 0)
        XCTAssertEqual(sys(shim, GuestNR.epollPwait, UInt64(ep), addr(out), 2, 0, 0, 8), 0)
    }

    func testEpollArgumentErrors() {
        let ep = sys(shim, GuestNR.epollCreate1, 0)
        defer { close(Int32(ep)) }
        let out = guardedBuffer(16)
        defer { out.deallocate() }
        XCTAssertEqual(sys(shim, GuestNR.epollPwait, UInt64(ep), addr(out), 0, 0, 0, 8), -22, "maxevents 0")
        XCTAssertEqual(sys(shim, GuestNR.epollPwait, UInt64(ep), addr(out), UInt64(Int32.max), 0, 0, 8), -22)
        XCTAssertEqual(sys(shim, GuestNR.epollPwait, UInt64(ep), 0x10, 1, 0, 0, 8), -14)
        XCTAssertEqual(sys(shim, GuestNR.epollCtl, UInt64(ep), 1, 0, 0x10), -14)
        XCTAssertEqual(sys(shim, GuestNR.epollPwait, 9999, addr(out), 1, 0, 0, 8), -9)
    }

    func testPipe2DirectIsPacketMode() {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(sys(shim, GuestNR.pipe2, addr(&fds), OpenFlags.guestDirect), 0)
        defer { close(fds[0]); close(fds[1]) }
        XCTAssertNotEqual(fcntl(fds[1], F_GETFL) & Int32(OpenFlags.hostDirect), 0, "host O_DIRECT")
        XCTAssertEqual(sys(shim, GuestNR.pipe2, addr(&fds), OpenFlags.guestDirectory), -22, "guest O_DIRECTORY")
    }

    func testGetpeernameOnANonSocketIsENOTSOCK() {
        let buf = guardedBuffer(128)
        defer { buf.deallocate() }
        var len: UInt32 = 128
        let fd = open("/dev/null", O_RDONLY)
        defer { close(fd) }
        XCTAssertEqual(sys(shim, GuestNR.getpeername, UInt64(fd), addr(buf), addr(&len)), -88)
        var sv: [Int32] = [0, 0]
        XCTAssertEqual(sys(shim, GuestNR.socketpair, 1, 1 | 0o2000000, 0, addr(&sv)), 0)  // AF_UNIX, STREAM|CLOEXEC
        XCTAssertNotEqual(fcntl(sv[0], F_GETFD) & FD_CLOEXEC, 0)
        close(sv[0]); close(sv[1])
    }

    func testSocketArgumentsInStrace() {
        XCTAssertEqual(Strace.format(2, as: .addressFamily), "AF_INET")
        XCTAssertEqual(Strace.format(1 | 0o4000 | 0o2000000, as: .socketType), "SOCK_STREAM|SOCK_NONBLOCK|SOCK_CLOEXEC")
        XCTAssertEqual(Strace.format(0, as: .socketType), "0")
    }
}
