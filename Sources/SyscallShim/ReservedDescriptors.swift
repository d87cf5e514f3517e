// compat-run's own file descriptors in the process's fd table (the -D log, the perf map,
// the jitdump file, the gdb connection). The guest shares that table, so they are kept
// out of its sight: moved above the numbers a program normally uses (a guest's first
// open() gets 3, as natively) and refused to the calls that would close or replace
// them (close and dup3 answer EBADF, as for a descriptor that is not open; close_range
// skips them). All of them are O_CLOEXEC, so an execve never passes them on.
import Glibc
import Translator

/// The reserved descriptors and the rules the fd syscalls apply to them.
struct ReservedDescriptors: Equatable, Sendable {
    /// Sorted, without duplicates.
    private(set) var descriptors: [Int32] = []

    mutating func insert(_ fd: Int32) {
        guard !contains(fd) else { return }
        descriptors.append(fd)
        descriptors.sort()
    }

    mutating func remove(_ fd: Int32) { descriptors.removeAll { $0 == fd } }

    func contains(_ fd: Int32) -> Bool { descriptors.contains(fd) }

    /// close_range(first, last): the parts of [first, last] to close, reserved ones cut out.
    func closeRangeParts(first: UInt32, last: UInt32) -> [ClosedRange<UInt32>] {
        guard first <= last else { return [] }
        var parts: [ClosedRange<UInt32>] = [], next = first
        for fd in descriptors where fd >= 0 {
            let reserved = UInt32(fd)
            guard reserved >= next, reserved <= last else { continue }
            if reserved > next { parts.append(next...(reserved - 1)) }
            if reserved == last { return parts }
            next = reserved + 1
        }
        parts.append(next...last)
        return parts
    }

    /// The lowest number a moved descriptor may get: 64 below the soft RLIMIT_NOFILE (at
    /// most 1024, so the kernel's fd table stays small); nil when the limit leaves no room.
    static func floor(softLimit: UInt64) -> Int32? {
        let top = Int32(min(softLimit, 1024))
        return top >= 128 ? top - 64 : nil
    }
}

/// The process's reserved descriptors (one fd table per process; a fork child inherits
/// both the table and this copy of it).
public enum CompatRunDescriptors {
    nonisolated(unsafe) private static var table = ReservedDescriptors()
    private static let lock = HostMutex()

    /// Takes `fd` (one compat-run opened, O_CLOEXEC) out of the guest's sight: it moves to a
    /// high number when the limit allows and becomes reserved. Use the descriptor returned.
    public static func adopt(_ fd: Int32) -> Int32 {
        guard fd >= 0 else { return fd }
        var moved = fd
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0,
           let floor = ReservedDescriptors.floor(softLimit: UInt64(limit.rlim_cur)), fd < floor {
            let high = Glibc.fcntl(fd, F_DUPFD_CLOEXEC, floor)
            if high >= 0 {
                Glibc.close(fd)
                moved = high
            }
        }
        lock.withLock { table.insert(moved) }
        return moved
    }

    /// Gives `fd` back before compat-run closes it itself.
    public static func release(_ fd: Int32) { lock.withLock { table.remove(fd) } }

    static func isReserved(_ fd: Int32) -> Bool { lock.withLock { table.contains(fd) } }

    static var current: ReservedDescriptors { lock.withLock { table } }
}

extension LinuxPersonality {
    // close(fd)
    func closeDescriptor(_ a: SyscallArgs) -> Int64 {
        if CompatRunDescriptors.isReserved(a.int32(0)) { return -Errno.EBADF }
        return hostSyscall(HostNR.close, a[0])
    }

    // dup(fd) and dup3(old, new, flags): neither side may be a reserved descriptor.
    func dupDescriptor(_ a: SyscallArgs) -> Int64 {
        if CompatRunDescriptors.isReserved(a.int32(0)) { return -Errno.EBADF }
        return hostSyscall(HostNR.dup, a[0])
    }

    func dup3Descriptor(_ a: SyscallArgs) -> Int64 {
        if CompatRunDescriptors.isReserved(a.int32(0)) || CompatRunDescriptors.isReserved(a.int32(1)) { return -Errno.EBADF }
        return hostSyscall(HostNR.dup3, a[0], a[1], OpenFlags.toHost(a[2]))
    }

    // close_range(first, last, flags): every part but the reserved descriptors.
    func closeRange(_ a: SyscallArgs) -> Int64 {
        let first = UInt32(truncatingIfNeeded: a[0]), last = UInt32(truncatingIfNeeded: a[1])
        let reserved = CompatRunDescriptors.current
        if reserved.descriptors.isEmpty { return hostSyscall(HostNR.closeRange, a[0], a[1], a[2]) }
        // The kernel's own argument checks (unknown flags, first > last) answer first.
        guard first <= last else { return -Errno.EINVAL }
        for part in reserved.closeRangeParts(first: first, last: last) {
            let r = hostSyscall(HostNR.closeRange, UInt64(part.lowerBound), UInt64(part.upperBound), a[2])
            if r < 0 { return r }
        }
        return 0
    }
}
