// The once-per-name report of unimplemented and refused syscalls (-strace or
// COMPAT_RUN_REPORT_UNIMPLEMENTED=1), and its silence when nobody asked.
import Glibc
import XCTest
@testable import SyscallShim

final class UnimplementedSyscallTests: XCTestCase {
    func testReportedOncePerNameWhenAsked() {
        let shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions(reportsUnimplemented: true))
        let futexRequeue = UInt64(SyscallNumber.futex_requeue.rawValue)
        let mapShadowStack = UInt64(SyscallNumber.map_shadow_stack.rawValue)
        let text = capturedStderr {
            XCTAssertEqual(sys(shim, futexRequeue), -38)
            XCTAssertEqual(sys(shim, futexRequeue), -38)
            XCTAssertEqual(sys(shim, mapShadowStack, 0, 4096, 0), -38)
            XCTAssertEqual(sys(shim, mapShadowStack, 0, 4096, 0), -38)
            XCTAssertEqual(sys(shim, 10_001), -38)
        }
        XCTAssertEqual(text, """
            compat-run: unimplemented syscall futex_requeue (456)
            compat-run: refused syscall map_shadow_stack (453): ENOSYS
            compat-run: unimplemented syscall syscall_10001 (10001)

            """)
    }

    func testSilentUnlessAsked() {
        let shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions(reportsUnimplemented: false))
        let text = capturedStderr {
            XCTAssertEqual(sys(shim, UInt64(SyscallNumber.futex_wake.rawValue)), -38)
            XCTAssertEqual(sys(shim, UInt64(SyscallNumber.pkey_alloc.rawValue), 0, 0), -28)
        }
        XCTAssertEqual(text, "")
    }

    func testStraceAlwaysReports() {
        XCTAssertTrue(ShimOptions(strace: true, reportsUnimplemented: false).reportsUnimplemented)
    }

    func testEnvironmentVariableAsks() {
        setenv(UnimplementedSyscalls.environmentVariable, "1", 1)
        XCTAssertTrue(ShimOptions().reportsUnimplemented)
        setenv(UnimplementedSyscalls.environmentVariable, "0", 1)
        XCTAssertFalse(ShimOptions().reportsUnimplemented)
        unsetenv(UnimplementedSyscalls.environmentVariable)
        XCTAssertFalse(ShimOptions().reportsUnimplemented)
    }
}
