// What a guest process does with each signal (Linux's sighand_struct, shared by the
// threads of a process under CLONE_SIGHAND), and the typed values it is made of: signal
// sets, sa_flags, one sigaction. Signal numbers and these values are the same on arm64
// and x86-64; only struct sigaction's layout differs (GuestStructs.swift).

/// A set of signals as sigset_t holds it: 8 bytes, bit n-1 for signal n (1...64).
public struct SignalSet: OptionSet, Hashable, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The set holding only `sig` (1...64).
    public static func signal(_ sig: Int32) -> SignalSet { SignalSet(rawValue: 1 << UInt64(sig - 1)) }
    /// SIGKILL and SIGSTOP: no blocked mask or handler mask ever holds them.
    public static let unblockable: SignalSet = [.signal(Sig.kill), .signal(Sig.stop)]
    /// sizeof(sigset_t) as the kernel's signal syscalls insist on (sigsetsize).
    static let byteSize: UInt64 = 8

    public func contains(signal sig: Int32) -> Bool { contains(.signal(sig)) }
}

/// sa_flags (the same values on arm64 and x86-64).
public struct SigactionFlags: OptionSet, Equatable, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public static let noChildStop = SigactionFlags(rawValue: 1), noChildWait = SigactionFlags(rawValue: 2)
    public static let siginfo = SigactionFlags(rawValue: 4), restorer = SigactionFlags(rawValue: 0x0400_0000)
    public static let onStack = SigactionFlags(rawValue: 0x0800_0000), restart = SigactionFlags(rawValue: 0x1000_0000)
    public static let noDefer = SigactionFlags(rawValue: 0x4000_0000), resetHandler = SigactionFlags(rawValue: 0x8000_0000)
}

/// The guest's view of one signal's disposition (arm64 `struct sigaction` order).
public struct GuestSigaction: Equatable, Sendable {
    public var handler: UInt64
    public var flags: SigactionFlags
    public var restorer: UInt64
    /// sa_mask: blocked, on top of the thread's mask, while the handler runs.
    public var mask: SignalSet

    public init(handler: UInt64 = 0, flags: SigactionFlags = [], restorer: UInt64 = 0, mask: SignalSet = []) {
        self.handler = handler
        self.flags = flags
        self.restorer = restorer
        self.mask = mask
    }

    /// What sa_handler means: SIG_DFL (0), SIG_IGN (1) or a guest function.
    public enum Disposition: Equatable, Sendable {
        case defaultAction, ignore
        case handler(UInt64)
    }

    public var disposition: Disposition {
        switch handler {
        case Sig.defaultAction: .defaultAction
        case Sig.ignore: .ignore
        default: .handler(handler)
        }
    }

    /// Whether installing this action for `sig` discards its pending instances, as Linux's
    /// do_sigaction does: SIG_IGN, or SIG_DFL for a signal whose default is to ignore it.
    func discardsPending(_ sig: Int32) -> Bool {
        switch disposition {
        case .ignore: true
        case .defaultAction: Sig.defaultIgnored.contains(sig)
        case .handler: false
        }
    }
}

/// One disposition per signal, with rt_sigaction's and delivery's rules. Every guest
/// thread sees the same table; GuestProcessState keeps it under its lock.
struct SignalDispositions: Sendable {
    static let signals: ClosedRange<Int32> = 1...64
    private var actions = [GuestSigaction](repeating: GuestSigaction(), count: Int(signals.upperBound) + 1)

    /// The disposition of `sig`; SIG_DFL for a number that is not a signal.
    func action(for sig: Int32) -> GuestSigaction {
        Self.signals.contains(sig) ? actions[Int(sig)] : GuestSigaction()
    }

    /// rt_sigaction's change: nil (EINVAL) for a number that is not a signal, for SIGKILL and
    /// for SIGSTOP; the stored mask never holds SIGKILL or SIGSTOP. Returns what was stored.
    mutating func change(_ sig: Int32, to action: GuestSigaction) -> GuestSigaction? {
        guard Self.signals.contains(sig), !SignalSet.unblockable.contains(signal: sig) else { return nil }
        var stored = action
        stored.mask.subtract(.unblockable)
        actions[Int(sig)] = stored
        return stored
    }

    /// A handler for `sig` is being entered: with SA_RESETHAND (SA_ONESHOT) the disposition
    /// goes back to SIG_DFL, as get_signal does. True when it did.
    mutating func handlerEntered(_ sig: Int32) -> Bool {
        guard Self.signals.contains(sig), actions[Int(sig)].flags.contains(.resetHandler) else { return false }
        actions[Int(sig)].handler = Sig.defaultAction
        return true
    }
}
