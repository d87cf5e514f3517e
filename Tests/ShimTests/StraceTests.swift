// The syscall table's shape and -strace formatting.
import Glibc
import XCTest
@testable import SyscallShim

final class StraceTests: XCTestCase {
    func testTableNamesMatchArm64Numbers() {
        let expected: [UInt64: String] = [
            17: "getcwd", 56: "openat", 57: "close", 63: "read", 64: "write", 79: "newfstatat", 80: "fstat",
            93: "exit", 94: "exit_group", 134: "rt_sigaction", 160: "uname", 214: "brk", 215: "munmap",
            220: "clone", 222: "mmap", 226: "mprotect", 260: "wait4", 261: "prlimit64", 278: "getrandom",
            291: "statx", 439: "faccessat2",
        ]
        for (number, name) in expected { XCTAssertEqual(SyscallTable.entry(number)?.name, name) }
        XCTAssertNil(SyscallTable.entry(1 << 40))
    }

    func testArgumentFormatting() {
        let path = cString("/etc/a\"b")
        defer { free(path) }
        XCTAssertEqual(Strace.format(addr(path), as: .path), "\"/etc/a\\\"b\"")
        XCTAssertEqual(Strace.format(UInt64(bitPattern: -100), as: .dirfd), "AT_FDCWD")
        XCTAssertEqual(Strace.format(0, as: .ptr), "NULL")
        XCTAssertEqual(Strace.format(0x4000, as: .ptr), "0x4000")
        XCTAssertEqual(Strace.format(0o644, as: .oct), "0644")
        XCTAssertEqual(Strace.format(UInt64(bitPattern: -1), as: .dec), "-1")
        XCTAssertEqual(Strace.format(0o2000000 | 0o40000, as: .openFlags), "O_RDONLY|O_DIRECTORY|O_CLOEXEC")
        XCTAssertEqual(Strace.format(0o1101, as: .openFlags), "O_WRONLY|O_CREAT|O_TRUNC")
        XCTAssertEqual(Strace.format(17, as: .signal), "SIGCHLD")
    }

    func testResultFormatting() {
        XCTAssertEqual(Strace.formatResult(3, .dec), "3")
        XCTAssertEqual(Strace.formatResult(-2, .dec), "-1 errno=2 (No such file or directory)")
        XCTAssertEqual(Strace.formatResult(0x5500_0000, .hex), "0x55000000")
    }
}
