// Where each translated block touches guest memory, so a host fault in generated code
// becomes a guest fault at the exact guest instruction with the exact guest state:
// registers are written through to the state (the forwarding pass keeps stores that
// a fault could observe), except those a promoted loop holds in host registers and
// flags still in EFLAGS, which the fault handler saved for us.

struct FaultSite: Sendable {
    /// Offset of the faulting host instruction from the block's start.
    var hostOffset: UInt32
    /// Guest instruction, in instructions from the block's first.
    var instruction: UInt16
    /// Guest NZCV was only in host EFLAGS at this point.
    var flagsInEFLAGS: Bool
}

struct FaultMap {
    struct Block: Sendable {
        var guestPC: UInt64
        var sites: [FaultSite]
        var promoted: [PromotedRegister]
        var hostStart: UInt = 0
    }

    /// Blocks in host address order (the code cache is bump-allocated).
    private var blocks: [Block] = []

    mutating func add(_ b: Block, at host: UInt) {
        var b = b
        b.hostStart = host
        if !b.sites.isEmpty { blocks.append(b) }
    }

    mutating func removeAll() { blocks.removeAll(keepingCapacity: true) }

    /// The block and site of a faulting host pc, if it is a recorded guest memory access.
    func lookup(hostPC: UInt) -> (block: Block, site: FaultSite)? {
        var lo = 0, hi = blocks.count - 1, found = -1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if blocks[mid].hostStart <= hostPC { found = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        guard found >= 0 else { return nil }
        let b = blocks[found]
        let offset = hostPC - b.hostStart
        guard let site = b.sites.first(where: { UInt($0.hostOffset) == offset }) else { return nil }
        return (b, site)
    }
}

/// A direct exit of a block that starts unchained: the offset of its rel32 field in the
/// block and the guest pc it leads to.
struct ChainExit: Equatable {
    var site: UInt32
    var target: UInt64
}
