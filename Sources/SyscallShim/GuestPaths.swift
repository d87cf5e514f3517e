// How the guest's paths reach the host, in one place: /proc/self/exe (and /proc/<own
// pid>/exe) must name the guest executable, not compat-run; with a sysroot (-L), absolute
// paths are looked up there first (qemu's semantics). Other /proc files are the host's.
// `hostPath(forAbsolute:)` is the single entry point every lookup goes through, so a new
// kind of redirection (a --rootfs) is one line there.
import Loader
import Glibc

/// The guest's path lookup, owned by the process (GuestProcessState.paths).
public struct GuestPaths: Sendable {
    /// Absolute path of the guest executable (what readlink("/proc/self/exe") returns).
    public let executablePath: String
    /// Where the guest's absolute paths are looked up first (Sysroot.swift in Loader).
    public let sysroot: Sysroot?

    public init(executablePath: String, sysroot: Sysroot?) {
        self.executablePath = executablePath
        self.sysroot = sysroot
    }

    /// True if `path` names this process's exe link, in any of the forms Linux accepts
    /// (self, thread-self, the pid, a task of the pid).
    func isOwnExeLink(_ path: String) -> Bool { ProcFiles.isOwnEntry(path, named: "exe") }

    /// Where the host finds the guest's absolute `path`, or nil when it is used as is:
    /// the guest program for its own exe link, else the sysroot's copy if there is one.
    public func hostPath(forAbsolute path: String) -> String? {
        if !executablePath.isEmpty && isOwnExeLink(path) { return executablePath }
        return sysroot?.hostPath(for: path)
    }

    /// The host path for a guest path string (any path; relative ones are never redirected).
    public func hostPath(for path: String) -> String {
        path.hasPrefix("/") ? (hostPath(forAbsolute: path) ?? path) : path
    }

    /// Calls `body` with the host address of the path the host should use for the guest's
    /// path at `address`: the guest string itself unless it must be redirected.
    func withHostPath(_ address: UInt64, _ body: (UInt64) -> Int64) -> Int64 {
        // Fast reject without building a String: only absolute paths can be redirected.
        // A bad pointer goes to the host kernel as is: it answers EFAULT.
        guard GuestMemory.firstByte(at: address) == UInt8(ascii: "/") else { return body(address) }
        if sysroot == nil && GuestMemory.firstByte(at: address &+ 1) != UInt8(ascii: "p") { return body(address) }
        guard let path = GuestMemory.string(at: address), let redirected = hostPath(forAbsolute: path) else {
            return body(address)
        }
        return redirected.withCString { body(UInt64(UInt(bitPattern: $0))) }
    }
}

extension LinuxPersonality {
    var paths: GuestPaths { process.paths }

    func withHostPath(_ address: UInt64, _ body: (UInt64) -> Int64) -> Int64 { paths.withHostPath(address, body) }

    // readlinkat(dirfd, path, buf, bufsiz)
    func readlinkat(_ a: SyscallArgs) -> Int64 {
        let executablePath = paths.executablePath
        guard !executablePath.isEmpty, let path = GuestMemory.string(at: a[1]), paths.isOwnExeLink(path) else {
            return withHostPath(a[1]) { hostSyscall(HostNR.readlinkat, a[0], $0, a[2], a[3]) }
        }
        let size = a.int32(3)
        guard size > 0 else { return -Errno.EINVAL }
        let bytes = Array(executablePath.utf8)  // readlink does not NUL-terminate; it truncates
        let count = min(bytes.count, Int(size))
        let ok = bytes.withUnsafeBytes { GuestMemory.copyOut(UnsafeRawBufferPointer(rebasing: $0[0..<count]), to: a[2]) }
        return ok ? Int64(count) : -Errno.EFAULT
    }
}
