// -strace's summaries of the structs a call reads (what the guest passed in, read at
// the call's start): timespecs, signal sets and actions, stack_t, socket addresses,
// epoll events, argv arrays and the start of a written buffer. Every read goes through
// GuestMemory: an unreadable pointer prints as its address, never a crash.

enum StraceStructs {
    static func timespec(_ address: UInt64) -> String? {
        guard let seconds = GuestMemory.read(Int64.self, at: address, offset: GuestTimespec.seconds),
              let nanoseconds = GuestMemory.read(Int64.self, at: address, offset: GuestTimespec.nanoseconds) else { return nil }
        return "{tv_sec=\(seconds), tv_nsec=\(nanoseconds)}"
    }

    static func itimerspec(_ address: UInt64) -> String? {
        guard let interval = timespec(address + UInt64(GuestItimerspec.interval)),
              let value = timespec(address + UInt64(GuestItimerspec.value)) else { return nil }
        return "{it_interval=\(interval), it_value=\(value)}"
    }

    /// "[SIGINT SIGTERM]" (strace's form of a sigset_t).
    static func signalSet(_ mask: UInt64) -> String {
        "[" + (1...64).filter { mask & (1 << UInt64($0 - 1)) != 0 }
            .map { ValueNames.signals.describe(UInt64($0)) }.joined(separator: " ") + "]"
    }

    static func sigset(_ address: UInt64) -> String? {
        GuestMemory.read(UInt64.self, at: address).map(signalSet)
    }

    static func sigaction(_ address: UInt64) -> String? {
        guard let a = GuestSigactionLayout.read(at: address) else { return nil }
        let handler = a.handler == 0 ? "SIG_DFL" : a.handler == 1 ? "SIG_IGN" : "0x" + String(a.handler, radix: 16)
        return "{sa_handler=\(handler), sa_mask=\(signalSet(a.mask.rawValue)), sa_flags=\(FlagNames.signalActionFlags.describe(a.flags.rawValue))"
            + (a.flags.contains(.restorer) ? ", sa_restorer=0x\(String(a.restorer, radix: 16))}" : "}")
    }

    static func signalStack(_ address: UInt64) -> String? {
        guard let s = GuestStackLayout.read(at: address) else { return nil }
        let flags = FlagNames(bits: [(1, "SS_ONSTACK"), (2, "SS_DISABLE"), (0x8000_0000, "SS_AUTODISARM")])
            .describe(UInt64(UInt32(bitPattern: s.flags)))
        return "{ss_sp=0x\(String(s.base, radix: 16)), ss_flags=\(flags), ss_size=\(s.size)}"
    }

    static func sockaddr(_ address: UInt64) -> String? {
        guard let family = GuestMemory.read(UInt16.self, at: address, offset: GuestSockaddr.family) else { return nil }
        let name = ValueNames.addressFamilies.describe(UInt64(family))
        switch family {
        case GuestSockaddr.familyInet:
            guard let port = GuestMemory.read(UInt16.self, at: address, offset: GuestSockaddr.inetPort),
                  let ip = GuestMemory.bytes(at: address + UInt64(GuestSockaddr.inetAddress), count: 4) else { return nil }
            return "{sa_family=\(name), sin_port=htons(\(port.bigEndian)), sin_addr=inet_addr(\"\(ip.map(String.init).joined(separator: "."))\")}"
        case GuestSockaddr.familyInet6:
            guard let port = GuestMemory.read(UInt16.self, at: address, offset: GuestSockaddr.inet6Port) else { return nil }
            return "{sa_family=\(name), sin6_port=htons(\(port.bigEndian)), ...}"
        case GuestSockaddr.familyUnix:
            let path = GuestMemory.string(at: address + UInt64(GuestSockaddr.unixPath), limit: 108) ?? ""
            return "{sa_family=\(name), sun_path=\(Strace.quote(path))}"
        default:
            return "{sa_family=\(name), ...}"
        }
    }

    static func epollEvent(_ address: UInt64) -> String? {
        guard let events = GuestMemory.read(UInt32.self, at: address),
              let data = GuestMemory.read(UInt64.self, at: address, offset: EpollEvent.guestData) else { return nil }
        return "{events=\(FlagNames.epollEvents.describe(UInt64(events))), data=0x\(String(data, radix: 16))}"
    }

    /// execve's argv/envp: ["ls", "-l"], at most `limit` strings then "...".
    static func stringArray(_ address: UInt64, limit: Int = 32) -> String? {
        var items: [String] = []
        for i in 0... {
            guard let p = GuestMemory.read(UInt64.self, at: address, offset: 8 * i) else { return nil }
            if p == 0 { break }
            if i == limit { items.append("..."); break }
            items.append(GuestMemory.string(at: p).map(Strace.quote) ?? "0x" + String(p, radix: 16))
        }
        return "[" + items.joined(separator: ", ") + "]"
    }

    /// The first bytes of a buffer the call reads (write, sendto...), quoted like strace.
    static func buffer(_ address: UInt64, length: UInt64, shown: Int = 32) -> String? {
        let count = Int(min(length, UInt64(shown)))
        guard let bytes = GuestMemory.bytes(at: address, count: count) else { return nil }
        return Strace.quote(bytes: bytes) + (length > UInt64(shown) ? "..." : "")
    }
}
