// Where each translated block touches guest memory, so a host fault in generated code
// becomes a guest fault at the exact guest instruction with the exact guest state:
// registers are written through to the state (the forwarding pass keeps stores that
// a fault could observe), except those a promoted loop holds in host registers, guest V
// registers the vector register cache holds newer in xmm5-xmm15, and flags still in EFLAGS,
// which the fault handler saved for us.

struct FaultSite: Sendable {
    /// Offset of the faulting host instruction from the block's start.
    var hostOffset: UInt32
    /// Guest instruction, in instructions from the block's first.
    var instruction: UInt16
    /// Guest NZCV was only in host EFLAGS at this point.
    var flagsInEFLAGS: Bool
    /// Guest V registers newer in xmm registers than in the state here (plain loads and stores
    /// do not write the vector register cache back first).
    var vectors = VectorSlotMap()
}

/// Which guest V register (0-31) each of xmm5-xmm15 holds where it is newer than the state's
/// copy: 11 slots of 5 bits, and a mask of the slots that hold one. 10 bytes per fault site.
struct VectorSlotMap: Sendable, Equatable {
    static let firstXMM = 5, slotCount = 11
    /// Bit i: xmm(5 + i) holds a guest V register newer than the state.
    var held: UInt16 = 0
    /// Bits 5i..5i+4: the guest V register xmm(5 + i) holds.
    var guests: UInt64 = 0

    mutating func set(xmm: Int, guest: UInt8) {
        let i = xmm - Self.firstXMM
        held |= 1 << UInt16(i)
        guests |= UInt64(guest & 31) << UInt64(5 * i)
    }

    /// (xmm number, guest V register) of each held slot.
    func forEach(_ body: (_ xmm: Int, _ guest: Int) -> Void) {
        for i in 0..<Self.slotCount where held & (1 << UInt16(i)) != 0 {
            body(Self.firstXMM + i, Int(guests >> UInt64(5 * i) & 31))
        }
    }
}

struct FaultMap {
    struct Block: Sendable {
        var guestPC: UInt64
        var sites: [FaultSite]
        var promoted: [PromotedRegister]
        var hostStart: UInt = 0
    }

    /// One block's entry: its sites and promoted registers are ranges of the flat arrays, so
    /// adding a block copies its sites and allocates nothing (translation is hot; lookups,
    /// one per guest fault, are rare). A block installed from a cache file keeps them where they
    /// are, in its record in the mapped file (`saved`; the ranges then only count them): a warm
    /// start copied ~2,300 sites for dynamic `true`, ~7 % of its instructions, and faulted in
    /// the pages they were copied to. PersistentCache keeps the file mapped until a flush.
    private struct Entry {
        var hostStart: UInt
        var guestPC: UInt64
        var sites: Range<Int32>
        var promoted: Range<Int32>
        var saved: UnsafeRawPointer? = nil
    }

    /// Blocks in host address order (the code cache is bump-allocated).
    private var blocks: [Entry] = []
    private var sites: [FaultSite] = []
    private var promoted: [PromotedRegister] = []

    /// Reserves room for a large process up front: address space only until used (large
    /// allocations are fresh pages), where growing by doubling copied the arrays and faulted
    /// their pages in again at every step (~2% of translation on the python workload).
    init() {
        blocks.reserveCapacity(1 << 15)
        sites.reserveCapacity(1 << 16)
    }

    mutating func add(_ b: Block, at host: UInt) {
        guard !b.sites.isEmpty else { return }
        let s = Int32(sites.count), p = Int32(promoted.count)
        sites.append(contentsOf: b.sites)
        promoted.append(contentsOf: b.promoted)
        blocks.append(Entry(hostStart: host, guestPC: b.guestPC, sites: s..<Int32(sites.count), promoted: p..<Int32(promoted.count)))
    }

    /// A saved block's sites and promoted registers, left in its record (PersistentCache/): the
    /// record's memory must stay mapped until `removeAll`.
    mutating func add(_ v: SavedBlockView, at host: UInt) {
        guard v.faultSiteCount > 0, let records = v.faultRecords else { return }
        blocks.append(Entry(hostStart: host, guestPC: v.guestPC, sites: 0..<Int32(records.siteCount),
                            promoted: 0..<Int32(records.promotedCount), saved: records.sites))
    }

    mutating func removeAll() {
        blocks.removeAll(keepingCapacity: true)
        sites.removeAll(keepingCapacity: true)
        promoted.removeAll(keepingCapacity: true)
    }

    /// The block and site of a faulting host pc, if it is a recorded guest memory access.
    func lookup(hostPC: UInt) -> (block: Block, site: FaultSite)? {
        var lo = 0, hi = blocks.count - 1, found = -1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if blocks[mid].hostStart <= hostPC { found = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        guard found >= 0 else { return nil }
        let e = blocks[found]
        let offset = hostPC - e.hostStart
        let blockSites: [FaultSite], blockPromoted: [PromotedRegister]
        if let saved = e.saved {
            let r = SavedFaultRecords(sites: saved, siteCount: e.sites.count, promotedCount: e.promoted.count)
            blockSites = (0..<r.siteCount).map(r.faultSite)
            blockPromoted = (0..<r.promotedCount).compactMap(r.promotedRegister)
        } else {
            blockSites = Array(sites[Int(e.sites.lowerBound)..<Int(e.sites.upperBound)])
            blockPromoted = Array(promoted[Int(e.promoted.lowerBound)..<Int(e.promoted.upperBound)])
        }
        guard let site = blockSites.first(where: { UInt($0.hostOffset) == offset }) else { return nil }
        return (Block(guestPC: e.guestPC, sites: blockSites, promoted: blockPromoted, hostStart: e.hostStart), site)
    }
}

/// A direct exit of a block that starts unchained: the offset of its rel32 field in the
/// block and the guest pc it leads to.
struct ChainExit: Equatable {
    var site: UInt32
    var target: UInt64
}
