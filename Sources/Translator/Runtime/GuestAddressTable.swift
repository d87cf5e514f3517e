// A hash table from a guest address (or page number) to a 64-bit value, for the code cache's
// block map and page index: open addressing with linear probing in one flat allocation, so a
// lookup is a multiply, a shift and usually one compare (Swift's Dictionary hashes with
// SipHash and checks uniqueness on every insert, the translator's hottest map).

/// Not thread-safe; the engine's lock serialises every use. A class: the emitter's context and
/// the code cache share one table without copying it.
final class GuestAddressTable {
    /// Marks a free slot: no guest key is all ones (pcs are 4-aligned, page numbers < 2^52).
    private static let empty: UInt64 = .max
    private var keys: UnsafeMutablePointer<UInt64>
    private var values: UnsafeMutablePointer<UInt64>
    /// Slot count minus one (a power of two minus one).
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 14) {
        let slots = max(16, capacity).nextPowerOfTwo
        keys = .allocate(capacity: slots); keys.initialize(repeating: Self.empty, count: slots)
        values = .allocate(capacity: slots); values.initialize(repeating: 0, count: slots)
        mask = slots - 1
    }

    deinit { keys.deallocate(); values.deallocate() }

    @inline(__always) private func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The slot holding `key`, or the free slot where it would go.
    @inline(__always) private func slot(_ key: UInt64) -> Int {
        var i = home(key)
        while true {
            let k = keys[i]
            if k == key || k == Self.empty { return i }
            i = (i + 1) & mask
        }
    }

    subscript(key: UInt64) -> UInt64? {
        get {
            let i = slot(key)
            return keys[i] == key ? values[i] : nil
        }
        set {
            if let v = newValue { insert(key, v) } else { remove(key) }
        }
    }

    private func insert(_ key: UInt64, _ value: UInt64) {
        precondition(key != Self.empty, "compat-run: internal error: reserved guest table key")
        let i = slot(key)
        if keys[i] == key { values[i] = value; return }
        keys[i] = key; values[i] = value; count += 1
        if 2 * count > mask { grow() }     // at most half full: probes stay short
    }

    /// Backward-shift deletion: the entries after the hole move up so no probe chain breaks.
    private func remove(_ key: UInt64) {
        var i = slot(key)
        guard keys[i] == key else { return }
        count -= 1
        var j = i
        while true {
            keys[i] = Self.empty
            while true {
                j = (j + 1) & mask
                if keys[j] == Self.empty { return }
                let h = home(keys[j])
                // keys[j] may fill the hole at i only if its home is not in (i, j] (cyclically).
                let stays = i <= j ? (i < h && h <= j) : (i < h || h <= j)
                if !stays { break }
            }
            keys[i] = keys[j]; values[i] = values[j]
            i = j
        }
    }

    private func grow() {
        let oldKeys = keys, oldValues = values, oldSlots = mask + 1
        let slots = 2 * oldSlots
        keys = .allocate(capacity: slots); keys.initialize(repeating: Self.empty, count: slots)
        values = .allocate(capacity: slots); values.initialize(repeating: 0, count: slots)
        mask = slots - 1
        for i in 0..<oldSlots where oldKeys[i] != Self.empty {
            let s = slot(oldKeys[i])
            keys[s] = oldKeys[i]; values[s] = oldValues[i]
        }
        oldKeys.deallocate(); oldValues.deallocate()
    }

    /// Empties the table, keeping its size.
    func removeAll() {
        keys.update(repeating: Self.empty, count: mask + 1)
        count = 0
    }

    /// Calls `body` with every (key, value); the table must not change meanwhile.
    func forEach(_ body: (UInt64, UInt64) -> Void) {
        for i in 0...mask where keys[i] != Self.empty { body(keys[i], values[i]) }
    }
}

private extension Int {
    var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
