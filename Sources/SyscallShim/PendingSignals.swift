// Signals recorded for one thread and not yet delivered to the guest. The queue lives in
// C (CSupport's cr_pending_signals) because it is filled inside a host signal handler,
// where only async-signal-safe code may run; this type is its Swift face and states its
// rules, which are Linux's:
// - a standard signal (1...31) coalesces: one pending instance, the latest siginfo;
// - a real-time signal (32...64) queues: every instance keeps its siginfo, in arrival
//   order (up to CR_RT_QUEUE extra instances, then they coalesce as past RLIMIT_SIGPENDING);
// - the lowest-numbered deliverable signal is taken first.
import CSupport
import Glibc

struct PendingSignals {
    let queue: UnsafeMutablePointer<cr_pending_signals>

    /// The queue the host handler records into for the calling thread.
    static var ofCallingThread: PendingSignals { PendingSignals(queue: cr_thread_pending_signals()) }

    /// The signals with at least one instance recorded.
    var signals: SignalSet { SignalSet(rawValue: cr_pending_set(queue)) }

    /// Records an instance, as the host handler does (nil: a siginfo with only si_signo).
    func record(_ sig: Int32, _ info: UnsafePointer<siginfo_t>? = nil) {
        cr_pending_record(queue, sig, info)
    }

    /// Takes the next instance of the lowest pending signal not in `blocked`, with its siginfo.
    func take(notIn blocked: SignalSet, info: inout siginfo_t) -> Int32? {
        let sig = cr_pending_take(queue, blocked.rawValue, &info)
        return sig == 0 ? nil : sig
    }

    /// Forgets every instance of `sig` (the guest now ignores it).
    func discard(_ sig: Int32) { cr_pending_discard(queue, sig) }
}
