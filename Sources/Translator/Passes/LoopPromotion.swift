// Single-block loops (a block branching back to its own start) keep the guest
// registers they use in host registers for the whole loop: loaded once before the
// loop head, written back on every exit edge. Loop-carried values then never make
// a store-to-load round trip through the state block per iteration.

/// A guest register a loop keeps in a host register (a struct, not a tuple: tuple
/// arrays need runtime metadata lookups on the translation path).
struct PromotedRegister: Sendable {
    var guest: UInt8
    var host: Reg
}

/// Which guest registers a block keeps in which host registers.
struct LoopPromotion {
    /// Callee-saved, so helper calls keep them; a fault saves them in this order into the fault
    /// area (CR_FAULT_PROMOTED in CSupport.h, filled by signals.c and emitCheckAlignment).
    static let hostRegisters: [Reg] = [.rbx, .rbp, .r12, .r13, .r14]

    var registers: [PromotedRegister] = []
    /// Op indices of getReg ops whose value can live in the guest register's host register
    /// itself (no write to that guest register before the value's last use).
    var aliasable: AliasableReads { AliasableReads(roles: roles, count: opCount) }
    /// Ops whose result the next op writes to a promoted register and nothing else uses, by op
    /// index, with that register's host: loads, and ALU ops whose first operand was read from
    /// the same register in place. The backend puts the result there directly, with no copies.
    var inPlace: InPlaceResults { InPlaceResults(roles: roles, count: opCount) }
    /// Host register of each guest register 0...31, if promoted.
    var hostOf = GuestRegisterHosts()
    /// Holds the per-op roles (aliasable, inPlace) until its next plan.
    private let scratch: LoopPlanScratch
    private let roles: UnsafePointer<UInt8>?
    private let opCount: Int

    /// A plan without registers whose per-op roles are the scratch's first `opCount` (prepared).
    private init(scratch: LoopPlanScratch, opCount: Int) {
        self.scratch = scratch; self.opCount = opCount
        roles = UnsafePointer(scratch.roles.baseAddress)
    }

    /// `plan` with a scratch of its own (tests; the emitter reuses one).
    static func plan(_ block: IRBlock, lastUse: [Int]) -> LoopPromotion? {
        lastUse.withUnsafeBufferPointer { plan(block, lastUse: $0, scratch: LoopPlanScratch()) }
    }

    /// A plan for `block`, or nil when it is not a self-loop, calls helpers (which read
    /// and write guest registers in the state) or does a 16-byte compare-and-swap.
    /// `lastUse`: op index of each value's last use. The plan's per-op roles live in
    /// `scratch` until its next plan. Allocates only the register list.
    static func plan(_ block: IRBlock, lastUse: UnsafeBufferPointer<Int>, scratch: LoopPlanScratch) -> LoopPromotion? {
        guard block.loopsToItsStart else { return nil }
        return block.ops.withUnsafeBufferPointer { ops in plan(block, ops: ops, lastUse: lastUse, scratch: scratch) }
    }

