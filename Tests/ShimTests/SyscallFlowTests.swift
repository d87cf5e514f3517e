// The syscalls that do not simply return say so in the table (SyscallFlow), and the
// run loop is told what to do from that, not from how strace prints them.
import Translator
import XCTest
@testable import SyscallShim

final class SyscallFlowTests: XCTestCase {
    func testOnlyExitExitGroupSigreturnAndExecveDoNotSimplyReturn() {
        var special: [SyscallNumber: SyscallFlow] = [:]
        for case let entry? in SyscallTable.entries where entry.flow != .returns { special[entry.number] = entry.flow }
        XCTAssertEqual(special, [.exit: .endsThread, .exit_group: .endsProcess, .rt_sigreturn: .restoresContext,
                                 .execve: .replacesProgram, .execveat: .replacesProgram])
    }

    func testExitEndsTheThreadAndExitGroupTheProcessWithArgumentZero() {
        let shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions())
        let cpu = CPUState()
        cpu.setX(0, 0x1_0000_0007)   // an int: truncated to 32 bits, as the kernel does
        cpu.setX(8, UInt64(SyscallNumber.exit.rawValue))
        XCTAssertEqual(shim.handleSyscall(cpu), .exitThread(7))
        cpu.setX(8, UInt64(SyscallNumber.exit_group.rawValue))
        XCTAssertEqual(shim.handleSyscall(cpu), .exitProcess(7))
        XCTAssertEqual(cpu.x(0), 0x1_0000_0007, "no result is written for a call that does not return")
    }
}
