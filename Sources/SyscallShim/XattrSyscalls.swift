// Extended attributes: names, values and lists are byte strings with the same
// meaning on both architectures, so all twelve pass through. The getters look the
// path up like every read-only path call (the -L sysroot, the guest's
// /proc/self/exe); the setters act on the guest's path as given.

extension SyscallTable {
    static let xattrSyscalls: [SyscallEntry] = [
        .pass(5, "setxattr", [.path, .path, .ptr, .udec, .hex], host: HostNR.setxattr),
        .pass(6, "lsetxattr", [.path, .path, .ptr, .udec, .hex], host: HostNR.lsetxattr),
        .pass(7, "fsetxattr", [.fd, .path, .ptr, .udec, .hex], host: HostNR.fsetxattr),
        .passPath(8, "getxattr", [.path, .path, .ptr, .udec], host: HostNR.getxattr, path: 0),
        .passPath(9, "lgetxattr", [.path, .path, .ptr, .udec], host: HostNR.lgetxattr, path: 0),
        .pass(10, "fgetxattr", [.fd, .path, .ptr, .udec], host: HostNR.fgetxattr),
        .passPath(11, "listxattr", [.path, .ptr, .udec], host: HostNR.listxattr, path: 0),
        .passPath(12, "llistxattr", [.path, .ptr, .udec], host: HostNR.llistxattr, path: 0),
        .pass(13, "flistxattr", [.fd, .ptr, .udec], host: HostNR.flistxattr),
        .pass(14, "removexattr", [.path, .path], host: HostNR.removexattr),
        .pass(15, "lremovexattr", [.path, .path], host: HostNR.lremovexattr),
        .pass(16, "fremovexattr", [.fd, .path], host: HostNR.fremovexattr),
        // struct xattr_args {u64 value, u32 size, u32 flags} is the same on both.
        .pass(463, "setxattrat", [.dirfd, .path, .hex, .path, .ptr, .udec], host: 463),
        .passPath(464, "getxattrat", [.dirfd, .path, .hex, .path, .ptr, .udec], host: 464, path: 1),
        .passPath(465, "listxattrat", [.dirfd, .path, .hex, .ptr, .udec], host: 465, path: 1),
        .pass(466, "removexattrat", [.dirfd, .path, .hex, .path], host: 466),
    ]
}
