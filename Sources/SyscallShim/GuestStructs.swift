// The arm64 layouts of the structs the shim reads or writes itself (uapi headers,
// LP64 little-endian), as named offsets: no handler or strace printer spells an offset
// as a bare number. struct stat's two layouts are in StatConversion.swift, epoll_event's
// in EventSyscalls.swift, the signal frame's in SignalFrame.swift.

/// struct timespec {time_t tv_sec; long tv_nsec} (also each half of itimerspec).
enum GuestTimespec {
    static let size = 16
    static let seconds = 0, nanoseconds = 8
}

/// struct itimerspec {timespec it_interval; timespec it_value}.
enum GuestItimerspec {
    static let size = 32
    static let interval = 0, value = 16
}

/// arm64 struct sigaction as the kernel takes it (asm-generic: handler, flags, restorer, mask).
enum GuestSigactionLayout {
    static let size = 32
    static let handler = 0, flags = 8, restorer = 16, mask = 24

    static func read(at address: UInt64) -> GuestSigaction? {
        guard let bytes = GuestMemory.bytes(at: address, count: size) else { return nil }
        return bytes.withUnsafeBytes { b in
            GuestSigaction(handler: b.loadUnaligned(fromByteOffset: handler, as: UInt64.self),
                           flags: SigactionFlags(rawValue: b.loadUnaligned(fromByteOffset: flags, as: UInt64.self)),
                           restorer: b.loadUnaligned(fromByteOffset: restorer, as: UInt64.self),
                           mask: SignalSet(rawValue: b.loadUnaligned(fromByteOffset: mask, as: UInt64.self)))
        }
    }

    static func write(_ action: GuestSigaction, at address: UInt64) -> Bool {
        var bytes = [UInt8](repeating: 0, count: size)
        bytes.withUnsafeMutableBytes { b in
            b.storeBytes(of: action.handler, toByteOffset: handler, as: UInt64.self)
            b.storeBytes(of: action.flags.rawValue, toByteOffset: flags, as: UInt64.self)
            b.storeBytes(of: action.restorer, toByteOffset: restorer, as: UInt64.self)
            b.storeBytes(of: action.mask.rawValue, toByteOffset: mask, as: UInt64.self)
        }
        return bytes.withUnsafeBytes { GuestMemory.copyOut($0, to: address) }
    }
}

/// stack_t {void *ss_sp; int ss_flags; (4 bytes padding) size_t ss_size}; also ucontext's uc_stack.
enum GuestStackLayout {
    static let size = 24
    static let base = 0, flags = 8, padding = 12, stackSize = 16

    static func read(at address: UInt64) -> GuestSignalStack? {
        guard let bytes = GuestMemory.bytes(at: address, count: size) else { return nil }
        return bytes.withUnsafeBytes { decode($0) }
    }

    static func decode(_ b: UnsafeRawBufferPointer) -> GuestSignalStack {
        GuestSignalStack(base: b.loadUnaligned(fromByteOffset: base, as: UInt64.self),
                         flags: b.loadUnaligned(fromByteOffset: flags, as: Int32.self),
                         size: b.loadUnaligned(fromByteOffset: stackSize, as: UInt64.self))
    }

    static func encode(_ stack: GuestSignalStack, into b: UnsafeMutableRawBufferPointer) {
        b.storeBytes(of: stack.base, toByteOffset: base, as: UInt64.self)
        b.storeBytes(of: stack.flags, toByteOffset: flags, as: Int32.self)
        b.storeBytes(of: Int32(0), toByteOffset: padding, as: Int32.self)
        b.storeBytes(of: stack.size, toByteOffset: stackSize, as: UInt64.self)
    }

    static func write(_ stack: GuestSignalStack, at address: UInt64) -> Bool {
        var bytes = [UInt8](repeating: 0, count: size)
        bytes.withUnsafeMutableBytes { encode(stack, into: $0) }
        return bytes.withUnsafeBytes { GuestMemory.copyOut($0, to: address) }
    }
}

/// struct msghdr (56 bytes, the same on x86-64: sendmsg/recvmsg pass through).
enum GuestMsghdr {
    static let size = 56
    static let name = 0, nameLength = 8, iov = 16, iovLength = 24, control = 32, controlLength = 40, flags = 48
}

/// struct sockaddr and the two inet forms strace shows (port and IPv4 address big-endian).
enum GuestSockaddr {
    static let family = 0
    static let inetPort = 2, inetAddress = 4
    static let inet6Port = 2, inet6Address = 8
    static let unixPath = 2
    static let familyUnix: UInt16 = 1, familyInet: UInt16 = 2, familyInet6: UInt16 = 10
}

/// siginfo_t (128 bytes, the same on x86-64): the fields the shim reads or fills. The
/// union after the header holds {pid, uid, value} for kill/sigqueue and the fault address
/// for SIGSEGV/SIGBUS/SIGILL/SIGTRAP.
enum GuestSiginfo {
    static let size = 128
    static let signo = 0, errno = 4, code = 8
    static let pid = 16, uid = 20, value = 24
    static let faultAddress = 16
}
