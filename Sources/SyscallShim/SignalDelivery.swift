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
    static let restartableSyscalls: Set<UInt64> = Set(([
        .fcntl,  // F_SETLKW
        .ioctl, .flock,
        .openat,  // FIFOs
        .read, .write, .readv, .writev, .pread64, .pwrite64, .preadv, .pwritev,
        .sendfile, .splice, .tee, .waitid,
        .accept, .connect, .sendto, .recvfrom, .sendmsg, .recvmsg, .accept4, .recvmmsg, .sendmmsg,
        .wait4, .getrandom, .copy_file_range,
    ] as [SyscallNumber]).map { UInt64($0.rawValue) })

    /// Blocked mask as installed on the host: the guest's minus SIGKILL/SIGSTOP and
    /// the fault signals the translator's own handlers must always receive.
    static func hostMask(_ guestMask: SignalSet) -> UInt64 {
        var m = guestMask.subtracting(.unblockable)
        for s in Sig.synchronous { m.remove(.signal(s)) }
        return m.rawValue
    }

    /// Sets the guest's blocked mask and mirrors it to the host.
    func setGuestMask(_ mask: SignalSet) {
        signals.block(only: mask)
        var host = Self.hostMask(signals.blocked)
        withUnsafeMutableBytes(of: &host) { raw in
            _ = hostSyscall(HostNR.rtSigprocmask, UInt64(ThreadSignalState.MaskChange.setMask.rawValue),
                            UInt64(UInt(bitPattern: raw.baseAddress!)), 0, SignalSet.byteSize)
        }
    }

    /// The host's current blocked mask (what a freshly exec'd guest inherits).
    static func currentHostMask() -> SignalSet {
        var old: UInt64 = 0
        withUnsafeMutableBytes(of: &old) { raw in
            _ = hostSyscall(HostNR.rtSigprocmask, UInt64(ThreadSignalState.MaskChange.block.rawValue), 0,
                            UInt64(UInt(bitPattern: raw.baseAddress!)), SignalSet.byteSize)
        }
        return SignalSet(rawValue: old)
    }

    /// True when a recorded signal is waiting that the guest does not block.
    public var hasDeliverableSignal: Bool { signals.canDeliver(any: PendingSignals.ofCallingThread.signals) }

    /// Called by handleSyscall when the syscall came back with -EINTR: remembers what
    /// the kernel would (restart candidate, temporary mask in force during the wait).
    func noteInterrupted(_ number: UInt64, originalX0: UInt64, cpu: CPUState) {
        if Self.restartableSyscalls.contains(number) { signals.interruptedSyscallX0 = originalX0 }
        if signals.maskBeforeTemporary == nil, let temporary = temporarySyscallMask(number, cpu: cpu) {
            signals.maskBeforeTemporary = signals.blocked
            signals.block(only: temporary)  // the host already restored its own mask
        }
    }

    /// The sigmask a ppoll/pselect6/epoll_pwait call installed for its wait, if any.
    private func temporarySyscallMask(_ number: UInt64, cpu: CPUState) -> SignalSet? {
        var setAddress: UInt64 = 0, setSize: UInt64 = 0
        switch SyscallNumber(rawValue: Int(truncatingIfNeeded: number)) {
        case .ppoll: setAddress = cpu.x(3); setSize = cpu.x(4)
        case .epoll_pwait, .epoll_pwait2: setAddress = cpu.x(4); setSize = cpu.x(5)
        case .pselect6:                                      // {const sigset_t *ss; size_t ss_len}
            guard GuestMemory.pointer(cpu.x(5)) != nil else { return nil }
            setAddress = GuestMemory.load(UInt64.self, at: cpu.x(5))
            setSize = GuestMemory.load(UInt64.self, at: cpu.x(5), offset: 8)
        default: return nil
        }
        guard setSize == SignalSet.byteSize, GuestMemory.pointer(setAddress) != nil else { return nil }
        return SignalSet(rawValue: GuestMemory.load(UInt64.self, at: setAddress))
    }

    /// Delivers every recorded signal the guest does not block to its handler,
    /// innermost (last delivered) first to run. Called after each syscall.
    public func deliverPendingSignals(_ cpu: CPUState) {
        let restartX0 = signals.interruptedSyscallX0
        signals.interruptedSyscallX0 = nil
        var frameMask = signals.maskBeforeTemporary  // uc_sigmask of the first frame (sigsuspend & co)
        signals.maskBeforeTemporary = nil
        var delivered = false
        let pending = PendingSignals.ofCallingThread
        if signals.canDeliver(any: pending.signals) {
            var info = siginfo_t()
            while let sig = pending.take(notIn: signals.blocked, info: &info) {
                let action = signalAction(sig)
                guard case .handler = action.disposition else {
                    // Recorded just before the guest went back to SIG_DFL / SIG_IGN.
                    if action.disposition == .defaultAction && !Sig.defaultIgnored.contains(sig) {
                        _ = hostSyscall(HostNR.tgkill, UInt64(getpid()), UInt64(hostSyscall(HostNR.gettid)), UInt64(sig))
                    }
                    continue
                }
                if options.strace { Strace.signal(sig, &info) }
                if !delivered, let x0 = restartX0, action.flags.contains(.restart) {
                    cpu.pc &-= 4      // back to the SVC: the syscall runs again after the handler
                    cpu.setX(0, x0)
                }
                let saved = frameMask ?? signals.blocked
                frameMask = nil
                enterHandler(cpu, signal: sig, info: &info, action: action, savedMask: saved)
                delivered = true
            }
        }
        if let original = frameMask { setGuestMask(original) }  // no handler consumed the saved mask
    }

    /// Builds the frame and switches the guest to the handler with the handler's mask.
    private func enterHandler(_ cpu: CPUState, signal sig: Int32, info: inout siginfo_t, action: GuestSigaction, savedMask: SignalSet) {
        if ShimStats.enabled { ShimStats.signalDelivered() }
        _ = withUnsafeBytes(of: &info) { raw in
            pushSignalFrame(cpu, signal: sig, info: raw.baseAddress, action: action, savedMask: savedMask)
        }
        let mask = signals.handlerMask(for: sig, action)
        if process.signalHandlerEntered(sig) { _ = cr_set_host_disposition(sig, 0, 0) }
        setGuestMask(mask)
    }

    /// A signal the guest's own instruction raised (SIGILL for an undefined instruction,
    /// SIGTRAP for BRK): runs the guest handler with si_code/si_addr like the kernel's
    /// force_sig_fault. Returns false when the guest has no handler or blocks it, in which
    /// case the process must die by that signal, as natively.
    public func deliverSynchronousSignal(_ cpu: CPUState, signal sig: Int32, code: Int32, address: UInt64) -> Bool {
        let action = signalAction(sig)
        guard case .handler = action.disposition, !signals.blocked.contains(signal: sig) else { return false }
        var info = siginfo_t()
        withUnsafeMutableBytes(of: &info) { raw in
            raw.storeBytes(of: sig, toByteOffset: GuestSiginfo.signo, as: Int32.self)
            raw.storeBytes(of: code, toByteOffset: GuestSiginfo.code, as: Int32.self)
            raw.storeBytes(of: address, toByteOffset: GuestSiginfo.faultAddress, as: UInt64.self)
        }
        if options.strace { Strace.signal(sig, &info) }
        enterHandler(cpu, signal: sig, info: &info, action: action, savedMask: signals.blocked)
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
