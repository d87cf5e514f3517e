// `--rootfs DIR` (Loader/RootFS.swift) in the syscall personality: the plain pass-through
// syscalls that take paths (mkdirat, unlinkat, renameat, chdir, ...) get their absolute
// paths resolved inside the root too, not only the lookups -L redirects, and getcwd answers
// with the guest's path. Only consulted while a root is active.
import Glibc
import Loader

enum RootFSSyscalls {
    /// True while `--rootfs` is in force (set before the guest starts).
    static var active: Bool { RootFS.active != nil }

    /// Arguments tagged `.path` that are not looked up: symlinkat's first is the link's text.
    static let notLookedUp: [SyscallNumber: Set<Int>] = [.symlinkat: [0]]
}

extension LinuxPersonality {
    /// A pass-through syscall under --rootfs: `paths` (argument indices) resolved inside the
    /// root, then the host syscall `host`; getcwd's answer is made the guest's.
    func passInRootFS(_ number: SyscallNumber, host: Int, paths: [Int], _ a: SyscallArgs) -> Int64 {
        var v = [a[0], a[1], a[2], a[3], a[4], a[5]]
        var copies: [UnsafeMutablePointer<CChar>] = []   // the host paths, until the call returns
        defer { copies.forEach { free($0) } }
        let skip = RootFSSyscalls.notLookedUp[number] ?? []
        for i in paths where !skip.contains(i) {
            guard GuestMemory.firstByte(at: v[i]) == UInt8(ascii: "/"), let path = GuestMemory.string(at: v[i]),
                  let redirected = self.paths.hostPath(forAbsolute: path), let copy = strdup(redirected) else { continue }
            copies.append(copy)
            v[i] = UInt64(UInt(bitPattern: copy))
        }
        let r = hostSyscall(host, v[0], v[1], v[2], v[3], v[4], v[5])
        if number == .getcwd && r > 0 { return guestCwd(buffer: a[0], size: a[1]) ?? r }
        return r
    }

    /// Rewrites the host cwd just stored at `buffer` as the guest sees it (under the root:
    /// its path inside; elsewhere, a host directory kept as is). Returns the new length.
    private func guestCwd(buffer: UInt64, size: UInt64) -> Int64? {
        guard let fs = RootFS.active, let host = GuestMemory.string(at: buffer), let guest = fs.guestPath(for: host) else {
            return nil
        }
        let bytes = Array(guest.utf8CString).map { UInt8(bitPattern: $0) }
        guard UInt64(bytes.count) <= size else { return -Errno.ERANGE }
        return bytes.withUnsafeBytes { GuestMemory.copyOut($0, to: buffer) } ? Int64(bytes.count) : -Errno.EFAULT
    }
}
