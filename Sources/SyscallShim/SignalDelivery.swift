// Delivery of host-recorded signals to guest handlers.
//
// Signals the guest handles are caught on the host by cr_guest_signal_handler
// (CSupport), which only records them. The run loop calls
// `deliverPendingSignals` after every syscall; it takes each recorded signal the
// guest does not block and builds an arm64 signal frame for it (SignalFrame.swift),
// nesting frames like the kernel's do_notify_resume loop.
//
// The guest's blocked mask is mirrored into the host's (except for the fault
// signals the translator owns), so a blocked signal stays pending in the host
// kernel exactly as it would natively: sigpending/sigtimedwait see it, and
// unblocking it runs the recorder at once.
//
// Syscall interaction, as on arm64 Linux:
// - a signal recorded while guest code ran is delivered before the next syscall
//   executes (the SVC is re-run after the handler returns);
// - a host syscall interrupted by a handled signal returns -EINTR; for syscalls the
//   kernel restarts under SA_RESTART (read, write, wait4, ...) the shim rewinds the
//   guest PC to the SVC and restores X0 when the handler has SA_RESTART;
// - rt_sigsuspend and the sigmask arguments of ppoll/pselect6/epoll_pwait run the
//   handler under the temporary mask and save the original one in uc_sigmask.
import CSupport
import Glibc
import Translator

extension LinuxPersonality {
    /// Guest syscalls the kernel restarts after a handler with SA_RESTART (-ERESTARTSYS).
    static let restartableSyscalls: Set<UInt64> = [
        25,   // fcntl (F_SETLKW)
        29,   // ioctl
        32,   // flock
        56,   // openat (FIFOs)
        63, 64, 65, 66, 67, 68, 69, 70,  // read write readv writev pread64 pwrite64 preadv pwritev
        71,   // sendfile
        76, 77,  // splice tee
        95,   // waitid
        202, 203, 206, 207, 211, 212, 242, 243, 269,  // accept connect sendto recvfrom sendmsg recvmsg accept4 recvmmsg sendmmsg
        260,  // wait4
        278,  // getrandom
        285,  // copy_file_range
    ]

    /// Blocked mask as installed on the host: the guest's minus SIGKILL/SIGSTOP and
    /// the fault signals the translator's own handlers must always receive.
    static func hostMask(_ guestMask: UInt64) -> UInt64 {
        var m = guestMask & ~Sig.unblockable
        for s in Sig.synchronous { m &= ~Sig.bit(s) }
        return m
    }

    /// Sets the guest's blocked mask and mirrors it to the host.
    func setGuestMask(_ mask: UInt64) {
        signalMask = mask & ~Sig.unblockable
        var host = Self.hostMask(signalMask)
        withUnsafeMutableBytes(of: &host) { raw in
            _ = hostSyscall(HostNR.rtSigprocmask, UInt64(Sig.setMask),
                            UInt64(UInt(bitPattern: raw.baseAddress!)), 0, Sig.setSize)
        }
    }

    /// The host's current blocked mask (what a freshly exec'd guest inherits).
    static func currentHostMask() -> UInt64 {
        var old: UInt64 = 0
        withUnsafeMutableBytes(of: &old) { raw in
            _ = hostSyscall(HostNR.rtSigprocmask, UInt64(Sig.block), 0,
                            UInt64(UInt(bitPattern: raw.baseAddress!)), Sig.setSize)
        }
        return old
    }

    /// True when a recorded signal is waiting that the guest does not block.
    public var hasDeliverableSignal: Bool { cr_pending_mask() & ~signalMask != 0 }

    /// Called by handleSyscall when the syscall came back with -EINTR: remembers what
    /// the kernel would (restart candidate, temporary mask in force during the wait).
    func noteInterrupted(_ number: UInt64, originalX0: UInt64, cpu: CPUState) {
        if Self.restartableSyscalls.contains(number) { interruptedSyscallX0 = originalX0 }
        if savedMaskForDelivery == nil, let temporary = temporarySyscallMask(number, cpu: cpu) {
            savedMaskForDelivery = signalMask
            signalMask = temporary & ~Sig.unblockable  // the host already restored its own mask
        }
    }

    /// The sigmask a ppoll/pselect6/epoll_pwait call installed for its wait, if any.
    private func temporarySyscallMask(_ number: UInt64, cpu: CPUState) -> UInt64? {
        var setAddress: UInt64 = 0, setSize: UInt64 = 0
        switch number {
        case 73: setAddress = cpu.x(3); setSize = cpu.x(4)   // ppoll
        case 22, 441: setAddress = cpu.x(4); setSize = cpu.x(5)   // epoll_pwait, epoll_pwait2
        case 72:                                              // pselect6: {sigset ptr, size}
            guard GuestMemory.pointer(cpu.x(5)) != nil else { return nil }
            setAddress = GuestMemory.load(UInt64.self, at: cpu.x(5))
            setSize = GuestMemory.load(UInt64.self, at: cpu.x(5), offset: 8)
        default: return nil
        }
        guard setSize == Sig.setSize, GuestMemory.pointer(setAddress) != nil else { return nil }
        return GuestMemory.load(UInt64.self, at: setAddress)
    }

