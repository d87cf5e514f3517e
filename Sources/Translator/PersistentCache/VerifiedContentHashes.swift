// A cache unit's key holds a hash of the mapped bytes, so a changed file never reuses stale
// code. Reading a whole library to hash it (and faulting its pages in) was ~8 % of a warm
// dynamic `true`. When the memory is known to hold the file's bytes (CodeOrigin.holdsFileBytes:
// never writable, the file unchanged since it was mapped), the hash is a function of the file's
// identity -- device, inode, size, mtime and ctime in ns -- and of the mapped range, so it is
// computed once and kept in a small record file (NAME.pth) that later processes read instead.
// Any change to the file changes its ctime (which no process can set), and a replaced file is
// another inode. A file changed within the filesystem's timestamp granularity of a record
// being written could keep its times (git's "racy" files): a record is written only for a
// file whose times are `delay` older than the clock.
import Glibc

struct VerifiedContentHashes {
    let directory: CacheDirectory
    /// How old a file's mtime and ctime must be for its hash to be recorded.
    var delay: UInt64 = 2_000_000_000

    static let magic: [UInt8] = Array("CRPTH".utf8) + [0, 0, 1]

    /// The content hash of the memory [origin.start, origin.end): from the record when the
    /// memory holds the file's bytes and one exists, else computed (and recorded when allowed).
    func hash(of origin: CodeOrigin, memory: UnsafeRawPointer) -> UInt64 {
        let compute = { ContentHash.of(memory, count: Int(origin.end - origin.start)) }
        guard origin.holdsFileBytes else { return compute() }
        let identity = Self.identity(origin)
        let name = Self.fileName(identity)
        if let bytes = directory.read(name, upTo: Self.recordSize), let h = Self.parse(bytes, identity: identity) { return h }
        let h = compute()
        if fileTimesSettled(modified: origin.modified, changed: origin.changed, delay: delay) {
            directory.write(name, Self.record(identity, hash: h))
        }
        return h
    }

    /// What the hash depends on when the memory is the file's bytes.
    static func identity(_ o: CodeOrigin) -> [UInt64] {
        [o.device, o.inode, o.fileSize, o.modified, o.changed, o.fileOffset, o.end - o.start]
    }

    static func fileName(_ identity: [UInt64]) -> String { CacheKey.fileName(of: identity, suffix: ".pth") }

    static let recordSize = magic.count + 8 * 9

    /// magic, the identity words, the content hash, a hash of those words (a torn or damaged
    /// record is ignored).
    static func record(_ identity: [UInt64], hash: UInt64) -> [UInt8] {
        var w = ByteWriter(out: magic)
        var check = ContentHash()
        for x in identity + [hash] { w.u64(x); check.add(x) }
        w.u64(check.value)
        return w.out
    }

    static func parse(_ bytes: [UInt8], identity: [UInt64]) -> UInt64? {
        guard bytes.count == recordSize else { return nil }
        return bytes.withUnsafeBytes { raw -> UInt64? in
            var r = ByteReader(bytes: raw)
            guard let m = r.bytes(magic.count), m.elementsEqual(magic) else { return nil }
            var check = ContentHash()
            for x in identity {
                guard r.u64() == x else { return nil }
                check.add(x)
            }
            guard let h = r.u64(), let c = r.u64() else { return nil }
            check.add(h)
            return c == check.value ? h : nil
        }
    }

}

/// A file's times (ns) are at least `delay` in the past: a later change within the filesystem's
/// timestamp granularity would not show in them otherwise, so only then may a record trust them.
func fileTimesSettled(modified: UInt64, changed: UInt64, delay: UInt64) -> Bool {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    let nanoseconds = UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    return max(modified, changed) &+ delay < nanoseconds
}
