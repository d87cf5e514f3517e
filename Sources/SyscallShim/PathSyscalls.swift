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
}
