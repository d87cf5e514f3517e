// Guest V registers held in xmm5-xmm15 across a block (issue 17: FP/SIMD get/set elimination).
// Without it every scalar FP op loaded its inputs from the state block and stored its result
// back, so each dependent op waited on store forwarding (~5 cycles). The cache is an emitter-
// level table (guest V register -> host xmm), not SSA: the IR names guest V registers directly.
//
// Rules that keep it correct:
// - The ops `VectorCacheUse.cached` lists read or write V only through the cache-aware
//   accessors (loadVector0, loadVector, loadScalar, storeVector, storeWhole, ...) and name the
//   xmm registers they use as scratch (always xmm0-xmm4; xmm4 is the cold tiny-result redo's):
//   slots below that are written back and emptied first. The others (helpers, LD2-LD4/ST2-ST4)
//   run after a flush with the cache switched off, exactly as before it existed.
// - The state is the architectural V file wherever it is observed, or the fault map says where
//   it is instead: dirty slots are written back before every op that may fault except plain
//   loads and stores, whose fault sites name the dirty slots (the fault handler saves xmm5-
//   xmm15), and before the terminator; the cache is empty at the block's entry, at its loop
//   head (but for a self-loop's pinned slots) and after its end.
// - Cache moves are emitted only on an op's straight-line path, so its table describes every
//   path through the host code.

/// How an IR op meets the vector register cache.
enum VectorCacheUse {
    /// Touches neither guest V registers nor xmm registers.
    case none
    /// Reads/writes V only through the cache-aware accessors, with xmm0 up to (not including)
    /// xmm`scratchEnd` as scratch.
    case cached(scratchEnd: UInt8)
    /// Reads/writes V in the state block directly: flush, then run uncached.
    case direct
}

extension IROp {
    var vectorCacheUse: VectorCacheUse {
        switch self {
        case .const, .getReg, .setReg, .loadState, .storeState, .binary, .unary, .addScaled, .extend, .select,
             .condCompare, .load, .store, .storeRelease, .loadExclusive, .storeExclusive, .loadExclusivePair,
             .storeExclusivePair, .checkAlignment, .atomicRMW, .compareAndSwap, .compareAndSwapPair, .getNZCV, .setNZCV,
             .clearExclusive, .fence, .readMXCSR, .writeMXCSR, .sideExit:
            return .none
        case .vecLoad, .vecStore, .vecToGPR, .gprToVec, .vecDup, .vecConst, .fpBinary, .fpUnary, .fpFused, .fpCompare,
             .fpSelect, .fpConvertPrecision, .intToFP, .fpToInt, .vecLogicalImmediate, .vecExtract, .vecShiftImmediate,
             .vecWiden, .vecDupElement, .vecShuffleBytes, .vecShiftNarrowHalves, .vecBinary, .vecWideBinary, .vecNarrow,
             .vecReduce, .vecCrypto:
            return .cached(scratchEnd: 5)
        case .vecFloatBinary, .vecTableLookup:
            return .cached(scratchEnd: 7)       // NaN lanes: xmm4-xmm6; TBL: xmm4-xmm6
        case .vecFloatFused:
            return .cached(scratchEnd: 6)       // addend: xmm5; the rare NaN path saves what it borrows
        case .helper, .vecStructures:
            return .direct
        }
    }
}

