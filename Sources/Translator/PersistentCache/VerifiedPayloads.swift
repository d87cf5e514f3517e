// A cache file's payload hash rejects a damaged or truncated file, but hashing every loaded
// file's whole payload was ~7 % of a warm dynamic `true` (libc's file is ~400 KB) and of a warm
// bash, and checking each installed record (`SavedBlockView.isValid`) another ~8 %. Cache
// files are never changed in place: they are written whole and renamed (a new inode), and
// extension files are only appended to (a new size and times). So once a process has checked
// a unit's files (hash, and every record valid) it records their identities -- device, inode,
// size, mtime and ctime in ns, from the fstat of the descriptor it mapped -- in NAME.ptv, and
// a later process that maps files of the same identities skips their hashes and record checks
// (their keys and lengths are still checked). Any write to a file changes its ctime, which no
// process can set back. As for VerifiedContentHashes, a file is recorded only once its times
// are `delay` old (a change within the timestamp granularity could otherwise keep them).
import Glibc

/// What fstat says identifies one version of a file.
struct FileIdentity: Equatable {
    var device: UInt64, inode: UInt64, size: UInt64, modified: UInt64, changed: UInt64

    init(device: UInt64, inode: UInt64, size: UInt64, modified: UInt64, changed: UInt64) {
        self.device = device; self.inode = inode; self.size = size; self.modified = modified; self.changed = changed
    }

    init(_ st: stat) {
        self.init(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: UInt64(st.st_size),
                  modified: UInt64(st.st_mtim.tv_sec) &* 1_000_000_000 &+ UInt64(st.st_mtim.tv_nsec),
                  changed: UInt64(st.st_ctim.tv_sec) &* 1_000_000_000 &+ UInt64(st.st_ctim.tv_nsec))
    }

    var words: [UInt64] { [device, inode, size, modified, changed] }
}

struct VerifiedPayloads {
    /// The unit's cache file and extension file as checked whole (nil: not checked).
    struct Record: Equatable {
        var cacheFile: FileIdentity?
        var extensionFile: FileIdentity?
    }

    let directory: CacheDirectory
    /// How old a file's mtime and ctime must be for it to be recorded.
    var delay: UInt64 = 2_000_000_000

    static let magic: [UInt8] = Array("CRPTV".utf8) + [0, 0, 1]
    static let recordSize = magic.count + 8 * 12

    /// The record's name for a unit's cache file name (NAME.ptc -> NAME.ptv).
    static func fileName(unit: String) -> String { String(unit.dropLast(4)) + ".ptv" }

    /// The unit's record, or an empty one (none, or damaged).
    func read(unit: String) -> Record {
        guard let bytes = directory.read(Self.fileName(unit: unit), upTo: Self.recordSize) else { return Record() }
        return Self.parse(bytes) ?? Record()
    }

    /// Whether a file of this identity may be recorded (its times are settled).
    func mayRecord(_ f: FileIdentity) -> Bool { fileTimesSettled(modified: f.modified, changed: f.changed, delay: delay) }

    /// Records `checked` for the unit (files `mayRecord` allowed); nothing is written when that
    /// is what `old` already says.
    func update(unit: String, old: Record, checked: Record) {
        guard checked != old, checked != Record() else { return }
        directory.write(Self.fileName(unit: unit), Self.bytes(checked))
    }

    /// magic, a presence word (bit 0: cache file, bit 1: extension), each file's five identity
    /// words (zero when absent), a hash of the words before it (a torn or damaged record is ignored).
    static func bytes(_ r: Record) -> [UInt8] {
        let none = [UInt64](repeating: 0, count: 5)
        let words = [(r.cacheFile == nil ? 0 : 1) | (r.extensionFile == nil ? 0 : 2)]
            + (r.cacheFile?.words ?? none) + (r.extensionFile?.words ?? none)
        var w = ByteWriter(out: magic)
        var check = ContentHash()
        for x in words { w.u64(x); check.add(x) }
        w.u64(check.value)
        return w.out
    }

    static func parse(_ bytes: [UInt8]) -> Record? {
        guard bytes.count == recordSize else { return nil }
        return bytes.withUnsafeBytes { raw -> Record? in
            var r = ByteReader(bytes: raw)
            guard let m = r.bytes(magic.count), m.elementsEqual(magic) else { return nil }
            var words: [UInt64] = []
            var check = ContentHash()
            for _ in 0..<11 {
                guard let x = r.u64() else { return nil }
                words.append(x); check.add(x)
            }
            guard r.u64() == check.value else { return nil }
            func file(_ at: Int) -> FileIdentity {
                FileIdentity(device: words[at], inode: words[at + 1], size: words[at + 2], modified: words[at + 3], changed: words[at + 4])
            }
            return Record(cacheFile: words[0] & 1 != 0 ? file(1) : nil, extensionFile: words[0] & 2 != 0 ? file(6) : nil)
        }
    }
}
