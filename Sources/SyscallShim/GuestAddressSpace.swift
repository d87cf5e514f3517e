// The guest's mappings, as Linux's VMAs would describe them: the one source for
// which memory is the guest's (never compat-run's own: code cache, Swift heap,
// host libraries and stacks), for /proc/self/maps, for brk's refusals and for
// which pages may run as code. Kept up to date by the loader's image, brk and
// every guest mmap/munmap/mprotect/mremap/shmat (MemorySyscalls.swift).

import Glibc

/// Guest page protection (PROT_READ/WRITE/EXEC as the guest asked for them).
struct GuestProtection: OptionSet, Equatable {
    let rawValue: UInt8
    static let read = GuestProtection(rawValue: 1)
    static let write = GuestProtection(rawValue: 2)
    static let exec = GuestProtection(rawValue: 4)

    /// From a guest prot argument (arm64-only bits such as PROT_BTI are dropped).
    init(prot: UInt64) { rawValue = UInt8(prot & 7) }
    init(rawValue: UInt8) { self.rawValue = rawValue }
}

/// [start, end) of guest addresses. Not `Range<UInt64>`: the first array of those in a process
/// makes the Swift runtime instantiate Range's metadata, which looks UInt64's Comparable
/// conformance up by scanning every conformance record of the static binary (~0.1 ms at
/// the start of every dynamic program: ld.so's MAP_FIXED mmaps ask for gaps).
struct AddressRange: Equatable {
    var start: UInt64, end: UInt64
    init(_ start: UInt64, _ end: UInt64) { self.start = start; self.end = end }
    func overlaps(_ start: UInt64, _ end: UInt64) -> Bool { self.start < end && start < self.end }
}

/// One guest mapping.
struct GuestMapping: Equatable {
    var start: UInt64
    var end: UInt64
    var protection: GuestProtection
    var shared = false
    /// File offset of `start` (0 for anonymous memory).
    var offset: UInt64 = 0
    var device: UInt64 = 0
    var inode: UInt64 = 0
    /// The file's size, st_mtime and st_ctime (ns) when mapped: part of the persistent
    /// translation cache's key (ctime: its verified content hashes).
    var fileSize: UInt64 = 0
    var modified: UInt64 = 0
    var changed: UInt64 = 0
    /// The mapping was writable at some time (mapped so or reprotected): its bytes may differ
    /// from the file's (text relocations), so the cache must hash them, not trust the file.
    var wasWritable = false
    /// A path, "[heap]", "[stack]", "[vdso]", or empty for anonymous memory.
    var name = ""

    /// The part of this mapping in [from, to), with the file offset adjusted.
    func clipped(_ from: UInt64, _ to: UInt64) -> GuestMapping {
        var m = self
        m.start = max(start, from)
        m.end = min(end, to)
        if inode != 0 { m.offset = offset &+ (m.start - start) }
        return m
    }

    /// Takes the file's identity from `st` (the file mapped at `offset`).
    mutating func setFile(_ st: stat, offset: UInt64) {
        device = UInt64(st.st_dev)
        inode = UInt64(st.st_ino)
        fileSize = UInt64(st.st_size)
        modified = UInt64(st.st_mtim.tv_sec) &* 1_000_000_000 &+ UInt64(st.st_mtim.tv_nsec)
        changed = UInt64(st.st_ctim.tv_sec) &* 1_000_000_000 &+ UInt64(st.st_ctim.tv_nsec)
        self.offset = offset
    }

    /// Whether `st` (a stat of the file now) is the file this mapping was made from, unchanged.
    func isUnchangedFile(_ st: stat) -> Bool {
        var now = self
        now.setFile(st, offset: offset)
        return now.device == device && now.inode == inode && now.fileSize == fileSize
            && now.modified == modified && now.changed == changed
    }
}

/// Sorted, non-overlapping guest mappings.
struct GuestAddressSpace {
    private(set) var mappings: [GuestMapping] = []

