// O_* flag translation. asm-generic (arm64) and x86-64 agree on every open flag
// except four bits that are permuted between the two: O_DIRECTORY, O_NOFOLLOW,
// O_DIRECT and O_LARGEFILE.
enum OpenFlags {
    // arm64 (asm-generic/fcntl.h as overridden by arch/arm64/include/uapi/asm/fcntl.h)
    static let guestDirectory: UInt64 = 0o40000
    static let guestNoFollow: UInt64 = 0o100000
    static let guestDirect: UInt64 = 0o200000
    static let guestLargeFile: UInt64 = 0o400000
    // x86-64
    static let hostDirect: UInt64 = 0o40000
    static let hostLargeFile: UInt64 = 0o100000
    static let hostDirectory: UInt64 = 0o200000
    static let hostNoFollow: UInt64 = 0o400000

    private static let pairs: [(guest: UInt64, host: UInt64)] = [
        (guestDirectory, hostDirectory), (guestNoFollow, hostNoFollow),
        (guestDirect, hostDirect), (guestLargeFile, hostLargeFile),
    ]
    private static let permutedBits: UInt64 = 0o740000

    static func toHost(_ guest: UInt64) -> UInt64 {
        var host = guest & ~permutedBits
        for p in pairs where guest & p.guest != 0 { host |= p.host }
        return host
    }

    static func toGuest(_ host: UInt64) -> UInt64 {
        var guest = host & ~permutedBits
        for p in pairs where host & p.host != 0 { guest |= p.guest }
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

    // O_TMPFILE first: it includes the O_DIRECTORY bit.
    private static let names: [(UInt64, String)] = [
        (0o20000000 | guestDirectory, "O_TMPFILE"), (0o100, "O_CREAT"), (0o200, "O_EXCL"),
        (0o400, "O_NOCTTY"), (0o1000, "O_TRUNC"), (0o2000, "O_APPEND"), (0o4000, "O_NONBLOCK"),
        (0o4010000, "O_SYNC"), (0o10000, "O_DSYNC"), (0o20000, "O_ASYNC"), (guestDirectory, "O_DIRECTORY"),
        (guestNoFollow, "O_NOFOLLOW"), (guestDirect, "O_DIRECT"), (guestLargeFile, "O_LARGEFILE"),
        (0o1000000, "O_NOATIME"), (0o2000000, "O_CLOEXEC"), (0o10000000, "O_PATH"),
    ]
}
