// An address computed for the next guest memory access alone (`ldr d0, [x1, #8]` after
// pre-indexing, `strb wzr, [x20, x0]`: IR add or addScaled whose only use is that access's
// address) goes into the access's memory operand instead of a LEA into a register of its own:
// [base + index * scale + disp] is one x86 operand.

/// An address left to the next access's memory operand: the value, the operands whose
/// registers it names (kept allocated until the access has run) and the operand itself.
struct FoldedAddress {
    var value: Value
    var base: Value, index: Value?
    var memory: Mem
}

extension X64Emitter {
    /// Whether `d` = `a` + (`b` << shift) (64-bit, no flags) is only the address of the next
    /// access (a plain load or store, scalar or vector; constants between emit no code); then it
    /// is folded into it and nothing is emitted for it here. `b` may be a constant (an offset).
    mutating func foldIntoNextAccess(_ d: Value, _ a: Value, _ b: Value, shift: UInt8) -> Bool {
        var next = opIndex + 1
        while next < blockOps.count, case .const = blockOps[next] { next += 1 }   // a store's WZR
        guard next < blockOps.count, ra.lastUse[d.index] == next, constant(a) == nil else { return false }
        let disp: Int32
        switch blockOps[next] {
        case .load(_, let address, let k, _, _, _), .vecLoad(_, let address, let k, _), .vecStore(_, let address, let k, _):
            guard address == d else { return false }
            disp = k
        case .store(let v, let address, let k, _):
            guard address == d, v != d else { return false }
            disp = k
        case .const, .getReg, .setReg, .loadState, .storeState, .binary, .unary, .addScaled, .extend, .select,
             .condCompare, .storeRelease, .loadExclusive, .storeExclusive, .loadExclusivePair, .storeExclusivePair,
             .checkAlignment, .atomicRMW, .compareAndSwap, .compareAndSwapPair, .getNZCV, .setNZCV, .clearExclusive,
             .fence, .readMXCSR, .writeMXCSR, .helper, .vecToGPR, .gprToVec, .vecDup, .vecConst, .vecLogicalImmediate,
             .vecExtract, .vecShiftImmediate, .vecWiden, .vecFloatBinary, .vecDupElement, .vecShuffleBytes,
             .vecShiftNarrowHalves, .vecBinary, .fpBinary, .fpUnary, .fpFused, .fpCompare, .fpSelect,
             .fpConvertPrecision, .intToFP, .fpToInt, .vecFloatFused, .vecWideBinary, .vecNarrow, .vecReduce, .vecCrypto,
             .vecTableLookup, .vecStructures, .sideExit:
            return false
        }
        let memory: Mem, index: Value?
        if let c = constant(b) {
            guard shift == 0, let offset = Int32(exactly: Int64(bitPattern: c)), let total = Int32(exactly: Int64(offset) + Int64(disp))
            else { return false }
            memory = Mem(use(a), total); index = nil
        } else {
            // Not a materialised constant's register: that is the op's temporary.
            memory = Mem(use(a), index: use(b), scale: UInt8(1) << shift, disp: disp); index = b
        }
        ra.lastUse[a.index] = max(ra.lastUse[a.index], next)
        if let index { ra.lastUse[index.index] = max(ra.lastUse[index.index], next) }
        foldedAddress = FoldedAddress(value: d, base: a, index: index, memory: memory)
        return true
    }

    /// The folded address, for the access that uses it (its own displacement is in it already):
    /// its registers are pinned while that op allocates (a store's value, a load's result).
    mutating func foldedMemory() -> Mem {
        guard let m = foldedAddress?.memory else { preconditionFailure("no folded address") }
        ra.pin(m.base)
        if let index = m.index { ra.pin(index) }
        return m
    }

    /// After the op at `index`: the folded address's operands die if that op was their last use.
    mutating func releaseFoldedOperands(after index: Int) {
        guard let f = foldedAddress, ra.lastUse[f.value.index] <= index else { return }
        if ra.lastUse[f.base.index] <= index { ra.release(f.base) }
        if let i = f.index, ra.lastUse[i.index] <= index { ra.release(i) }
        foldedAddress = nil
    }
}