    private static func plan(_ block: IRBlock, ops: UnsafeBufferPointer<IROp>, lastUse: UnsafeBufferPointer<Int>,
                             scratch: LoopPlanScratch) -> LoopPromotion? {
        // Loop-carried registers (read before written, and written) gain most: a
        // store-to-load round trip per iteration. The others cost one plain load or store.
        var count = SIMD32<Int32>(repeating: 0)
        var readFirst: UInt32 = 0, written: UInt32 = 0     // bit per guest register
        for op in ops {
            if case .getReg(_, let r) = op {
                count[r.index] &+= 1
                if written & (1 << r.index) == 0 { readFirst |= 1 << r.index }
            } else if case .setReg(let r, _) = op {
                count[r.index] &+= 1; written |= 1 << r.index
            } else if op.callsHelper || op.usesCmpxchg16b {
                return nil     // helpers read guest registers in the state; cmpxchg16b needs rbx
            }
        }
        let carried = readFirst & written
        guard carried != 0 else { return nil }
        let hosts = hostRegisters
        var chosen = ChosenRegisters()
        chosen.take(mostUsedOf: carried, count: count, limit: hosts.count)
        scratch.prepare(ops: ops.count, values: Int(block.valueCount))
        // Host registers the loop's temporaries leave free also take the registers it only reads
        // (a load per iteration) or writes before reading (a store per iteration; a fault reads
        // promoted registers from the fault area, so no store is needed before memory ops).
        let spare = min(hosts.count - chosen.count,
                        RegisterAllocator.allocatable.count - chosen.count
                            - peakTemporaries(ops, lastUse: lastUse, endingAt: scratch.opInts))
        if spare > 0 {
            var used: UInt32 = 0
            for r in 0..<32 where count[r] > 0 { used |= 1 << r }
            chosen.take(mostUsedOf: used & ~carried, count: count, limit: chosen.count + spare)
        }
        var p = LoopPromotion(scratch: scratch, opCount: ops.count)
        p.registers.reserveCapacity(chosen.count)
        for k in 0..<chosen.count {
            let r = chosen[k], h = hosts[k]
            p.registers.append(PromotedRegister(guest: UInt8(r), host: h))
            p.hostOf[r] = h
        }
        let roles = scratch.roles, laterWrite = scratch.opInts    // laterWrite: of a setReg's register
        // x = x OP y (incl. post-index writeback): `getReg` read in place, the op, `setReg` next.
        let aliasOf = scratch.aliasOf
        var nextWrite = SIMD32<Int>(repeating: Int.max)
        for i in ops.indices.reversed() {
            if case .setReg(let r, _) = ops[i] {
                laterWrite[i] = nextWrite[r.index]
                nextWrite[r.index] = i
            } else if case .getReg(let d, let r) = ops[i], p.hostOf[r.index] != nil, lastUse[d.index] <= nextWrite[r.index] {
                roles[i] = LoopPlanScratch.aliasableBit
                aliasOf[d.index] = UInt8(r.index)
            }
        }
        // A load's destination may be the register too: a fault leaves it unwritten. The value
        // may be used later while the register keeps it: before the op ahead of its next write
        // (which may itself write the host register in place).
        for i in ops.indices.dropLast() {
            guard case .setReg(let r, let v) = ops[i + 1], let host = p.hostOf[r.index],
                  laterWrite[i + 1] == Int.max || lastUse[v.index] < laterWrite[i + 1] - 1 else { continue }
            if case .binary(_, let d, let a, _, _, _) = ops[i], d == v, aliasOf[a.index] == UInt8(r.index), lastUse[a.index] == i {
                roles[i] = host.rawValue &+ 1
            } else if case .addScaled(let d, let a, _, _, true) = ops[i], d == v, aliasOf[a.index] == UInt8(r.index),
                      lastUse[a.index] == i {
                roles[i] = host.rawValue &+ 1     // `add x0, x0, x1`: lea rbx, [rbx + rbp]
            } else if case .load(let d, _, _, _, _, _) = ops[i], d == v {
                roles[i] = host.rawValue &+ 1
            }
        }
        return p
    }

    /// The most values live at once (constants excluded: they become immediates).
    static func peakTemporaries(_ block: IRBlock, lastUse: [Int]) -> Int {
        let endingAt = UnsafeMutableBufferPointer<Int>.allocate(capacity: block.ops.count + 1)
        defer { endingAt.deallocate() }
        return block.ops.withUnsafeBufferPointer { ops in
            lastUse.withUnsafeBufferPointer { peakTemporaries(ops, lastUse: $0, endingAt: endingAt) }
        }
    }

    /// `peakTemporaries` counting ends in `endingAt` (at least ops.count + 1 long).
    static func peakTemporaries(_ ops: UnsafeBufferPointer<IROp>, lastUse: UnsafeBufferPointer<Int>,
                                endingAt: UnsafeMutableBufferPointer<Int>) -> Int {
        var live = 0, peak = 0
        UnsafeMutableBufferPointer(rebasing: endingAt[0...ops.count]).update(repeating: 0)
        for i in ops.indices {
            live -= endingAt[i]
            if case .const = ops[i] { continue }
            if let d = ops[i].def, d.index < lastUse.count, lastUse[d.index] > i {
                live += 1; peak = max(peak, live)
                endingAt[min(lastUse[d.index], ops.count)] += 1
            }
        }
        return peak
    }
}

/// The guest registers a plan promotes, in host register order (at most five, inline).
struct ChosenRegisters {
    private var numbers = SIMD8<UInt8>(repeating: 0)
    private(set) var count = 0

    subscript(k: Int) -> Int { Int(numbers[k]) }

    /// Appends the registers of `candidates` (bit per guest register) by use count, most used
    /// first and lower numbers first among equals, until there are `limit` (the order of a
    /// stable sort by descending count).
    mutating func take(mostUsedOf candidates: UInt32, count: SIMD32<Int32>, limit: Int) {
        var left = candidates
        while self.count < min(limit, numbers.scalarCount), left != 0 {
            var best = left.trailingZeroBitCount, rest = left & (left - 1)
            while rest != 0 {
                let r = rest.trailingZeroBitCount
                if count[r] > count[best] { best = r }
                rest &= rest - 1
            }
            numbers[self.count] = UInt8(best); self.count += 1
            left &= ~(1 << best)
        }
    }
}

extension IRBlock {
    /// Whether the block branches back to its own start (a single-block loop).
    var loopsToItsStart: Bool {
        switch terminator {
        case .jump(let t): return t == guestPC
        case .branch(_, let t, let n): return t == guestPC || n == guestPC
        case .indirect, .call, .callIndirect, .ret, .exit: return false
        }
    }
}

extension IROp {
    /// STXP/CASP become lock cmpxchg16b, which needs rbx (one of the promotion registers).
    var usesCmpxchg16b: Bool {
        if case .storeExclusivePair = self { return true }
        if case .compareAndSwapPair = self { return true }
        return false
    }
}
