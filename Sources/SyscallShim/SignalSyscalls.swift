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

enum Sig {
    static let kill: Int32 = 9, stop: Int32 = 19
    static let ignore: UInt64 = 1  // SIG_IGN; SIG_DFL is 0
    /// Faults the translator's own host handlers own.
    static let synchronous: Set<Int32> = [4, 5, 7, 8, 11]  // SIGILL SIGTRAP SIGBUS SIGFPE SIGSEGV
    /// Signals whose default action is to ignore them (SIGCHLD SIGCONT SIGURG SIGWINCH).
    static let defaultIgnored: Set<Int32> = [17, 18, 23, 28]
    static let unblockable: UInt64 = (1 << (9 - 1)) | (1 << (19 - 1))
    static let setSize: UInt64 = 8
    static let block: Int32 = 0, unblock: Int32 = 1, setMask: Int32 = 2
    static let ssOnStack: Int32 = 1, ssDisable: Int32 = 2, ssAutoDisarm: Int32 = Int32(bitPattern: 1 << 31)
    static let minStackSize: UInt64 = 5120  // arm64 MINSIGSTKSZ
    @inline(__always) static func bit(_ sig: Int32) -> UInt64 { 1 << UInt64(sig - 1) }
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
    /// rt_sigaction(sig, act, oldact, sigsetsize); arm64 struct sigaction is
    /// {handler, flags, restorer, mask}, four 64-bit words.
    func rtSigaction(_ a: SyscallArgs) -> Int64 {
        let sig = a.int32(0)
        guard a[3] == Sig.setSize, (1...64).contains(sig) else { return -Errno.EINVAL }
        let old = signalAction(sig)
        if a[1] != 0 {
            guard sig != Sig.kill, sig != Sig.stop else { return -Errno.EINVAL }
            guard var new = GuestSigactionLayout.read(at: a[1]) else { return -Errno.EFAULT }
            new.mask &= ~Sig.unblockable
            setSignalAction(sig, new)
            installHostAction(sig, new)
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
        if action.handler > Sig.ignore {
            _ = cr_install_guest_signal(sig, kernelFlags)
        } else {
            _ = cr_set_host_disposition(sig, UInt(action.handler), kernelFlags)
            // Setting SIG_IGN (or SIG_DFL for a default-ignored signal) discards pending instances.
            if action.handler == Sig.ignore || Sig.defaultIgnored.contains(sig) { cr_discard_pending_signal(sig) }
        }
    }

    /// rt_sigpending(set, sigsetsize): signals pending while blocked, whether the host
    /// kernel holds them (blocked on arrival) or the recorder does.
    func rtSigpending(_ a: SyscallArgs) -> Int64 {
        guard a[1] == Sig.setSize else { return -Errno.EINVAL }
        var host: UInt64 = 0
        withUnsafeMutableBytes(of: &host) { raw in
            _ = hostSyscall(HostNR.rtSigpending, UInt64(UInt(bitPattern: raw.baseAddress!)), Sig.setSize)
        }
        return GuestMemory.write((host | cr_pending_mask()) & signalMask, at: a[0]) ? 0 : -Errno.EFAULT
    }

    /// rt_sigsuspend(mask, sigsetsize): waits on the host under the guest's temporary
    /// mask; the handler then runs under that mask and rt_sigreturn restores the old one.
    func rtSigsuspend(_ a: SyscallArgs) -> Int64 {
        guard a[1] == Sig.setSize else { return -Errno.EINVAL }
        guard let set = GuestMemory.read(UInt64.self, at: a[0]) else { return -Errno.EFAULT }
        let temporary = set & ~Sig.unblockable
        savedMaskForDelivery = signalMask
        signalMask = temporary
        if cr_pending_mask() & ~temporary != 0 { return -Errno.EINTR }  // already recorded
        var host = Self.hostMask(temporary)
        return withUnsafeMutableBytes(of: &host) { raw in
            hostSyscall(HostNR.rtSigsuspend, UInt64(UInt(bitPattern: raw.baseAddress!)), Sig.setSize)
        }
    }

    // rt_sigprocmask(how, set, oldset, sigsetsize)
    func rtSigprocmask(_ a: SyscallArgs) -> Int64 {
        guard a[3] == Sig.setSize else { return -Errno.EINVAL }
        let old = signalMask
        if a[1] != 0 {
            guard let set = GuestMemory.read(UInt64.self, at: a[1]) else { return -Errno.EFAULT }
            switch a.int32(0) {
            case Sig.block: setGuestMask(old | set)
            case Sig.unblock: setGuestMask(old & ~set)
            case Sig.setMask: setGuestMask(set)
            default: return -Errno.EINVAL
            }
        }
        if a[2] != 0, !GuestMemory.write(old, at: a[2]) { return -Errno.EFAULT }
        return 0
    }

    /// sigaltstack(ss, old_ss); arm64 stack_t is {ss_sp u64, ss_flags i32, pad, ss_size u64}.
    func sigaltstack(_ a: SyscallArgs) -> Int64 {
        let old = signalStack
        let sp = a.cpu.sp
        if a[0] != 0 {
            guard let ss = GuestStackLayout.read(at: a[0]) else { return -Errno.EFAULT }
            let result = setAltStack(base: ss.base, flags: ss.flags, size: ss.size, sp: sp)
            if result != 0 { return result }
        }
        if a[1] != 0 {
            // sas_ss_flags(sp) | (recorded flags & SS_AUTODISARM), as do_sigaltstack reports
            let flags = (old.size == 0 ? Sig.ssDisable : (onSignalStack(old, sp) ? Sig.ssOnStack : 0))
                | (old.flags & Sig.ssAutoDisarm)
            guard GuestStackLayout.write(base: old.base, flags: flags, size: old.size, at: a[1]) else { return -Errno.EFAULT }
        }
        return 0
    }

    private func onSignalStack(_ stack: GuestSignalStack, _ sp: UInt64) -> Bool {
        stack.flags & Sig.ssAutoDisarm == 0 && sp > stack.base && sp - stack.base <= stack.size
    }

    /// do_sigaltstack's "set" half (sigaltstack and rt_sigreturn's restore_altstack).
    func setAltStack(base: UInt64, flags: Int32, size: UInt64, sp: UInt64) -> Int64 {
        if onSignalStack(sp) { return -Errno.EPERM }
        let mode = flags & ~Sig.ssAutoDisarm
        guard mode == 0 || mode == Sig.ssOnStack || mode == Sig.ssDisable else { return -Errno.EINVAL }
        if mode == Sig.ssDisable {
            signalStack = GuestSignalStack(base: 0, flags: flags, size: 0)
        } else {
            guard size >= Sig.minStackSize else { return -Errno.ENOMEM }
            signalStack = GuestSignalStack(base: base, flags: flags, size: size)
        }
        return 0
    }
}
