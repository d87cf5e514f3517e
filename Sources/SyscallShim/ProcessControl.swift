// Controlling processes from outside their own code: prctl, personality,
// scheduling policy and affinity, I/O priority, pidfds, queued signals, other
// processes' memory, namespaces, keys, the kernel log. sched_param, sched_attr,
// cpu sets, siginfo (128 bytes, generic layout) and iovecs have one layout on both
// architectures, so nearly everything passes through.
//
// Refused on purpose, each as Linux itself answers on some configuration:
// - ptrace: EPERM (a translated guest's registers are not the host's; as under
//   a Yama/seccomp policy that forbids tracing).
// - seccomp and prctl(PR_SET_SECCOMP): a filter would judge the translator's
//   x86-64 syscalls by the guest's arm64 numbers; ENOSYS / EINVAL as on a kernel
//   built without CONFIG_SECCOMP.
// - perf_event_open: ENOSYS (counters would measure the translator; as without
//   CONFIG_PERF_EVENTS).
// - kexec_load, kexec_file_load, init_module, finit_module, delete_module: EPERM
//   (arm64 kernel code means nothing to the host kernel).
// - arm64-only prctls (SVE, SME, pointer authentication, tagged addresses, MTE):
//   EINVAL, as on a CPU without those features (AT_HWCAP advertises none).
// - prctl options not listed below: EINVAL, as for an option the kernel does not
//   know, so none reaches the host unreviewed.

/// prctl options (include/uapi/linux/prctl.h).
enum Prctl {
    /// Options whose arguments are scalars or buffers of one layout on both: passed through.
    /// An array: a Set<UInt64>'s metadata costs a scan of every protocol conformance at the
    /// first prctl (~240,000 instructions, a tenth of a warm static start that calls prctl).
    static let passed: [UInt64] = [
        1, 2,             // PR_SET_PDEATHSIG, PR_GET_PDEATHSIG
        3, 4,             // PR_GET_DUMPABLE, PR_SET_DUMPABLE
        7, 8,             // PR_GET_KEEPCAPS, PR_SET_KEEPCAPS
        15, 16,           // PR_SET_NAME, PR_GET_NAME (16-byte name)
        21,               // PR_GET_SECCOMP (the host's answer: 0, no filter)
        23, 24,           // PR_CAPBSET_READ, PR_CAPBSET_DROP
        27, 28,           // PR_GET_SECUREBITS, PR_SET_SECUREBITS
        29, 30,           // PR_SET_TIMERSLACK, PR_GET_TIMERSLACK
        36, 37,           // PR_SET_CHILD_SUBREAPER, PR_GET_CHILD_SUBREAPER
        38, 39,           // PR_SET_NO_NEW_PRIVS, PR_GET_NO_NEW_PRIVS
        41, 42,           // PR_SET_THP_DISABLE, PR_GET_THP_DISABLE
        47,               // PR_CAP_AMBIENT
        0x5961_6d61,      // PR_SET_PTRACER
        0x5356_4d41,      // PR_SET_VMA (names anonymous mappings)
    ]
    static let setSeccomp: UInt64 = 22
    static let getTidAddress: UInt64 = 40
    static let getAuxv: UInt64 = 0x4155_5856
}

/// personality(2): PER_LINUX32 needs AArch32 at EL0, which this CPU does not have.
private enum Persona {
    static let query: UInt64 = 0xFFFF_FFFF
    static let linux32: UInt64 = 0x0008
}

