// Syscalls that take a path. Paths are guest strings the host kernel reads in
// place (identity mapping); the shim only steps in to translate open flags and to
// redirect the guest's own /proc/self/exe (ProcEmulation.swift). AT_* flags are
// the same on both architectures.

extension SyscallTable {
    static let pathSyscalls: [SyscallEntry] = [
        .custom(56, "openat", [.dirfd, .path, .openFlags, .oct]) { $0.openat($1) },
        .custom(79, "newfstatat", [.dirfd, .path, .ptr, .hex]) { $0.newfstatat($1) },
        .custom(291, "statx", [.dirfd, .path, .hex, .hex, .ptr]) { p, a in
            p.withHostPath(a[1]) { hostSyscall(HostNR.statx, a[0], $0, a[2], a[3], a[4]) }
        },
        .custom(48, "faccessat", [.dirfd, .path, .oct]) { p, a in
            p.withHostPath(a[1]) { hostSyscall(HostNR.faccessat, a[0], $0, a[2]) }
        },
        .custom(439, "faccessat2", [.dirfd, .path, .oct, .hex]) { p, a in
            p.withHostPath(a[1]) { hostSyscall(HostNR.faccessat2, a[0], $0, a[2], a[3]) }
        },
        .custom(78, "readlinkat", [.dirfd, .path, .ptr, .dec]) { $0.readlinkat($1) },
        .pass(43, "statfs", [.path, .ptr], host: HostNR.statfs),
        .pass(45, "truncate", [.path, .dec], host: HostNR.truncate),
        .pass(17, "getcwd", [.ptr, .udec], host: HostNR.getcwd),
        .pass(49, "chdir", [.path], host: HostNR.chdir),
        .pass(50, "fchdir", [.fd], host: HostNR.fchdir),
        .pass(34, "mkdirat", [.dirfd, .path, .oct], host: HostNR.mkdirat),
        .pass(33, "mknodat", [.dirfd, .path, .oct, .hex], host: HostNR.mknodat),
        .pass(35, "unlinkat", [.dirfd, .path, .hex], host: HostNR.unlinkat),
        .pass(38, "renameat", [.dirfd, .path, .dirfd, .path], host: HostNR.renameat),
        .pass(276, "renameat2", [.dirfd, .path, .dirfd, .path, .hex], host: HostNR.renameat2),
        .pass(36, "symlinkat", [.path, .dirfd, .path], host: HostNR.symlinkat),
        .pass(37, "linkat", [.dirfd, .path, .dirfd, .path, .hex], host: HostNR.linkat),
        .pass(53, "fchmodat", [.dirfd, .path, .oct], host: HostNR.fchmodat),
        .pass(54, "fchownat", [.dirfd, .path, .dec, .dec, .hex], host: HostNR.fchownat),
        .pass(88, "utimensat", [.dirfd, .path, .ptr, .hex], host: HostNR.utimensat),
        .custom(437, "openat2", [.dirfd, .path, .ptr, .udec],
                note: "struct open_how's flags translated like openat's") { $0.openat2($1) },
        .passPath(264, "name_to_handle_at", [.dirfd, .path, .ptr, .ptr, .hex], host: HostNR.nameToHandleAt, path: 1),
        .passFlags(265, "open_by_handle_at", [.fd, .ptr, .openFlags], host: HostNR.openByHandleAt, flags: 2),
        .pass(452, "fchmodat2", [.dirfd, .path, .oct, .hex], host: 452),
        .pass(51, "chroot", [.path], host: HostNR.chroot),
        .pass(89, "acct", [.path], host: HostNR.acct),
        .pass(39, "umount2", [.path, .hex], host: HostNR.umount2),
        .pass(40, "mount", [.path, .path, .path, .hex, .ptr], host: HostNR.mount),
        .pass(41, "pivot_root", [.path, .path], host: HostNR.pivotRoot),
        .pass(60, "quotactl", [.hex, .path, .dec, .ptr], host: HostNR.quotactl),
        .pass(224, "swapon", [.path, .hex], host: HostNR.swapon),
        .pass(225, "swapoff", [.path], host: HostNR.swapoff),
        .pass(263, "fanotify_mark", [.fd, .hex, .hex, .dirfd, .path], host: HostNR.fanotifyMark),
        // The mount API: strings, fds and flag words alike on both (OPEN_TREE_CLOEXEC is O_CLOEXEC).
        .pass(428, "open_tree", [.dirfd, .path, .hex], host: 428),
        .pass(429, "move_mount", [.dirfd, .path, .dirfd, .path, .hex], host: 429),
        .pass(430, "fsopen", [.path, .hex], host: 430),
        .pass(431, "fsconfig", [.fd, .dec, .path, .ptr, .dec], host: 431),
        .pass(432, "fsmount", [.fd, .hex, .hex], host: 432),
        .pass(433, "fspick", [.dirfd, .path, .hex], host: 433),
        .pass(442, "mount_setattr", [.dirfd, .path, .hex, .ptr, .udec], host: 442),
        .pass(443, "quotactl_fd", [.fd, .hex, .dec, .ptr], host: 443),
        .pass(451, "cachestat", [.fd, .ptr, .ptr, .hex], host: 451),
        .pass(457, "statmount", [.ptr, .ptr, .udec, .hex], host: 457),
        .pass(458, "listmount", [.ptr, .ptr, .udec, .hex], host: 458),
        .pass(467, "open_tree_attr", [.dirfd, .path, .hex, .ptr, .udec], host: 467),
        .pass(468, "file_getattr", [.dirfd, .path, .ptr, .udec, .hex], host: 468),
        .pass(469, "file_setattr", [.dirfd, .path, .ptr, .udec, .hex], host: 469),
    ]
}

extension LinuxPersonality {
    // openat(dirfd, path, flags, mode)
    func openat(_ a: SyscallArgs) -> Int64 {
        if GuestMemory.firstByte(at: a[1]) == UInt8(ascii: "/"), let path = GuestMemory.string(at: a[1]), let fd = syntheticProcFile(path, flags: a[2]) {
            return fd
        }
        return withHostPath(a[1]) { path in
            hostSyscall(HostNR.openat, a[0], path, OpenFlags.toHost(a[2]), a[3])
        }
    }

    /// openat2(dirfd, path, how, size): struct open_how {u64 flags, u64 mode, u64 resolve}
    /// (extensible: `size` bytes, the kernel checks any tail it does not know is zero).
    func openat2(_ a: SyscallArgs) -> Int64 {
        let size = Int(a[3])
        guard size >= OpenHow.sizeVer0 else { return -Errno.EINVAL }
        guard size <= GuestMemory.pageSize else { return -Errno.E2BIG }
        guard var how = GuestMemory.bytes(at: a[2], count: size) else { return -Errno.EFAULT }
        let flags = how.withUnsafeBytes { $0.load(as: UInt64.self) }
        if GuestMemory.firstByte(at: a[1]) == UInt8(ascii: "/"), let path = GuestMemory.string(at: a[1]),
           let fd = syntheticProcFile(path, flags: flags) {
            return fd
        }
        how.withUnsafeMutableBytes { $0.storeBytes(of: OpenFlags.toHost(flags), as: UInt64.self) }
        return how.withUnsafeBytes { raw in
            withHostPath(a[1]) { path in
                hostSyscall(HostNR.openat2, a[0], path, UInt64(UInt(bitPattern: raw.baseAddress!)), UInt64(size))
            }
        }
    }
}

/// struct open_how (include/uapi/linux/openat2.h).
enum OpenHow {
    static let sizeVer0 = 24
}
