// -strace's names for flag words and enumerated arguments, as data: one table per kind of
// argument (values from the uapi headers; where arm64 differs from x86-64 these are arm64's,
// since strace shows what the guest passed). Syscall entries name the table in their
// argument list, e.g. `.flags(.mmapProt)`.

/// Names for an argument that is a set of OR-able bits, optionally with a field of
/// exclusive values in some low bits (open's access mode, mmap's type, clone's exit signal).
struct FlagNames: Sendable {
    /// In match order: a composite before its parts.
    let bits: [(value: UInt64, name: String)]
    /// Printed when the word is zero (and no field names zero).
    var zero = "0"
    /// An exclusive-value field: its mask and how its values print.
    var field: (mask: UInt64, names: ValueNames)? = nil
    /// The field prints after the bits (clone's exit signal, as strace writes it).
    var fieldLast = false

    func describe(_ word: UInt64) -> String {
        var parts: [String] = []
        var rest = word
        var fieldPart: String?
        if let field {
            let value = word & field.mask
            if value != 0 || field.names.name(of: 0) != nil { fieldPart = field.names.describe(value) }
            rest &= ~field.mask
        }
        if let fieldPart, !fieldLast { parts.append(fieldPart) }
        for (bit, name) in bits where rest & bit == bit && bit != 0 {
            parts.append(name)
            rest &= ~bit
        }
        if rest != 0 { parts.append("0x" + String(rest, radix: 16)) }
        if let fieldPart, fieldLast { parts.append(fieldPart) }
        return parts.isEmpty ? zero : parts.joined(separator: "|")
    }
}

/// Names for an argument that takes one of a list of values (unknown ones print in decimal).
/// Pairs, not a dictionary: a Dictionary's metadata costs a scan of every protocol
/// conformance the first time one is built.
struct ValueNames: Sendable {
    let pairs: [(value: UInt64, name: String)]

    init(names: KeyValuePairs<UInt64, String>) { pairs = names.map { ($0.key, $0.value) } }
    init(pairs: [(value: UInt64, name: String)]) { self.pairs = pairs }

    func name(of value: UInt64) -> String? { pairs.first { $0.value == value }?.name }
    func describe(_ value: UInt64) -> String { name(of: value) ?? String(Int64(bitPattern: value)) }
}

