// Remembers, per guest pc, whether NZCV is dead on entry to the code there (the answer of
// FlagEntryLiveness), so a successor's first instructions are lifted once, not once per
// predecessor. Direct-mapped and tagged with a generation: a collision only costs a
// rescan, and forgetting everything (a flush or an invalidation may change the code) is one
// increment instead of clearing the table or rehashing a dictionary.

import Glibc

final class FlagEntryCache {
    private struct Entry { var pc: UInt64; var generation: UInt32; var dead: Bool }
    private static let entries = 1 << 14
    private let table: UnsafeMutablePointer<Entry>
    /// Entries of other generations are stale; 0 is never current (fresh entries hold it).
    private var generation: UInt32 = 1

    /// All-zero bytes are a fresh entry, so calloc's untouched zero pages are the table: a
    /// process that translates little does not fault in and clear 256 KiB at start.
    init() {
        table = calloc(Self.entries, MemoryLayout<Entry>.stride)!.bindMemory(to: Entry.self, capacity: Self.entries)
    }
    deinit { free(table) }

    @inline(__always) private func entry(_ pc: UInt64) -> UnsafeMutablePointer<Entry> {
        table + Int(truncatingIfNeeded: (pc >> 2) & UInt64(Self.entries - 1))
    }

    /// The remembered answer for `pc`, if any.
    @inline(__always) func lookup(_ pc: UInt64) -> Bool? {
        let e = entry(pc).pointee
        return e.pc == pc && e.generation == generation ? e.dead : nil
    }

    @inline(__always) func record(_ pc: UInt64, dead: Bool) {
        entry(pc).pointee = Entry(pc: pc, generation: generation, dead: dead)
    }

    func removeAll() {
        generation &+= 1
        if generation == 0 {    // wrapped: old tags could match again
            table.update(repeating: Entry(pc: 0, generation: 0, dead: false), count: Self.entries)
            generation = 1
        }
    }
}
