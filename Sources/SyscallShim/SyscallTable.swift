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

/// How strace shows one argument (StraceNames.swift and StraceStructs.swift hold the tables).
enum ArgKind: Sendable {
    case dec, udec, hex, ptr, oct
    case fd, dirfd, path, openFlags, signal
    case addressFamily, socketType
    /// A flag word or an enumerated value, named by a table (StraceNames.swift).
    case flags(FlagTable), value(ValueTable)
    /// Pointers to structs the call reads, summarised: timespec, itimerspec, sigset_t,
    /// struct sigaction, stack_t, struct sockaddr, struct epoll_event, a NULL-terminated
    /// array of strings (execve's argv and envp).
    case timespec, itimerspec, sigset, sigaction, signalStack, sockaddr, epollEvent, stringArray
    /// A buffer the call reads, whose length is argument `length`: its first bytes, quoted.
    case buffer(length: Int)
}

/// How strace shows the result.
enum ResultKind: Sendable {
    case dec, hex
}

/// What follows the call: most return a result to X0; a few never return to the SVC.
enum SyscallFlow: Sendable, Equatable {
    /// The result goes to X0 and the guest continues after the SVC.
    case returns
    /// exit: only the calling thread ends, with status argument 0 (strace prints no result).
    case endsThread
    /// exit_group: the process ends with status argument 0 (strace prints no result).
    case endsProcess
    /// rt_sigreturn: the signal frame replaces every register; the "result" is the restored X0.
    case restoresContext
    /// execve: on success the program is replaced and the call does not return.
    case replacesProgram
}

typealias SyscallHandler = @Sendable (LinuxPersonality, SyscallArgs) -> Int64

/// How an entry is handled, for docs/syscalls.md.
enum SyscallHandling: Sendable, Equatable {
    /// Forwarded unchanged to this x86-64 syscall.
    case passThrough(host: Int)
    /// Forwarded to this x86-64 syscall with the path in argument `argument` looked up
    /// like every guest path (the guest's /proc/self/exe, the -L sysroot).
    case passRedirectingPath(host: Int, argument: Int)
    /// Forwarded to this x86-64 syscall with argument `argument` (an O_* flags word)
    /// translated by OpenFlags.toHost.
    case passTranslatingOpenFlags(host: Int, argument: Int)
    /// The shim converts arguments or results, or emulates the call.
    case custom
    /// Always fails with this errno: a deliberate refusal.
    case fails(errno: Int64)
}

/// A class, not a struct: every guest syscall reads its entry, and copying a struct of
/// arrays, strings and a closure out of the table retained and released each of them.
/// Only `.custom` entries hold a closure: the others are run from their `handling`
/// (`perform`), so building the table (at every process's first syscall) allocates the
/// entry alone, not a closure context and a list of path arguments for each pass-through.
final class SyscallEntry: Sendable {
    let number: SyscallNumber
    let args: [ArgKind]
    let result: ResultKind
    let handling: SyscallHandling
    let flow: SyscallFlow
    /// Why it is handled this way (docs/syscalls.md); empty when the name says it all.
    let note: String
    /// The shim's code for a `.custom` entry; nil for the others.
    private let customHandler: SyscallHandler?

    private init(number: SyscallNumber, args: [ArgKind], result: ResultKind, handling: SyscallHandling,
                 flow: SyscallFlow = .returns, note: String = "", customHandler: SyscallHandler? = nil) {
        self.number = number; self.args = args; self.result = result; self.handling = handling
        self.flow = flow; self.note = note; self.customHandler = customHandler
    }

    var name: String { number.name }

    /// Runs the syscall for the guest: the custom handler, or what `handling` says.
    func perform(_ p: LinuxPersonality, _ a: SyscallArgs) -> Int64 {
        switch handling {
        case .custom:
            return customHandler?(p, a) ?? 0
        case .passThrough(let host):
            if RootFSSyscalls.active && (number == .getcwd || args.contains(where: \.isPath)) {
                return p.passInRootFS(number, host: host, paths: args.indices.filter { args[$0].isPath }, a)
            }
            return hostSyscall(host, a[0], a[1], a[2], a[3], a[4], a[5])
        case .passRedirectingPath(let host, let path):
            var v = [a[0], a[1], a[2], a[3], a[4], a[5]]
            return p.withHostPath(v[path]) { hostPath in
                v[path] = hostPath
                return hostSyscall(host, v[0], v[1], v[2], v[3], v[4], v[5])
            }
        case .passTranslatingOpenFlags(let host, let flags):
            var v = [a[0], a[1], a[2], a[3], a[4], a[5]]
            v[flags] = OpenFlags.toHost(v[flags])
            return hostSyscall(host, v[0], v[1], v[2], v[3], v[4], v[5])
        case .fails(let errno):
            return -errno
        }
    }

