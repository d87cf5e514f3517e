// Where cache files live and how they are written: each file appears whole or not at all
// (written under a unique temporary name, then renamed over the old one, so concurrent
// processes never see or make a torn file), and the directory is kept under a size limit
// by deleting the least recently written files first.
import CSupport
import Glibc

public struct CacheDirectory: Sendable {
    public let path: String
    /// Bytes the directory may hold; eviction brings it back to three quarters of this.
    public let limit: Int

    public init(path: String, limit: Int = 512 << 20) { self.path = path; self.limit = limit }

    /// $COMPAT_RUN_CACHE_DIR, else $XDG_CACHE_HOME/compat-run, else ~/.cache/compat-run; nil
    /// when COMPAT_RUN_CACHE=0 or no location is known. COMPAT_RUN_CACHE_SIZE_MB sets the limit.
    public static func fromEnvironment() -> CacheDirectory? {
        func env(_ name: String) -> String? { getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } }
        if env("COMPAT_RUN_CACHE") == "0" { return nil }
        let limit = env("COMPAT_RUN_CACHE_SIZE_MB").flatMap { Int($0) }.map { $0 << 20 } ?? (512 << 20)
        if let dir = env("COMPAT_RUN_CACHE_DIR") { return CacheDirectory(path: dir, limit: limit) }
        if let xdg = env("XDG_CACHE_HOME") { return CacheDirectory(path: xdg + "/compat-run", limit: limit) }
        if let home = env("HOME") { return CacheDirectory(path: home + "/.cache/compat-run", limit: limit) }
        return nil
    }

    /// The file's bytes mapped read-only (the mapping survives a later rename over it), or nil.
    func map(_ name: String) -> UnsafeRawBufferPointer? { mapWithIdentity(name)?.bytes }

    /// The same, with the identity of the file mapped (VerifiedPayloads).
    func mapWithIdentity(_ name: String) -> (bytes: UnsafeRawBufferPointer, identity: FileIdentity)? {
        let fd = open(path + "/" + name, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 0 else { return nil }
        guard let p = mmap(nil, Int(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), p != MAP_FAILED else { return nil }
        return (UnsafeRawBufferPointer(start: p, count: Int(st.st_size)), FileIdentity(st))
    }

    /// A small file's bytes (at most `limit`: a longer file reads as its first `limit`), or nil.
    func read(_ name: String, upTo limit: Int) -> [UInt8]? {
        let fd = open(path + "/" + name, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: limit + 1)
        let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard n >= 0 else { return nil }
        bytes.removeLast(bytes.count - n)
        return bytes
    }

    static func unmap(_ bytes: UnsafeRawBufferPointer) {
        if let p = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: p), bytes.count) }
    }

    /// Writes `bytes` as `name` atomically; false on any failure (nothing is left behind).
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> Bool {
        guard makeDirectories() else { return false }
        var random: UInt64 = 0
        withUnsafeMutableBytes(of: &random) { _ = cr_syscall6(318 /* getrandom */, Int(bitPattern: $0.baseAddress), 8, 0, 0, 0, 0) }
        let temporary = path + "/.tmp-\(getpid())-\(String(random, radix: 16))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { b in
            while written < b.count {
                let n = Glibc.write(fd, b.baseAddress! + written, b.count - written)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                written += n
            }
            return true
        }
        close(fd)
        guard ok, rename(temporary, path + "/" + name) == 0 else { unlink(temporary); return false }
        return true
    }

    /// Appends `bytes` to `name` in one write (O_APPEND: concurrent appenders never interleave
    /// inside a chunk; a chunk torn by a killed writer fails its hash when read). The file's
    /// size afterwards, nil on failure.
    func append(_ name: String, _ bytes: [UInt8]) -> Int? {
        guard makeDirectories() else { return nil }
        let fd = open(path + "/" + name, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var n = 0
        repeat { n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, $0.count) } } while n < 0 && errno == EINTR
        var st = stat()
        guard n == bytes.count, fstat(fd, &st) == 0 else { return nil }
        return Int(st.st_size)
    }

    func remove(_ name: String) { unlink(path + "/" + name) }

    /// Whether a file of that name is there now.
    func exists(_ name: String) -> Bool { access(path + "/" + name, F_OK) == 0 }

    /// mkdir -p (private to the user: other users' code must not be run).
    private func makeDirectories() -> Bool {
        let bytes = Array(path.utf8)
        for (i, c) in bytes.enumerated() where c == UInt8(ascii: "/") && i > 0 {
            let prefix = String(decoding: bytes[..<i], as: UTF8.self)
            if mkdir(prefix, 0o700) != 0 && errno != EEXIST { return false }
        }
        return mkdir(path, 0o700) == 0 || errno == EEXIST
    }

    /// Deletes the oldest cache files (and temporaries left by killed writers) until the
    /// directory holds at most three quarters of the limit, when it holds more than the limit.
    func evictIfNeeded() {
        guard let dir = opendir(path) else { return }
        var files: [(name: String, size: Int, time: Int)] = []
        var total = 0
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            guard name.hasSuffix(".ptc") || name.hasSuffix(".ptx") || name.hasSuffix(".ptu") || name.hasSuffix(".pth")
                    || name.hasSuffix(".ptv") || name.hasPrefix(".tmp-") else { continue }
            var st = stat()
            guard stat(path + "/" + name, &st) == 0 else { continue }
            files.append((name, Int(st.st_size), st.st_mtim.tv_sec))
            total += Int(st.st_size)
        }
        closedir(dir)
        guard total > limit else { return }
        for f in files.sorted(by: { $0.time < $1.time }) where total > limit / 4 * 3 {
            if unlink(path + "/" + f.name) == 0 { total -= f.size }
        }
    }
}
