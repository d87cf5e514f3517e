// Extended attributes: names, values and lists are byte strings with the same
// meaning on both architectures, so all twelve pass through. The getters look the
// path up like every read-only path call (the -L sysroot, the guest's
// /proc/self/exe); the setters act on the guest's path as given.

extension SyscallTable {
    static let xattrSyscalls: [SyscallEntry] = [
        .pass(.setxattr, [.path, .path, .ptr, .udec, .hex], host: HostNR.setxattr),
        .pass(.lsetxattr, [.path, .path, .ptr, .udec, .hex], host: HostNR.lsetxattr),
        .pass(.fsetxattr, [.fd, .path, .ptr, .udec, .hex], host: HostNR.fsetxattr),
        .passPath(.getxattr, [.path, .path, .ptr, .udec], host: HostNR.getxattr, path: 0),
        .passPath(.lgetxattr, [.path, .path, .ptr, .udec], host: HostNR.lgetxattr, path: 0),
        .pass(.fgetxattr, [.fd, .path, .ptr, .udec], host: HostNR.fgetxattr),
        .passPath(.listxattr, [.path, .ptr, .udec], host: HostNR.listxattr, path: 0),
        .passPath(.llistxattr, [.path, .ptr, .udec], host: HostNR.llistxattr, path: 0),
        .pass(.flistxattr, [.fd, .ptr, .udec], host: HostNR.flistxattr),
        .pass(.removexattr, [.path, .path], host: HostNR.removexattr),
        .pass(.lremovexattr, [.path, .path], host: HostNR.lremovexattr),
        .pass(.fremovexattr, [.fd, .path], host: HostNR.fremovexattr),
        // struct xattr_args {u64 value, u32 size, u32 flags} is the same on both.
        .passUnified(.setxattrat, [.dirfd, .path, .hex, .path, .ptr, .udec]),
        .passPathUnified(.getxattrat, [.dirfd, .path, .hex, .path, .ptr, .udec], path: 1),
        .passPathUnified(.listxattrat, [.dirfd, .path, .hex, .ptr, .udec], path: 1),
        .passUnified(.removexattrat, [.dirfd, .path, .hex, .path]),
    ]
}
