// The arm64 syscall personality as data: one entry per guest syscall number
// (asm-generic/unistd.h numbering) with its name, how strace prints its
// arguments and result, and the handler. Adding a syscall is one line here or in
// the family file that owns it.
import Translator

/// The guest's syscall arguments, read lazily from X0...X5.
struct SyscallArgs {
    let cpu: CPUState
    @inline(__always) subscript(_ i: Int) -> UInt64 { cpu.x(i) }
    /// Argument i as a C `int` (the kernel truncates int arguments to 32 bits).
    @inline(__always) func int32(_ i: Int) -> Int32 { Int32(truncatingIfNeeded: cpu.x(i)) }
    /// Argument i as a signed 64-bit value.
    @inline(__always) func int(_ i: Int) -> Int64 { Int64(bitPattern: cpu.x(i)) }
}

/// How strace shows one argument.
enum ArgKind: Sendable {
    case dec, udec, hex, ptr, oct
    case fd, dirfd, path, openFlags, signal
}

/// How strace shows the result.
enum ResultKind: Sendable {
    case dec, hex
    /// exit: the thread ends; exit_group: the process ends (strace prints no result).
    case exitThread, exitProcess
}

typealias SyscallHandler = @Sendable (LinuxPersonality, SyscallArgs) -> Int64

struct SyscallEntry: Sendable {
    let number: Int
    let name: String
    let args: [ArgKind]
    let result: ResultKind
    let handler: SyscallHandler

    /// A syscall handled by `handler`.
    static func custom(_ number: Int, _ name: String, _ args: [ArgKind], result: ResultKind = .dec,
                       _ handler: @escaping SyscallHandler) -> SyscallEntry {
        SyscallEntry(number: number, name: name, args: args, result: result, handler: handler)
    }

    /// A syscall whose arguments and result are identical on both architectures:
    /// forwarded unchanged to host syscall `host`.
    static func pass(_ number: Int, _ name: String, _ args: [ArgKind], host: Int,
                     result: ResultKind = .dec) -> SyscallEntry {
        SyscallEntry(number: number, name: name, args: args, result: result) { _, a in
            hostSyscall(host, a[0], a[1], a[2], a[3], a[4], a[5])
        }
    }

    /// A syscall that always fails with `errno` (known to the table so strace names it).
    static func fail(_ number: Int, _ name: String, _ args: [ArgKind], errno: Int64) -> SyscallEntry {
        SyscallEntry(number: number, name: name, args: args, result: .dec) { _, _ in -errno }
    }
}

enum SyscallTable {
    /// Highest guest syscall number + 1 the table can hold.
    static let capacity = 512

    /// Entries indexed by guest syscall number; nil means unimplemented (-ENOSYS).
    static let entries: [SyscallEntry?] = {
        var table = [SyscallEntry?](repeating: nil, count: capacity)
        let families = [fileSyscalls, pathSyscalls, memorySyscalls, processSyscalls,
                        identitySyscalls, timeSyscalls, signalSyscalls]
        for entry in families.joined() {
            precondition(entry.number < capacity && table[entry.number] == nil,
                         "syscall \(entry.number) (\(entry.name)) declared twice or out of range")
            table[entry.number] = entry
        }
        return table
    }()

    @inline(__always) static func entry(_ number: UInt64) -> SyscallEntry? {
        number < UInt64(capacity) ? entries[Int(number)] : nil
    }
}
