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

    /// What an instruction does to NZCV, as far as the entry scan needs to know.
    enum Effect { case untouched, written, unknown }

    /// Instructions that set NZCV without reading it.
    static let writers: Set<A64Instruction> = [
        .addsImmediate, .subsImmediate, .andsImmediate, .andsShifted, .bicsShifted,
        .addsShifted, .subsShifted, .addsExtended, .subsExtended,
    ]
    /// Common instructions that neither read nor write NZCV (branches end the scan: their
    /// successors are not looked at). Anything else stops the scan with "live", the safe answer.
    static let untouched: Set<A64Instruction> = [
        .adr, .adrp, .addImmediate, .subImmediate, .andImmediate, .orrImmediate, .eorImmediate,
        .movn, .movz, .movk, .sbfm, .bfm, .ubfm, .extr, .hint,
        .ldrLiteral, .ldrswLiteral, .prfmLiteral, .stp, .ldp, .ldpsw, .stpSIMD, .ldpSIMD,
        .loadStoreUnscaled, .loadStorePostIndex, .loadStoreUnprivileged, .loadStorePreIndex,
        .loadStoreRegisterOffset, .loadStoreUnsignedOffset,
        .andShifted, .bicShifted, .orrShifted, .ornShifted, .eorShifted, .eonShifted,
        .addShifted, .subShifted, .addExtended, .subExtended,
        .madd, .msub, .smaddl, .smsubl, .umaddl, .umsubl, .smulh, .umulh,
        .udiv, .sdiv, .lslv, .lsrv, .asrv, .rorv, .rbit, .rev16, .rev32, .rev, .clz, .cls,
    ]
    /// `effects[id.rawValue]`: the two sets as a table indexed by instruction id.
    static let effects: [Effect] = A64Instruction.allCases.map {
        writers.contains($0) ? .written : untouched.contains($0) ? .untouched : .unknown
    }

    /// Decodes (without lifting) up to `window` instructions from `pc`: dead when an
    /// instruction that writes NZCV comes before anything that may read it.
    static func flagsDead(at pc: UInt64, readablePages: ClosedRange<UInt64>) -> Bool {
        guard readablePages.contains(pc >> 12), readablePages.contains((pc + 4 * UInt64(window)) >> 12) else { return false }
        return effects.withUnsafeBufferPointer { effects in
            var at = pc
            for _ in 0..<window {
                let word = UnsafePointer<UInt32>(bitPattern: UInt(at))!.pointee
                guard let id = A64Decoder.instruction(word) else { return false }
                switch effects[Int(id.rawValue)] {
                case .written: return true
                case .unknown: return false
                case .untouched: at &+= 4
                }
            }
            return false
        }
    }

    /// The same answer from a block already lifted at its entry (in the engine's FPCR mode:
    /// where FP goes out of line the helper call makes the answer "live", which is safe).
    /// The whole block is looked at, not just `window` instructions: a one-block loop whose
    /// back edge is its own entry (memcpy's eight LDP/STP before SUBS) then skips saving
    /// the flags on every iteration.
    static func flagsDead(atEntryOf b: IRBlock) -> Bool {
        for op in b.ops {
            if op.readsFlags { return false }
            if op.writesFlags { return true }
            if op.callsHelper { return false }
        }
        return false
    }
}
