// Recorded guest signal state: rt_sigaction, rt_sigprocmask, sigaltstack.
import Glibc
import XCTest
@testable import SyscallShim

final class SignalSyscallTests: XCTestCase {
    let shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions())

    func testSigactionRecordsAndReturnsPrevious() {
        let act = guardedBuffer(32), old = guardedBuffer(32)
        defer { act.deallocate(); old.deallocate() }
        for (i, v) in ([0x401000, 0x04000004, 0x402000, (1 << 9) | (1 << 8) | 2] as [UInt64]).enumerated() {
            act.storeBytes(of: v, toByteOffset: 8 * i, as: UInt64.self)
        }
        XCTAssertEqual(sys(shim, NR.rtSigaction, 10, addr(act), addr(old), 8), 0)
        XCTAssertEqual(old.load(as: UInt64.self), 0, "default disposition before")
        let recorded = shim.signalAction(10)
        XCTAssertEqual(recorded.handler, 0x401000)
        XCTAssertEqual(recorded.restorer, 0x402000)
        XCTAssertEqual(recorded.mask.rawValue, (1 << 9) | 2, "SIGKILL's bit cannot be blocked")

        XCTAssertEqual(sys(shim, NR.rtSigaction, 10, 0, addr(old), 8), 0)
        XCTAssertEqual(old.load(fromByteOffset: 0, as: UInt64.self), 0x401000)
        XCTAssertEqual(old.load(fromByteOffset: 8, as: UInt64.self), 0x04000004)

        XCTAssertEqual(sys(shim, NR.rtSigaction, 9, addr(act), 0, 8), -22, "SIGKILL")
        XCTAssertEqual(sys(shim, NR.rtSigaction, 65, 0, addr(old), 8), -22)
        XCTAssertEqual(sys(shim, NR.rtSigaction, 10, 0, addr(old), 16), -22, "sigsetsize must be 8")
    }

    func testSigactionIgnoreIsMirroredToHost() {
        let act = guardedBuffer(32)
        defer { act.deallocate() }
        act.storeBytes(of: UInt64(1), as: UInt64.self)  // SIG_IGN
        XCTAssertEqual(sys(shim, NR.rtSigaction, UInt64(SIGUSR2), addr(act), 0, 8), 0)
        XCTAssertEqual(raise(SIGUSR2), 0, "ignored on the host too, so the test survives")
        act.storeBytes(of: UInt64(0), as: UInt64.self)
        XCTAssertEqual(sys(shim, NR.rtSigaction, UInt64(SIGUSR2), addr(act), 0, 8), 0)
        var host = sigaction()
        sigaction(SIGUSR2, nil, &host)
        XCTAssertEqual(unsafeBitCast(host.__sigaction_handler.sa_handler, to: Int.self), 0)
    }

    func testSigprocmaskKeepsGuestMask() {
        let set = guardedBuffer(8), old = guardedBuffer(8)
        defer { set.deallocate(); old.deallocate() }
        set.storeBytes(of: UInt64(0b1010) | (1 << 8), as: UInt64.self)
        XCTAssertEqual(sys(shim, NR.rtSigprocmask, 0, addr(set), addr(old), 8), 0)  // SIG_BLOCK
        XCTAssertEqual(old.load(as: UInt64.self), 0)
        XCTAssertEqual(shim.blockedSignals.rawValue, 0b1010)
        set.storeBytes(of: UInt64(0b10), as: UInt64.self)
        XCTAssertEqual(sys(shim, NR.rtSigprocmask, 1, addr(set), addr(old), 8), 0)  // SIG_UNBLOCK
        XCTAssertEqual(old.load(as: UInt64.self), 0b1010)
        XCTAssertEqual(shim.blockedSignals.rawValue, 0b1000)
        XCTAssertEqual(sys(shim, NR.rtSigprocmask, 7, addr(set), 0, 8), -22)
        var hostMask = sigset_t()
        sigprocmask(SIG_BLOCK, nil, &hostMask)
        XCTAssertEqual(sigismember(&hostMask, 4), 0, "host mask untouched")
    }

    func testSigaltstack() {
        let ss = guardedBuffer(24), old = guardedBuffer(24)
        defer { ss.deallocate(); old.deallocate() }
        XCTAssertEqual(sys(shim, NR.sigaltstack, 0, addr(old)), 0)
        XCTAssertEqual(old.load(fromByteOffset: 8, as: Int32.self), 2, "SS_DISABLE initially")
        ss.storeBytes(of: UInt64(0x10000), as: UInt64.self)
        ss.storeBytes(of: UInt64(65536), toByteOffset: 16, as: UInt64.self)
        XCTAssertEqual(sys(shim, NR.sigaltstack, addr(ss), 0), 0)
        XCTAssertEqual(sys(shim, NR.sigaltstack, 0, addr(old)), 0)
        XCTAssertEqual(old.load(as: UInt64.self), 0x10000)
        XCTAssertEqual(old.load(fromByteOffset: 16, as: UInt64.self), 65536)
        ss.storeBytes(of: UInt64(100), toByteOffset: 16, as: UInt64.self)
        XCTAssertEqual(sys(shim, NR.sigaltstack, addr(ss), 0), -12, "below MINSIGSTKSZ")
    }
}
