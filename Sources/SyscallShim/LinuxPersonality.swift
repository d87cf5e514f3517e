// The Linux arm64 personality of one guest thread: the state a thread sees through
// its syscalls (ThreadSignalState, thread-id addresses) plus the process it belongs to
// (GuestProcessState: ProgramBreak, SignalDispositions, GuestPaths, the address space),
// and the entry point the run loop calls on every SVC.
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
    /// Report each unimplemented or refused syscall once, by name, on stderr: with -strace or
    /// when the environment sets COMPAT_RUN_REPORT_UNIMPLEMENTED=1 (UnimplementedSyscalls.swift).
    public var reportsUnimplemented: Bool
    /// What a compat-run re-entered for the guest's execve inherits (InheritedOptions.swift).
    public var inherited: InheritedOptions

    public init(strace: Bool = false, executablePath: String = "", sysroot: String? = nil,
                reportsUnimplemented: Bool = UnimplementedSyscalls.requestedByEnvironment,
                inherited: InheritedOptions? = nil) {
        self.strace = strace
        self.executablePath = executablePath
        self.sysroot = sysroot
        self.reportsUnimplemented = strace || reportsUnimplemented
        self.inherited = inherited ?? InheritedOptions(strace: strace)
    }
}

public enum SyscallOutcome: Equatable, Sendable {
    case resume
    /// exit_group (or a fatal condition): the whole process ends with this status.
    case exitProcess(Int32)
    /// exit: only the calling thread ends (the process too when it was the last one).
    case exitThread(Int32)
}

public final class LinuxPersonality: @unchecked Sendable {
    /// What every thread of this guest process shares.
    let process: GuestProcessState
    var options: ShimOptions { process.options }
    var auxvBytes: [UInt8] { process.auxvBytes }
    /// Called with (start, length) when guest memory is unmapped, reprotected or
    /// replaced, so the translator can drop code translated from that range.
    public var onExecutableRangeChanged: ((UInt64, UInt64) -> Void)? {
        get { process.onExecutableRangeChanged }
        set { process.onExecutableRangeChanged = newValue }
    }

    // Per thread (Linux keeps these in the task, not the signal struct or mm).
    /// Blocked mask (mirrored to this host thread), alternate stack, restart bookkeeping.
    var signals: ThreadSignalState
    /// The thread's blocked signals.
    public var blockedSignals: SignalSet { signals.blocked }
    /// Addresses recorded by set_tid_address / CLONE_CHILD_CLEARTID and set_robust_list.
    public internal(set) var clearChildTid: UInt64 = 0
    public internal(set) var robustList: (head: UInt64, length: UInt64) = (0, 0)

    /// The personality of a process's first thread.
    public init(process: GuestProcessState) {
        self.process = process
        self.signals = ThreadSignalState(blocked: LinuxPersonality.currentHostMask())  // inherited across exec
    }

    /// A new thread of the same process (clone with CLONE_VM|CLONE_SIGHAND): it inherits
    /// the blocked mask; its alternate signal stack is cleared, as Linux's copy_process does.
    init(threadOf parent: LinuxPersonality) {
        self.process = parent.process
        self.signals = parent.signals.forNewThread()
    }

    public convenience init(brkStart: UInt64, brkLimit: UInt64, options: ShimOptions) {
        self.init(process: GuestProcessState(brkStart: brkStart, brkLimit: brkLimit, options: options))
    }

    /// The personality for a freshly loaded program; `options.executablePath`, when set,
    /// overrides the path the program was loaded from.
    public convenience init(program: LoadedProgram, options: ShimOptions) {
        self.init(process: GuestProcessState(program: program, options: options))
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
        let statsStart = ShimStats.enabled ? ShimStats.begin(number) : 0
        defer { if ShimStats.enabled { ShimStats.end(number, since: statsStart) } }
        guard let entry = SyscallTable.entry(number) else {
            if options.strace { Strace.unknown(number) }
            if options.reportsUnimplemented { UnimplementedSyscalls.report(number) }
            cpu.setX(0, UInt64(bitPattern: -Errno.ENOSYS))
            return .resume
        }
        if options.strace { Strace.begin(entry, args) }
        switch entry.flow {
        case .endsThread: return .exitThread(args.int32(0))
        case .endsProcess: return .exitProcess(args.int32(0))
        case .returns, .restoresContext, .replacesProgram: break
        }
        let originalX0 = cpu.x(0)
        let result = entry.perform(self, args)
        if options.strace { Strace.end(entry, result) }
        if options.reportsUnimplemented, case .fails(let errno) = entry.handling {
            UnimplementedSyscalls.report(entry.number, refusedWith: errno)  // after strace's line, not inside it
        }
        if result == -Errno.EINTR { noteInterrupted(number, originalX0: originalX0, cpu: cpu) }
        cpu.setX(0, UInt64(bitPattern: result))
        return .resume
    }

    /// The process-wide disposition of `signal` (shared by all threads, CLONE_SIGHAND).
    public func signalAction(_ signal: Int32) -> GuestSigaction { process.signalAction(signal) }

    func rangeChanged(_ start: UInt64, _ length: UInt64) {
        if length > 0 { process.onExecutableRangeChanged?(start, length) }
    }
}
