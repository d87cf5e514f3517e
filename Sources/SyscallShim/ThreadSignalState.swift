// The signal state Linux keeps per thread (in the task, not the shared sighand): the
// blocked mask, the alternate signal stack with stack_t's rules, and the bookkeeping
// between an interrupted syscall and the handler that runs after it. The host side
// effects (mirroring the mask to the host thread) stay in SignalDelivery.swift.

/// A guest `stack_t` as recorded by sigaltstack.
struct GuestSignalStack: Equatable, Sendable {
    var base: UInt64 = 0
    var flags: Int32 = Sig.ssDisable  // until the guest sets one
    var size: UInt64 = 0

    init(base: UInt64 = 0, flags: Int32 = Sig.ssDisable, size: UInt64 = 0) {
        self.base = base
        self.flags = flags
        self.size = size
    }
}

struct ThreadSignalState: Sendable {
    /// The signals this thread blocks; never SIGKILL or SIGSTOP.
    private(set) var blocked: SignalSet
    private(set) var altStack = GuestSignalStack()
    /// X0 of a restartable syscall that returned -EINTR (SA_RESTART runs it again).
    var interruptedSyscallX0: UInt64?
    /// The mask for the next frame's uc_sigmask when a syscall (rt_sigsuspend, ppoll...)
    /// waited under a temporary mask: rt_sigreturn puts it back.
    var maskBeforeTemporary: SignalSet?

    init(blocked: SignalSet) {
        self.blocked = blocked.subtracting(.unblockable)
    }

    /// A new thread's state (clone with CLONE_VM|CLONE_SIGHAND): the same blocked mask, no
    /// alternate signal stack (Linux's copy_process clears it for CLONE_VM without CLONE_VFORK).
    func forNewThread() -> ThreadSignalState { ThreadSignalState(blocked: blocked) }

    mutating func block(only set: SignalSet) { blocked = set.subtracting(.unblockable) }

    /// rt_sigprocmask's `how`.
    enum MaskChange: Int32 {
        case block = 0, unblock = 1, setMask = 2
    }

    /// The blocked mask after rt_sigprocmask(how, set); nil for an unknown `how` (EINVAL).
    func blocked(after how: Int32, _ set: SignalSet) -> SignalSet? {
        guard let change = MaskChange(rawValue: how) else { return nil }
        let result: SignalSet = switch change {
        case .block: blocked.union(set)
        case .unblock: blocked.subtracting(set)
        case .setMask: set
        }
        return result.subtracting(.unblockable)
    }

    /// The mask a handler for `sig` runs under (signal_delivered): the blocked mask, the
    /// action's sa_mask, and `sig` itself unless SA_NODEFER.
    func handlerMask(for sig: Int32, _ action: GuestSigaction) -> SignalSet {
        var mask = blocked.union(action.mask)
        if !action.flags.contains(.noDefer) { mask.insert(.signal(sig)) }
        return mask.subtracting(.unblockable)
    }

    /// Whether any of `pending` is not blocked.
    func canDeliver(any pending: SignalSet) -> Bool { !pending.subtracting(blocked).isEmpty }

    // MARK: the alternate signal stack (do_sigaltstack, sas_ss_flags, sigsp)

    /// on_sig_stack: `sp` inside the recorded stack (never while SS_AUTODISARM is set).
    static func isOn(_ stack: GuestSignalStack, sp: UInt64) -> Bool {
        stack.flags & Sig.ssAutoDisarm == 0 && sp > stack.base && sp - stack.base <= stack.size
    }

    /// `sas_ss_flags(sp)`: SS_DISABLE without an alternate stack, SS_ONSTACK while `sp` is on
    /// it, else 0.
    func altStackState(sp: UInt64) -> Int32 {
        if altStack.size == 0 { return Sig.ssDisable }
        return Self.isOn(altStack, sp: sp) ? Sig.ssOnStack : 0
    }

    /// What sigaltstack reports as the old stack: the recorded base and size with
    /// sas_ss_flags(sp) | (recorded flags & SS_AUTODISARM), as do_sigaltstack does.
    func reportedAltStack(sp: UInt64) -> GuestSignalStack {
        GuestSignalStack(base: altStack.base, flags: altStackState(sp: sp) | (altStack.flags & Sig.ssAutoDisarm),
                         size: altStack.size)
    }

    /// do_sigaltstack's "set" half (sigaltstack and rt_sigreturn's restore_altstack):
    /// EPERM while running on the current one, EINVAL for an unknown mode, ENOMEM below
    /// MINSIGSTKSZ. Returns 0 or a negative errno.
    mutating func setAltStack(_ new: GuestSignalStack, sp: UInt64) -> Int64 {
        if Self.isOn(altStack, sp: sp) { return -Errno.EPERM }
        let mode = new.flags & ~Sig.ssAutoDisarm
        guard mode == 0 || mode == Sig.ssOnStack || mode == Sig.ssDisable else { return -Errno.EINVAL }
        if mode == Sig.ssDisable {
            altStack = GuestSignalStack(base: 0, flags: new.flags, size: 0)
        } else {
            guard new.size >= Sig.minStackSize else { return -Errno.ENOMEM }
            altStack = new
        }
        return 0
    }

    /// Where a handler's frame goes (get_sigframe's sigsp): the top of the alternate stack for
    /// an SA_ONSTACK action not already running on it, else `sp`. Also returns the stack as
    /// uc_stack records it (__save_altstack); SS_AUTODISARM then disarms it.
    mutating func frameStack(for action: GuestSigaction, sp: UInt64) -> (top: UInt64, saved: GuestSignalStack) {
        let saved = altStack
        let top = action.flags.contains(.onStack) && altStackState(sp: sp) == 0 ? altStack.base &+ altStack.size : sp
        if altStack.flags & Sig.ssAutoDisarm != 0 { altStack = GuestSignalStack() }
        return (top, saved)
    }
}
