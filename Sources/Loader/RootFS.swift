// `--rootfs DIR`: DIR is the guest's whole "/" (like `proot -R` or a chroot), not a sysroot
// consulted first (`-L`). Every absolute guest path is resolved inside DIR, whether or not
// the file exists there (so new files are created inside it), except the kernel's pseudo
// file systems, /tmp and the user's home, which stay the host's. The shim's one path entry
// point (`Sysroot.hostPath`) asks this policy when it is active.
import Glibc

public struct RootFS: Sendable, Equatable {
    /// The root, absolute, without a trailing slash.
    public let root: String
    /// Guest directories that are the host's own (with everything under them).
    public let hostDirectories: [String]

    /// The policy of this process, set once before the guest starts.
    nonisolated(unsafe) public static var active: RootFS?

    /// The host's directories kept by default: /proc, /sys, /dev, /tmp and `home` ($HOME).
    public init?(_ directory: String, home: String?) {
        guard let sysroot = Sysroot(directory) else { return nil }
        root = sysroot.root
        var keep = ["/proc", "/sys", "/dev", "/tmp"]
        if let home, home.hasPrefix("/"), home.count > 1 { keep.append(RootFS.normalized(home)) }
        hostDirectories = keep
    }

    /// The host path of an absolute guest path: inside the root unless it is (under) a host
    /// directory; nil for relative paths and the host's directories (used as they are).
    /// Symbolic links in the directories leading to the file are followed inside the root
    /// (an absolute target means the root's "/"); the last component is left to the host
    /// kernel, so calls that do not follow it (lstat, readlink, unlink) see the link itself.
    public func hostPath(for guestPath: String) -> String? {
        guard guestPath.hasPrefix("/") else { return nil }
        var pending = RootFS.components(guestPath)
        var resolved: [String] = []
        var hops = 0
        while !pending.isEmpty {
            let name = pending.removeFirst()
            if name == ".." { if !resolved.isEmpty { resolved.removeLast() }; continue }
            let candidate = "/" + (resolved + [name]).joined(separator: "/")
            if isHostDirectory(candidate) {
                return candidate + (pending.isEmpty ? "" : "/" + pending.joined(separator: "/"))
            }
            guard !pending.isEmpty, hops < 40, let target = RootFS.linkTarget(root + candidate) else {
                resolved.append(name); continue
            }
            hops += 1
            if target.hasPrefix("/") { resolved = [] }
            pending = RootFS.components(target) + pending
        }
        let inside = "/" + resolved.joined(separator: "/")
        return isHostDirectory(inside) ? inside : (inside == "/" ? root : root + inside)
    }

    /// The guest path of a host path inside the root (getcwd, /proc/self/fd links); nil if outside.
    public func guestPath(for hostPath: String) -> String? {
        if hostPath == root { return "/" }
        return hostPath.hasPrefix(root + "/") ? String(hostPath.dropFirst(root.count)) : nil
    }

    private func isHostDirectory(_ path: String) -> Bool {
        hostDirectories.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    /// Path components without empty ones and ".".
    static func components(_ path: String) -> [String] {
        path.split(separator: "/").map(String.init).filter { $0 != "." }
    }

    static func normalized(_ path: String) -> String {
        var out: [String] = []
        for c in components(path) { if c == ".." { _ = out.popLast() } else { out.append(c) } }
        return "/" + out.joined(separator: "/")
    }

    /// The target of the symbolic link at host path `path`, or nil if it is not one.
    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX))
        let n = readlink(path, &buffer, buffer.count)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension Sysroot {
    /// compat-run's options that give a re-executed compat-run this same file system view.
    public var launchOptions: [String] {
        RootFS.active?.root == root ? ["--rootfs", root] : ["-L", root]
    }
}