extension IROp {
    /// Whether `prepareVectorCache` does anything for the op: it uses the cache or bypasses it,
    /// or it may fault where the V file must be in the state. One switch, true for the FP/SIMD
    /// ops, helpers and the atomic and exclusive accesses; false for the rest (most ops).
    /// `VectorCacheUseTests` checks it against `vectorCacheUse`, `mayFault` and
    /// `faultSiteKeepsVectors`.
    var needsVectorCachePreparation: Bool {
        switch self {
        case .const, .getReg, .setReg, .loadState, .storeState, .binary, .unary, .addScaled, .extend, .select,
             .condCompare, .load, .store, .getNZCV, .setNZCV, .clearExclusive, .fence, .readMXCSR, .writeMXCSR, .sideExit:
            return false
        case .storeRelease, .loadExclusive, .storeExclusive, .loadExclusivePair, .storeExclusivePair, .checkAlignment,
             .atomicRMW, .compareAndSwap, .compareAndSwapPair, .helper, .vecLoad, .vecStore, .vecToGPR, .gprToVec,
             .vecDup, .vecConst, .fpBinary, .fpUnary, .fpFused, .fpCompare, .fpSelect, .fpConvertPrecision, .intToFP,
             .fpToInt, .vecLogicalImmediate, .vecExtract, .vecShiftImmediate, .vecWiden, .vecDupElement,
             .vecShuffleBytes, .vecShiftNarrowHalves, .vecBinary, .vecWideBinary, .vecNarrow, .vecReduce, .vecCrypto,
             .vecFloatBinary, .vecTableLookup, .vecFloatFused, .vecStructures:
            return true
        }
    }
}

extension IROp {
    /// Plain loads and stores: their fault sites record the dirty cache slots (and the fault
    /// handler saves xmm5-xmm15), so the cache is not written back before them. Other ops that
    /// may fault (atomics, exclusives, alignment checks that exit without the host handler,
    /// helpers) find the V file in the state.
    var faultSiteKeepsVectors: Bool {
        switch self {
        case .load, .store, .vecLoad, .vecStore:
            return true
        case .const, .getReg, .setReg, .loadState, .storeState, .binary, .unary, .addScaled, .extend, .select,
             .condCompare, .storeRelease, .loadExclusive, .storeExclusive, .loadExclusivePair,
             .storeExclusivePair, .checkAlignment, .atomicRMW, .compareAndSwap, .compareAndSwapPair, .getNZCV, .setNZCV,
             .clearExclusive, .fence, .readMXCSR, .writeMXCSR, .vecToGPR, .gprToVec, .vecDup, .vecConst, .fpBinary,
             .fpUnary, .fpFused, .fpCompare, .fpSelect, .fpConvertPrecision, .intToFP, .fpToInt, .vecLogicalImmediate,
             .vecExtract, .vecShiftImmediate, .vecWiden, .vecDupElement, .vecShuffleBytes, .vecShiftNarrowHalves,
             .vecBinary, .vecWideBinary, .vecNarrow, .vecReduce, .vecCrypto, .vecFloatBinary, .vecTableLookup, .vecFloatFused,
             .helper, .vecStructures, .sideExit:
            return false
        }
    }
}

extension IROp {
    /// The lane constants the op's rare-result check compares with (kept in cache slots):
    /// bit k is constant `VectorRegisterCache.firstConstant + k`.
    var checkConstants: UInt8 {
        if case .vecFloatFused(_, _, _, let double, _, _) = self { return VectorRegisterCache.checkConstants(double: double) }
        if case .vecFloatBinary(let op, _, _, _, let double, _) = self, op == .mul || op == .div {
            return VectorRegisterCache.checkConstants(double: double)
        }
        return 0
    }

