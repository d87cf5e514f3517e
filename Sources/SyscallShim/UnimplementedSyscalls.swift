// The one-line report of a syscall the shim does not implement or deliberately refuses:
// `compat-run: unimplemented syscall NAME (NR)` (or `refused syscall NAME (NR): ERRNO`),
// once per number per process, on stderr. Asked for by -strace or by the environment
// variable COMPAT_RUN_REPORT_UNIMPLEMENTED=1 (docs/usage.md, docs/syscalls.md), so a
// user can see which call a failing program wanted without reading a whole trace.
import Glibc
import Synchronization

public enum UnimplementedSyscalls {
    /// The environment variable that asks for reports without -strace.
    public static let environmentVariable = "COMPAT_RUN_REPORT_UNIMPLEMENTED"

    public static var requestedByEnvironment: Bool {
        getenv(environmentVariable).map { String(cString: $0) == "1" } ?? false
    }

    /// A number the table leaves out (ENOSYS).
    static func report(_ number: UInt64) {
        let name = SyscallNumber(rawValue: Int(truncatingIfNeeded: number))?.name ?? "syscall_\(number)"
        reportOnce(number, "compat-run: unimplemented syscall \(name) (\(number))\n")
    }

    /// A table entry that always fails with `errno` (a deliberate refusal such as rseq's ENOSYS).
    static func report(_ number: SyscallNumber, refusedWith errno: Int64) {
        let n = UInt64(number.rawValue)
        reportOnce(n, "compat-run: refused syscall \(number.name) (\(n)): \(SyscallTable.errnoName(errno))\n")
    }

    /// The lines a process has reported (for tests).
    static func reported() -> Set<UInt64> { reportedNumbers.withLock { $0 } }

    private static func reportOnce(_ number: UInt64, _ line: String) {
        guard reportedNumbers.withLock({ $0.insert(number).inserted }) else { return }
        Strace.emit(line)
    }

    private static let reportedNumbers = Mutex<Set<UInt64>>([])
}
