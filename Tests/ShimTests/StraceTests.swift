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

/// -strace's decoded arguments: flag words and values by name, struct summaries, and whole
/// lines as a traced call prints them.
final class StraceDecodingTests: XCTestCase {
    private func line(_ number: SyscallNumber, _ args: [UInt64]) -> String {
        let entry = SyscallTable.entry(UInt64(number.rawValue))!
        let values = args + [UInt64](repeating: 0, count: 6 - args.count)
        return entry.name + "(" + entry.args.indices.map { Strace.format(values, $0, as: entry.args[$0]) }
            .joined(separator: ",") + ")"
    }

    func testFlagWordsByName() {
        XCTAssertEqual(line(.mmap, [0, 8192, 3, 0x22, UInt64(bitPattern: -1), 0]),
                       "mmap(NULL,8192,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0x0)")
        XCTAssertEqual(line(.mprotect, [0x4000, 4096, 0]), "mprotect(0x4000,4096,PROT_NONE)")
        XCTAssertEqual(line(.clone, [0x0120_0011, 0, 0, 0, 0x7000]),
                       "clone(CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD,NULL,NULL,NULL,0x7000)")
        XCTAssertEqual(line(.socket, [2, 1 | 0o2000000, 0]), "socket(AF_INET,SOCK_STREAM|SOCK_CLOEXEC,0)")
        XCTAssertEqual(line(.fcntl, [3, 2, 1]), "fcntl(3,F_SETFD,0x1)")
        XCTAssertEqual(line(.futex, [0x1000, 128, 1]), "futex(0x1000,FUTEX_WAIT|FUTEX_PRIVATE_FLAG,1,NULL,NULL,0)")
        XCTAssertEqual(line(.lseek, [3, 0, 2]), "lseek(3,0,SEEK_END)")
        XCTAssertEqual(line(.kill, [42, 3]), "kill(42,SIGQUIT)")
        XCTAssertEqual(line(.tgkill, [1, 2, 34]), "tgkill(1,2,SIGRT_2)")
        XCTAssertEqual(line(.inotify_init1, [0o2000000]), "inotify_init1(IN_CLOEXEC)")
        XCTAssertEqual(line(.eventfd2, [0, 0o4000 | 1]), "eventfd2(0,EFD_SEMAPHORE|EFD_NONBLOCK)")
        XCTAssertEqual(line(.clock_gettime, [1, 0x10]), "clock_gettime(CLOCK_MONOTONIC,0x10)")
        XCTAssertEqual(line(.prlimit64, [0, 7, 0, 0x10]), "prlimit64(0,RLIMIT_NOFILE,NULL,0x10)")
        XCTAssertEqual(line(.unlinkat, [AT_FDCWD, 0, 0x200]), "unlinkat(AT_FDCWD,NULL,AT_REMOVEDIR)")
        XCTAssertEqual(line(.faccessat, [AT_FDCWD, 0, 6]), "faccessat(AT_FDCWD,NULL,R_OK|W_OK)")
        XCTAssertEqual(line(.wait4, [UInt64(bitPattern: -1), 0, 1 | 0x4000_0000, 0]), "wait4(-1,NULL,WNOHANG|__WALL,NULL)")
        XCTAssertEqual(line(.madvise, [0x1000, 4096, 4]), "madvise(0x1000,4096,MADV_DONTNEED)")
        XCTAssertEqual(line(.prctl, [15, 0x10]), "prctl(PR_SET_NAME,0x10,0x0,0x0,0x0)")
        XCTAssertEqual(Strace.format(0x8000_0000_0001, as: .flags(.msyncFlags)), "MS_ASYNC|0x800000000000",
                       "unknown bits stay visible")
    }

    func testStructSummaries() {
        var ts: (Int64, Int64) = (1, 500)
        var sigaction: (UInt64, UInt64, UInt64, UInt64) = (0x1234, 0x0400_0004, 0x5678, (1 << 1) | (1 << 14))
        var stack: (UInt64, Int32, Int32, UInt64) = (0x9000, 0, 0, 8192)
        var inet: (UInt16, UInt16, UInt8, UInt8, UInt8, UInt8, UInt64) = (2, UInt16(8080).bigEndian, 127, 0, 0, 1, 0)
        var event: (UInt32, UInt32, UInt64) = (0x1 | 0x8000_0000, 0, 0xFEED_0000_0001)
        let argv0 = cString("ls"), argv1 = cString("-l\n")
        defer { free(argv0); free(argv1) }
        var argv: (UInt64, UInt64, UInt64) = (addr(argv0), addr(argv1), 0)
        XCTAssertEqual(Strace.format(addr(&ts), as: .timespec), "{tv_sec=1, tv_nsec=500}")
        XCTAssertEqual(Strace.format(addr(&sigaction), as: .sigaction),
                       "{sa_handler=0x1234, sa_mask=[SIGINT SIGTERM], sa_flags=SA_SIGINFO|SA_RESTORER, sa_restorer=0x5678}")
        XCTAssertEqual(Strace.format(addr(&stack), as: .signalStack), "{ss_sp=0x9000, ss_flags=0, ss_size=8192}")
        XCTAssertEqual(Strace.format(addr(&inet), as: .sockaddr),
                       "{sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"127.0.0.1\")}")
        XCTAssertEqual(Strace.format(addr(&event), as: .epollEvent), "{events=EPOLLIN|EPOLLET, data=0xfeed00000001}")
        XCTAssertEqual(Strace.format(addr(&argv), as: .stringArray), "[\"ls\", \"-l\\n\"]")
        let text = cString("hello\u{1}")
        defer { free(text) }
        XCTAssertEqual(Strace.format([1, addr(text), 6], 1, as: .buffer(length: 2)), "\"hello\\x01\"")
        let long = Strace.format([1, addr(text), 100], 1, as: .buffer(length: 2))
        XCTAssertTrue(long.hasPrefix("\"hello\\x01\\x00") && long.hasSuffix("\"..."), "the first 32 bytes of 100: \(long)")
        XCTAssertEqual(Strace.format([1, 0x10, 3], 1, as: .buffer(length: 2)), "0x10")
        XCTAssertEqual(Strace.format([1, addr(text), 3], 1, as: .buffer(length: 2)), "\"hel\"")
    }

    func testBadPointersPrintAsAddresses() {
        let unmapped: UInt64 = 0x10  // the zero page is never mapped
        for kind: ArgKind in [.timespec, .itimerspec, .sigset, .sigaction, .signalStack, .sockaddr, .epollEvent, .stringArray] {
            XCTAssertEqual(Strace.format(unmapped, as: kind), "0x10", "\(kind)")
        }
        XCTAssertEqual(Strace.format(0, as: .sigaction), "NULL")
    }

    func testTracedCallPrintsOneLine() {
        let shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions(strace: true))
        var set: UInt64 = 1 << (10 - 1)  // SIGUSR1
        var old: UInt64 = 0
        let text = capturedStderr {
            XCTAssertEqual(sys(shim, UInt64(SyscallNumber.rt_sigprocmask.rawValue), 0, addr(&set), addr(&old), 8), 0)
            XCTAssertEqual(sys(shim, UInt64(SyscallNumber.rt_sigprocmask.rawValue), 1, addr(&set), 0, 8), 0)
        }
        let pid = getpid()
        XCTAssertEqual(text, """
            \(pid) rt_sigprocmask(SIG_BLOCK,[SIGUSR1],0x\(String(addr(&old), radix: 16)),8) = 0
            \(pid) rt_sigprocmask(SIG_UNBLOCK,[SIGUSR1],NULL,8) = 0

            """)
    }
}
