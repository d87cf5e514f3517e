// Signal state as the guest sees it: dispositions, the blocked mask, the
// alternate stack. Signal numbers are the same on arm64 and x86-64.
//
// Host side: a guest handler installs the recording host handler
// (cr_guest_signal_handler) and the guest's signal is delivered by
// SignalDelivery.swift; SIG_IGN / SIG_DFL are mirrored to the host so ignored and
// default signals behave natively. The blocked mask is mirrored to the host mask.
// The fault signals (SIGILL SIGTRAP SIGBUS SIGFPE SIGSEGV) stay with the
// translator's own handlers: guest handlers for them are recorded only.
import CSupport

/// Signal numbers and stack_t flags the shim names (the same on arm64 and x86-64).
enum Sig {
    static let kill: Int32 = 9, stop: Int32 = 19
    static let defaultAction: UInt64 = 0, ignore: UInt64 = 1  // SIG_DFL, SIG_IGN
    /// Faults the translator's own host handlers own.
    static let synchronous: Set<Int32> = [4, 5, 7, 8, 11]  // SIGILL SIGTRAP SIGBUS SIGFPE SIGSEGV
    /// Signals whose default action is to ignore them (SIGCHLD SIGCONT SIGURG SIGWINCH).
    static let defaultIgnored: Set<Int32> = [17, 18, 23, 28]
    /// Signals whose default action is to stop the process (SIGSTOP SIGTSTP SIGTTIN SIGTTOU).
    static let defaultStops: Set<Int32> = [19, 20, 21, 22]
    static let ssOnStack: Int32 = 1, ssDisable: Int32 = 2, ssAutoDisarm: Int32 = Int32(bitPattern: 1 << 31)
    static let minStackSize: UInt64 = 5120  // arm64 MINSIGSTKSZ
}

extension SyscallTable {
    static let signalSyscalls: [SyscallEntry] = [
        .custom(.rt_sigaction, [.signal, .sigaction, .ptr, .udec]) { $0.rtSigaction($1) },
        .custom(.rt_sigprocmask, [.value(.sigprocmaskHow), .sigset, .ptr, .udec]) { $0.rtSigprocmask($1) },
        .custom(.sigaltstack, [.signalStack, .ptr]) { $0.sigaltstack($1) },
        .custom(.rt_sigpending, [.ptr, .udec]) { $0.rtSigpending($1) },
        .custom(.rt_sigsuspend, [.sigset, .udec]) { $0.rtSigsuspend($1) },
        .custom(.rt_sigreturn, [], result: .hex, flow: .restoresContext) { $0.rtSigreturn($1.cpu) },
        .pass(.rt_sigtimedwait, [.sigset, .ptr, .timespec, .udec], host: HostNR.rtSigtimedwait),
    ]
}

extension LinuxPersonality {
    /// rt_sigaction(sig, act, oldact, sigsetsize); the rules are SignalDispositions'.
    func rtSigaction(_ a: SyscallArgs) -> Int64 {
        let sig = a.int32(0)
        guard a[3] == SignalSet.byteSize, SignalDispositions.signals.contains(sig) else { return -Errno.EINVAL }
        var old = signalAction(sig)
        if a[1] != 0 {
            guard let new = GuestSigactionLayout.read(at: a[1]) else { return -Errno.EFAULT }
            guard let exchanged = process.exchangeSignalAction(sig, with: new) else { return -Errno.EINVAL }
            old = exchanged.old
            installHostAction(sig, exchanged.stored)
        }
        // Like the kernel, a bad oldact fails after the new action is in place.
        if a[2] != 0, !GuestSigactionLayout.write(old, at: a[2]) {
            return -Errno.EFAULT
        }
        return 0
    }

    /// Makes the host disposition of an asynchronous signal follow the guest's:
    /// the recording handler for a guest handler, else SIG_IGN / SIG_DFL. SIGCHLD's
    /// SA_NOCLDSTOP / SA_NOCLDWAIT are kernel behaviour and are passed on.
    private func installHostAction(_ sig: Int32, _ action: GuestSigaction) {
        guard !Sig.synchronous.contains(sig) else { return }
        let kernelFlags = UInt(action.flags.intersection([.noChildStop, .noChildWait]).rawValue)
        if case .handler = action.disposition {
            _ = cr_install_guest_signal(sig, kernelFlags)
        } else {
            _ = cr_set_host_disposition(sig, UInt(action.handler), kernelFlags)
            if action.discardsPending(sig) { PendingSignals.ofCallingThread.discard(sig) }
        }
    }

    /// rt_sigpending(set, sigsetsize): signals pending while blocked, whether the host
    /// kernel holds them (blocked on arrival) or the recorder does.
    func rtSigpending(_ a: SyscallArgs) -> Int64 {
        guard a[1] == SignalSet.byteSize else { return -Errno.EINVAL }
        var host: UInt64 = 0
        withUnsafeMutableBytes(of: &host) { raw in
            _ = hostSyscall(HostNR.rtSigpending, UInt64(UInt(bitPattern: raw.baseAddress!)), SignalSet.byteSize)
        }
        let pending = SignalSet(rawValue: host).union(PendingSignals.ofCallingThread.signals)
        return GuestMemory.write(pending.intersection(signals.blocked).rawValue, at: a[0]) ? 0 : -Errno.EFAULT
    }

    /// rt_sigsuspend(mask, sigsetsize): waits on the host under the guest's temporary
    /// mask; the handler then runs under that mask and rt_sigreturn restores the old one.
    func rtSigsuspend(_ a: SyscallArgs) -> Int64 {
        guard a[1] == SignalSet.byteSize else { return -Errno.EINVAL }
        guard let set = GuestMemory.read(UInt64.self, at: a[0]) else { return -Errno.EFAULT }
        signals.maskBeforeTemporary = signals.blocked
        signals.block(only: SignalSet(rawValue: set))
        if signals.canDeliver(any: PendingSignals.ofCallingThread.signals) { return -Errno.EINTR }  // already recorded
        var host = Self.hostMask(signals.blocked)
        return withUnsafeMutableBytes(of: &host) { raw in
            hostSyscall(HostNR.rtSigsuspend, UInt64(UInt(bitPattern: raw.baseAddress!)), SignalSet.byteSize)
        }
    }

    // rt_sigprocmask(how, set, oldset, sigsetsize)
    func rtSigprocmask(_ a: SyscallArgs) -> Int64 {
        guard a[3] == SignalSet.byteSize else { return -Errno.EINVAL }
        let old = signals.blocked
        if a[1] != 0 {
            guard let set = GuestMemory.read(UInt64.self, at: a[1]) else { return -Errno.EFAULT }
            guard let new = signals.blocked(after: a.int32(0), SignalSet(rawValue: set)) else { return -Errno.EINVAL }
            setGuestMask(new)
        }
        if a[2] != 0, !GuestMemory.write(old.rawValue, at: a[2]) { return -Errno.EFAULT }
        return 0
    }

    /// sigaltstack(ss, old_ss): the rules are ThreadSignalState's.
    func sigaltstack(_ a: SyscallArgs) -> Int64 {
        let sp = a.cpu.sp
        let old = signals.reportedAltStack(sp: sp)
        if a[0] != 0 {
            guard let ss = GuestStackLayout.read(at: a[0]) else { return -Errno.EFAULT }
            let result = signals.setAltStack(ss, sp: sp)
            if result != 0 { return result }
        }
        if a[1] != 0, !GuestStackLayout.write(old, at: a[1]) { return -Errno.EFAULT }
        return 0
    }
}
