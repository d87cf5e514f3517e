// O_* flag translation, table-driven like QEMU's fcntl_flags_tbl. asm-generic
// (arm64) and x86-64 agree on every open flag except four bits permuted between
// the two: O_DIRECTORY, O_NOFOLLOW, O_DIRECT and O_LARGEFILE (arm64's O_DIRECT,
// 0200000, is x86-64's O_DIRECTORY).
//
// Where O_* flags travel: open/openat/openat2/open_by_handle_at/mq_open flags,
// fcntl F_GETFL/F_SETFL, pipe2, dup3, fanotify_init's event_f_flags, and the
// *_CLOEXEC/*_NONBLOCK flags of eventfd2, timerfd_create, signalfd4,
// inotify_init1, epoll_create1, userfaultfd, pidfd_open and the socket type
// flags, which are defined as O_CLOEXEC/O_NONBLOCK. All of them go through
// `toHost`; a bit the table does not know is passed unchanged, so the host kernel
// rejects it (EINVAL) where the guest's would. Other flag sets (mmap's MAP_*,
// PROT_*, clone's CLONE_*, AT_*, SOCK_* types, MSG_*, EPOLL*, IN_*, SA_*) have
// the same values on both architectures except the ones MemorySyscalls.swift
// handles (PROT_BTI/PROT_MTE, MAP_32BIT).

/// One flag bit: its value on each side and its name.
struct FlagBit: Sendable {
    let name: String
    let guest: UInt64
    let host: UInt64
}

enum OpenFlags {
    // arm64 (asm-generic/fcntl.h as overridden by arch/arm64/include/uapi/asm/fcntl.h)
    static let guestDirectory: UInt64 = 0o40000
    static let guestNoFollow: UInt64 = 0o100000
    static let guestDirect: UInt64 = 0o200000
    static let guestLargeFile: UInt64 = 0o400000
    // x86-64 (arch/x86/include/uapi/asm/fcntl.h is asm-generic's defaults)
    static let hostDirect: UInt64 = 0o40000
    static let hostLargeFile: UInt64 = 0o100000
    static let hostDirectory: UInt64 = 0o200000
    static let hostNoFollow: UInt64 = 0o400000
    static let cloexec: UInt64 = 0o2000000, nonblock: UInt64 = 0o4000

    /// Every open flag bit but the access mode (O_RDONLY/O_WRONLY/O_RDWR, equal on both).
    static let table: [FlagBit] = [
        FlagBit(name: "O_CREAT", guest: 0o100, host: 0o100),
        FlagBit(name: "O_EXCL", guest: 0o200, host: 0o200),
        FlagBit(name: "O_NOCTTY", guest: 0o400, host: 0o400),
        FlagBit(name: "O_TRUNC", guest: 0o1000, host: 0o1000),
        FlagBit(name: "O_APPEND", guest: 0o2000, host: 0o2000),
        FlagBit(name: "O_NONBLOCK", guest: nonblock, host: nonblock),
        FlagBit(name: "O_DSYNC", guest: 0o10000, host: 0o10000),
        FlagBit(name: "O_ASYNC", guest: 0o20000, host: 0o20000),
        FlagBit(name: "O_DIRECTORY", guest: guestDirectory, host: hostDirectory),
        FlagBit(name: "O_NOFOLLOW", guest: guestNoFollow, host: hostNoFollow),
        FlagBit(name: "O_DIRECT", guest: guestDirect, host: hostDirect),
        FlagBit(name: "O_LARGEFILE", guest: guestLargeFile, host: hostLargeFile),
        FlagBit(name: "O_NOATIME", guest: 0o1000000, host: 0o1000000),
        FlagBit(name: "O_CLOEXEC", guest: cloexec, host: cloexec),
        FlagBit(name: "__O_SYNC", guest: 0o4000000, host: 0o4000000),
        FlagBit(name: "O_PATH", guest: 0o10000000, host: 0o10000000),
        FlagBit(name: "__O_TMPFILE", guest: 0o20000000, host: 0o20000000),
    ]
    private static let guestKnown = table.reduce(UInt64(0)) { $0 | $1.guest }
    private static let hostKnown = table.reduce(UInt64(0)) { $0 | $1.host }

    static func toHost(_ guest: UInt64) -> UInt64 {
        var host = guest & ~guestKnown
        for bit in table where guest & bit.guest != 0 { host |= bit.host }
        return host
    }

    static func toGuest(_ host: UInt64) -> UInt64 {
        var guest = host & ~hostKnown
        for bit in table where host & bit.host != 0 { guest |= bit.guest }
        return guest
    }

    /// Symbolic guest flags for strace, e.g. "O_WRONLY|O_CREAT|O_TRUNC".
    static func describe(_ guest: UInt64) -> String {
        let access = ["O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"][Int(guest & 3)]
        var parts = [access]
        var rest = guest & ~3
        for (bit, name) in names where rest & bit == bit {
            parts.append(name)
            rest &= ~bit
        }
        if rest != 0 { parts.append("0" + String(rest, radix: 8)) }
        return parts.joined(separator: "|")
    }

    // In table order, each composite before its parts: O_TMPFILE includes O_DIRECTORY,
    // O_SYNC includes O_DSYNC.
    private static let names: [(UInt64, String)] = [(0o20000000 | guestDirectory, "O_TMPFILE")]
        + table.flatMap { bit -> [(UInt64, String)] in
            if bit.name.hasPrefix("__") { return [] }
            if bit.name == "O_DSYNC" { return [(0o4000000 | bit.guest, "O_SYNC"), (bit.guest, bit.name)] }
            return [(bit.guest, bit.name)]
        }
}
