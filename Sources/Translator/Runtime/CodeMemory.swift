// The shared memory object behind the code cache's two views (read+execute where code
// runs, read+write where the translator writes it). Normally a memfd. perf, though, reads
// /tmp/perf-PID.map only for executable memory it takes for anonymous: "//anon",
// "/dev/zero", "[stack", "/SYSV..." (tools/perf/util/map.c); a memfd shows up as the file
// "/memfd:... (deleted)", whose symbols perf cannot find. So with --perf-map the object is
// a System V shared-memory segment, which the kernel names "/SYSV...".
import CSupport
import Glibc

/// Which kind of shared memory object backs the code cache.
public enum CodeMemoryKind: Sendable {
    case memfd
    /// A System V segment, so perf uses /tmp/perf-PID.map for the code (--perf-map).
    case systemV
}

struct CodeMemory {
    let kind: CodeMemoryKind
    private let handle: Int32   // the memfd descriptor, or the segment id

    /// A new object of `capacity` bytes; a System V segment falls back to a memfd when the
    /// system refuses one (limits, IPC namespace), since the run must not depend on it.
    static func create(_ kind: CodeMemoryKind, capacity: Int) -> CodeMemory {
        if kind == .systemV {
            let id = shmget(IPC_PRIVATE, capacity, IPC_CREAT | 0o600 | 0o10000 /* SHM_NORESERVE */)
            if id >= 0 { return CodeMemory(kind: .systemV, handle: id) }
        }
        let fd = "compat-run-code".withCString { name in
            Int32(truncatingIfNeeded: cr_syscall6(319 /* memfd_create */, Int(bitPattern: UInt(bitPattern: name)), 1 /* MFD_CLOEXEC */, 0, 0, 0, 0))
        }
        guard fd >= 0, ftruncate(fd, off_t(capacity)) == 0 else { fatalError("compat-run: cannot create the code cache") }
        return CodeMemory(kind: .memfd, handle: fd)
    }

    /// The System V segment's id (the guest must not reach it by id), else nil.
    var systemVSegment: Int32? { kind == .systemV ? handle : nil }

    /// Maps a view of the whole object; at `at` (replacing what is there) when given.
    /// `executable`: read+execute, else read+write.
    func map(capacity: Int, executable: Bool, at: UnsafeMutableRawPointer? = nil) -> UnsafeMutableRawPointer {
        let view: UnsafeMutableRawPointer?
        switch kind {
        case .memfd:
            let flags = MAP_SHARED | MAP_NORESERVE | (at == nil ? 0 : MAP_FIXED)
            let p = mmap(at, capacity, executable ? PROT_READ | PROT_EXEC : PROT_READ | PROT_WRITE, flags, handle, 0)
            view = p == MAP_FAILED ? nil : p
        case .systemV:
            let flags = (executable ? SHM_RDONLY | 0o100000 /* SHM_EXEC */ : 0) | (at == nil ? 0 : 0o40000 /* SHM_REMAP */)
            let p = shmat(handle, at, flags)
            view = p == UnsafeMutableRawPointer(bitPattern: -1) ? nil : p
        }
        guard let view else { fatalError("compat-run: cannot map the code cache") }
        return view
    }

    /// After both views are mapped: the views keep the object alive, and no descriptor or
    /// segment id is left for the guest to see or close.
    func release() {
        switch kind {
        case .memfd: close(handle)
        case .systemV: shmctl(handle, IPC_RMID, nil)   // destroyed when the last view goes
        }
    }

    /// Unmaps a view this object's kind made.
    static func unmap(_ view: UnsafeMutableRawPointer, capacity: Int, kind: CodeMemoryKind) {
        switch kind {
        case .memfd: munmap(view, capacity)
        case .systemV: shmdt(view)
        }
    }
}
