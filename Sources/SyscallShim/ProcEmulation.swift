// The guest's view of /proc: /proc/self/exe (and /proc/<own pid>/exe) must name
// the guest executable, not compat-run. Other /proc files are the host's for now.
import Glibc

extension LinuxPersonality {
    /// True if `path` names this process's exe link.
    func isOwnExeLink(_ path: String) -> Bool {
        guard path.hasPrefix("/proc/"), path.hasSuffix("/exe") else { return false }
        let middle = path.dropFirst("/proc/".count).dropLast("/exe".count)
        return middle == "self" || middle == Substring(String(getpid()))
    }

    /// Calls `body` with the host address of the path the host should use for the guest's
    /// path at `address`: the guest string itself unless it must be redirected.
    func withHostPath(_ address: UInt64, _ body: (UInt64) -> Int64) -> Int64 {
        // Fast reject without building a String: only "/proc/..." can be redirected.
        if let p = GuestMemory.pointer(address), p.load(as: UInt8.self) == UInt8(ascii: "/"),
           p.load(fromByteOffset: 1, as: UInt8.self) == UInt8(ascii: "p"),
           !executablePath.isEmpty,
           let path = GuestMemory.string(at: address), isOwnExeLink(path) {
            return executablePath.withCString { body(UInt64(UInt(bitPattern: $0))) }
        }
        return body(address)
    }

    // readlinkat(dirfd, path, buf, bufsiz)
    func readlinkat(_ a: SyscallArgs) -> Int64 {
        guard !executablePath.isEmpty, let path = GuestMemory.string(at: a[1]), isOwnExeLink(path) else {
            return hostSyscall(HostNR.readlinkat, a[0], a[1], a[2], a[3])
        }
        let size = a.int32(3)
        guard size > 0 else { return -Errno.EINVAL }
        let bytes = Array(executablePath.utf8)  // readlink does not NUL-terminate; it truncates
        let count = min(bytes.count, Int(size))
        let ok = bytes.withUnsafeBytes { GuestMemory.copyOut(UnsafeRawBufferPointer(rebasing: $0[0..<count]), to: a[2]) }
        return ok ? Int64(count) : -Errno.EFAULT
    }
}
