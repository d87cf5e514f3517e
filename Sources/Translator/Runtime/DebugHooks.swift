// What a debugger (compat-run's gdb stub, `-g PORT`) needs from the dispatcher: stop a
// thread before a breakpoint address or after one stepped instruction, stop every other
// thread while one is stopped (all-stop), and see guest faults before the OS personality
// delivers them. Only an engine with `debugHooks` set pays for any of it; it then runs
// without chaining, so every block returns to the dispatcher, where the checks live.
import CSupport
import Glibc

/// Why a thread stopped for the debugger.
public enum DebugStop: Sendable, Equatable {
    /// The first instruction of the program is about to run.
    case start
    /// A breakpoint address was reached, or a single step completed.
    case trap
    /// The guest takes this Linux signal (a fault, an undefined instruction, BRK).
    case signal(Int32)
}

/// One guest thread as the debugger sees it.
public struct DebugThread: Sendable {
    /// The host (= guest) thread id.
    public let tid: Int32
    public let cpu: CPUState
}

/// How the debugger lets the stopped thread go on.
public enum DebugResume: Sendable, Equatable {
    /// Every thread runs.
    case `continue`
    /// Only the stopped thread runs, for one instruction; the others stay stopped.
    case step
    /// Debugging ends: every thread runs and nothing stops again.
    case detach
}

/// Breakpoints, stepping and the all-stop rule, shared by every guest thread. Its own
/// mutex guards it; `shouldStop` is called with the engine lock held, the stop handler
/// without it (it talks to the debugger for as long as the user likes).
public final class DebugHooks: @unchecked Sendable {
    /// Runs on the stopped thread, which holds the debugger session until it returns.
    /// `threads` lists every guest thread known to the dispatcher.
    public var onStop: ((DebugThread, DebugStop, _ threads: [DebugThread]) -> DebugResume)?

    private let mutex = ConditionMutex()
    /// Serialises stops: one thread talks to the debugger at a time.
    private let session = HostMutex()
    private var breakpoints: Set<UInt64> = []
    /// A thread holds the session: the others park at their next dispatcher visit.
    private var stopAll = false
    /// The thread allowed to run (one step) while the others stay parked.
    private var stepper: Int32?
    private var detached = false
    /// The debugger asked to stop the running program (Ctrl-C): the next thread to visit the
    /// dispatcher reports SIGINT.
    private var interruptRequested = false
    private var startPending = true
    private var threads: [UnsafeMutableRawPointer: ThreadState] = [:]

    private struct ThreadState {
        var tid: Int32
        /// Has run its stepped instruction's block: stop at the next dispatcher visit.
        var stepEntered = false
        /// Just resumed at a breakpoint: run that instruction rather than stop again.
        var skipBreakpointAt: UInt64?
    }

    public init() {}

    // MARK: called by the debugger (while the world is stopped)

    /// True once the debugger detached (or this is a forked child, which the debugger never saw).
    public var isDetached: Bool { mutex.withLock { detached } }

    /// In a fork child: only the forking thread exists and the debugger follows the parent,
    /// so the child runs on undebugged.
    func forkedChild() {
        mutex.withLock {
            detached = true
            stopAll = false
            stepper = nil
            breakpoints.removeAll()
            threads = threads.filter { $0.value.tid == DebugHooks.currentTID() }
        }
    }

    /// Stops the running program at the next block any thread starts (threads blocked in a
    /// system call stop when it returns).
    public func requestStop() { mutex.withLock { interruptRequested = true } }

    func insert(_ address: UInt64) -> Bool { mutex.withLock { breakpoints.insert(address).inserted } }
    func remove(_ address: UInt64) -> Bool { mutex.withLock { breakpoints.remove(address) != nil } }

    // MARK: called by the dispatcher

    /// The instruction limit for a block at `pc`: 1 while stepping, else the block ends
    /// before the next breakpoint, so a breakpoint address always starts a block.
    /// Engine lock held.
    func blockLimit(at pc: UInt64, maximum: Int) -> Int {
        mutex.withLock {
            if stepper != nil { return 1 }
            var limit = maximum
            for b in breakpoints where b > pc && (b - pc) / 4 < UInt64(limit) { limit = Int((b - pc) / 4) }
            return max(1, limit)
        }
    }

    /// Decides, at a dispatcher visit of `cpu` (engine lock held), whether the thread must
    /// wait for the debugger before running the block at cpu.pc.
    func shouldStop(_ cpu: CPUState) -> Bool {
        mutex.withLock {
            if detached { return false }
            let tid = threads[cpu.raw]?.tid ?? DebugHooks.currentTID()
            var state = threads[cpu.raw] ?? ThreadState(tid: tid)
            defer { threads[cpu.raw] = state }
            if stopAll && stepper != tid { return true }
            if startPending || interruptRequested { return true }
            if stepper == tid {
                if state.stepEntered { return true }
                state.stepEntered = true
            }
            if breakpoints.contains(cpu.pc) && state.skipBreakpointAt != cpu.pc { return true }
            state.skipBreakpointAt = nil
            return false
        }
    }

