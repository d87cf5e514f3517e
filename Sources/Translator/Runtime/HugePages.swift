// Anonymous memory in 2 MiB transparent huge pages, for tables that are touched sparsely or
// grow large: one page fault (and one zeroing) per 2 MiB instead of one per 4 KiB page.
import Glibc

enum HugePages {
    static let size = 2 << 20

    /// `bytes` (a multiple of `size`) of zeroed anonymous memory at a 2 MiB boundary, advised
    /// to use transparent huge pages (a no-op where the kernel does not offer them); nil when
    /// the address space is exhausted. Freed with munmap.
    static func map(_ bytes: Int) -> UnsafeMutableRawPointer? {
        let span = bytes + size
        guard let m = mmap(nil, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), m != MAP_FAILED else {
            return nil
        }
        let start = UInt(bitPattern: m), aligned = (start + UInt(size) - 1) & ~UInt(size - 1)
        if aligned > start { munmap(m, Int(aligned - start)) }
        let end = aligned + UInt(bytes)
        if start + UInt(span) > end { munmap(UnsafeMutableRawPointer(bitPattern: end), Int(start + UInt(span) - end)) }
        let p = UnsafeMutableRawPointer(bitPattern: aligned)!
        _ = madvise(p, bytes, MADV_HUGEPAGE)
        return p
    }
}
