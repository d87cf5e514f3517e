// Dead flag elimination, and the entry liveness of NZCV that lets a block skip
// computing flags its successors overwrite.

/// Most NZCV writes are overwritten before anything reads them; drop them so the
/// backend neither computes nor saves those flags.
enum DeadFlagElimination {
    static func run(_ b: inout IRBlock) {
        var live = b.flagsLiveOut
        if case .branch(.flags, _, _) = b.terminator { live = true }
        for i in b.ops.indices.reversed() {
            let op = b.ops[i]
            if op.writesFlags {
                if !live, case .binary(let o, let d, let x, let y, let is64, .set) = op {
                    b.ops[i] = .binary(o, d, x, y, is64: is64, flags: .none)
                }
                live = false
            }
            if op.readsFlags { live = true }
            if op.callsHelper { live = true }
        }
    }
}

/// Whether the flags are dead on entry to the block at `pc`: its first flag access
/// is a write. Only code on pages the caller has already read is examined.
enum FlagEntryLiveness {
    /// How many instructions from the entry are examined.
    static let window = 8

    static func flagsDead(at pc: UInt64, readablePages: ClosedRange<UInt64>) -> Bool {
        flagsDead(at: pc, readablePages: readablePages, using: Lifter(pc: pc, fpcrMode: 0))
    }

    /// The same answer from a block already lifted at its entry (in the engine's FPCR mode:
    /// where FP goes out of line the helper call makes the answer "live", which is safe).
    static func flagsDead(atEntryOf b: IRBlock) -> Bool {
        for (op, instruction) in zip(b.ops, b.opInstruction) {
            if instruction >= window { return false }
            if op.readsFlags { return false }
            if op.writesFlags { return true }
            if op.callsHelper { return false }
        }
        return false
    }

    /// The same with a scratch lifter the caller keeps: instructions are lifted one at a
    /// time and the scan stops at the first flag access (usually within two instructions).
    static func flagsDead(at pc: UInt64, readablePages: ClosedRange<UInt64>, using lifter: Lifter) -> Bool {
        guard readablePages.contains(pc >> 12), readablePages.contains((pc + 4 * UInt64(window)) >> 12) else { return false }
        lifter.begin(at: pc, fpcrMode: 0)
        var scanned = 0
        for _ in 0..<window {
            lifter.liftNextInstruction()
            while scanned < lifter.block.ops.count {     // (no local copy: it would make the next append copy)
                let op = lifter.block.ops[scanned]
                if op.readsFlags { return false }
                if op.writesFlags { return true }
                if op.callsHelper { return false }
                scanned += 1
            }
            if lifter.ended { break }
        }
        return false
    }
}
