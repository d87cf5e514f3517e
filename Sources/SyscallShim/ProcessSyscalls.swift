// Process lifecycle: exit, fork-style clone, wait, kill, thread-id bookkeeping,
// and scheduling (execve: Execve.swift; prctl: ProcessControl.swift). Threads (clone with CLONE_VM) are
// not supported yet and fail with ENOSYS.
import Glibc

/// clone flag bits (include/uapi/linux/sched.h; same on every architecture).
enum CloneFlags {
    static let vm: UInt64 = 0x100, vfork: UInt64 = 0x4000, thread: UInt64 = 0x10000
    static let setTLS: UInt64 = 0x80000, parentSetTID: UInt64 = 0x100000
    static let childClearTID: UInt64 = 0x200000, childSetTID: UInt64 = 0x1000000
}

extension SyscallTable {
    static let processSyscalls: [SyscallEntry] = [
        .custom(93, "exit", [.dec], result: .noReturn) { _, _ in 0 },
        .custom(94, "exit_group", [.dec], result: .noReturn) { _, _ in 0 },
        .custom(220, "clone", [.hex, .ptr, .ptr, .ptr, .ptr]) { $0.clone($1) },
        .custom(221, "execve", [.path, .ptr, .ptr]) { $0.execve($1) },
        .pass(260, "wait4", [.dec, .ptr, .hex, .ptr], host: HostNR.wait4),
        .pass(95, "waitid", [.dec, .dec, .ptr, .hex, .ptr], host: HostNR.waitid),
        .pass(129, "kill", [.dec, .signal], host: HostNR.kill),
        .pass(130, "tkill", [.dec, .signal], host: HostNR.tkill),
        .pass(131, "tgkill", [.dec, .dec, .signal], host: HostNR.tgkill),
        .custom(96, "set_tid_address", [.ptr]) { p, a in
            p.clearChildTid = a[0]
            return hostSyscall(HostNR.gettid)
        },
        .custom(99, "set_robust_list", [.ptr, .udec]) { p, a in
            guard a[1] == 24 else { return -Errno.EINVAL }  // sizeof(struct robust_list_head)
            p.robustList = (a[0], a[1])
            return 0
        },
        .fail(293, "rseq", [.ptr, .udec, .hex, .hex], errno: Errno.ENOSYS),
        .fail(283, "membarrier", [.dec, .hex, .dec], errno: Errno.ENOSYS),
        .pass(123, "sched_getaffinity", [.dec, .udec, .ptr], host: HostNR.schedGetaffinity),
        .pass(124, "sched_yield", [], host: HostNR.schedYield),
        .pass(168, "getcpu", [.ptr, .ptr, .ptr], host: HostNR.getcpu),
        .pass(140, "setpriority", [.dec, .dec, .dec], host: HostNR.setpriority),
        .pass(141, "getpriority", [.dec, .dec], host: HostNR.getpriority),
        .pass(98, "futex", [.ptr, .dec, .dec, .ptr, .ptr, .dec], host: HostNR.futex),
    ]
}

extension LinuxPersonality {
    /// clone(flags, newsp, parent_tid, tls, child_tid) — arm64 argument order.
    /// Only the fork shapes: no CLONE_VM, or CLONE_VM|CLONE_VFORK (run as a plain
    /// fork: the child gets a copy of the identity-mapped guest memory).
    func clone(_ a: SyscallArgs) -> Int64 {
        let flags = a[0]
        let isVfork = flags & (CloneFlags.vm | CloneFlags.vfork) == CloneFlags.vm | CloneFlags.vfork
        if flags & CloneFlags.thread != 0 || (flags & CloneFlags.vm != 0 && !isVfork) {
            if options.strace { Strace.note("clone with CLONE_VM (threads) is not supported yet") }
            return -Errno.ENOSYS
        }
        let pid = fork()
        if pid < 0 { return -Int64(errno) }
        if pid == 0 {
            let cpu = a.cpu
            if a[1] != 0 { cpu.sp = a[1] }
            if flags & CloneFlags.setTLS != 0 { cpu.tpidr = a[3] }
            if flags & CloneFlags.childSetTID != 0, GuestMemory.pointer(a[4]) != nil {
                GuestMemory.store(Int32(truncatingIfNeeded: hostSyscall(HostNR.gettid)), at: a[4])
            }
            if flags & CloneFlags.childClearTID != 0 { clearChildTid = a[4] }
            return 0
        }
        if flags & CloneFlags.parentSetTID != 0, GuestMemory.pointer(a[2]) != nil {
            GuestMemory.store(Int32(pid), at: a[2])
        }
        return Int64(pid)
    }
}