extension FlagNames {
    static let mmapProt = FlagNames(bits: [(0x1, "PROT_READ"), (0x2, "PROT_WRITE"), (0x4, "PROT_EXEC"),
                                           (0x10, "PROT_BTI"), (0x20, "PROT_MTE"),
                                           (0x0100_0000, "PROT_GROWSDOWN"), (0x0200_0000, "PROT_GROWSUP")],
                                    zero: "PROT_NONE")
    static let mmapFlags = FlagNames(bits: [
        (0x10, "MAP_FIXED"), (0x20, "MAP_ANONYMOUS"), (0x100, "MAP_GROWSDOWN"), (0x800, "MAP_DENYWRITE"),
        (0x1000, "MAP_EXECUTABLE"), (0x2000, "MAP_LOCKED"), (0x4000, "MAP_NORESERVE"), (0x8000, "MAP_POPULATE"),
        (0x10000, "MAP_NONBLOCK"), (0x20000, "MAP_STACK"), (0x40000, "MAP_HUGETLB"), (0x80000, "MAP_SYNC"),
        (0x100000, "MAP_FIXED_NOREPLACE"), (0x400_0000, "MAP_UNINITIALIZED"),
    ], field: (0xF, ValueNames(names: [1: "MAP_SHARED", 2: "MAP_PRIVATE", 3: "MAP_SHARED_VALIDATE"])))
    static let mremapFlags = FlagNames(bits: [(1, "MREMAP_MAYMOVE"), (2, "MREMAP_FIXED"), (4, "MREMAP_DONTUNMAP")])
    static let msyncFlags = FlagNames(bits: [(1, "MS_ASYNC"), (2, "MS_INVALIDATE"), (4, "MS_SYNC")])
    /// clone's low byte is the signal sent to the parent when the child ends.
    static let cloneFlags = FlagNames(bits: [
        (0x100, "CLONE_VM"), (0x200, "CLONE_FS"), (0x400, "CLONE_FILES"), (0x800, "CLONE_SIGHAND"),
        (0x1000, "CLONE_PIDFD"), (0x2000, "CLONE_PTRACE"), (0x4000, "CLONE_VFORK"), (0x8000, "CLONE_PARENT"),
        (0x10000, "CLONE_THREAD"), (0x20000, "CLONE_NEWNS"), (0x40000, "CLONE_SYSVSEM"), (0x80000, "CLONE_SETTLS"),
        (0x100000, "CLONE_PARENT_SETTID"), (0x200000, "CLONE_CHILD_CLEARTID"), (0x400000, "CLONE_DETACHED"),
        (0x800000, "CLONE_UNTRACED"), (0x100_0000, "CLONE_CHILD_SETTID"), (0x200_0000, "CLONE_NEWCGROUP"),
        (0x400_0000, "CLONE_NEWUTS"), (0x800_0000, "CLONE_NEWIPC"), (0x1000_0000, "CLONE_NEWUSER"),
        (0x2000_0000, "CLONE_NEWPID"), (0x4000_0000, "CLONE_NEWNET"), (0x8000_0000, "CLONE_IO"),
    ], field: (0xFF, ValueNames.signals), fieldLast: true)
    static let atFlags = FlagNames(bits: [
        (0x100, "AT_SYMLINK_NOFOLLOW"), (0x200, "AT_REMOVEDIR"), (0x400, "AT_SYMLINK_FOLLOW"),
        (0x800, "AT_NO_AUTOMOUNT"), (0x1000, "AT_EMPTY_PATH"), (0x2000, "AT_STATX_FORCE_SYNC"),
        (0x4000, "AT_STATX_DONT_SYNC"), (0x8000, "AT_RECURSIVE"),
    ])
    /// faccessat2's flags: 0x200 is AT_EACCESS there.
    static let accessAtFlags = FlagNames(bits: [(0x100, "AT_SYMLINK_NOFOLLOW"), (0x200, "AT_EACCESS"),
                                                (0x1000, "AT_EMPTY_PATH")])
    static let accessMode = FlagNames(bits: [(4, "R_OK"), (2, "W_OK"), (1, "X_OK")], zero: "F_OK")
    static let renameFlags = FlagNames(bits: [(1, "RENAME_NOREPLACE"), (2, "RENAME_EXCHANGE"), (4, "RENAME_WHITEOUT")])
    static let waitOptions = FlagNames(bits: [
        (1, "WNOHANG"), (2, "WSTOPPED"), (4, "WEXITED"), (8, "WCONTINUED"), (0x100_0000, "WNOWAIT"),
        (0x2000_0000, "__WNOTHREAD"), (0x4000_0000, "__WALL"), (0x8000_0000, "__WCLONE"),
    ])
    static let messageFlags = FlagNames(bits: [
        (0x1, "MSG_OOB"), (0x2, "MSG_PEEK"), (0x4, "MSG_DONTROUTE"), (0x8, "MSG_CTRUNC"), (0x10, "MSG_PROXY"),
        (0x20, "MSG_TRUNC"), (0x40, "MSG_DONTWAIT"), (0x80, "MSG_EOR"), (0x100, "MSG_WAITALL"), (0x200, "MSG_FIN"),
        (0x400, "MSG_SYN"), (0x800, "MSG_CONFIRM"), (0x1000, "MSG_RST"), (0x2000, "MSG_ERRQUEUE"),
        (0x4000, "MSG_NOSIGNAL"), (0x8000, "MSG_MORE"), (0x10000, "MSG_WAITFORONE"), (0x40000, "MSG_BATCH"),
        (0x400_0000, "MSG_ZEROCOPY"), (0x2000_0000, "MSG_FASTOPEN"), (0x4000_0000, "MSG_CMSG_CLOEXEC"),
    ])
    static let inotifyMask = FlagNames(bits: [
        (0x1, "IN_ACCESS"), (0x2, "IN_MODIFY"), (0x4, "IN_ATTRIB"), (0x8, "IN_CLOSE_WRITE"),
        (0x10, "IN_CLOSE_NOWRITE"), (0x20, "IN_OPEN"), (0x40, "IN_MOVED_FROM"), (0x80, "IN_MOVED_TO"),
        (0x100, "IN_CREATE"), (0x200, "IN_DELETE"), (0x400, "IN_DELETE_SELF"), (0x800, "IN_MOVE_SELF"),
        (0x2000, "IN_UNMOUNT"), (0x4000, "IN_Q_OVERFLOW"), (0x8000, "IN_IGNORED"), (0x100_0000, "IN_ONLYDIR"),
        (0x200_0000, "IN_DONT_FOLLOW"), (0x400_0000, "IN_EXCL_UNLINK"), (0x1000_0000, "IN_MASK_CREATE"),
        (0x2000_0000, "IN_MASK_ADD"), (0x4000_0000, "IN_ISDIR"), (0x8000_0000, "IN_ONESHOT"),
    ])
    static let epollEvents = FlagNames(bits: [
        (0x1, "EPOLLIN"), (0x2, "EPOLLPRI"), (0x4, "EPOLLOUT"), (0x8, "EPOLLERR"), (0x10, "EPOLLHUP"),
        (0x20, "EPOLLNVAL"), (0x40, "EPOLLRDNORM"), (0x80, "EPOLLRDBAND"), (0x100, "EPOLLWRNORM"),
        (0x200, "EPOLLWRBAND"), (0x400, "EPOLLMSG"), (0x2000, "EPOLLRDHUP"), (0x1000_0000, "EPOLLEXCLUSIVE"),
        (0x2000_0000, "EPOLLWAKEUP"), (0x4000_0000, "EPOLLONESHOT"), (0x8000_0000, "EPOLLET"),
    ])
    static let signalActionFlags = FlagNames(bits: [
        (0x1, "SA_NOCLDSTOP"), (0x2, "SA_NOCLDWAIT"), (0x4, "SA_SIGINFO"), (0x400_0000, "SA_RESTORER"),
        (0x800_0000, "SA_ONSTACK"), (0x1000_0000, "SA_RESTART"), (0x4000_0000, "SA_NODEFER"),
        (0x8000_0000, "SA_RESETHAND"),
    ])
    static let getrandomFlags = FlagNames(bits: [(1, "GRND_NONBLOCK"), (2, "GRND_RANDOM"), (4, "GRND_INSECURE")])
    static let closeRangeFlags = FlagNames(bits: [(2, "CLOSE_RANGE_UNSHARE"), (4, "CLOSE_RANGE_CLOEXEC")])
    static let timerFlags = FlagNames(bits: [(1, "TIMER_ABSTIME"), (2, "TFD_TIMER_CANCEL_ON_SET")])

