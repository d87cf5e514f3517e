// Why: open errors must read like a shell's ("No such file or directory", 127), the
// kernel's permission rules apply (execute permission, regular files only), and the
// validator and the mapper need the file's bytes: mapped, never read whole (a huge or
// sparse file costs nothing until touched).
import Glibc

/// A program file mapped read-only and private, unmapped (and closed) when dropped.
struct ProgramFile: ~Copyable {
    private let mapping: UnsafeRawPointer?
    private let count: Int
    /// Open while the file is: the mapper maps segments from it.
    let descriptor: Int32

    /// The file's bytes.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: mapping, count: count) }

    /// The file's bytes and descriptor, as the mapper takes them.
    var source: ImageSource { ImageSource(bytes: bytes, descriptor: descriptor) }

    deinit {
        if let m = mapping { munmap(UnsafeMutableRawPointer(mutating: m), count) }
        if descriptor >= 0 { close(descriptor) }
    }

    private init(mapping: UnsafeRawPointer?, count: Int, descriptor: Int32) {
        self.mapping = mapping
        self.count = count
        self.descriptor = descriptor
    }

    /// Opens and maps `path`; errors name `shownAs` (default: the path itself). Like
    /// execve, a file without execute permission is refused (EACCES).
    static func read(path: String, shownAs: String? = nil) throws(LoadError) -> ProgramFile {
        let shown = shownAs ?? path
        // O_NONBLOCK so that opening a FIFO cannot hang; it is rejected below.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw openError(shown, errno) }
        var kept = false   // the mapped file keeps its descriptor: the mapper maps segments from it
        defer { if !kept { close(fd) } }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw openError(shown, errno) }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw .file(shown, "Is a directory") }
        // execve refuses anything but a regular file with EACCES, and a file the caller may not execute.
        guard type == S_IFREG else { throw .file(shown, "Permission denied") }
        guard faccessat(AT_FDCWD, path, X_OK, AT_EACCESS) == 0 else { throw openError(shown, errno) }

        let size = max(0, Int(info.st_size))
        guard size > 0 else { return ProgramFile(mapping: nil, count: 0, descriptor: -1) }
        guard let m = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), m != MAP_FAILED else {
            throw openError(shown, errno)
        }
        kept = true
        return ProgramFile(mapping: UnsafeRawPointer(m), count: size, descriptor: fd)
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

/// What the mapper reads a program from: its bytes, and its descriptor (-1: none, the
/// segments are copied) to map them from.
struct ImageSource {
    let bytes: UnsafeRawBufferPointer
    var descriptor: Int32 = -1
}
