// Side exits: a forward conditional branch inside a translation unit (IROp.sideExit). The
// taken side leaves through a chained jump; the not-taken side falls through, so the rest of
// the unit keeps its registers, cached V registers and lazily held flags.

extension X64Emitter {
    mutating func emitSideExit(_ c: BranchCondition, taken: UInt64, flagsLive: Bool) {
        // The state is architectural at the exit: the V file written back (the fall-through
        // keeps the cache) and the flags stored when the successor may read them (LAHF/SETO
        // keep EFLAGS, so the fall-through still has them).
        writeBackVectors()
        let leave: X64Cond
        switch c {
        case .flags(let cond):
            loadFlags()
            if flagsLive { saveFlags() }
            leave = Self.x86(cond) ?? .e   // al/nv are unconditional: never a side exit
        case .zero(let v, let is64), .nonZero(let v, let is64):
            let r = use(v)
            clobberFlags()
            asm.test(r, r, is64: is64)
            if case .zero = c { leave = .e } else { leave = .ne }
        case .bitZero(let v, let bit), .bitSet(let v, let bit):
            let r = use(v)
            clobberFlags()
            let isSet: Bool
            if case .bitSet = c { isSet = true } else { isSet = false }
            if bit < 31 {
                asm.test(r, imm: Int32(1) << Int32(bit), is64: false)
                leave = isSet ? .ne : .e
            } else {
                asm.bt(r, bit: bit)
                leave = isSet ? .b : .ae
            }
        }
        let stay = asm.jcc(leave.inverted)
        link(rel32At: asm.jmpPatchable(), to: taken)
        asm.patchRel32(at: stay, target: asm.position)
    }
}
