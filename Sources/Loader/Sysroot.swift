// Why: qemu's `-L` semantics in one place. The loader looks up PT_INTERP here and
// the syscall shim redirects the guest's absolute paths through the same lookup, so
// both agree on which file "/lib/ld-linux-aarch64.so.1" is.
import Glibc

/// A directory standing in for the guest's "/" wherever it has the file: an absolute
/// guest path is served from the sysroot if it exists there, else from the host.
public struct Sysroot: Sendable, Equatable {
    /// Absolute path without a trailing slash (never "/", which would be a no-op).
    public let root: String

    /// nil for nil, "" or "/" (nothing to redirect); relative roots are made absolute.
    public init?(_ path: String?) {
        guard var path = path, !path.isEmpty else { return nil }
        if !path.hasPrefix("/"), let cwd = getcwd(nil, 0) {
            let base = String(cString: cwd)
            free(cwd)
            path = (base == "/" ? "" : base) + "/" + path
        }
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        guard path != "/" else { return nil }
        root = path
    }

    /// The cross toolchain's arm64 runtime (Debian's libc6-arm64-cross).
    public static let crossToolchainRoot = "/usr/aarch64-linux-gnu"

    /// The sysroot the user asked for: `-L`, else a non-empty `QEMU_LD_PREFIX`.
    public static func explicit(option: String?) -> String? {
        if let option, !option.isEmpty { return option }
        if let env = getenv("QEMU_LD_PREFIX") {
            let value = String(cString: env)
            if !value.isEmpty { return value }
        }
        return nil
    }

    /// The sysroot used when the user gave none: the cross toolchain's, if installed.
    public static func fallback() -> String? {
        access(crossToolchainRoot + "/lib", F_OK) == 0 ? crossToolchainRoot : nil
    }

    /// The host file to use for `guestPath`: the sysroot's copy when `guestPath` is
    /// absolute and exists under the root (a symlink counts even if it dangles: the
    /// guest may readlink it), else nil (use the guest path as is).
    /// "/" itself and the kernel's pseudo file systems are never redirected.
    public func hostPath(for guestPath: String) -> String? {
        if let rootfs = RootFS.active { return rootfs.hostPath(for: guestPath) }   // --rootfs (RootFS.swift)
        guard Sysroot.mayRedirect(guestPath) else { return nil }
        let candidate = root + guestPath
        return faccessat(AT_FDCWD, candidate, F_OK, AT_SYMLINK_NOFOLLOW) == 0 ? candidate : nil
    }

    /// `hostPath(for:)`, or the guest path itself.
    public func resolve(_ guestPath: String) -> String {
        hostPath(for: guestPath) ?? guestPath
    }

    /// Absolute, not "/" alone, not under /proc, /sys or /dev.
    static func mayRedirect(_ path: String) -> Bool {
        let u = path.utf8
        guard u.count > 1, u.first == UInt8(ascii: "/") else { return false }
        for pseudo in ["/proc", "/sys", "/dev"] where path.hasPrefix(pseudo) {
            let rest = path.utf8.dropFirst(pseudo.utf8.count)
            if rest.isEmpty || rest.first == UInt8(ascii: "/") { return false }
        }
        return true
    }
}
