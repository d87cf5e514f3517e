// Why: open errors must read like a shell's ("No such file or directory", 127),
// and the validator and the mapper both need the whole file in memory.
import Glibc

/// A program file read fully into a private buffer, freed when dropped.
struct ProgramFile: ~Copyable {
    private let allocation: UnsafeMutableRawBufferPointer
    private let count: Int

    /// The file's bytes (exactly as many as could be read).
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: allocation[0..<count]) }

    deinit { allocation.deallocate() }

    private init(allocation: UnsafeMutableRawBufferPointer, count: Int) {
        self.allocation = allocation
        self.count = count
    }

    /// Reads `path`; errors name `shownAs` (default: the path itself).
    static func read(path: String, shownAs: String? = nil) throws(LoadError) -> ProgramFile {
        let shown = shownAs ?? path
        // O_NONBLOCK so that opening a FIFO cannot hang; it is rejected below.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw openError(shown, errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw openError(shown, errno) }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw .file(shown, "Is a directory") }
        // execve refuses anything but a regular file with EACCES.
        guard type == S_IFREG else { throw .file(shown, "Permission denied") }

        let size = max(0, Int(info.st_size))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 16)
        var filled = 0
        while filled < size, let base = buffer.baseAddress {
            let got = Glibc.read(fd, base + filled, size - filled)
            if got < 0, errno == EINTR { continue }
            if got < 0 {
                let code = errno
                buffer.deallocate()
                throw openError(shown, code)
            }
            if got == 0 { break }  // The file shrank while we read it.
            filled += got
        }
        return ProgramFile(allocation: buffer, count: filled)
    }

    private static func openError(_ path: String, _ code: Int32) -> LoadError {
        switch code {
        case ENOENT: return .file(path, "No such file or directory", exitCode: 127)
        case EACCES: return .file(path, "Permission denied")
        case EISDIR: return .file(path, "Is a directory")
        default:
            let text = strerror(code).map { String(cString: $0) } ?? "error \(code)"
            return .file(path, text)
        }
    }
}
