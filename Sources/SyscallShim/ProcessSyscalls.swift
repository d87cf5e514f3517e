// Process lifecycle: exit, fork-style clone, wait, kill, thread-id bookkeeping,
// and scheduling (execve: Execve.swift; prctl: ProcessControl.swift; threads: Threads.swift).
import CSupport
import Glibc
import Translator

/// clone flag bits (include/uapi/linux/sched.h; same on every architecture).
struct CloneFlags: OptionSet {
    let rawValue: UInt64
    static let vm = CloneFlags(rawValue: 0x100), fs = CloneFlags(rawValue: 0x200)
    static let files = CloneFlags(rawValue: 0x400), sighand = CloneFlags(rawValue: 0x800)
    static let pidfd = CloneFlags(rawValue: 0x1000), vfork = CloneFlags(rawValue: 0x4000)
    static let thread = CloneFlags(rawValue: 0x10000), setTLS = CloneFlags(rawValue: 0x80000)
    static let parentSetTID = CloneFlags(rawValue: 0x100000), childClearTID = CloneFlags(rawValue: 0x200000)
    static let childSetTID = CloneFlags(rawValue: 0x1000000)
    /// The low byte: the signal sent to the parent when a (non-thread) child ends.
    static let exitSignalMask = CloneFlags(rawValue: 0xFF)
}

/// One clone or clone3 call, in clone3's terms (struct clone_args).
struct CloneRequest {
    var flags: CloneFlags
    /// The child's initial stack pointer (0: the parent's).
    var stack: UInt64
    var parentTid: UInt64
    var tls: UInt64
    var childTid: UInt64
}

extension SyscallTable {
    static let selfSignalNote = "the host's; a signal that will kill this process saves the translation cache first"

    static let processSyscalls: [SyscallEntry] = [
        .ends(.exit, .endsThread),
        .ends(.exit_group, .endsProcess),
        .custom(.clone, [.flags(.cloneFlags), .ptr, .ptr, .ptr, .ptr]) { $0.clone($1) },
        .custom(.execve, [.path, .stringArray, .stringArray], flow: .replacesProgram) { $0.execve($1) },
        .pass(.wait4, [.dec, .ptr, .flags(.waitOptions), .ptr], host: HostNR.wait4),
        .pass(.waitid, [.dec, .dec, .ptr, .flags(.waitOptions), .ptr], host: HostNR.waitid),
        // Passed through; abort() and raise() of a signal that kills the process end it inside
        // the host kernel, so the translation cache is saved first.
        .custom(.kill, [.dec, .signal], note: Self.selfSignalNote) { p, a in
            p.saveBeforeFatalSignal(toSelf: Int32(truncatingIfNeeded: a[0]) == getpid() || a[0] == 0, a[1])
            return hostSyscall(HostNR.kill, a[0], a[1])
        },
        .custom(.tkill, [.dec, .signal], note: Self.selfSignalNote) { p, a in
            p.saveBeforeFatalSignal(toSelf: Int64(bitPattern: a[0]) == hostSyscall(HostNR.gettid), a[1])
            return hostSyscall(HostNR.tkill, a[0], a[1])
        },
        .custom(.tgkill, [.dec, .dec, .signal], note: Self.selfSignalNote) { p, a in
            p.saveBeforeFatalSignal(toSelf: Int32(truncatingIfNeeded: a[0]) == getpid(), a[2])
            return hostSyscall(HostNR.tgkill, a[0], a[1], a[2])
        },
        .custom(.set_tid_address, [.ptr]) { p, a in
            p.clearChildTid = a[0]
            return hostSyscall(HostNR.gettid)
        },
        .custom(.set_robust_list, [.ptr, .udec]) { p, a in
            guard a[1] == RobustList.headSize else { return -Errno.EINVAL }
            p.robustList = (a[0], a[1])
            return 0
        },
        .custom(.clone3, [.ptr, .udec]) { $0.clone3($1) },
        // rseq: glibc registers it when available and works without it (as on older kernels).
        .fail(.rseq, [.ptr, .udec, .hex, .hex], errno: Errno.ENOSYS),
        // Guest threads are host threads of this process: the host's barriers cover them.
        .pass(.membarrier, [.dec, .hex, .dec], host: HostNR.membarrier),
        .pass(.futex_waitv, [.ptr, .udec, .hex, .ptr, .dec], host: HostNR.futexWaitv),
        .pass(.sched_getaffinity, [.dec, .udec, .ptr], host: HostNR.schedGetaffinity),
        .pass(.sched_yield, [], host: HostNR.schedYield),
        .pass(.getcpu, [.ptr, .ptr, .ptr], host: HostNR.getcpu),
        .pass(.setpriority, [.dec, .dec, .dec], host: HostNR.setpriority),
        .pass(.getpriority, [.dec, .dec], host: HostNR.getpriority),
        .pass(.futex, [.ptr, .flags(.futexOperation), .dec, .ptr, .ptr, .dec], host: HostNR.futex),
    ]
}

extension LinuxPersonality {
    /// clone(flags, newsp, parent_tid, tls, child_tid) — arm64 argument order.
    func clone(_ a: SyscallArgs) -> Int64 {
        cloneTask(CloneRequest(flags: CloneFlags(rawValue: a[0]), stack: a[1], parentTid: a[2], tls: a[3], childTid: a[4]), cpu: a.cpu)
    }

    /// The fork shapes of clone/clone3 (no CLONE_VM, or CLONE_VM|CLONE_VFORK run as a plain
    /// fork: the child gets a copy of the identity-mapped guest memory).
    func forkTask(_ r: CloneRequest, cpu: CPUState) -> Int64 {
        // Locks other threads may hold must be free in the child, where those threads do not exist.
        let pid: pid_t = process.lock.withLock {
            process.engine?.fork(keeping: cpu) { cr_fork_without_pending() } ?? cr_fork_without_pending()
        }
        if pid < 0 { return -Int64(errno) }
        if pid == 0 {
            process.forkedChild()
            if r.stack != 0 { cpu.sp = r.stack }
            if r.flags.contains(.setTLS) { cpu.tpidr = r.tls }
            if r.flags.contains(.childSetTID) {
                _ = GuestMemory.write(Int32(truncatingIfNeeded: hostSyscall(HostNR.gettid)), at: r.childTid)
            }
            if r.flags.contains(.childClearTID) { clearChildTid = r.childTid }
            return 0
        }
        if r.flags.contains(.parentSetTID) { _ = GuestMemory.write(Int32(pid), at: r.parentTid) }
        return Int64(pid)
    }
}

extension LinuxPersonality {
    /// A signal this process sends itself that will end it by its default action (abort's
    /// SIGABRT, raise(SIGTERM)): the persistent translation cache is saved first, as at an exit.
    func saveBeforeFatalSignal(toSelf: Bool, _ signal: UInt64) {
        guard toSelf, signal >= 1, signal <= 64 else { return }
        let sig = Int32(signal)
        guard !Sig.defaultIgnored.contains(sig), !Sig.defaultStops.contains(sig), !signals.blocked.contains(signal: sig),
              signalAction(sig).disposition == .defaultAction else { return }
        process.engine?.savePersistentCache()
    }
}
