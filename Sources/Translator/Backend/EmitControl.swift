// Exclusive accesses, helper calls and block terminators (chained exits,
// jump-cache lookups for indirect branches, exits to the dispatcher).

extension X64Emitter {
    mutating func emitLoadExclusive(_ d: Value, _ a: Value, size: Int) {
        let addr = use(a)
        let h = def(d)
        markFaultSite()
        asm.load(h, Mem(addr, 0), size: size)
        asm.store(Self.state(CPUStateLayout.exclusiveAddr), addr, size: 8)
        asm.store(Self.state(CPUStateLayout.exclusiveValue), h, size: 8)
    }

    /// STXR as compare-and-swap against the value LDXR saw (the ABA window is accepted,
    /// as in QEMU and FEX).
    mutating func emitStoreExclusive(_ s: Value, _ v: Value, _ a: Value, size: Int) {
        let value = use(v), addr = use(a)
        clobberFlags()
        let status = def(s)
        asm.movImm(status, 1)
        asm.alu(.cmp, addr, Self.state(CPUStateLayout.exclusiveAddr), is64: true)
        let fail = asm.jcc(.ne)
        asm.load(.rax, Self.state(CPUStateLayout.exclusiveValue), size: 8)
        markFaultSite()
        asm.lockCmpxchg(Mem(addr, 0), value, size: size)
        let fail2 = asm.jcc(.ne)
        asm.movImm(status, 0)
        asm.patchRel32(at: fail, target: asm.position)
        asm.patchRel32(at: fail2, target: asm.position)
        clearMonitor()
    }

    mutating func emitLoadExclusivePair(_ d: Value, _ a: Value) {
        let addr = use(a)
        let h = def(d)
        markFaultSite()
        asm.load(h, Mem(addr, 0), size: 8)
        markFaultSite()
        asm.load(.rax, Mem(addr, 8), size: 8)
        asm.store(Self.state(CPUStateLayout.exclusiveAddr), addr, size: 8)
        asm.store(Self.state(CPUStateLayout.exclusiveValue), h, size: 8)
        asm.store(Self.state(CPUStateLayout.exclusiveValueHi), .rax, size: 8)
    }

    /// STXP via lock cmpxchg16b, which needs rbx (an allocatable register): the operands
    /// travel through the state's scratch area while rbx and rsi are saved on the stack.
    mutating func emitStoreExclusivePair(_ s: Value, _ lo: Value, _ hi: Value, _ a: Value) {
        let rlo = use(lo), rhi = use(hi), addr = use(a)
        clobberFlags()
        let scratch = CPUStateLayout.vScratch
        asm.store(Self.state(scratch), rlo, size: 8)
        asm.store(Self.state(scratch + 8), rhi, size: 8)
        asm.store(Self.state(scratch + 16), addr, size: 8)
        let status = def(s)
        asm.movImm(status, 1)
        asm.alu(.cmp, addr, Self.state(CPUStateLayout.exclusiveAddr), is64: true)
        let fail = asm.jcc(.ne)
        asm.push(.rbx); asm.push(.rsi)
        asm.load(.rsi, Self.state(scratch + 16), size: 8)
        asm.load(.rbx, Self.state(scratch), size: 8)
        asm.load(.rcx, Self.state(scratch + 8), size: 8)
        asm.load(.rax, Self.state(CPUStateLayout.exclusiveValue), size: 8)
        asm.load(.rdx, Self.state(CPUStateLayout.exclusiveValueHi), size: 8)
        markFaultSite()
        asm.lockCmpxchg16b(Mem(.rsi, 0))
        asm.pop(.rsi); asm.pop(.rbx)
        let fail2 = asm.jcc(.ne)
        asm.movImm(status, 0)
        asm.patchRel32(at: fail, target: asm.position)
        asm.patchRel32(at: fail2, target: asm.position)
        clearMonitor()
    }