    /// The guest V registers the op names (bit n: V[n]; V32 is the by-element scratch), read or
    /// written. For self-loops, which registers to keep in the cache across iterations.
    var vectorRegisters: UInt64 {
        func r(_ v: UInt8...) -> UInt64 { v.reduce(0) { $0 | 1 << UInt64($1) } }
        switch self {
        case .const, .getReg, .setReg, .loadState, .storeState, .binary, .unary, .addScaled, .extend, .select,
             .condCompare, .load, .store, .storeRelease, .loadExclusive, .storeExclusive, .loadExclusivePair,
             .storeExclusivePair, .checkAlignment, .atomicRMW, .compareAndSwap, .compareAndSwapPair, .getNZCV, .setNZCV,
             .clearExclusive, .fence, .readMXCSR, .writeMXCSR, .helper, .sideExit:
            return 0
        case .vecLoad(let d, _, _, _), .vecStore(let d, _, _, _), .vecToGPR(_, let d, _, _, _), .gprToVec(let d, _, _, _, _),
             .vecDup(let d, _, _, _), .vecConst(let d, _, _), .vecLogicalImmediate(let d, _, _, _), .intToFP(let d, _, _, _, _),
             .fpToInt(_, let d, _, _, _):
            return r(d)
        case .vecShiftImmediate(_, let d, let n, _, _, _), .vecWiden(let d, let n, _, _, _, _), .vecDupElement(let d, let n, _, _, _),
             .vecShuffleBytes(let d, let n, _, _, _), .vecShiftNarrowHalves(let d, let n, _), .fpUnary(_, let d, let n, _),
             .fpConvertPrecision(let d, let n, _), .vecNarrow(let d, let n, _, _, _), .vecReduce(_, let d, let n, _, _):
            return r(d, n)
        case .vecExtract(let d, let n, let m, _, _), .vecFloatBinary(_, let d, let n, let m, _, _), .vecBinary(_, let d, let n, let m, _, _),
             .fpBinary(_, let d, let n, let m, _), .fpSelect(_, let d, let n, let m, _), .vecFloatFused(let d, let n, let m, _, _, _),
             .vecWideBinary(_, let d, let n, let m, _, _, _), .vecCrypto(_, let d, let n, let m):
            return r(d, n, m)
        case .fpFused(let d, let n, let m, let a, _, _, _): return r(d, n, m, a)
        case .fpCompare(let n, let m, _, _): return m.map { r(n, $0) } ?? r(n)
        case .vecTableLookup(let d, let first, let count, let m, _, _):
            var mask = r(d, m)
            for j in 0..<count { mask |= r((first + j) & 31) }
            return mask
        case .vecStructures(let first, let count, _, _, _, _):
            var mask: UInt64 = 0
            for j in 0..<count { mask |= r((first + j) & 31) }
            return mask
        }
    }
}

/// Which guest V register each cache slot (xmm5-xmm15) holds. Fixed-size: nothing allocates.
struct VectorRegisterCache {
    static let firstSlot: UInt8 = 5, endSlot: UInt8 = 16
    static let empty: UInt8 = 0xFF
    /// Slots may also hold constants the FP checks compare against, named by these
    /// pseudo-register numbers (above every guest V register, V32 included). They are never
    /// dirty: eviction drops them and a miss materialises them again. In every lane: the
    /// smallest normal, and the mask of all but the sign bit (64- and 32-bit lanes).
    static let firstConstant: UInt8 = 0x40
    static let smallestNormal64: UInt8 = 0x40, smallestNormal32: UInt8 = 0x41
    static let magnitudeMask64: UInt8 = 0x42, magnitudeMask32: UInt8 = 0x43
    static func smallestNormal(double: Bool) -> UInt8 { double ? smallestNormal64 : smallestNormal32 }
    static func magnitudeMask(double: Bool) -> UInt8 { double ? magnitudeMask64 : magnitudeMask32 }
    /// The constants `rareResultCheck` uses, as a mask over `firstConstant + k`.
    static func checkConstants(double: Bool) -> UInt8 {
        1 << (smallestNormal(double: double) - firstConstant) | 1 << (magnitudeMask(double: double) - firstConstant)
    }
    /// Indexed by xmm number: the guest V register held, or `empty`.
    var guest = SIMD16<UInt8>(repeating: empty)
    /// Indexed by xmm number: bits from this one up are known to be zero.
    var zeroAbove = SIMD16<UInt8>(repeating: 128)
    /// Indexed by xmm number: the slot's value is newer than the state block's.
    var dirty: UInt16 = 0
    /// Indexed by xmm number: when the slot was last used (eviction takes the oldest).
    var lastUse = SIMD16<UInt32>(repeating: 0)
    var clock: UInt32 = 0
    /// `clock` when the op being emitted started: slots it touched since are its operands.
    var opStartClock: UInt32 = 0
    /// False while an op that bypasses the cache is emitted.
    var active = true
    /// The lowest slot the op being emitted leaves alone (the ones below are its scratch).
    var lowestSlot = firstSlot
    /// Indexed by xmm number: slots a self-loop keeps across iterations (never evicted; written
    /// back but not forgotten at the terminator).
    var pinned: UInt16 = 0

