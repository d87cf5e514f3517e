// The guest pc → host code map of the code cache. Swift's Dictionary hashes each UInt64 key
// with SipHash; this map is looked up at every dispatcher visit, translation and chain link,
// and a process that installs a saved unit inserts tens of thousands of blocks at once, so it
// is an open-addressing table with a multiplicative hash and linear probing instead.
// Keys are guest pcs, 4-byte aligned, so the unaligned words 1 and 3 mark free and deleted slots.

final class BlockMap {
    private static let free: UInt64 = 1, deleted: UInt64 = 3
    /// `capacity` slots of (guest pc, host address); capacity is a power of two.
    private var slots: UnsafeMutablePointer<(key: UInt64, host: UInt)>
    private var capacity: Int
    /// Live entries, and slots holding either a live entry or a deleted mark.
    private(set) var count = 0
    private var occupied = 0

    init(capacity: Int = 1024) {
        self.capacity = capacity
        slots = Self.allocate(capacity)
    }

    deinit { slots.deallocate() }

    private static func allocate(_ n: Int) -> UnsafeMutablePointer<(key: UInt64, host: UInt)> {
        let p = UnsafeMutablePointer<(key: UInt64, host: UInt)>.allocate(capacity: n)
        p.initialize(repeating: (free, 0), count: n)
        return p
    }

    @inline(__always) private func home(_ pc: UInt64) -> Int {
        Int(truncatingIfNeeded: ((pc >> 2) &* 0x9E37_79B9_7F4A_7C15) >> 32) & (capacity - 1)
    }

    subscript(pc: UInt64) -> UInt? {
        get {
            guard pc & 3 == 0 else { return nil }      // never a block, and would match a free slot
            var i = home(pc)
            while true {
                let k = slots[i].key
                if k == pc { return slots[i].host }
                if k == Self.free { return nil }
                i = (i + 1) & (capacity - 1)
            }
        }
        set {
            if let host = newValue { insert(pc, host) } else { remove(pc) }
        }
    }

    private func insert(_ pc: UInt64, _ host: UInt) {
        precondition(pc & 3 == 0, "compat-run: internal error: unaligned block address")
        var i = home(pc), reuse = -1
        while true {
            let k = slots[i].key
            if k == pc { slots[i].host = host; return }
            if k == Self.free { break }
            if k == Self.deleted && reuse < 0 { reuse = i }
            i = (i + 1) & (capacity - 1)
        }
        if reuse >= 0 {
            slots[reuse] = (pc, host)
        } else {
            slots[i] = (pc, host)
            occupied += 1
        }
        count += 1
        if occupied * 2 > capacity { rehash(minimumCapacity: count * 2) }
    }

    private func remove(_ pc: UInt64) {
        var i = home(pc)
        while true {
            let k = slots[i].key
            if k == Self.free { return }
            if k == pc { slots[i] = (Self.deleted, 0); count -= 1; return }
            i = (i + 1) & (capacity - 1)
        }
    }

    /// Room for `n` entries in all without growing.
    func reserveCapacity(_ n: Int) {
        if (occupied - count + n) * 2 > capacity { rehash(minimumCapacity: n * 2) }
    }

    func removeAll(keepingCapacity: Bool) {
        slots.update(repeating: (Self.free, 0), count: capacity)
        count = 0; occupied = 0
    }

    /// Rebuilds the table (dropping deleted marks) with at least `minimumCapacity` slots.
    private func rehash(minimumCapacity: Int) {
        var n = capacity
        while n < minimumCapacity * 2 { n *= 2 }
        let old = slots, oldCapacity = capacity
        slots = Self.allocate(n); capacity = n
        count = 0; occupied = 0
        for i in 0..<oldCapacity where old[i].key & 3 == 0 { insert(old[i].key, old[i].host) }
        old.deallocate()
    }
}