extension SyscallTable {
    static let processControlSyscalls: [SyscallEntry] = [
        .custom(.prctl, [.value(.prctlOptions), .hex, .hex, .hex, .hex],
                note: "allow-listed options pass; PR_GET_AUXV, PR_GET_TID_ADDRESS emulated; "
                    + "SVE/SME/PAC/MTE and unknown options EINVAL") { $0.prctl($1) },
        .custom(.personality, [.hex],
                note: "PER_LINUX32 is EINVAL (no AArch32); the rest passes") { _, a in
            let persona = a[0] & 0xFFFF_FFFF
            if persona != Persona.query && persona & 0xFF == Persona.linux32 { return -Errno.EINVAL }
            return hostSyscall(HostNR.personality, a[0])
        },
        .pass(.sched_setparam, [.dec, .ptr], host: HostNR.schedSetparam),
        .pass(.sched_setscheduler, [.dec, .dec, .ptr], host: HostNR.schedSetscheduler),
        .pass(.sched_getscheduler, [.dec], host: HostNR.schedGetscheduler),
        .pass(.sched_getparam, [.dec, .ptr], host: HostNR.schedGetparam),
        .pass(.sched_setaffinity, [.dec, .udec, .ptr], host: HostNR.schedSetaffinity),
        .pass(.sched_get_priority_max, [.dec], host: HostNR.schedGetPriorityMax),
        .pass(.sched_get_priority_min, [.dec], host: HostNR.schedGetPriorityMin),
        .pass(.sched_rr_get_interval, [.dec, .ptr], host: HostNR.schedRrGetInterval),
        .pass(.sched_setattr, [.dec, .ptr, .hex], host: HostNR.schedSetattr),
        .pass(.sched_getattr, [.dec, .ptr, .udec, .hex], host: HostNR.schedGetattr),
        .pass(.ioprio_set, [.dec, .dec, .dec], host: HostNR.ioprioSet),
        .pass(.ioprio_get, [.dec, .dec], host: HostNR.ioprioGet),
        .pass(.syslog, [.dec, .ptr, .dec], host: HostNR.syslog),
        .passFlags(.pidfd_open, [.dec, .flags(.pidfdFlags)], host: HostNR.pidfdOpen, flags: 1),
        .pass(.pidfd_send_signal, [.fd, .signal, .ptr, .hex], host: HostNR.pidfdSendSignal),
        .pass(.pidfd_getfd, [.fd, .fd, .hex], host: HostNR.pidfdGetfd),
        .pass(.rt_sigqueueinfo, [.dec, .signal, .ptr], host: HostNR.rtSigqueueinfo),
        .pass(.rt_tgsigqueueinfo, [.dec, .dec, .signal, .ptr], host: HostNR.rtTgsigqueueinfo),
        .pass(.process_vm_readv, [.dec, .ptr, .udec, .ptr, .udec, .hex], host: HostNR.processVmReadv,
              note: "other guests are identity-mapped too: their addresses are host addresses"),
        .pass(.process_vm_writev, [.dec, .ptr, .udec, .ptr, .udec, .hex], host: HostNR.processVmWritev),
        .custom(.get_robust_list, [.dec, .ptr, .ptr],
                note: "for the caller: the list the guest registered; others: the host's answer") { $0.getRobustList($1) },
        .custom(.execveat, [.dirfd, .path, .stringArray, .stringArray, .flags(.atFlags)], flow: .replacesProgram,
                note: "as execve, the file named through /proc/self/fd") { $0.execveat($1) },
        .pass(.unshare, [.hex], host: HostNR.unshare),
        .pass(.setns, [.fd, .hex], host: HostNR.setns),
        .pass(.kcmp, [.dec, .dec, .dec, .udec, .udec], host: HostNR.kcmp),
        .pass(.reboot, [.hex, .hex, .hex, .ptr], host: HostNR.reboot),
        .pass(.add_key, [.path, .path, .ptr, .udec, .dec], host: HostNR.addKey),
        .pass(.request_key, [.path, .path, .path, .dec], host: HostNR.requestKey),
        .pass(.keyctl, [.dec, .hex, .hex, .hex, .hex], host: HostNR.keyctl),
        .pass(.vhangup, [], host: HostNR.vhangup),
        .passFlags(.fanotify_init, [.hex, .openFlags], host: HostNR.fanotifyInit, flags: 1),
        .passFlags(.userfaultfd, [.openFlags], host: HostNR.userfaultfd, flags: 0),
        .pass(.bpf, [.dec, .ptr, .udec], host: HostNR.bpf,
              note: "BPF programs and maps are architecture-neutral"),
        .passUnified(.process_madvise, [.fd, .ptr, .udec, .dec, .hex]),
        .passUnified(.process_mrelease, [.fd, .hex]),
        .passUnified(.landlock_create_ruleset, [.ptr, .udec, .hex]),
        .passUnified(.landlock_add_rule, [.fd, .dec, .ptr, .hex]),
        .passUnified(.landlock_restrict_self, [.fd, .hex]),
        .passUnified(.lsm_get_self_attr, [.dec, .ptr, .ptr, .hex]),
        .passUnified(.lsm_set_self_attr, [.dec, .ptr, .udec, .hex]),
        .passUnified(.lsm_list_modules, [.ptr, .ptr, .hex]),
        .fail(.ptrace, [.dec, .dec, .ptr, .ptr], errno: Errno.EPERM,
              note: "refused: a translated guest's registers are not the host's"),
        .fail(.seccomp, [.dec, .hex, .ptr], errno: Errno.ENOSYS,
              note: "refused: a filter would see the translator's x86-64 syscalls; as without CONFIG_SECCOMP"),
        .fail(.perf_event_open, [.ptr, .dec, .dec, .fd, .hex], errno: Errno.ENOSYS,
              note: "refused: counters would measure the translator; as without CONFIG_PERF_EVENTS"),
        .fail(.kexec_load, [.hex, .udec, .ptr, .hex], errno: Errno.EPERM,
              note: "refused: arm64 kernel code means nothing to the host"),
        .fail(.kexec_file_load, [.fd, .fd, .udec, .ptr, .hex], errno: Errno.EPERM, note: "see kexec_load"),
        .fail(.init_module, [.ptr, .udec, .path], errno: Errno.EPERM, note: "see kexec_load"),
        .fail(.finit_module, [.fd, .path, .hex], errno: Errno.EPERM, note: "see kexec_load"),
        .fail(.delete_module, [.path, .hex], errno: Errno.EPERM, note: "see kexec_load"),
        .fail(.lookup_dcookie, [.hex, .ptr, .udec], errno: Errno.ENOSYS, note: "removed from Linux in 6.8"),
        .fail(.nfsservctl, [.dec, .ptr, .ptr], errno: Errno.ENOSYS, note: "removed from Linux in 3.1"),
        .fail(.restart_syscall, [], errno: Errno.EINTR,
              note: "nothing to restart: the shim restarts interrupted calls itself, as the kernel answers "
                  + "a stray restart_syscall"),
    ]
}