    func slot(of v: UInt8) -> XMM? {
        for i in Self.firstSlot..<Self.endSlot where guest[Int(i)] == v { return XMM(i) }
        return nil
    }
    func isDirty(_ x: XMM) -> Bool { dirty & (1 << UInt16(x.index)) != 0 }
}

extension X64Emitter {
    /// Call before emitting each op for which `needsVectorCachePreparation` holds (for the
    /// others it would do nothing: the clock it notes is read only by ops using the cache).
    mutating func prepareVectorCache(for op: IROp) {
        vcache.opStartClock = vcache.clock
        switch op.vectorCacheUse {
        case .none: break
        case .cached(let scratchEnd):
            vcache.active = true
            vcache.lowestSlot = max(VectorRegisterCache.firstSlot, scratchEnd)
            for i in VectorRegisterCache.firstSlot..<vcache.lowestSlot { evict(XMM(i)) }
        case .direct: flushVectorCache(); vcache.active = false
        }
        if vcache.dirty != 0 && op.mayFault && !op.faultSiteKeepsVectors { writeBackVectors() }
    }

    /// Writes every dirty slot (but those in `except`, a mask of xmm numbers) to the state
    /// block; the slots stay valid.
    mutating func writeBackVectors(except: UInt16 = 0) {
        storeDirtyVectors(except: except)
        vcache.dirty &= except
    }

    /// Stores every dirty slot (but those in `except`) to the state block, leaving the table as
    /// it is: on a side exit's exit path (`except` the self-loop's pinned slots, which `link`
    /// stores on every exit) the fall-through keeps them dirty. Constants are never dirty.
    mutating func storeDirtyVectors(except: UInt16) {
        guard vcache.dirty & ~except != 0 else { return }
        for i in VectorRegisterCache.firstSlot..<VectorRegisterCache.endSlot where vcache.isDirty(XMM(i)) && except & (1 << UInt16(i)) == 0 {
            asm.movdquStore(Self.v(vcache.guest[Int(i)]), XMM(i))
        }
    }

    /// The dirty slots holding guest V registers, for a fault site (V32 is scratch no guest
    /// instruction reads after a fault; constants are never dirty).
    func dirtyVectorSlots() -> VectorSlotMap {
        var map = VectorSlotMap()
        guard vcache.dirty != 0 else { return map }
        for i in VectorRegisterCache.firstSlot..<VectorRegisterCache.endSlot where vcache.isDirty(XMM(i)) && vcache.guest[Int(i)] < 32 {
            map.set(xmm: Int(i), guest: vcache.guest[Int(i)])
        }
        return map
    }

    /// On every exit from a self-loop (not the back edge): its pinned slots to the state, those
    /// the table says are dirty or, with `all` (the interrupt exit at the loop head, where any
    /// may be), all of them. The table is unchanged (several exits share it).
    mutating func writeBackPinnedVectors(all: Bool = false) {
        for i in VectorRegisterCache.firstSlot..<VectorRegisterCache.endSlot
        where vcache.pinned & (1 << UInt16(i)) != 0 && vcache.guest[Int(i)] < VectorRegisterCache.firstConstant {
            if all || vcache.isDirty(XMM(i)) { asm.movdquStore(Self.v(vcache.guest[Int(i)]), XMM(i)) }
        }
    }

    /// Writes dirty slots back and forgets them all (before code that reads or writes the state's V);
    /// at the terminator a self-loop's pinned slots stay, dirty ones too (the loop head expects
    /// them loaded; its exits write them back: writeBackPinnedVectors).
    mutating func flushVectorCache(keepingPinned: Bool = false) {
        writeBackVectors(except: keepingPinned ? vcache.pinned : 0)
        for i in VectorRegisterCache.firstSlot..<VectorRegisterCache.endSlot
        where !(keepingPinned && vcache.pinned & (1 << UInt16(i)) != 0) {
            vcache.guest[Int(i)] = VectorRegisterCache.empty
        }
        if !keepingPinned { vcache.pinned = 0 }
    }