    /// Calls a Swift helper: rdi = state, then the helper's own arguments.
    mutating func emitHelper(_ kind: HelperKind, args: HelperArgs, result: Value?) {
        saveFlags()
        ra.evictCallerSaved(&asm)
        var argRegs: [Reg] = [.rsi, .rdx, .rcx]
        let fn: HelperTable.Slot
        switch kind {
        case .semantic(let operation):
            let (i0, i1) = operation.packed
            fn = .semantic; asm.movImm(.rsi, i0); asm.movImm(.rdx, i1); argRegs = []
        case .readNZCV: fn = .readNZCV
        case .readCounter: fn = .readCounter
        case .writeNZCV: fn = .writeNZCV
        case .dcZVA: fn = .dcZVA
        case .crc32(let kind): fn = .crc32; asm.movImm(.rsi, kind.packed); argRegs = [.rdx, .rcx]
        }
        for (v, r) in zip(args.values, argRegs) { ra.load(v, into: r, &asm) }
        // The guest's MXCSR waits in the state across an out-of-line helper: the helper's own
        // host FP must not reach the guest's sticky flags (it reports exact ARM flags in FPSR,
        // and cpu.fpsr sees the pending ones there).
        let keepMXCSR: Bool
        if case .semantic = kind { keepMXCSR = true } else { keepMXCSR = false }
        if keepMXCSR { asm.stmxcsr(Self.state(CPUStateLayout.mxcsr)) }
        asm.mov(.rdi, .r15)
        // The return-address stack leaves rsp at any multiple of 8: align for the C ABI.
        asm.mov(.rax, .rsp)
        asm.alu(.and, .rsp, imm: -16, is64: true)
        asm.push(.rax); asm.push(.rax)
        asm.callM(Self.state(CPUStateLayout.helper(fn.rawValue)))   // no host address in the code
        asm.load(.rsp, Mem(.rsp, 8), size: 8)
        if keepMXCSR { asm.ldmxcsr(Self.state(CPUStateLayout.mxcsr)) }
        flagsInHost = false; flagsDirty = false
        if let r = result { let h = def(r); asm.mov(h, .rax) }
    }

    // MARK: terminators

    /// TEST or BT of `r` for a CBZ/CBNZ/TBZ/TBNZ condition: the x86 condition under which the
    /// branch is taken. (A flags condition has no register to test.)
    mutating func testRegister(_ r: Reg, for cond: BranchCondition) -> X64Cond {
        switch cond {
        case .zero(_, let is64), .nonZero(_, let is64):
            asm.test(r, r, is64: is64)
            if case .zero = cond { return .e } else { return .ne }
        case .bitZero(_, let bit), .bitSet(_, let bit):
            let isSet: Bool
            if case .bitSet = cond { isSet = true } else { isSet = false }
            if bit < 31 {
                asm.test(r, imm: Int32(1) << Int32(bit), is64: false)
                return isSet ? .ne : .e
            }
            asm.bt(r, bit: bit)
            return isSet ? .b : .ae
        case .flags:
            preconditionFailure("a flags condition tests no register")
        }
    }

    mutating func emitTerminator(_ t: Terminator) {
        switch t {
        case .jump(let target):
            if flagsLiveOut { saveFlags() }
            link(rel32At: jmpSite(to: target), to: target)
        case .branch(let cond, let taken, let notTaken):
            let jumpIfTaken: X64Cond
            switch cond {
            case .flags(let c):
                // Fresh flags only one edge needs are saved on that edge alone (loops whose
                // back edge overwrites the flags skip the save on every iteration).
                loadFlags()
                jumpIfTaken = Self.x86(c) ?? .e   // al/nv never reach here
                if flagsDirty && flagsLiveTaken != flagsLiveNotTaken {
                    // The edge without the save branches straight to its target (a loop's back
                    // edge is one jump to the loop head); the other saves, then jumps.
                    let (bare, saving) = flagsLiveTaken ? (notTaken, taken) : (taken, notTaken)
                    let toBare = jccSite(flagsLiveTaken ? jumpIfTaken.inverted : jumpIfTaken, to: bare)
                    storeHostFlags()
                    let toSaving = asm.jmpPatchable()
                    link(rel32At: toBare, to: bare)
                    link(rel32At: toSaving, to: saving)
                    return
                }
                if flagsLiveOut { saveFlags() }
            case .zero(let v, _), .nonZero(let v, _), .bitZero(let v, _), .bitSet(let v, _):
                let r = use(v); if flagsLiveOut { saveFlags() }
                jumpIfTaken = testRegister(r, for: cond)
            }
            let toTaken = jccSite(jumpIfTaken, to: taken)
            let toNotTaken = jmpSite(to: notTaken)
            link(rel32At: toTaken, to: taken)
            link(rel32At: toNotTaken, to: notTaken)
        case .indirect(let v):
            let r = use(v)
            saveFlags()
            asm.store(Self.state(CPUStateLayout.pc), r, size: 8)
            emitJumpCacheLookup(r)
        case .call(let target, let returnTo):
            if flagsLiveOut { saveFlags() }
            emitCall(to: target, returnTo: returnTo)
        case .callIndirect(let v, let returnTo):
            let r = use(v)
            saveFlags()
            emitIndirectCall(r, returnTo: returnTo)
        case .ret(let v):
            let r = use(v)
            saveFlags()
            emitReturn(r)
        case .exit(let code, let pc):
            saveFlags()
            exit(code, pc: pc)
        }
    }