    /// The thread of `cpu` waits (engine lock not held): while another thread has the
    /// debugger it parks; then it reports `reason` (or the breakpoint, step or start that
    /// stopped it, if still true) and waits for the debugger's answer. Returns true when
    /// the step mode changed (the caller must drop its translations).
    func stop(_ cpu: CPUState, reason: DebugStop?) -> Bool {
        mutex.lock()
        let me = threads[cpu.raw]?.tid ?? DebugHooks.currentTID()
        while stopAll && stepper != me && !detached { mutex.wait() }
        mutex.unlock()
        session.lock(); defer { session.unlock() }
        mutex.lock()
        // A thread that only parked has nothing to report: it runs on (and parks again at
        // its next dispatcher visit if the world stopped meanwhile).
        guard !detached, let why = reason ?? pendingStop(cpu, me) else { mutex.unlock(); return false }
        startPending = false
        let wasStepping = stepper != nil
        stopAll = true
        stepper = nil
        threads[cpu.raw, default: ThreadState(tid: me)].stepEntered = false
        let all = threads.map { DebugThread(tid: $0.value.tid, cpu: CPUState(raw: $0.key)) }.sorted { $0.tid < $1.tid }
        mutex.unlock()
        let resume = onStop?(DebugThread(tid: me, cpu: cpu), why, all) ?? .continue
        mutex.lock()
        threads[cpu.raw, default: ThreadState(tid: me)].skipBreakpointAt = cpu.pc
        switch resume {
        case .continue: stopAll = false
        case .step: stepper = me
        case .detach: stopAll = false; detached = true; breakpoints.removeAll()
        }
        let changed = wasStepping != (stepper != nil) || resume == .detach
        mutex.broadcast()
        mutex.unlock()
        return changed
    }

    /// What stopped the thread of `cpu` at this dispatcher visit, if anything. Mutex held.
    private func pendingStop(_ cpu: CPUState, _ me: Int32) -> DebugStop? {
        if startPending { return .start }
        if interruptRequested { interruptRequested = false; return .signal(SIGINT) }
        if stepper == me && threads[cpu.raw]?.stepEntered == true { return .trap }
        if breakpoints.contains(cpu.pc) && threads[cpu.raw]?.skipBreakpointAt != cpu.pc { return .trap }
        return nil
    }

    /// The calling host thread's id (x86-64 gettid, which Glibc does not export to Swift).
    static func currentTID() -> Int32 { Int32(truncatingIfNeeded: cr_syscall6(186, 0, 0, 0, 0, 0, 0)) }

    /// The thread of `cpu` has ended.
    func forget(_ cpu: CPUState) { mutex.withLock { _ = threads.removeValue(forKey: cpu.raw) } }

    /// The Linux signal a guest exit raises, if the debugger should see it first.
    static func signal(of exit: GuestExit) -> Int32? {
        switch exit {
        case .fault(let signal, _, _): return signal
        case .fetchFault(let f): return f == .misaligned ? SIGBUS : SIGSEGV
        case .undefinedInstruction: return SIGILL
        case .breakpoint: return SIGTRAP
        case .syscall, .interrupted, .hostFault: return nil
        }
    }
}

/// A mutex with one condition (parked threads wait on it).
private final class ConditionMutex: @unchecked Sendable {
    private let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let c = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(m, nil); pthread_cond_init(c, nil) }
    func lock() { pthread_mutex_lock(m) }
    func unlock() { pthread_mutex_unlock(m) }
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock(); defer { unlock() }
        return try body()
    }
    func wait() { pthread_cond_wait(c, m) }
    func broadcast() { pthread_cond_broadcast(c) }
}

extension Engine {
    /// Debugger checks before the block at cpu.pc runs (engine lock held; it is released
    /// while the thread waits). Translations are dropped when stepping starts or ends.
    func debugCheck(_ cpu: CPUState, _ hooks: DebugHooks) {
        // Asked again after each stop: the answer (a step, a new pc) decides the next one.
        while hooks.shouldStop(cpu) {
            lock.unlock()
            let modeChanged = hooks.stop(cpu, reason: nil)
            lock.lock()
            if modeChanged { flushLocked(.invalidation) }
        }
    }

    /// A guest exit the debugger sees before the OS personality handles it (no lock held).
    func debugReport(_ exit: GuestExit, _ cpu: CPUState, _ hooks: DebugHooks) {
        guard let signal = DebugHooks.signal(of: exit) else { return }
        if hooks.stop(cpu, reason: .signal(signal)) { lock.withLock { flushLocked(.invalidation) } }
    }

    /// Sets or clears a breakpoint; the translations of its page go, so the next block
    /// there is cut at the address. False if it was already so.
    public func setBreakpoint(_ address: UInt64, _ on: Bool) -> Bool {
        guard let hooks = debugHooks else { return false }
        let changed = on ? hooks.insert(address) : hooks.remove(address)
        if changed { invalidate(start: address, length: 4) }
        return changed
    }

    /// Guest memory the debugger wrote: translations of it go.
    public func debuggerWrote(_ address: UInt64, length: UInt64) {
        invalidate(start: address, length: max(1, length))
    }
}