    /// A block that loops to its own start keeps the V registers it names in the top slots across
    /// iterations (loaded here, before the loop head), so a value the previous iteration left is
    /// not reloaded through store forwarding. Only when no op bypasses the cache and every op's
    /// scratch stays below them (one slot left for constants). The tininess checks' lane
    /// constants the loop needs are pinned too when slots allow (else rebuilt every iteration).
    mutating func loadPinnedVectors(_ block: IRBlock) {
        guard block.loopsToItsStart else { return }
        var used: UInt64 = 0, scratchEnd = VectorRegisterCache.firstSlot
        var constantMask: UInt8 = 0
        for op in block.ops {
            switch op.vectorCacheUse {
            case .none: continue
            case .direct: return
            case .cached(let end): scratchEnd = max(scratchEnd, end)
            }
            used |= op.vectorRegisters
            constantMask |= op.checkConstants
        }
        var constants: [UInt8] = []
        for k in 0..<UInt8(8) where constantMask & (1 << k) != 0 { constants.append(VectorRegisterCache.firstConstant + k) }
        let room = Int(VectorRegisterCache.endSlot - scratchEnd)
        guard used != 0, used.nonzeroBitCount < room else { return }
        if used.nonzeroBitCount + constants.count >= room { constants = [] }
        var slot = VectorRegisterCache.endSlot
        for v in 0..<UInt8(64) where used & (1 << UInt64(v)) != 0 {
            slot -= 1
            vcache.guest[Int(slot)] = v
            vcache.zeroAbove[Int(slot)] = 128
            vcache.pinned |= 1 << UInt16(slot)
            asm.movdquLoad(XMM(slot), Self.v(v))
        }
        // At the loop head a pinned slot may be newer than the state (the back edge does not
        // write them back): fault sites before the iteration's first write-back must say so.
        vcache.dirty |= vcache.pinned
        for id in constants {   // never dirty
            slot -= 1
            vcache.guest[Int(slot)] = id
            vcache.pinned |= 1 << UInt16(slot)
            materializeConstant(id, into: XMM(slot))
        }
    }

    /// Writes the slot back if it is dirty and empties it.
    private mutating func evict(_ x: XMM) {
        let g = vcache.guest[Int(x.index)]
        guard g != VectorRegisterCache.empty else { return }
        if vcache.isDirty(x) { asm.movdquStore(Self.v(g), x) }
        vcache.guest[Int(x.index)] = VectorRegisterCache.empty
        vcache.dirty &= ~(1 << UInt16(x.index))
    }

    /// The slot holding V[n], if any (marked as just used).
    mutating func cachedSlot(_ n: UInt8) -> XMM? {
        guard vcache.active, let x = vcache.slot(of: n) else { return nil }
        touch(x)
        return x
    }

    private mutating func touch(_ x: XMM) {
        vcache.clock &+= 1
        vcache.lastUse[Int(x.index)] = vcache.clock
    }

    /// A slot for V[n]: its own, else a free one, else the least recently used (written back).
    private mutating func claimSlot(_ n: UInt8) -> XMM {
        if let x = vcache.slot(of: n) { touch(x); return x }
        // Pinned slots are never taken; loadPinnedVectors leaves at least one other above every
        // op's scratch.
        var pick: UInt8?
        for i in vcache.lowestSlot..<VectorRegisterCache.endSlot where vcache.pinned & (1 << UInt16(i)) == 0 {
            if vcache.guest[Int(i)] == VectorRegisterCache.empty { pick = i; break }
            if pick == nil || vcache.lastUse[Int(i)] < vcache.lastUse[Int(pick!)] { pick = i }
        }
        guard var pick else { preconditionFailure("vector register cache: no unpinned slot") }
        if vcache.guest[Int(pick)] != VectorRegisterCache.empty, let later = slotUsedLast() { pick = later }
        let x = XMM(pick)
        evict(x)
        vcache.guest[Int(pick)] = n
        touch(x)
        return x
    }

