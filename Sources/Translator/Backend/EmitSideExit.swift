// Side exits: a forward conditional branch inside a translation unit (IROp.sideExit). The
// taken side leaves through a chained jump; the not-taken side falls through, so the rest of
// the unit keeps its registers, cached V registers and lazily held flags.

extension X64Emitter {
    mutating func emitSideExit(_ c: BranchCondition, taken: UInt64, flagsLive: Bool) {
        // The state is architectural at the exit: the dirty V registers and the flags (when the
        // successor may read them) are stored on the exit path alone (LAHF/SETO read EFLAGS
        // after the jcc): the fall-through still holds them, dirty and unsaved, and stores them
        // only if it needs to (a chain of compare-and-branch pays no store per compare it gets
        // past; nbody's loop no store of six V registers per iteration at its `b.pl`).
        let leave: X64Cond
        var storeFlagsOnExit = false
        switch c {
        case .flags(let cond):
            loadFlags()
            storeFlagsOnExit = flagsLive && flagsDirty
            leave = Self.x86(cond) ?? .e   // al/nv are unconditional: never a side exit
        case .zero(let v, _), .nonZero(let v, _), .bitZero(let v, _), .bitSet(let v, _):
            let r = use(v)
            clobberFlags()
            leave = testRegister(r, for: c)
        }
        let stay = asm.jcc(leave.inverted)
        if storeFlagsOnExit { storeHostFlags() }
        storeDirtyVectors(except: vcache.pinned)
        link(rel32At: asm.jmpPatchable(), to: taken)
        asm.patchRel32(at: stay, target: asm.position)
    }
}
