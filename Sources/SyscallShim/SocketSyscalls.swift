// Sockets. Everything a socket call takes is laid out alike on arm64 and x86-64
// (both LP64, little-endian), so the whole family passes through:
// - struct sockaddr and its families, socklen_t, struct iovec, struct msghdr
//   (56 bytes), struct cmsghdr (16-byte header, 8-byte CMSG_ALIGN), struct mmsghdr;
//   SCM_RIGHTS / SCM_CREDENTIALS payloads (int fds, struct ucred) likewise;
// - socket options: both architectures use asm-generic/socket.h, so SOL_SOCKET and
//   every SO_* value match, and the timeval/linger/ucred option values match too;
// - type flags: SOCK_NONBLOCK and SOCK_CLOEXEC are O_NONBLOCK and O_CLOEXEC, whose
//   values are the same on both (OpenFlags.swift lists the ones that are not).
// getpeername on a non-socket is the host's ENOTSOCK (bash relies on it).

extension SyscallTable {
    static let socketSyscalls: [SyscallEntry] = [
        .passFlags(.socket, [.addressFamily, .socketType, .dec], host: HostNR.socket, flags: 1),
        .passFlags(.socketpair, [.addressFamily, .socketType, .dec, .ptr], host: HostNR.socketpair, flags: 1),
        .pass(.bind, [.fd, .sockaddr, .udec], host: HostNR.bind),
        .pass(.listen, [.fd, .dec], host: HostNR.listen),
        .pass(.accept, [.fd, .ptr, .ptr], host: HostNR.accept),
        .passFlags(.accept4, [.fd, .ptr, .ptr, .socketType], host: HostNR.accept4, flags: 3),
        .pass(.connect, [.fd, .sockaddr, .udec], host: HostNR.connect),
        .pass(.getsockname, [.fd, .ptr, .ptr], host: HostNR.getsockname),
        .pass(.getpeername, [.fd, .ptr, .ptr], host: HostNR.getpeername),
        .pass(.sendto, [.fd, .buffer(length: 2), .udec, .flags(.messageFlags), .sockaddr, .udec], host: HostNR.sendto),
        .pass(.recvfrom, [.fd, .ptr, .udec, .flags(.messageFlags), .ptr, .ptr], host: HostNR.recvfrom),
        .pass(.setsockopt, [.fd, .value(.socketLevels), .dec, .ptr, .udec], host: HostNR.setsockopt),
        .pass(.getsockopt, [.fd, .value(.socketLevels), .dec, .ptr, .ptr], host: HostNR.getsockopt),
        .pass(.shutdown, [.fd, .value(.shutdownHow)], host: HostNR.shutdown),
        .pass(.sendmsg, [.fd, .ptr, .flags(.messageFlags)], host: HostNR.sendmsg),
        .pass(.recvmsg, [.fd, .ptr, .flags(.messageFlags)], host: HostNR.recvmsg),
        .pass(.sendmmsg, [.fd, .ptr, .udec, .flags(.messageFlags)], host: HostNR.sendmmsg),
        .pass(.recvmmsg, [.fd, .ptr, .udec, .flags(.messageFlags), .timespec], host: HostNR.recvmmsg),
    ]
}

/// Names for strace: socket types (same values on both).
enum SocketNames {
    static let types: [UInt64: String] = [
        1: "SOCK_STREAM", 2: "SOCK_DGRAM", 3: "SOCK_RAW", 4: "SOCK_RDM", 5: "SOCK_SEQPACKET", 10: "SOCK_PACKET",
    ]
    static let sockNonblock: UInt64 = 0o4000, sockCloexec: UInt64 = 0o2000000

    /// "SOCK_STREAM|SOCK_CLOEXEC"; accept4 passes the flags alone ("0" when none).
    static func type(_ v: UInt64) -> String {
        var parts: [String] = []
        let base = v & 0xF
        if base != 0 { parts.append(types[base] ?? String(base)) }
        if v & sockNonblock != 0 { parts.append("SOCK_NONBLOCK") }
        if v & sockCloexec != 0 { parts.append("SOCK_CLOEXEC") }
        let rest = v & ~(0xF | sockNonblock | sockCloexec)
        if rest != 0 { parts.append("0x" + String(rest, radix: 16)) }
        return parts.isEmpty ? "0" : parts.joined(separator: "|")
    }
}