    /// Sets pc and returns to the dispatcher with `code` (through the shared stub: 14 bytes).
    mutating func exit(_ code: ExitCode, pc: UInt64) {
        asm.call(absolute: ctx.recordedExitStub)
        let record = asm.position
        asm.exitRecord(pc: pc, code: UInt8(code.rawValue))
        if ctx.recordInstructionStarts { dataRecords.append(record..<asm.position) }
    }

    /// A terminator's jump to `target`: patchable (its rel32 aligned for chaining) unless it is the
    /// branch back to the block's own loop head, linked once here, so a loop's back edge runs no
    /// alignment NOP.
    private mutating func jccSite(_ c: X64Cond, to target: UInt64) -> Rel32Site {
        target == guestPC && ctx.selfLoops ? asm.jcc(c) : asm.jccPatchable(c)
    }
    private mutating func jmpSite(to target: UInt64) -> Rel32Site {
        target == guestPC && ctx.selfLoops ? asm.jmp() : asm.jmpPatchable()
    }

    /// Points a direct jump/branch (its rel32 field) at the target's host code: this block's
    /// own start, an existing translation, or else a call to the shared chain stub followed
    /// by this exit's record, so the dispatcher translates the target and patches this rel32
    /// (block chaining).
    mutating func link(rel32At at: Rel32Site, to target: UInt64) {
        if target == guestPC && ctx.selfLoops { asm.patchRel32(at: at, target: loopHead); return }
        if promotion != nil || vcache.pinned != 0 {  // leaving a promoted loop: write its registers back first
            asm.patchRel32(at: at, target: asm.position)
            storePromoted()
            writeBackPinnedVectors()
            return linkDirect(rel32At: asm.jmpPatchable(), to: target)
        }
        linkDirect(rel32At: at, to: target)
    }

    private mutating func linkDirect(rel32At at: Rel32Site, to target: UInt64) {
        if ctx.linksTranslatedBlocks, let host = ctx.blockMap?[target] {
            asm.setAbsolute(rel32At: at, target: Self.linkAddress(host: UInt(host), target: target, from: guestPC))
            return
        }
        chainExits.append(ChainExit(site: UInt32(at.offset), target: target))
        asm.patchRel32(at: at, target: asm.position)
        // 17 bytes with the record, not ~41 of stub code; the stub tells the dispatcher
        // whether the link may skip the target's poll.
        asm.call(absolute: target > guestPC ? ctx.chainStubPastPoll : ctx.chainStub)
        let record = asm.position
        asm.chainRecord(target: target, site: at)
        if ctx.recordInstructionStarts { dataRecords.append(record..<asm.position) }
    }

    /// Direct-mapped jump cache lookup of `target` (pc already stored); a miss exits.
    mutating func emitJumpCacheLookup(_ target: Reg) {
        let exitStub = ctx.exitStub
        JumpCache.emitLookup(&asm, target: target, mask: ctx.jumpCacheMask) { a in
            a.movImm(.rax, UInt64(ExitCode.lookup.rawValue))
            a.jmp(absolute: exitStub)
        }
    }
}
