// Signal state as the guest sees it. Guest handlers are recorded, not installed
// on the host (delivery to guest code comes with the signal-frame work); the
// blocked mask and alternate stack are the guest's own and leave the host's
// untouched. Signal numbers are the same on arm64 and x86-64.
//
// One thing is mirrored to the host: SIG_IGN / SIG_DFL for asynchronous signals,
// so that e.g. an ignored SIGPIPE or SIGCHLD behaves as natively (no death, no
// zombies) even before guest handlers run.

private enum Sig {
    static let kill: Int32 = 9, stop: Int32 = 19
    static let ignore: UInt64 = 1  // SIG_IGN; SIG_DFL is 0
    /// Faults the translator's own host handlers own.
    static let synchronous: Set<Int32> = [4, 5, 7, 8, 11]  // SIGILL SIGTRAP SIGBUS SIGFPE SIGSEGV
    static let unblockable: UInt64 = (1 << (9 - 1)) | (1 << (19 - 1))
    static let setSize: UInt64 = 8
    static let block: Int32 = 0, unblock: Int32 = 1, setMask: Int32 = 2
    static let ssDisable: Int32 = 2, ssAutoDisarm: Int32 = Int32(bitPattern: 1 << 31)
    static let minStackSize: UInt64 = 5120  // arm64 MINSIGSTKSZ
}

extension SyscallTable {
    static let signalSyscalls: [SyscallEntry] = [
        .custom(134, "rt_sigaction", [.signal, .ptr, .ptr, .udec]) { $0.rtSigaction($1) },
        .custom(135, "rt_sigprocmask", [.dec, .ptr, .ptr, .udec]) { $0.rtSigprocmask($1) },
        .custom(132, "sigaltstack", [.ptr, .ptr]) { $0.sigaltstack($1) },
        .custom(136, "rt_sigpending", [.ptr, .udec]) { _, a in
            guard a[1] == Sig.setSize else { return -Errno.EINVAL }
            guard GuestMemory.pointer(a[0]) != nil else { return -Errno.EFAULT }
            GuestMemory.store(UInt64(0), at: a[0])  // host-queued signals never reach the guest yet
            return 0
        },
        .pass(133, "rt_sigsuspend", [.ptr, .udec], host: HostNR.rtSigsuspend),
        .pass(137, "rt_sigtimedwait", [.ptr, .ptr, .ptr, .udec], host: HostNR.rtSigtimedwait),
    ]
}

extension LinuxPersonality {
    /// rt_sigaction(sig, act, oldact, sigsetsize); arm64 struct sigaction is
    /// {handler, flags, restorer, mask}, four 64-bit words.
    func rtSigaction(_ a: SyscallArgs) -> Int64 {
        let sig = a.int32(0)
        guard a[3] == Sig.setSize, (1...64).contains(sig) else { return -Errno.EINVAL }
        let old = signalActions[sig] ?? GuestSigaction()
        if a[1] != 0 {
            guard sig != Sig.kill, sig != Sig.stop else { return -Errno.EINVAL }
            guard GuestMemory.pointer(a[1]) != nil else { return -Errno.EFAULT }
            let new = GuestSigaction(
                handler: GuestMemory.load(UInt64.self, at: a[1]),
                flags: GuestMemory.load(UInt64.self, at: a[1], offset: 8),
                restorer: GuestMemory.load(UInt64.self, at: a[1], offset: 16),
                mask: GuestMemory.load(UInt64.self, at: a[1], offset: 24) & ~Sig.unblockable)
            setSignalAction(sig, new)
            mirrorIgnore(sig, ignore: new.handler == Sig.ignore)
        }
        if a[2] != 0 {
            guard GuestMemory.pointer(a[2]) != nil else { return -Errno.EFAULT }
            GuestMemory.store(old.handler, at: a[2])
            GuestMemory.store(old.flags, at: a[2], offset: 8)
            GuestMemory.store(old.restorer, at: a[2], offset: 16)
            GuestMemory.store(old.mask, at: a[2], offset: 24)
        }
        return 0
    }

    /// Sets the host disposition of an asynchronous signal to SIG_IGN or SIG_DFL.
    private func mirrorIgnore(_ sig: Int32, ignore: Bool) {
        guard !Sig.synchronous.contains(sig) else { return }
        var action: (UInt64, UInt64, UInt64, UInt64) = (ignore ? Sig.ignore : 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &action) { raw in
            _ = hostSyscall(HostNR.rtSigaction, UInt64(sig), UInt64(UInt(bitPattern: raw.baseAddress!)), 0, Sig.setSize)
        }
    }

    // rt_sigprocmask(how, set, oldset, sigsetsize)
    func rtSigprocmask(_ a: SyscallArgs) -> Int64 {
        guard a[3] == Sig.setSize else { return -Errno.EINVAL }
        let old = signalMask
        if a[1] != 0 {
            guard GuestMemory.pointer(a[1]) != nil else { return -Errno.EFAULT }
            let set = GuestMemory.load(UInt64.self, at: a[1])
            switch a.int32(0) {
            case Sig.block: signalMask |= set
            case Sig.unblock: signalMask &= ~set
            case Sig.setMask: signalMask = set
            default: return -Errno.EINVAL
            }
            signalMask &= ~Sig.unblockable
        }
        if a[2] != 0 {
            guard GuestMemory.pointer(a[2]) != nil else { return -Errno.EFAULT }
            GuestMemory.store(old, at: a[2])
        }
        return 0
    }

    /// sigaltstack(ss, old_ss); arm64 stack_t is {ss_sp u64, ss_flags i32, pad, ss_size u64}.
    func sigaltstack(_ a: SyscallArgs) -> Int64 {
        let old = signalStack
        if a[0] != 0 {
            guard GuestMemory.pointer(a[0]) != nil else { return -Errno.EFAULT }
            let flags = GuestMemory.load(Int32.self, at: a[0], offset: 8)
            let mode = flags & ~Sig.ssAutoDisarm
            guard mode == 0 || mode == Sig.ssDisable else { return -Errno.EINVAL }
            var new = GuestSignalStack(base: GuestMemory.load(UInt64.self, at: a[0]), flags: flags,
                                       size: GuestMemory.load(UInt64.self, at: a[0], offset: 16))
            if mode == Sig.ssDisable {
                new = GuestSignalStack()
            } else if new.size < Sig.minStackSize {
                return -Errno.ENOMEM
            }
            signalStack = new
        }
        if a[1] != 0 {
            guard GuestMemory.pointer(a[1]) != nil else { return -Errno.EFAULT }
            GuestMemory.store(old.base, at: a[1])
            GuestMemory.store(old.flags, at: a[1], offset: 8)
            GuestMemory.store(UInt32(0), at: a[1], offset: 12)
            GuestMemory.store(old.size, at: a[1], offset: 16)
        }
        return 0
    }
}
