// A hash table from a guest address (or page number) to a 64-bit value, for the code cache's
// block map and page index: open addressing with linear probing in one flat allocation, so a
// lookup is a multiply, a shift and usually one compare (Swift's Dictionary hashes with
// SipHash and checks uniqueness on every insert, the translator's hottest map).

import CSupport
import Glibc

/// Not thread-safe; the engine's lock serialises every use. A class: the emitter's context and
/// the code cache share one table without copying it.
final class GuestAddressTable {
    /// Marks a free slot: no guest key is all ones (pcs are 4-aligned, page numbers < 2^52).
    private static let empty: UInt64 = .max
    /// Key and value side by side: a hit reads one cache line.
    private struct Slot { var key: UInt64; var value: UInt64 }
    private var slots: UnsafeMutablePointer<Slot>
    /// Slot count minus one (a power of two minus one).
    private var mask: Int
    private(set) var count = 0
    /// One bit per hash of the keys ever inserted since the last `removeAll`: most lookups are
    /// for pcs not translated yet (a block's successors), and this bitmap (64 KiB for the block
    /// map) stays in the cache where the table (megabytes) does not.
    private let filter: UnsafeMutablePointer<UInt64>
    private let filterWords: Int
    /// The hash's top bits pick the filter bit: 64 - this many.
    private let filterShift: UInt64

    /// `filterWordsLog2`: the filter's size, 2^k words. The page index's lookups are mostly for
    /// pages it holds (a block registered on a page with others), where the filter saves
    /// nothing, so its filter is small: each 4 KiB of filter is zeroed (and faulted in) by every
    /// process at start.
    init(capacity: Int = 1 << 14, filterWordsLog2: Int = 13) {
        let n = max(16, capacity).nextPowerOfTwo
        slots = Self.allocateSlots(n)
        mask = n - 1
        filterWords = 1 << filterWordsLog2
        filterShift = UInt64(64 - 6 - filterWordsLog2)
        filter = .allocate(capacity: filterWords); filter.initialize(repeating: 0, count: filterWords)
    }

    deinit { Self.deallocateSlots(slots, mask + 1); filter.deallocate() }

    /// Tables from this size up live in 2 MiB pages: a python start grows the block map to
    /// megabytes, and faulting that in 4 KiB at a time (at every doubling) was most of the
    /// rehash's cost in the translation profile.
    private static let hugePage = HugePages.size

    /// `n` free slots.
    private static func allocateSlots(_ n: Int) -> UnsafeMutablePointer<Slot> {
        let bytes = n * MemoryLayout<Slot>.stride
        let p: UnsafeMutablePointer<Slot>
        if bytes >= hugePage, let raw = HugePages.map(bytes) {
            p = raw.bindMemory(to: Slot.self, capacity: n)
        } else {
            p = .allocate(capacity: n)
        }
        p.initialize(repeating: Slot(key: Self.empty, value: 0), count: n)
        return p
    }

    private static func deallocateSlots(_ p: UnsafeMutablePointer<Slot>, _ n: Int) {
        let bytes = n * MemoryLayout<Slot>.stride
        if bytes >= hugePage { munmap(p, bytes) } else { p.deallocate() }
    }

    @inline(__always) private static func hash(_ key: UInt64) -> UInt64 { key &* 0x9E37_79B9_7F4A_7C15 }

    @inline(__always) private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: Self.hash(key) >> 32) & mask
    }

    /// The filter's word and bit for `key` (the hash's top bits: independent of the slot's).
    @inline(__always) private func filterBit(_ key: UInt64) -> (word: Int, bit: UInt64) {
        let h = Self.hash(key) >> filterShift     // 6 bits of bit, the rest the word
        return (Int(truncatingIfNeeded: h >> 6), 1 << (h & 63))
    }

    /// The slot holding `key`, or the free slot where it would go.
    @inline(__always) private func slot(_ key: UInt64) -> Int {
        var i = home(key)
        while true {
            let k = slots[i].key
            if k == key || k == Self.empty { return i }
            i = (i + 1) & mask
        }
    }

    /// Starts fetching the filter word and the slot `key` hashes to, without waiting: both
    /// are cold by the time a block is emitted (the profile showed the filter load stalling
    /// most lookups), so a lookup or insert known a few microseconds ahead need not wait.
    @inline(__always) func prefetch(_ key: UInt64) {
        cr_prefetch_write(filter + filterBit(key).word)
        cr_prefetch_write(slots + home(key))
    }

    subscript(key: UInt64) -> UInt64? {
        get {
            let f = filterBit(key)
            if filter[f.word] & f.bit == 0 { return nil }
            let i = slot(key)
            return slots[i].key == key ? slots[i].value : nil
        }
        set {
            if let v = newValue { insert(key, v) } else { remove(key) }
        }
    }

    private func insert(_ key: UInt64, _ value: UInt64) {
        precondition(key != Self.empty, "compat-run: internal error: reserved guest table key")
        let i = slot(key)
        if slots[i].key == key { slots[i].value = value; return }
        slots[i] = Slot(key: key, value: value); count += 1
        let f = filterBit(key)
        filter[f.word] |= f.bit
        if 2 * count > mask { grow() }     // at most half full: probes stay short
    }

    /// Backward-shift deletion: the entries after the hole move up so no probe chain breaks.
    /// (The filter keeps the key's bit: a stale bit only costs a probe.)
    private func remove(_ key: UInt64) {
        var i = slot(key)
        guard slots[i].key == key else { return }
        count -= 1
        var j = i
        while true {
            slots[i].key = Self.empty
            while true {
                j = (j + 1) & mask
                if slots[j].key == Self.empty { return }
                let h = home(slots[j].key)
                // slots[j] may fill the hole at i only if its home is not in (i, j] (cyclically).
                let stays = i <= j ? (i < h && h <= j) : (i < h || h <= j)
                if !stays { break }
            }
            slots[i] = slots[j]
            i = j
        }
    }

    /// Grows once, ahead of `n` entries (a whole persistent-cache unit installed at once),
    /// instead of doubling step by step while they go in.
    func reserveCapacity(_ n: Int) {
        if 2 * n > mask { rehash(slotCount: (2 * n + 1).nextPowerOfTwo) }
    }

    private func grow() { rehash(slotCount: 2 * (mask + 1)) }

    private func rehash(slotCount n: Int) {
        let old = slots, oldCount = mask + 1
        slots = Self.allocateSlots(n)
        mask = n - 1
        for i in 0..<oldCount where old[i].key != Self.empty { slots[slot(old[i].key)] = old[i] }
        Self.deallocateSlots(old, oldCount)
    }

    /// Empties the table, keeping its size.
    func removeAll() {
        slots.update(repeating: Slot(key: Self.empty, value: 0), count: mask + 1)
        filter.update(repeating: 0, count: filterWords)
        count = 0
    }

    /// Calls `body` with every (key, value); the table must not change meanwhile.
    func forEach(_ body: (UInt64, UInt64) -> Void) {
        for i in 0...mask where slots[i].key != Self.empty { body(slots[i].key, slots[i].value) }
    }
}

private extension Int {
    var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