extension LinuxPersonality {
    // prctl(option, arg2, arg3, arg4, arg5)
    func prctl(_ a: SyscallArgs) -> Int64 {
        let option = a[0] & 0xFFFF_FFFF
        if Prctl.passed.contains(option) { return hostSyscall(HostNR.prctl, a[0], a[1], a[2], a[3], a[4]) }
        switch option {
        case Prctl.getTidAddress:
            return GuestMemory.write(clearChildTid, at: a[1]) ? 0 : -Errno.EFAULT
        case Prctl.getAuxv:
            // Copies min(size, auxv) bytes and returns the full size, like the kernel.
            guard a[3] == 0, a[4] == 0 else { return -Errno.EINVAL }
            let count = min(Int(clamping: a[2]), auxvBytes.count)
            let ok = auxvBytes.withUnsafeBytes {
                GuestMemory.copyOut(UnsafeRawBufferPointer(rebasing: $0[0..<count]), to: a[1])
            }
            return ok ? Int64(auxvBytes.count) : -Errno.EFAULT
        default:
            // PR_SET_SECCOMP, the arm64-only options, and everything not reviewed.
            if options.strace && option != Prctl.setSeccomp { Strace.note("prctl option \(option) refused (EINVAL)") }
            return -Errno.EINVAL
        }
    }

    /// get_robust_list(pid, head_ptr, len_ptr): the caller's own list is the one the
    /// guest registered with set_robust_list (the host's belongs to compat-run's libc).
    func getRobustList(_ a: SyscallArgs) -> Int64 {
        let pid = a.int32(0)
        guard pid == 0 || Int64(pid) == hostSyscall(HostNR.gettid) else {
            return hostSyscall(HostNR.getRobustList, a[0], a[1], a[2])
        }
        guard GuestMemory.write(robustList.head, at: a[1]), GuestMemory.write(robustList.length, at: a[2]) else {
            return -Errno.EFAULT
        }
        return 0
    }
}