    /// The O_NONBLOCK/O_CLOEXEC flag words of the fd-creating calls, under their own names
    /// (arm64 values: O_NONBLOCK 04000, O_CLOEXEC 02000000).
    static func fdCreation(_ prefix: String, extra: [(value: UInt64, name: String)] = []) -> FlagNames {
        FlagNames(bits: extra + [(0o4000, prefix + "_NONBLOCK"), (0o2000000, prefix + "_CLOEXEC")])
    }
    static let eventfdFlags = fdCreation("EFD", extra: [(1, "EFD_SEMAPHORE")])
    static let timerfdFlags = fdCreation("TFD")
    static let signalfdFlags = fdCreation("SFD")
    static let inotifyFlags = fdCreation("IN")
    static let epollFlags = FlagNames(bits: [(0o2000000, "EPOLL_CLOEXEC")])
    static let pidfdFlags = FlagNames(bits: [(0o4000, "PIDFD_NONBLOCK")])
    /// futex's operation word: the operation in the low 7 bits, then two flags.
    static let futexOperation = FlagNames(bits: [(128, "FUTEX_PRIVATE_FLAG"), (256, "FUTEX_CLOCK_REALTIME")],
                                          field: (0x7F, ValueNames.futexOperations))
}

extension ValueNames {
    static let signals: ValueNames = {
        var names: [(value: UInt64, name: String)] = []
        for (n, name) in ["SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
                          "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
                          "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
                          "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"].enumerated() {
            names.append((UInt64(n + 1), name))
        }
        names.append((32, "SIGRTMIN"))  // strace's spelling of the real-time range
        for n in 33...64 { names.append((UInt64(n), "SIGRT_\(n - 32)")) }
        return ValueNames(pairs: names)
    }()
    static let fcntlCommands = ValueNames(names: [
        0: "F_DUPFD", 1: "F_GETFD", 2: "F_SETFD", 3: "F_GETFL", 4: "F_SETFL", 5: "F_GETLK", 6: "F_SETLK",
        7: "F_SETLKW", 8: "F_SETOWN", 9: "F_GETOWN", 10: "F_SETSIG", 11: "F_GETSIG", 15: "F_SETOWN_EX",
        16: "F_GETOWN_EX", 36: "F_OFD_GETLK", 37: "F_OFD_SETLK", 38: "F_OFD_SETLKW", 1024: "F_SETLEASE",
        1025: "F_GETLEASE", 1026: "F_NOTIFY", 1030: "F_DUPFD_CLOEXEC", 1031: "F_SETPIPE_SZ", 1032: "F_GETPIPE_SZ",
        1033: "F_ADD_SEALS", 1034: "F_GET_SEALS",
    ])
    static let sigprocmaskHow = ValueNames(names: [0: "SIG_BLOCK", 1: "SIG_UNBLOCK", 2: "SIG_SETMASK"])
    static let seekWhence = ValueNames(names: [0: "SEEK_SET", 1: "SEEK_CUR", 2: "SEEK_END", 3: "SEEK_DATA", 4: "SEEK_HOLE"])
    static let clocks = ValueNames(names: [
        0: "CLOCK_REALTIME", 1: "CLOCK_MONOTONIC", 2: "CLOCK_PROCESS_CPUTIME_ID", 3: "CLOCK_THREAD_CPUTIME_ID",
        4: "CLOCK_MONOTONIC_RAW", 5: "CLOCK_REALTIME_COARSE", 6: "CLOCK_MONOTONIC_COARSE", 7: "CLOCK_BOOTTIME",
        8: "CLOCK_REALTIME_ALARM", 9: "CLOCK_BOOTTIME_ALARM", 11: "CLOCK_TAI",
    ])
    static let madviseAdvice = ValueNames(names: [
        0: "MADV_NORMAL", 1: "MADV_RANDOM", 2: "MADV_SEQUENTIAL", 3: "MADV_WILLNEED", 4: "MADV_DONTNEED",
        8: "MADV_FREE", 9: "MADV_REMOVE", 10: "MADV_DONTFORK", 11: "MADV_DOFORK", 12: "MADV_MERGEABLE",
        13: "MADV_UNMERGEABLE", 14: "MADV_HUGEPAGE", 15: "MADV_NOHUGEPAGE", 16: "MADV_DONTDUMP", 17: "MADV_DODUMP",
        18: "MADV_WIPEONFORK", 19: "MADV_KEEPONFORK", 20: "MADV_COLD", 21: "MADV_PAGEOUT", 22: "MADV_POPULATE_READ",
        23: "MADV_POPULATE_WRITE", 24: "MADV_DONTNEED_LOCKED", 25: "MADV_COLLAPSE",
    ])
    static let rlimitResources = ValueNames(names: [
        0: "RLIMIT_CPU", 1: "RLIMIT_FSIZE", 2: "RLIMIT_DATA", 3: "RLIMIT_STACK", 4: "RLIMIT_CORE", 5: "RLIMIT_RSS",
        6: "RLIMIT_NPROC", 7: "RLIMIT_NOFILE", 8: "RLIMIT_MEMLOCK", 9: "RLIMIT_AS", 10: "RLIMIT_LOCKS",
        11: "RLIMIT_SIGPENDING", 12: "RLIMIT_MSGQUEUE", 13: "RLIMIT_NICE", 14: "RLIMIT_RTPRIO", 15: "RLIMIT_RTTIME",
    ])
    static let epollOperations = ValueNames(names: [1: "EPOLL_CTL_ADD", 2: "EPOLL_CTL_DEL", 3: "EPOLL_CTL_MOD"])
    static let shutdownHow = ValueNames(names: [0: "SHUT_RD", 1: "SHUT_WR", 2: "SHUT_RDWR"])
    static let socketLevels = ValueNames(names: [0: "SOL_IP", 1: "SOL_SOCKET", 6: "SOL_TCP", 17: "SOL_UDP", 41: "SOL_IPV6"])
    static let addressFamilies = ValueNames(names: [
        0: "AF_UNSPEC", 1: "AF_UNIX", 2: "AF_INET", 10: "AF_INET6", 16: "AF_NETLINK", 17: "AF_PACKET",
    ])
    static let prctlOptions = ValueNames(names: [
        1: "PR_SET_PDEATHSIG", 2: "PR_GET_PDEATHSIG", 3: "PR_GET_DUMPABLE", 4: "PR_SET_DUMPABLE",
        7: "PR_GET_KEEPCAPS", 8: "PR_SET_KEEPCAPS", 15: "PR_SET_NAME", 16: "PR_GET_NAME", 21: "PR_GET_SECCOMP",
        22: "PR_SET_SECCOMP", 23: "PR_CAPBSET_READ", 29: "PR_SET_TIMERSLACK", 30: "PR_GET_TIMERSLACK",
        33: "PR_MCE_KILL", 36: "PR_SET_CHILD_SUBREAPER", 37: "PR_GET_CHILD_SUBREAPER", 38: "PR_SET_NO_NEW_PRIVS",
        39: "PR_GET_NO_NEW_PRIVS", 41: "PR_SET_THP_DISABLE", 42: "PR_GET_THP_DISABLE", 50: "PR_SVE_SET_VL",
        51: "PR_SVE_GET_VL", 54: "PR_PAC_RESET_KEYS", 55: "PR_SET_TAGGED_ADDR_CTRL", 56: "PR_GET_TAGGED_ADDR_CTRL",
        0x5356_4d41: "PR_SET_VMA",
    ])
    /// futex's operation (low 7 bits); FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME print as suffixes.
    static let futexOperations = ValueNames(names: [
        0: "FUTEX_WAIT", 1: "FUTEX_WAKE", 2: "FUTEX_FD", 3: "FUTEX_REQUEUE", 4: "FUTEX_CMP_REQUEUE",
        5: "FUTEX_WAKE_OP", 6: "FUTEX_LOCK_PI", 7: "FUTEX_UNLOCK_PI", 8: "FUTEX_TRYLOCK_PI", 9: "FUTEX_WAIT_BITSET",
        10: "FUTEX_WAKE_BITSET", 11: "FUTEX_WAIT_REQUEUE_PI", 12: "FUTEX_CMP_REQUEUE_PI", 13: "FUTEX_LOCK_PI2",
    ])
}

