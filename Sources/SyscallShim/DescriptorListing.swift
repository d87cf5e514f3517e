// A listing of the process's own fd directory (/proc/self/fd, /proc/PID/fd,
// /proc/PID/task/TID/fd) leaves out compat-run's reserved descriptors, as the rest of
// the fd calls do (ReservedDescriptors.swift): a program that closes "every open fd" by
// listing that directory would otherwise be refused on them or, worse, report them.
import Glibc

/// linux_dirent64 as getdents64 fills it (one layout on arm64 and x86-64).
enum DirectoryEntries {
    static let recordLengthOffset = 16, nameOffset = 19

    /// Drops from `buffer[0..<count]` the entries whose name is a number in `hidden`,
    /// moving later entries down; returns the new length.
    static func removing(_ hidden: ReservedDescriptors, from buffer: UnsafeMutableRawBufferPointer, count: Int) -> Int {
        guard let base = buffer.baseAddress else { return count }
        var read = 0, written = 0
        while read + nameOffset < count {
            let length = Int(base.loadUnaligned(fromByteOffset: read + recordLengthOffset, as: UInt16.self))
            guard length > 0, read + length <= count else { break }
            if !(descriptorNumber(base + read + nameOffset, limit: length - nameOffset).map(hidden.contains) ?? false) {
                if written != read { memmove(base + written, base + read, length) }
                written += length
            }
            read += length
        }
        return written + (count - read)     // a malformed tail is left as it was
    }

    /// The entry's name read as a decimal fd number, nil for any other name.
    private static func descriptorNumber(_ name: UnsafeMutableRawPointer, limit: Int) -> Int32? {
        var value: Int32 = 0, digits = 0
        for i in 0..<limit {
            let c = name.load(fromByteOffset: i, as: UInt8.self)
            if c == 0 { break }
            guard c >= 0x30, c <= 0x39, digits < 9 else { return nil }
            value = value * 10 + Int32(c - 0x30)
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}

extension LinuxPersonality {
    // getdents64(fd, dirp, count)
    func readDirectoryEntries(_ a: SyscallArgs) -> Int64 {
        let reserved = CompatRunDescriptors.current
        guard !reserved.descriptors.isEmpty, listsOwnDescriptors(a.int32(0)) else {
            return hostSyscall(HostNR.getdents64, a[0], a[1], a[2])
        }
        let capacity = Int(min(a[2], 1 << 20))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(capacity, 1), alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let n = hostSyscall(HostNR.getdents64, a[0], UInt64(UInt(bitPattern: buffer.baseAddress)), UInt64(capacity))
            guard n > 0 else { return n }
            let kept = DirectoryEntries.removing(reserved, from: buffer, count: Int(n))
            // A batch of nothing but reserved entries is not the end of the directory.
            if kept == 0 { continue }
            guard let base = buffer.baseAddress, GuestMemory.copyOut(from: base, count: kept, to: a[1]) else { return -Errno.EFAULT }
            return Int64(kept)
        }
    }

    private func listsOwnDescriptors(_ fd: Int32) -> Bool {
        var target = [UInt8](repeating: 0, count: 64)
        let n = target.withUnsafeMutableBufferPointer { b in
            b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { readlink("/proc/self/fd/\(fd)", $0, b.count) }
        }
        guard n > 0, n < target.count else { return false }
        return ProcFiles.isOwnEntry(String(decoding: target[..<n], as: UTF8.self), named: "fd")
    }
}
