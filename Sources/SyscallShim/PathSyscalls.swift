// Syscalls that take a path. Paths are guest strings the host kernel reads in
// place (identity mapping); the shim only steps in to translate open flags and to
// redirect the guest's own /proc/self/exe (ProcEmulation.swift). AT_* flags are
// the same on both architectures.

extension SyscallTable {
    static let pathSyscalls: [SyscallEntry] = [
        .custom(.openat, [.dirfd, .path, .openFlags, .oct]) { $0.openat($1) },
        .custom(.newfstatat, [.dirfd, .path, .ptr, .flags(.atFlags)]) { $0.newfstatat($1) },
        .custom(.statx, [.dirfd, .path, .flags(.atFlags), .hex, .ptr]) { p, a in
            p.withHostPath(a[1]) { hostSyscall(HostNR.statx, a[0], $0, a[2], a[3], a[4]) }
        },
        .custom(.faccessat, [.dirfd, .path, .flags(.accessMode)]) { p, a in
            p.withHostPath(a[1]) { hostSyscall(HostNR.faccessat, a[0], $0, a[2]) }
        },
        .custom(.faccessat2, [.dirfd, .path, .flags(.accessMode), .flags(.accessAtFlags)]) { p, a in
            p.withHostPath(a[1]) { hostSyscall(HostNR.faccessat2, a[0], $0, a[2], a[3]) }
        },
        .custom(.readlinkat, [.dirfd, .path, .ptr, .dec]) { $0.readlinkat($1) },
        .pass(.statfs, [.path, .ptr], host: HostNR.statfs),
        .pass(.truncate, [.path, .dec], host: HostNR.truncate),
        .pass(.getcwd, [.ptr, .udec], host: HostNR.getcwd),
        .pass(.chdir, [.path], host: HostNR.chdir),
        .pass(.fchdir, [.fd], host: HostNR.fchdir),
        .pass(.mkdirat, [.dirfd, .path, .oct], host: HostNR.mkdirat),
        .pass(.mknodat, [.dirfd, .path, .oct, .hex], host: HostNR.mknodat),
        .pass(.unlinkat, [.dirfd, .path, .flags(.atFlags)], host: HostNR.unlinkat),
        .pass(.renameat, [.dirfd, .path, .dirfd, .path], host: HostNR.renameat),
        .pass(.renameat2, [.dirfd, .path, .dirfd, .path, .flags(.renameFlags)], host: HostNR.renameat2),
        .pass(.symlinkat, [.path, .dirfd, .path], host: HostNR.symlinkat),
        .pass(.linkat, [.dirfd, .path, .dirfd, .path, .flags(.atFlags)], host: HostNR.linkat),
        .pass(.fchmodat, [.dirfd, .path, .oct], host: HostNR.fchmodat),
        .pass(.fchownat, [.dirfd, .path, .dec, .dec, .flags(.atFlags)], host: HostNR.fchownat),
        .pass(.utimensat, [.dirfd, .path, .ptr, .flags(.atFlags)], host: HostNR.utimensat),
        .custom(.openat2, [.dirfd, .path, .ptr, .udec],
                note: "struct open_how's flags translated like openat's") { $0.openat2($1) },
        .passPath(.name_to_handle_at, [.dirfd, .path, .ptr, .ptr, .flags(.atFlags)], host: HostNR.nameToHandleAt, path: 1),
        .passFlags(.open_by_handle_at, [.fd, .ptr, .openFlags], host: HostNR.openByHandleAt, flags: 2),
        .passUnified(.fchmodat2, [.dirfd, .path, .oct, .flags(.atFlags)]),
        .pass(.chroot, [.path], host: HostNR.chroot),
        .pass(.acct, [.path], host: HostNR.acct),
        .pass(.umount2, [.path, .hex], host: HostNR.umount2),
        .pass(.mount, [.path, .path, .path, .hex, .ptr], host: HostNR.mount),
        .pass(.pivot_root, [.path, .path], host: HostNR.pivotRoot),
        .pass(.quotactl, [.hex, .path, .dec, .ptr], host: HostNR.quotactl),
        .pass(.swapon, [.path, .hex], host: HostNR.swapon),
        .pass(.swapoff, [.path], host: HostNR.swapoff),
        .pass(.fanotify_mark, [.fd, .hex, .hex, .dirfd, .path], host: HostNR.fanotifyMark),
        // The mount API: strings, fds and flag words alike on both (OPEN_TREE_CLOEXEC is O_CLOEXEC).
        .passUnified(.open_tree, [.dirfd, .path, .hex]),
        .passUnified(.move_mount, [.dirfd, .path, .dirfd, .path, .hex]),
        .passUnified(.fsopen, [.path, .hex]),
        .passUnified(.fsconfig, [.fd, .dec, .path, .ptr, .dec]),
        .passUnified(.fsmount, [.fd, .hex, .hex]),
        .passUnified(.fspick, [.dirfd, .path, .hex]),
        .passUnified(.mount_setattr, [.dirfd, .path, .hex, .ptr, .udec]),
        .passUnified(.quotactl_fd, [.fd, .hex, .dec, .ptr]),
        .passUnified(.cachestat, [.fd, .ptr, .ptr, .hex]),
        .passUnified(.statmount, [.ptr, .ptr, .udec, .hex]),
        .passUnified(.listmount, [.ptr, .ptr, .udec, .hex]),
        .passUnified(.open_tree_attr, [.dirfd, .path, .hex, .ptr, .udec]),
        .passUnified(.file_getattr, [.dirfd, .path, .ptr, .udec, .hex]),
        .passUnified(.file_setattr, [.dirfd, .path, .ptr, .udec, .hex]),
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