    /// Of the full, unpinned slots the op being emitted has not touched, the one whose value the
    /// block's later ops name last (or never: a clean one first), Belady's choice: LRU evicted
    /// values nbody's block needed again a few ops later (12 live V registers, 11 slots).
    private func slotUsedLast() -> UInt8? {
        guard !blockOps.isEmpty else { return nil }
        var candidates: UInt16 = 0
        for i in vcache.lowestSlot..<VectorRegisterCache.endSlot
        where vcache.pinned & (1 << UInt16(i)) == 0 && vcache.guest[Int(i)] != VectorRegisterCache.empty
            && vcache.lastUse[Int(i)] <= vcache.opStartClock {
            candidates |= 1 << UInt16(i)
        }
        guard candidates != 0 else { return nil }
        var unseen = candidates, last: UInt8?
        var j = opIndex + 1
        while j < blockOps.count && unseen != 0 {
            let op = blockOps[j]
            let registers = op.vectorRegisters, constants = op.checkConstants
            if registers != 0 || constants != 0 {
                for i in VectorRegisterCache.firstSlot..<VectorRegisterCache.endSlot where unseen & (1 << UInt16(i)) != 0 {
                    let g = vcache.guest[Int(i)]
                    let named = g < VectorRegisterCache.firstConstant
                        ? registers & (1 << UInt64(g)) != 0 : constants & (1 << (g - VectorRegisterCache.firstConstant)) != 0
                    if named { unseen &= ~(1 << UInt16(i)); last = i }
                }
            }
            j += 1
        }
        guard unseen != 0 else { return last }
        // Never named again: a clean one costs no store.
        for i in VectorRegisterCache.firstSlot..<VectorRegisterCache.endSlot where unseen & (1 << UInt16(i)) != 0 && !vcache.isDirty(XMM(i)) {
            return i
        }
        return UInt8(unseen.trailingZeroBitCount)
    }

    /// V[d] := x (all 128 bits; bits from `zeroAbove` up are zero). False when the cache is off.
    mutating func cacheStore(_ d: UInt8, from x: XMM, zeroAbove: Int) -> Bool {
        guard vcache.active else { return false }
        let s = claimSlot(d)
        asm.movaps(s, x)
        vcache.dirty |= 1 << UInt16(s.index)
        vcache.zeroAbove[Int(s.index)] = UInt8(zeroAbove)
        return true
    }

    /// A slot to write all of V[d] into (its old value is not loaded); nil when the cache is off.
    /// Until markDirty the table calls it clean, so a fault before the write restores nothing.
    mutating func cacheSlotForWrite(_ d: UInt8) -> XMM? {
        guard vcache.active else { return nil }
        return claimSlot(d)
    }

    /// A slot to compute a new V[d] into while the operands' slots `a` and `b` stay intact (a rare
    /// path reads them after): d's own unless it is one of them, else an empty one (d's value
    /// moves there: `adoptResultSlot`), never a pinned one. Nil: none without an eviction.
    mutating func resultSlot(_ d: UInt8, operands a: XMM, _ b: XMM) -> XMM? {
        guard vcache.active else { return nil }
        let own = vcache.slot(of: d)
        if let own, own != a, own != b { return own }
        if let own, vcache.pinned & (1 << UInt16(own.index)) != 0 { return nil }
        for i in vcache.lowestSlot..<VectorRegisterCache.endSlot
        where vcache.pinned & (1 << UInt16(i)) == 0 && vcache.guest[Int(i)] == VectorRegisterCache.empty {
            return XMM(i)
        }
        return nil
    }

    /// V[d] is now in `x` (from resultSlot; bits from `zeroAbove` up are zero): d's old slot,
    /// if another, is forgotten without a write-back (its value is overwritten).
    mutating func adoptResultSlot(_ x: XMM, for d: UInt8, zeroAbove: Int) {
        if let old = vcache.slot(of: d), old != x {
            vcache.guest[Int(old.index)] = VectorRegisterCache.empty
            vcache.dirty &= ~(1 << UInt16(old.index))
        }
        vcache.guest[Int(x.index)] = d
        touch(x)
        markDirty(x, zeroAbove: zeroAbove)
    }

    /// An op wrote its result for V[d] into the slot itself (from cacheLoad(d) or cacheSlotForWrite).
    mutating func markDirty(_ x: XMM, zeroAbove: Int) {
        vcache.dirty |= 1 << UInt16(x.index)
        vcache.zeroAbove[Int(x.index)] = UInt8(zeroAbove)
    }

