// Process-level syscalls: uname, exit outcomes, unknown numbers, fork-style
// clone, thread-id bookkeeping.
import Glibc
import Translator
import XCTest
@testable import SyscallShim

final class ProcessSyscallTests: XCTestCase {
    let shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions())

    func testUnameReportsAarch64() {
        let buf = guardedBuffer(390)
        defer { buf.deallocate() }
        XCTAssertEqual(sys(shim, NR.uname, addr(buf)), 0)
        let field = { (i: Int) in String(cString: (buf + 65 * i).assumingMemoryBound(to: CChar.self)) }
        XCTAssertEqual(field(0), "Linux")
        XCTAssertEqual(field(4), "aarch64")
        var host = utsname()
        Glibc.uname(&host)
        XCTAssertEqual(field(2), withUnsafeBytes(of: host.release) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) })
    }

    func testUnknownSyscallIsENOSYS() {
        XCTAssertEqual(sys(shim, 10_000), -38)
        XCTAssertEqual(sys(shim, 400), -38)
        XCTAssertEqual(sys(shim, 245), -38, "an unassigned number (arm64's arch-specific range)")
        XCTAssertEqual(sys(shim, 221, 0, 0, 0), -14, "execve of a NULL path is EFAULT")
    }

    func testExitEndsTheThreadAndExitGroupTheProcess() {
        let cpu = CPUState()
        cpu.setX(8, NR.exitGroup)
        cpu.setX(0, 3)
        XCTAssertEqual(shim.handleSyscall(cpu), .exitProcess(3))
        cpu.setX(8, NR.exit)
        cpu.setX(0, 0x1_0000_0101)
        XCTAssertEqual(shim.handleSyscall(cpu), .exitThread(0x101), "exit ends the calling thread only")
    }

    func testIdentityPassesThrough() {
        XCTAssertEqual(sys(shim, NR.getpid), Int64(getpid()))
        let tidAddress = guardedBuffer(8)
        defer { tidAddress.deallocate() }
        XCTAssertEqual(sys(shim, NR.setTidAddress, addr(tidAddress)), Int64(hostTid()))
        XCTAssertEqual(shim.clearChildTid, addr(tidAddress))
    }

    func testCloneForkRunsChildWithCopiedState() {
        let cpu = CPUState()
        let childTid = guardedBuffer(8)
        defer { childTid.deallocate() }
        let sigchld: UInt64 = 17, childSetTid: UInt64 = 0x1000000, setTLS: UInt64 = 0x80000
        let r = sys(shim, NR.clone, sigchld | childSetTid | setTLS, 0x7000, 0, 0xABCD, addr(childTid), cpu: cpu)
        if r == 0 {
            // Child: report what the shim set up through the exit status, then leave at once.
            let tidOK = childTid.load(as: Int32.self) == hostTid()
            _exit(cpu.sp == 0x7000 && cpu.tpidr == 0xABCD && tidOK ? 42 : 1)
        }
        XCTAssertGreaterThan(r, 0)
        XCTAssertEqual(childTid.load(as: Int32.self), 0, "CHILD_SETTID writes only the child's copy")
        var status: Int32 = 0
        XCTAssertEqual(sys(shim, NR.wait4, UInt64(r), addr(&status), 0, 0), r)
        XCTAssertEqual((status >> 8) & 0xFF, 42)
    }

    func testCloneThreadIsNotSupportedYet() {
        let vmThread: UInt64 = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000
        XCTAssertEqual(sys(shim, NR.clone, vmThread, 0x7000, 0, 0, 0), -38)
    }
}