// The syscall table's argument kinds name their tables by these keys, not by value: the
// table is built at every process's first syscall, and building it with the tables themselves
// constructed every one of them (~100,000 instructions) for strace, which few runs ask for.

/// A flag-word table an argument kind names (`.flags(.mmapProt)`); built when strace first prints one.
enum FlagTable: Sendable {
    case mmapProt, mmapFlags, mremapFlags, msyncFlags, cloneFlags, atFlags, accessAtFlags, accessMode,
         renameFlags, waitOptions, messageFlags, inotifyMask, getrandomFlags, closeRangeFlags, timerFlags,
         eventfdFlags, timerfdFlags, signalfdFlags, inotifyFlags, epollFlags, pidfdFlags, futexOperation

    var names: FlagNames {
        switch self {
        case .mmapProt: FlagNames.mmapProt
        case .mmapFlags: FlagNames.mmapFlags
        case .mremapFlags: FlagNames.mremapFlags
        case .msyncFlags: FlagNames.msyncFlags
        case .cloneFlags: FlagNames.cloneFlags
        case .atFlags: FlagNames.atFlags
        case .accessAtFlags: FlagNames.accessAtFlags
        case .accessMode: FlagNames.accessMode
        case .renameFlags: FlagNames.renameFlags
        case .waitOptions: FlagNames.waitOptions
        case .messageFlags: FlagNames.messageFlags
        case .inotifyMask: FlagNames.inotifyMask
        case .getrandomFlags: FlagNames.getrandomFlags
        case .closeRangeFlags: FlagNames.closeRangeFlags
        case .timerFlags: FlagNames.timerFlags
        case .eventfdFlags: FlagNames.eventfdFlags
        case .timerfdFlags: FlagNames.timerfdFlags
        case .signalfdFlags: FlagNames.signalfdFlags
        case .inotifyFlags: FlagNames.inotifyFlags
        case .epollFlags: FlagNames.epollFlags
        case .pidfdFlags: FlagNames.pidfdFlags
        case .futexOperation: FlagNames.futexOperation
        }
    }

    func describe(_ word: UInt64) -> String { names.describe(word) }
}

/// A value table an argument kind names (`.value(.clocks)`); built when strace first prints one.
enum ValueTable: Sendable {
    case fcntlCommands, sigprocmaskHow, seekWhence, clocks, madviseAdvice, rlimitResources, epollOperations,
         shutdownHow, socketLevels, prctlOptions

    var names: ValueNames {
        switch self {
        case .fcntlCommands: ValueNames.fcntlCommands
        case .sigprocmaskHow: ValueNames.sigprocmaskHow
        case .seekWhence: ValueNames.seekWhence
        case .clocks: ValueNames.clocks
        case .madviseAdvice: ValueNames.madviseAdvice
        case .rlimitResources: ValueNames.rlimitResources
        case .epollOperations: ValueNames.epollOperations
        case .shutdownHow: ValueNames.shutdownHow
        case .socketLevels: ValueNames.socketLevels
        case .prctlOptions: ValueNames.prctlOptions
        }
    }

    func describe(_ word: UInt64) -> String { names.describe(word) }
}
