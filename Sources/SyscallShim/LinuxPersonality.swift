// The Linux arm64 personality: the state a guest process sees through its
// syscalls (emulated break, recorded signal state, thread-id addresses) and the
// entry point the run loop calls on every SVC.
import Glibc
import Loader
import Translator

public struct ShimOptions: Sendable {
    /// Print each syscall like `qemu-aarch64 -strace`.
    public var strace: Bool
    /// The guest executable as the guest should see it (/proc/self/exe).
    public var executablePath: String
    /// `-L`: absolute paths the guest uses are served from here when the file exists
    /// there (qemu's semantics); nil: no redirection.
    public var sysroot: String?

    public init(strace: Bool = false, executablePath: String = "", sysroot: String? = nil) {
        self.strace = strace
        self.executablePath = executablePath
        self.sysroot = sysroot
    }
}

public enum SyscallOutcome: Equatable, Sendable {
    case resume
    /// exit / exit_group with this status (single-threaded: both end the process).
    case exitProcess(Int32)
}

/// The guest's view of one signal's disposition (arm64 `struct sigaction` order).
public struct GuestSigaction: Equatable, Sendable {
    public var handler: UInt64
    public var flags: UInt64
    public var restorer: UInt64
    public var mask: UInt64

    public init(handler: UInt64 = 0, flags: UInt64 = 0, restorer: UInt64 = 0, mask: UInt64 = 0) {
        self.handler = handler
        self.flags = flags
        self.restorer = restorer
        self.mask = mask
    }
}

/// A guest `stack_t` as recorded by sigaltstack.
public struct GuestSignalStack: Equatable, Sendable {
    public var base: UInt64 = 0
    public var flags: Int32 = 2  // SS_DISABLE until the guest sets one
    public var size: UInt64 = 0
}

public final class LinuxPersonality {
    let options: ShimOptions
    /// Absolute path of the guest executable (what readlink("/proc/self/exe") returns).
    let executablePath: String
    /// Where the guest's absolute paths are looked up first (Sysroot.swift in Loader).
    let sysroot: Sysroot?

    // Emulated program break: moves inside [brkStart, brkLimit), reserved PROT_NONE by the loader.
    let brkStart: UInt64
    let brkLimit: UInt64
    var brkCurrent: UInt64

    public private(set) var signalActions: [Int32: GuestSigaction] = [:]
    /// The guest's blocked-signal mask (bit n-1 for signal n); the host's mask is not changed.
    public internal(set) var signalMask: UInt64 = 0
    public internal(set) var signalStack = GuestSignalStack()
    /// Addresses recorded by set_tid_address / CLONE_CHILD_CLEARTID and set_robust_list.
    public internal(set) var clearChildTid: UInt64 = 0
    public internal(set) var robustList: (head: UInt64, length: UInt64) = (0, 0)
    /// Signal delivery bookkeeping (SignalDelivery.swift): X0 of a restartable syscall
    /// that returned -EINTR, and the mask to put in the next frame's uc_sigmask when a
    /// syscall (rt_sigsuspend, ppoll...) waited under a temporary mask.
    var interruptedSyscallX0: UInt64?
    var savedMaskForDelivery: UInt64?
    var sigreturnTrampolineAddress: UInt64 = 0

    /// Called with (start, length) when guest memory is unmapped, reprotected or
    /// replaced, so the translator can drop code translated from that range.
    public var onExecutableRangeChanged: ((UInt64, UInt64) -> Void)?
    /// The auxiliary vector as the guest received it, for /proc/self/auxv.
    var auxvBytes: [UInt8] = []

    public init(brkStart: UInt64, brkLimit: UInt64, options: ShimOptions) {
        self.options = options
        self.executablePath = LinuxPersonality.absolutePath(options.executablePath)
        self.sysroot = Sysroot(options.sysroot)
        self.brkStart = brkStart
        self.brkLimit = brkLimit
        self.brkCurrent = brkStart
        self.signalMask = LinuxPersonality.currentHostMask() & ~Sig.unblockable  // inherited across exec
    }

    /// The personality for a freshly loaded program; `options.executablePath`, when set,
    /// overrides the path the program was loaded from.
    public convenience init(program: LoadedProgram, options: ShimOptions) {
        var options = options
        if options.executablePath.isEmpty { options.executablePath = program.executablePath }
        self.init(brkStart: program.brkStart, brkLimit: program.brkLimit, options: options)
        for e in program.auxv + [AuxEntry(type: 0, value: 0)] {  // AT_NULL-terminated, as the kernel shows it
            withUnsafeBytes(of: e.type.littleEndian) { auxvBytes += $0 }
            withUnsafeBytes(of: e.value.littleEndian) { auxvBytes += $0 }
        }
    }

    /// Handles the SVC the guest just executed: number in X8, arguments in X0...X5,
    /// result (or negative errno) back in X0.
    public func handleSyscall(_ cpu: CPUState) -> SyscallOutcome {
        let number = cpu.x(8)
        if hasDeliverableSignal {
            // The signal arrived before this SVC: the handler runs first, then the SVC
            // again (the run loop delivers right after this returns).
            cpu.pc &-= 4
            return .resume
        }
        let args = SyscallArgs(cpu: cpu)
        guard let entry = SyscallTable.entry(number) else {
            if options.strace { Strace.unimplemented(number) }
            cpu.setX(0, UInt64(bitPattern: -Errno.ENOSYS))
            return .resume
        }
        if options.strace { Strace.begin(entry, args) }
        if entry.result == .noReturn {
            return .exitProcess(args.int32(0))
        }
        let originalX0 = cpu.x(0)
        let result = entry.handler(self, args)
        if options.strace { Strace.end(entry, result) }
        if result == -Errno.EINTR { noteInterrupted(number, originalX0: originalX0, cpu: cpu) }
        cpu.setX(0, UInt64(bitPattern: result))
        return .resume
    }

    func setSignalAction(_ signal: Int32, _ action: GuestSigaction) {
        signalActions[signal] = action
    }

    func rangeChanged(_ start: UInt64, _ length: UInt64) {
        if length > 0 { onExecutableRangeChanged?(start, length) }
    }

    private static func absolutePath(_ path: String) -> String {
        if path.isEmpty || path.hasPrefix("/") { return path }
        guard let cwd = getcwd(nil, 0) else { return path }
        defer { free(cwd) }
        let base = String(cString: cwd)
        let trimmed = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return base == "/" ? "/" + trimmed : base + "/" + trimmed
    }
}