    /// Index of the first mapping that ends after `address`.
    private func firstEnding(after address: UInt64) -> Int {
        var lo = 0, hi = mappings.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if mappings[mid].end <= address { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Adds `m`, replacing whatever guest mappings it overlaps (MAP_FIXED semantics).
    mutating func map(_ m: GuestMapping) {
        guard m.end > m.start else { return }
        unmap(m.start, m.end)
        mappings.insert(m, at: firstEnding(after: m.start))
    }

    /// Removes [start, end) from the guest mappings, splitting those it cuts.
    mutating func unmap(_ start: UInt64, _ end: UInt64) {
        guard end > start else { return }
        var i = firstEnding(after: start)
        var replacement: [GuestMapping] = []
        let first = i
        while i < mappings.count, mappings[i].start < end {
            let m = mappings[i]
            if m.start < start { replacement.append(m.clipped(m.start, start)) }
            if m.end > end { replacement.append(m.clipped(end, m.end)) }
            i += 1
        }
        mappings.replaceSubrange(first..<i, with: replacement)
    }

    /// Sets the protection of [start, end) (which the caller checked is all guest memory).
    mutating func protect(_ start: UInt64, _ end: UInt64, _ protection: GuestProtection) {
        let parts = self.parts(start, end).map { p -> GuestMapping in
            var p = p
            p.protection = protection
            if protection.contains(.write) { p.wasWritable = true }
            return p
        }
        unmap(start, end)
        for p in parts { mappings.insert(p, at: firstEnding(after: p.start)) }
        coalesce(around: start, end)
    }

    /// Merges neighbours that Linux would show as one line (same attributes, contiguous file offsets).
    private mutating func coalesce(around start: UInt64, _ end: UInt64) {
        var i = max(0, firstEnding(after: start) - 1)
        while i + 1 < mappings.count, mappings[i].start <= end {
            let a = mappings[i], b = mappings[i + 1]
            let contiguousFile = a.inode == 0 || b.offset == a.offset &+ (a.end - a.start)
            if a.end == b.start && a.protection == b.protection && a.shared == b.shared && a.name == b.name
                && a.device == b.device && a.inode == b.inode && a.wasWritable == b.wasWritable && contiguousFile {
                mappings[i].end = b.end
                mappings.remove(at: i + 1)
            } else {
                i += 1
            }
        }
    }

    /// The guest mappings inside [start, end), clipped to it.
    func parts(_ start: UInt64, _ end: UInt64) -> [GuestMapping] {
        var out: [GuestMapping] = []
        var i = firstEnding(after: start)
        while i < mappings.count, mappings[i].start < end {
            out.append(mappings[i].clipped(start, end))
            i += 1
        }
        return out
    }

    /// The sub-ranges of [start, end) that are not guest memory.
    func gaps(_ start: UInt64, _ end: UInt64) -> [AddressRange] {
        var out: [AddressRange] = []
        var cursor = start
        for p in parts(start, end) {
            if p.start > cursor { out.append(AddressRange(cursor, p.start)) }
            cursor = p.end
        }
        if cursor < end { out.append(AddressRange(cursor, end)) }
        return out
    }

    /// The highest page-aligned `length` bytes of free guest space ending at or below
    /// `ceiling` and starting at or above `floor`, skipping `avoid` (first fit, top down, as
    /// QEMU's mmap_find_vma): the same sequence of guest mmaps always gets the same addresses.
    func highestGap(length: UInt64, below ceiling: UInt64, above floor: UInt64, avoiding avoid: Range<UInt64>) -> UInt64? {
        var top = ceiling
        var i = firstEnding(after: ceiling)     // mappings below i end at or below the ceiling
        while true {
            guard top >= length, top - length >= floor else { return nil }
            let low = top - length
            if !avoid.isEmpty && avoid.lowerBound < top && avoid.upperBound > low { top = avoid.lowerBound; continue }
            if i < mappings.count, mappings[i].start < top, mappings[i].end > low { top = mappings[i].start; continue }
            if i > 0, mappings[i - 1].end > low { top = mappings[i - 1].start; i -= 1; continue }
            return low
        }
    }

    /// True when every page of [start, end) is guest memory.
    func covers(_ start: UInt64, _ end: UInt64) -> Bool { gaps(start, end).isEmpty }

    func mapping(containing address: UInt64) -> GuestMapping? {
        let i = firstEnding(after: address)
        guard i < mappings.count, mappings[i].start <= address else { return nil }
        return mappings[i]
    }

    /// /proc/self/maps as Linux's show_map_vma prints it.
    func procMaps() -> String {
        var out = ""
        for m in mappings {
            let perms = (m.protection.contains(.read) ? "r" : "-") + (m.protection.contains(.write) ? "w" : "-")
                + (m.protection.contains(.exec) ? "x" : "-") + (m.shared ? "s" : "p")
            let major = ((m.device >> 8) & 0xFFF) | ((m.device >> 32) & ~UInt64(0xFFF))
            let minor = (m.device & 0xFF) | ((m.device >> 12) & ~UInt64(0xFF))
            var line = "\(Self.hex(m.start, 8))-\(Self.hex(m.end, 8)) \(perms) \(Self.hex(m.offset, 8)) "
                + "\(Self.hex(major, 2)):\(Self.hex(minor, 2)) \(m.inode) "
            if !m.name.isEmpty {
                // The kernel pads the fixed part to 25 + 6 * sizeof(void *) - 1 = 72 columns, then a space.
                if line.utf8.count < 73 { line += String(repeating: " ", count: 73 - line.utf8.count) }
                line += m.name
            }
            out += line + "\n"
        }
        return out
    }

    /// /proc/self/smaps: each maps line with its sizes. Resident pages come from the host
    /// (mincore on the guest range); the split by kind is approximate (all private).
    func procSmaps(resident: (GuestMapping) -> UInt64) -> String {
        var out = ""
        let lines = procMaps().split(separator: "\n", omittingEmptySubsequences: false)
        for (m, line) in zip(mappings, lines) {
            let size = (m.end - m.start) / 1024, rss = resident(m) / 1024
            let anonymous = m.inode == 0 ? rss : 0
            var flags = [String]()
            if m.protection.contains(.read) { flags.append("rd") }
            if m.protection.contains(.write) { flags.append("wr") }
            if m.protection.contains(.exec) { flags.append("ex") }
            if m.shared { flags.append("sh") }
            flags += ["mr", "mw", "me"]
            if m.shared { flags.append("ms") }
            if m.name == "[stack]" { flags.append("gd") }
            flags.append("ac")
            out += line + "\n"
            for (key, value) in [("Size", size), ("KernelPageSize", 4), ("MMUPageSize", 4), ("Rss", rss), ("Pss", rss),
                                 ("Pss_Dirty", anonymous), ("Shared_Clean", 0), ("Shared_Dirty", 0),
                                 ("Private_Clean", rss - anonymous), ("Private_Dirty", anonymous), ("Referenced", rss),
                                 ("Anonymous", anonymous), ("KSM", 0), ("LazyFree", 0), ("AnonHugePages", 0),
                                 ("ShmemPmdMapped", 0), ("FilePmdMapped", 0), ("Shared_Hugetlb", 0), ("Private_Hugetlb", 0),
                                 ("Swap", 0), ("SwapPss", 0), ("Locked", 0)] as [(String, UInt64)] {
                let label = key + ":"
                let number = String(value)
                out += label + String(repeating: " ", count: max(1, 24 - label.count - number.count)) + number + " kB\n"
            }
            out += "THPeligible:    0\nVmFlags: " + flags.joined(separator: " ") + " \n"
        }
        return out
    }

    private static func hex(_ v: UInt64, _ width: Int) -> String {
        let s = String(v, radix: 16)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