    /// A slot holding V[n], loaded from the state on a miss. Nil when the cache is off.
    mutating func cacheLoad(_ n: UInt8) -> (slot: XMM, zeroAbove: Int)? {
        guard vcache.active else { return nil }
        if let x = vcache.slot(of: n) { touch(x); return (x, Int(vcache.zeroAbove[Int(x.index)])) }
        let x = claimSlot(n)
        asm.movdquLoad(x, Self.v(n))
        vcache.zeroAbove[Int(x.index)] = 128
        return (x, 128)
    }

    /// V[n] into x (all 128 bits, or with `low64` the low half and zeros).
    mutating func loadVector(_ x: XMM, _ n: UInt8, low64: Bool = false) {
        if let (s, _) = cacheLoad(n) {
            if low64 { asm.movq(x, s) } else { asm.movaps(x, s) }
        } else if low64 { asm.movqLoad(x, Self.v(n)) } else { asm.movdquLoad(x, Self.v(n)) }
    }

    /// The low `size` bytes of V[n] into a general register: zero-extended for 4 and 8; for 1
    /// and 2 only the low bytes are meaningful (a store of that size).
    mutating func loadVectorBits(_ r: Reg, _ n: UInt8, size: Int) {
        if let x = cachedSlot(n) { asm.movFromXMM(r, x, is64: size == 8) } else { asm.load(r, Self.v(n), size: size) }
    }

    /// On a rare (cold) path that borrows cached xmm registers: their guest values, as `cached`
    /// (the table when the path's op ran) names them, to the state (where a dirty one's copy is
    /// stale). `reloadCachedSlots` restores the registers.
    mutating func saveCachedSlots(_ borrowed: ClosedRange<UInt8>, _ cached: SIMD16<UInt8>) {
        for i in borrowed where cached[Int(i)] < VectorRegisterCache.firstConstant {
            asm.movdquStore(Self.v(cached[Int(i)]), XMM(i))
        }
    }

    /// The end of that rare path: the borrowed registers hold their guest values again.
    mutating func reloadCachedSlots(_ borrowed: ClosedRange<UInt8>, _ cached: SIMD16<UInt8>) {
        for i in borrowed where cached[Int(i)] != VectorRegisterCache.empty {
            let g = cached[Int(i)]
            if g < VectorRegisterCache.firstConstant { asm.movdquLoad(XMM(i), Self.v(g)) } else { materializeConstant(g, into: XMM(i)) }
        }
    }

    /// A constant's slot (materialised on a miss); nil when the cache is off.
    mutating func cachedConstant(_ id: UInt8) -> XMM? {
        guard vcache.active else { return nil }
        if let x = vcache.slot(of: id) { touch(x); return x }
        let x = claimSlot(id)
        materializeConstant(id, into: x)
        return x
    }

    /// A check constant in every 64/32-bit lane, from all ones shifted (no GPR, no memory,
    /// flags untouched): the smallest normal (1 << 52, 1 << 23) or the magnitude mask.
    mutating func materializeConstant(_ id: UInt8, into x: XMM) {
        let double = id == VectorRegisterCache.smallestNormal64 || id == VectorRegisterCache.magnitudeMask64
        let lanes: OpSize = double ? .b64 : .b32
        asm.pcmpeq(x, x, lanes: lanes)
        if id == VectorRegisterCache.magnitudeMask(double: double) { asm.pshift(.shr, x, lanes: lanes, 1); return }
        asm.pshift(.shr, x, lanes: lanes, double ? 63 : 31)
        asm.pshift(.shl, x, lanes: lanes, double ? 52 : 23)
    }

    /// Makes the state's copy of V[n] current (for an op that reads it there).
    mutating func writeBack(_ n: UInt8) {
        guard let x = cachedSlot(n), vcache.isDirty(x) else { return }
        asm.movdquStore(Self.v(n), x)
        vcache.dirty &= ~(1 << UInt16(x.index))
    }
}