    /// Delivers every recorded signal the guest does not block to its handler,
    /// innermost (last delivered) first to run. Called after each syscall.
    public func deliverPendingSignals(_ cpu: CPUState) {
        let restartX0 = interruptedSyscallX0
        interruptedSyscallX0 = nil
        var frameMask = savedMaskForDelivery  // uc_sigmask of the first frame (sigsuspend & co)
        savedMaskForDelivery = nil
        var delivered = false
        if cr_pending_mask() & ~signalMask != 0 {
            var info = siginfo_t()
            while true {
                let sig = cr_take_pending_signal(signalMask, &info)
                if sig == 0 { break }
                let action = signalAction(sig)
                guard action.handler > Sig.ignore else {
                    // Recorded just before the guest went back to SIG_DFL / SIG_IGN.
                    if action.handler == 0 && !Sig.defaultIgnored.contains(sig) {
                        _ = hostSyscall(HostNR.tgkill, UInt64(getpid()), UInt64(hostSyscall(HostNR.gettid)), UInt64(sig))
                    }
                    continue
                }
                if options.strace { Strace.signal(sig, &info) }
                if !delivered, let x0 = restartX0, action.flags.contains(.restart) {
                    cpu.pc &-= 4      // back to the SVC: the syscall runs again after the handler
                    cpu.setX(0, x0)
                }
                let saved = frameMask ?? signalMask
                frameMask = nil
                enterHandler(cpu, signal: sig, info: &info, action: action, savedMask: saved)
                delivered = true
            }
        }
        if let original = frameMask { setGuestMask(original) }  // no handler consumed the saved mask
    }

    /// Builds the frame and switches the guest to the handler with the handler's mask.
    private func enterHandler(_ cpu: CPUState, signal sig: Int32, info: inout siginfo_t, action: GuestSigaction, savedMask: UInt64) {
        if ShimStats.enabled { ShimStats.signalDelivered() }
        _ = withUnsafeBytes(of: &info) { raw in
            pushSignalFrame(cpu, signal: sig, info: raw.baseAddress, action: action, savedMask: savedMask)
        }
        var mask = signalMask | action.mask
        if !action.flags.contains(.noDefer) { mask |= Sig.bit(sig) }
        if action.flags.contains(.resetHandler) {
            var reset = action
            reset.handler = 0
            setSignalAction(sig, reset)
            _ = cr_set_host_disposition(sig, 0, 0)
        }
        setGuestMask(mask)
    }

    /// A signal the guest's own instruction raised (SIGILL for an undefined instruction,
    /// SIGTRAP for BRK): runs the guest handler with si_code/si_addr like the kernel's
    /// force_sig_fault. Returns false when the guest has no handler or blocks it, in which
    /// case the process must die by that signal, as natively.
    public func deliverSynchronousSignal(_ cpu: CPUState, signal sig: Int32, code: Int32, address: UInt64) -> Bool {
        let action = signalAction(sig)
        guard action.handler > Sig.ignore, signalMask & Sig.bit(sig) == 0 else { return false }
        var info = siginfo_t()
        withUnsafeMutableBytes(of: &info) { raw in
            raw.storeBytes(of: sig, toByteOffset: 0, as: Int32.self)        // si_signo
            raw.storeBytes(of: code, toByteOffset: 8, as: Int32.self)       // si_code
            raw.storeBytes(of: address, toByteOffset: 16, as: UInt64.self)  // si_addr
        }
        if options.strace { Strace.signal(sig, &info) }
        enterHandler(cpu, signal: sig, info: &info, action: action, savedMask: signalMask)
        return true
    }
}

extension Strace {
    /// "--- SIGUSR1 {si_signo=SIGUSR1, si_code=-6, si_pid=..., si_uid=...} ---" like qemu -strace.
    static func signal(_ sig: Int32, _ info: inout siginfo_t) {
        let name = ValueNames.signals.describe(UInt64(sig))
        let (code, pid, uid) = withUnsafeBytes(of: &info) { raw in
            (raw.load(fromByteOffset: GuestSiginfo.code, as: Int32.self), raw.load(fromByteOffset: GuestSiginfo.pid, as: Int32.self),
             raw.load(fromByteOffset: GuestSiginfo.uid, as: UInt32.self))
        }
        emit("--- \(name) {si_signo=\(name), si_code=\(code), si_pid=\(pid), si_uid=\(uid)} ---\n")
    }
}
