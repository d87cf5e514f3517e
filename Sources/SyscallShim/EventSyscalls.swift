// Event file descriptors: epoll, eventfd, timerfd, signalfd, inotify.
//
// Only epoll needs conversion: x86-64 declares `struct epoll_event` packed (12
// bytes: u32 events, u64 data at offset 4), arm64 does not (16 bytes: u32 events,
// 4 bytes padding, u64 data at 8). epoll_ctl and epoll_pwait(2) convert both ways.
// The rest is identical on both: itimerspec, signalfd_siginfo (128 bytes, the
// same fields at the same offsets), inotify_event, and the *_CLOEXEC/*_NONBLOCK
// flags, which are O_CLOEXEC/O_NONBLOCK (same values on both; OpenFlags.swift).
// epoll_pwait's sigmask is the host's sigset_t format too and goes through as is;
// SignalDelivery's temporarySyscallMask puts it in the handler's frame after EINTR.

/// The two layouts of `struct epoll_event`.
enum EpollEvent {
    static let guestSize = 16, guestData = 8
    static let hostSize = 12, hostData = 4
    static let ctlAdd: Int32 = 1, ctlDel: Int32 = 2, ctlMod: Int32 = 3
    /// EP_MAX_EVENTS for the guest's 16-byte events.
    static let maxEvents = Int(Int32.max) / guestSize
    /// Events fetched per host call: a wait may return fewer than asked, never more.
    static let batch = 256
}

extension SyscallTable {
    static let eventSyscalls: [SyscallEntry] = [
        .passFlags(.epoll_create1, [.flags(.epollFlags)], host: HostNR.epollCreate1, flags: 0),
        .custom(.epoll_ctl, [.fd, .value(.epollOperations), .fd, .epollEvent],
                note: "struct epoll_event: 16 bytes on arm64, packed to 12 on x86-64") { $0.epollCtl($1) },
        .custom(.epoll_pwait, [.fd, .ptr, .dec, .dec, .ptr, .udec],
                note: "events converted from x86-64's packed layout") { $0.epollWait($1, host: HostNR.epollPwait) },
        .custom(.epoll_pwait2, [.fd, .ptr, .dec, .ptr, .ptr, .udec],
                note: "events converted from x86-64's packed layout") { $0.epollWait($1, host: HostNR.epollPwait2) },
        .passFlags(.eventfd2, [.udec, .flags(.eventfdFlags)], host: HostNR.eventfd2, flags: 1),
        .passFlags(.timerfd_create, [.value(.clocks), .flags(.timerfdFlags)], host: HostNR.timerfdCreate, flags: 1),
        .pass(.timerfd_settime, [.fd, .flags(.timerFlags), .itimerspec, .ptr], host: HostNR.timerfdSettime),
        .pass(.timerfd_gettime, [.fd, .ptr], host: HostNR.timerfdGettime),
        .passFlags(.signalfd4, [.fd, .sigset, .udec, .flags(.signalfdFlags)], host: HostNR.signalfd4, flags: 3),
        .passFlags(.inotify_init1, [.flags(.inotifyFlags)], host: HostNR.inotifyInit1, flags: 0),
        .custom(.inotify_add_watch, [.fd, .path, .flags(.inotifyMask)]) { p, a in
            p.withHostPath(a[1]) { hostSyscall(HostNR.inotifyAddWatch, a[0], $0, a[2]) }
        },
        .pass(.inotify_rm_watch, [.fd, .dec], host: HostNR.inotifyRmWatch),
    ]
}

extension LinuxPersonality {
    /// epoll_ctl(epfd, op, fd, event)
    func epollCtl(_ a: SyscallArgs) -> Int64 {
        let op = a.int32(1)
        guard op == EpollEvent.ctlAdd || op == EpollEvent.ctlMod else {
            return hostSyscall(HostNR.epollCtl, a[0], a[1], a[2], a[3])  // EPOLL_CTL_DEL ignores the event
        }
        guard let event = GuestMemory.read((UInt32, UInt32, UInt64).self, at: a[3]) else { return -Errno.EFAULT }
        var host = [UInt8](repeating: 0, count: EpollEvent.hostSize)
        host.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: event.0, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: event.2, toByteOffset: EpollEvent.hostData, as: UInt64.self)
        }
        return host.withUnsafeBytes { raw in
            hostSyscall(HostNR.epollCtl, a[0], a[1], a[2], UInt64(UInt(bitPattern: raw.baseAddress!)))
        }
    }

    /// epoll_pwait(epfd, events, maxevents, timeout, sigmask, sigsetsize) and
    /// epoll_pwait2 (timeout as a timespec pointer): the host fills packed events,
    /// which are widened into the guest's array.
    func epollWait(_ a: SyscallArgs, host nr: Int) -> Int64 {
        let maxEvents = Int(a.int32(2))
        guard maxEvents > 0, maxEvents <= EpollEvent.maxEvents else { return -Errno.EINVAL }
        guard GuestMemory.inRange(a[1], maxEvents * EpollEvent.guestSize) else { return -Errno.EFAULT }
        let count = min(maxEvents, EpollEvent.batch)
        return withUnsafeTemporaryAllocation(byteCount: count * (EpollEvent.hostSize + EpollEvent.guestSize),
                                             alignment: 8) { buffer -> Int64 in
            let host = buffer.baseAddress!, guest = host + count * EpollEvent.hostSize
            let r = hostSyscall(nr, a[0], UInt64(UInt(bitPattern: host)), UInt64(count), a[3], a[4], a[5])
            guard r > 0 else { return r }
            for i in 0..<Int(r) {
                let from = host + i * EpollEvent.hostSize, to = guest + i * EpollEvent.guestSize
                to.storeBytes(of: from.loadUnaligned(as: UInt32.self), as: UInt32.self)
                to.storeBytes(of: UInt32(0), toByteOffset: 4, as: UInt32.self)
                to.storeBytes(of: from.loadUnaligned(fromByteOffset: EpollEvent.hostData, as: UInt64.self),
                              toByteOffset: EpollEvent.guestData, as: UInt64.self)
            }
            return GuestMemory.copyOut(from: guest, count: Int(r) * EpollEvent.guestSize, to: a[1]) ? r : -Errno.EFAULT
        }
    }
}
