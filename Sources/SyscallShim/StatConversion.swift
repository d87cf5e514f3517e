// struct stat differs: x86-64 has its own 144-byte layout (nlink before mode,
// 64-bit blksize), arm64 uses asm-generic's 128-byte one. fstat and newfstatat
// call the host into a host-layout buffer and rewrite it in the guest's layout.
// (statx, statfs and getdents64 are identical on both and pass through.)

/// Field offsets of x86-64 `struct stat` (arch/x86/include/uapi/asm/stat.h).
enum HostStat {
    static let size = 144
    static let dev = 0, ino = 8, nlink = 16, mode = 24, uid = 28, gid = 32, rdev = 40
    static let size_ = 48, blksize = 56, blocks = 64, atime = 72  // then 6 x i64 time fields
}

/// Field offsets of arm64 `struct stat` (include/uapi/asm-generic/stat.h).
enum GuestStat {
    static let size = 128
    static let dev = 0, ino = 8, mode = 16, nlink = 20, uid = 24, gid = 28, rdev = 32
    static let size_ = 48, blksize = 56, blocks = 64, atime = 72  // then 6 x i64 time fields
}

enum StatConversion {
    /// Rewrites a host `struct stat` as the guest's (all padding zeroed).
    static func convert(host h: UnsafeRawPointer, guest g: UnsafeMutableRawPointer) {
        g.initializeMemory(as: UInt8.self, repeating: 0, count: GuestStat.size)
        func copy64(_ from: Int, _ to: Int) {
            g.storeBytes(of: h.load(fromByteOffset: from, as: UInt64.self), toByteOffset: to, as: UInt64.self)
        }
        func copy32(_ from: Int, _ to: Int) {
            g.storeBytes(of: h.load(fromByteOffset: from, as: UInt32.self), toByteOffset: to, as: UInt32.self)
        }
        copy64(HostStat.dev, GuestStat.dev)
        copy64(HostStat.ino, GuestStat.ino)
        copy32(HostStat.mode, GuestStat.mode)
        // nlink is 64-bit on x86-64 and 32-bit on arm64; saturate like the kernel's overflow check would refuse.
        let nlink = h.load(fromByteOffset: HostStat.nlink, as: UInt64.self)
        g.storeBytes(of: UInt32(clamping: nlink), toByteOffset: GuestStat.nlink, as: UInt32.self)
        copy32(HostStat.uid, GuestStat.uid)
        copy32(HostStat.gid, GuestStat.gid)
        copy64(HostStat.rdev, GuestStat.rdev)
        copy64(HostStat.size_, GuestStat.size_)
        let blksize = h.load(fromByteOffset: HostStat.blksize, as: Int64.self)
        g.storeBytes(of: Int32(truncatingIfNeeded: blksize), toByteOffset: GuestStat.blksize, as: Int32.self)
        copy64(HostStat.blocks, GuestStat.blocks)
        for i in 0..<6 { copy64(HostStat.atime + 8 * i, GuestStat.atime + 8 * i) }
    }

    /// Runs a host stat-family call into a scratch host buffer and converts it to `guestAddress`.
    static func statInto(_ guestAddress: UInt64, _ call: (UInt64) -> Int64) -> Int64 {
        withUnsafeTemporaryAllocation(byteCount: HostStat.size + GuestStat.size, alignment: 8) { buffer in
            let host = buffer.baseAddress!, guest = host + HostStat.size
            let result = call(UInt64(UInt(bitPattern: host)))
            guard result >= 0 else { return result }
            convert(host: UnsafeRawPointer(host), guest: guest)
            return GuestMemory.copyOut(from: guest, count: GuestStat.size, to: guestAddress) ? result : -Errno.EFAULT
        }
    }
}

extension LinuxPersonality {
    // fstat(fd, statbuf)
    func fstat(_ a: SyscallArgs) -> Int64 {
        StatConversion.statInto(a[1]) { hostSyscall(HostNR.fstat, a[0], $0) }
    }

    // newfstatat(dirfd, path, statbuf, flags)
    func newfstatat(_ a: SyscallArgs) -> Int64 {
        withHostPath(a[1]) { path in
            StatConversion.statInto(a[2]) { hostSyscall(HostNR.newfstatat, a[0], path, $0, a[3]) }
        }
    }
}