    /// A syscall handled by `handler`.
    static func custom(_ number: SyscallNumber, _ args: [ArgKind], result: ResultKind = .dec,
                       flow: SyscallFlow = .returns, note: String = "",
                       _ handler: @escaping SyscallHandler) -> SyscallEntry {
        SyscallEntry(number: number, args: args, result: result, handling: .custom, flow: flow, note: note,
                     customHandler: handler)
    }

    /// exit or exit_group: ends the thread or the process with status argument 0; the run
    /// loop does the ending, so there is no handler to call.
    static func ends(_ number: SyscallNumber, _ flow: SyscallFlow) -> SyscallEntry {
        precondition(flow == .endsThread || flow == .endsProcess)
        return SyscallEntry(number: number, args: [.dec], result: .dec, handling: .custom, flow: flow)
    }

    /// A syscall whose arguments and result are identical on both architectures:
    /// forwarded unchanged to host syscall `host`.
    static func pass(_ number: SyscallNumber, _ args: [ArgKind], host: Int,
                     result: ResultKind = .dec, note: String = "") -> SyscallEntry {
        SyscallEntry(number: number, args: args, result: result, handling: .passThrough(host: host), note: note)
    }

    /// Syscalls numbered from 424 on (pidfd_send_signal onwards) have the same number on every
    /// architecture (the kernel's unified table): the guest's number is the host's.
    static let firstUnifiedNumber = 424

    /// A pass-through of a syscall in the unified range.
    static func passUnified(_ number: SyscallNumber, _ args: [ArgKind], result: ResultKind = .dec,
                            note: String = "") -> SyscallEntry {
        precondition(number.rawValue >= firstUnifiedNumber, "\(number) is not in the unified range")
        return pass(number, args, host: number.rawValue, result: result, note: note)
    }

    /// passPath for a syscall in the unified range.
    static func passPathUnified(_ number: SyscallNumber, _ args: [ArgKind], path: Int, result: ResultKind = .dec,
                                note: String = "") -> SyscallEntry {
        precondition(number.rawValue >= firstUnifiedNumber, "\(number) is not in the unified range")
        return passPath(number, args, host: number.rawValue, path: path, result: result, note: note)
    }

    /// A pass-through whose argument `flags` is an O_* flags word (or a flag set built on
    /// O_CLOEXEC/O_NONBLOCK), translated by OpenFlags.toHost.
    static func passFlags(_ number: SyscallNumber, _ args: [ArgKind], host: Int, flags: Int,
                          result: ResultKind = .dec, note: String = "") -> SyscallEntry {
        SyscallEntry(number: number, args: args, result: result,
                     handling: .passTranslatingOpenFlags(host: host, argument: flags), note: note)
    }

    /// A pass-through whose argument `path` is a guest path, looked up like every guest
    /// path the shim reads (ProcEmulation.swift: /proc/self/exe, the -L sysroot).
    static func passPath(_ number: SyscallNumber, _ args: [ArgKind], host: Int, path: Int,
                         result: ResultKind = .dec, note: String = "") -> SyscallEntry {
        SyscallEntry(number: number, args: args, result: result,
                     handling: .passRedirectingPath(host: host, argument: path), note: note)
    }

    /// A syscall that always fails with `errno` (known to the table so strace names it).
    /// Reported once when asked (UnimplementedSyscalls.swift).
    static func fail(_ number: SyscallNumber, _ args: [ArgKind], errno: Int64, note: String = "") -> SyscallEntry {
        SyscallEntry(number: number, args: args, result: .dec, handling: .fails(errno: errno), note: note)
    }
}

extension ArgKind {
    /// A guest path (what --rootfs looks up in a pass-through).
    var isPath: Bool { if case .path = self { true } else { false } }
}

enum SyscallTable {
    /// Highest guest syscall number + 1 the table can hold.
    static let capacity = 512

    /// Entries indexed by guest syscall number; nil means unimplemented (-ENOSYS).
    static let entries: [SyscallEntry?] = {
        var table = [SyscallEntry?](repeating: nil, count: capacity)
        let families = [fileSyscalls, pathSyscalls, memorySyscalls, processSyscalls,
                        identitySyscalls, timeSyscalls, signalSyscalls,
                        socketSyscalls, eventSyscalls, xattrSyscalls, ipcSyscalls, processControlSyscalls]
        for entry in families.joined() {
            precondition(entry.number.rawValue < capacity && table[entry.number.rawValue] == nil,
                         "syscall \(entry.number.rawValue) (\(entry.name)) declared twice or out of range")
            table[entry.number.rawValue] = entry
        }
        return table
    }()

    @inline(__always) static func entry(_ number: UInt64) -> SyscallEntry? {
        number < UInt64(capacity) ? entries[Int(number)] : nil
    }
}
