// Lowers one IR block to x86-64. Guest flags are tracked lazily: after a
// flag-setting op they live in host EFLAGS (with CF = NOT ARM C) and are written to
// the state only before something clobbers them or the block exits.

/// Addresses the emitter needs from the code cache.
struct EmitterContext {
    var exitStub: UInt
    /// The shared stub an unresolved direct exit calls (Trampolines.chainExit).
    var chainStub: UInt
    /// The same for an exit to a later guest pc (Trampolines.chainExitPastPoll).
    var chainStubPastPoll: UInt
    /// The shared stub an exit to the dispatcher calls (Trampolines.recordedExit).
    var recordedExitStub: UInt
    /// The shared lookup of the guest target in rax (Trampolines.lookupRAX).
    var lookupStub: UInt
    var jumpCacheMask: UInt64
    /// Guest pc → host address of the blocks translated so far, for direct jumps (nil: none).
    var blockMap: GuestAddressTable?
    var helpers: HelperTable
    /// Landing pad at the bottom of the return-address stack (RET without a matching call).
    var returnSentinel: UInt
    /// False: a branch to the block's own start leaves through the dispatcher (-d nochain).
    var selfLoops = true
    /// Record where each guest instruction's host code starts (for tools).
    var recordInstructionStarts = false
    /// False: direct exits never jump straight to blocks translated in this process (code
    /// saved for the persistent cache), though the block map stays in the context.
    var linksTranslatedBlocks = true

    /// An emitter's context before its first block (every address zero, no block map).
    static var unset: EmitterContext {
        EmitterContext(exitStub: 0, chainStub: 0, chainStubPastPoll: 0, recordedExitStub: 0, lookupStub: 0,
                       jumpCacheMask: 0, blockMap: nil, helpers: .shared, returnSentinel: 0)
    }
}

/// What the emitter reuses from block to block (the engine keeps one): the emitter itself,
/// whose code buffer, register allocator tables and lists keep their storage. Each block
/// resets it (`X64Emitter.start`) instead of building an emitter and tearing it down (a
/// ~500-byte struct, placeholder buffers, swaps and releases per block).
struct EmitterWorkspace {
    var emitter = X64Emitter()
    /// After `X64Emitter.emit`: the block's code, to be placed by the code cache.
    var asm: X64Assembler {
        get { emitter.asm }
        _modify { yield &emitter.asm }
    }
    /// After `X64Emitter.emit`: the block's direct exits through chaining stubs.
    var chainExits: [ChainExit] { emitter.chainExits }
    /// After `X64Emitter.emit`, when the context records instruction starts: the byte ranges
    /// of the exit records (data after a call, for tools' disassembly).
    var dataRecords: [Range<Int>] { emitter.dataRecords }

    /// The context every following block is emitted with (kept in the emitter, not copied in
    /// for each block: it is ~130 bytes and holds a reference).
    mutating func setContext(_ context: EmitterContext) { emitter.setContext(context) }
    /// The two context settings that may change from one translation to the next.
    mutating func setContext(recordInstructionStarts: Bool, linksTranslatedBlocks: Bool) {
        emitter.setContext(recordInstructionStarts: recordInstructionStarts, linksTranslatedBlocks: linksTranslatedBlocks)
    }
}

struct X64Emitter {
    // Every property has the value a block starts with; `start` puts each back (a reused
    // emitter must emit what a fresh one would: EmitterReuseTests).
    var asm = X64Assembler(capacity: 4096)
    var ra = RegisterAllocator()
    private(set) var ctx = EmitterContext.unset
    /// Guest flags currently live in host EFLAGS.
    var flagsInHost = false
    /// Host EFLAGS hold flags newer than the state's copy.
    var flagsDirty = false
    /// False when no successor reads the flags this block leaves behind.
    private(set) var flagsLiveOut = true
    private(set) var flagsLiveTaken = true, flagsLiveNotTaken = true
    private(set) var guestPC: UInt64 = 0
    /// Self-loops: guest registers held in host registers (see LoopPromotion).
    private(set) var promotion: LoopPromotion?
    /// Storage the loop plans reuse (the current plan's per-op roles live there).
    private let loopPlanScratch = LoopPlanScratch()
    /// Where a branch back to this block's own start goes.
    var loopHead = 0
    /// Index of the IR op being emitted (operand lifetimes are in these units).
    var opIndex = 0
    /// Guest instruction (offset in instructions from the block start) of the op being emitted.
    var currentInstruction: UInt16 = 0
    var faultSites: [FaultSite] = []
    /// Direct exits that go through a chaining stub: the rel32 site and its guest target (a
    /// saved block is linked from these when it is installed, PersistentCache/).
    var chainExits: [ChainExit] = []
    /// Exit records' byte ranges (only when the context records instruction starts).
    var dataRecords: [Range<Int>] = []
    /// Rare paths emitted after the block's terminator so the common path falls through.
    var coldTinyRedos: [ColdTinyRedo] = []
    var coldNaNFixups: [ColdNaNFixup] = []
    var coldCondFlags: [ColdCondFlags] = []
    /// Host offset of the first code of each guest instruction (when the context asks).
    var instructionStarts: [Int?] = []
    /// xmm0 still holds V[vreg] (bits from zeroAbove up are zero) after the op just emitted...
    var xmm0Holds: (vreg: UInt8, zeroAbove: Int)?
    /// ...which the next op may use instead of reloading its first input (store forwarding
    /// otherwise sits on every chained FP/SIMD dependency).
    var carried: (vreg: UInt8, zeroAbove: Int)?
    /// Guest V registers held in xmm5-xmm15 (EmitVectorCache.swift).
    var vcache = VectorRegisterCache()
    /// The block's ops while they are emitted (the vector cache's eviction looks ahead).
    var blockOps = UnsafeBufferPointer<IROp>(start: nil, count: 0)
    /// An address whose only use is the next access, left to that access's memory operand
    /// ([base + index * scale + disp], no LEA): the value and its operands (`AddressFolding.swift`).
    var foldedAddress: FoldedAddress?

    /// An emitter before its first block (`start` prepares it for one).
    init() {}

    /// The context the following blocks are emitted with (`start` keeps it).
    mutating func setContext(_ context: EmitterContext) { ctx = context }
    mutating func setContext(recordInstructionStarts: Bool, linksTranslatedBlocks: Bool) {
        ctx.recordInstructionStarts = recordInstructionStarts
        ctx.linksTranslatedBlocks = linksTranslatedBlocks
    }

    /// Prepares the emitter for `block`: every property but the context back to a block's
    /// starting value, the buffers and tables emptied with their storage kept. The block is borrowed.
    mutating func start(_ block: __shared IRBlock) {
        asm.reset()
        faultSites.empty(); chainExits.empty(); dataRecords.empty()
        coldTinyRedos.empty(); coldNaNFixups.empty(); coldCondFlags.empty()
        instructionStarts.empty()
        ra.reset(valueCount: Int(block.valueCount))
        let lastUse = ra.lastUse
        block.ops.withUnsafeBufferPointer { ops in
            for i in ops.indices { ops[i].forEachUse { lastUse[$0.index] = i } }
        }
        block.terminator.forEachUse { lastUse[$0.index] = block.ops.count }
        promotion = block.loopsToItsStart
            ? LoopPromotion.plan(block, lastUse: UnsafeBufferPointer(start: lastUse, count: Int(block.valueCount)),
                                 scratch: loopPlanScratch) : nil
        for p in promotion?.registers ?? [] { ra.reserve(p.host) }
        flagsInHost = false; flagsDirty = false
        flagsLiveOut = block.flagsLiveOut
        flagsLiveTaken = block.flagsLiveTaken
        flagsLiveNotTaken = block.flagsLiveNotTaken
        guestPC = block.guestPC
        loopHead = 0; opIndex = 0; currentInstruction = 0
        xmm0Holds = nil; carried = nil
        vcache = VectorRegisterCache()
        blockOps = UnsafeBufferPointer(start: nil, count: 0)
        foldedAddress = nil
    }

    static let nzcv = Mem(.r15, CPUStateLayout.nzcvHost)
    static func state(_ off: Int32) -> Mem { Mem(.r15, off) }

    /// Emits the block; nil when it needed more spill slots than exist (caller retries smaller).
    static func emit(_ block: IRBlock, context: EmitterContext)
        -> (code: X64Assembler, faults: FaultMap.Block, instructionStarts: [Int?])? {
        var workspace = EmitterWorkspace()
        guard let (faults, starts) = emit(block, context: context, workspace: &workspace) else { return nil }
        return (workspace.asm, faults, starts)
    }

    /// Emits the block with the workspace's emitter (its code in `workspace.asm`), reusing its
    /// storage; nil when it needed more spill slots than exist (caller retries smaller).
    static func emit(_ block: IRBlock, context: EmitterContext, workspace: inout EmitterWorkspace)
        -> (faults: FaultMap.Block, instructionStarts: [Int?])? {
        workspace.setContext(context)
        return emit(block, workspace: &workspace)
    }

    /// As above, with the context the workspace already holds (`EmitterWorkspace.setContext`).
    static func emit(_ block: IRBlock, workspace: inout EmitterWorkspace)
        -> (faults: FaultMap.Block, instructionStarts: [Int?])? {
        workspace.emitter.start(block)
        return workspace.emitter.emitStarted(block)
    }

    /// Emits `block`, which `start` prepared the emitter for.
    private mutating func emitStarted(_ block: __shared IRBlock) -> (faults: FaultMap.Block, instructionStarts: [Int?])? {
        let record = ctx.recordInstructionStarts
        if record { instructionStarts = Array(repeating: nil, count: Int((block.guestEnd &- block.guestPC) / 4)) }
        // Poll for asynchronous events (guest signals, a flush stopping the world) at the
        // block's start; direct exits to later guest pcs enter past it (`linkAddress`).
        let entryPoll = emitInterruptPoll()
        precondition(asm.position == Self.pollBytes, "compat-run: internal error: interrupt poll size")
        loadPromoted()
        loadPinnedVectors(block)
        // A loop with a prologue (promoted or pinned registers loaded) polls at its head instead:
        // the entry's poll becomes a jump to the prologue, which every entry then crosses
        // before the loop head's poll (one poll per entry, not two).
        var interrupted = entryPoll
        if asm.position != Self.pollBytes {
            loopHead = asm.position
            interrupted = emitInterruptPoll()
            asm.replaceWithJumpOver(0..<Self.pollBytes)
        }
        block.ops.withUnsafeBufferPointer { ops in
            blockOps = ops
            defer { blockOps = UnsafeBufferPointer(start: nil, count: 0) }
            for i in ops.indices {
                let op = ops[i]
                if promotion != nil, case .getReg(let d, let r) = op, promotion!.aliasable.contains(i) {
                    ra.reg[d.index] = promotion!.hostOf[r.index]   // read in place, no copy
                    continue
                }
                opIndex = i
                currentInstruction = i < block.opInstruction.count ? block.opInstruction[i] : 0
                if record { noteInstructionStart() }
                emit(op)
                // A constant has no operands, no register and no slot, and changes no pin or
                // temporary: nothing to finish (immediates are constant ops of their own).
                if case .const = op {} else { ra.finish(op: op, index: i) }
                releaseFoldedOperands(after: i)
            }
        }
        if record, let last = instructionStarts.indices.last, instructionStarts[last] == nil {
            instructionStarts[last] = asm.position     // a branch: its code is the terminator
        }
        flushVectorCache(keepingPinned: true)
        emitTerminator(block.terminator)
        emitColdPaths()
        emitColdCondFlags()
        asm.patchRel32(at: interrupted, target: asm.position)
        storePromoted()
        writeBackPinnedVectors(all: true)
        exit(.interrupt, pc: block.guestPC)
        if ra.outOfSlots { return nil }
        // Shares the workspace's site array: the fault map copies the sites, and the engine
        // drops this value before the next block reuses the array.
        let faults = FaultMap.Block(guestPC: block.guestPC, sites: faultSites,
                                    promoted: promotion?.registers ?? [])
        return (faults, instructionStarts)
    }

    /// Bytes of the interrupt poll every block starts with (cmp [r15 + interruptRequest], 0; jne).
    static let pollBytes = 14

    /// Where a direct exit of the block at guest `source` enters the block at guest `target`
    /// (host code `host`): past its poll when the target comes later. Every cycle of blocks has
    /// an edge to a block at or before its source, or an indirect branch (which enters at the
    /// poll), so every loop and recursion still polls; a run of forward edges ends.
    static func linkAddress(host: UInt, target: UInt64, from source: UInt64) -> UInt {
        target > source ? host + UInt(pollBytes) : host
    }

    private mutating func emitInterruptPoll() -> Rel32Site {
        asm.cmpMemImm8(Self.state(CPUStateLayout.interruptRequest), 0)
        return asm.jcc(.ne)
    }

    private mutating func noteInstructionStart() {
        let i = Int(currentInstruction)
        if i < instructionStarts.count && instructionStarts[i] == nil { instructionStarts[i] = asm.position }
    }

    // MARK: flags

    /// Writes host flags to the state if they are newer (LAHF/SETO leave EFLAGS intact).
    mutating func saveFlags() {
        guard flagsInHost && flagsDirty else { return }
        storeHostFlags()
        flagsDirty = false
    }
    /// LAHF/SETO/store of the current EFLAGS (EFLAGS themselves are unchanged).
    mutating func storeHostFlags() { asm.lahf(); asm.setcc(.o, .rax); asm.store(Self.nzcv, .rax, size: 2) }
    /// Call before emitting anything that changes EFLAGS without producing guest flags.
    mutating func clobberFlags() { saveFlags(); flagsInHost = false }
    /// Makes guest flags available in EFLAGS for a condition.
    mutating func loadFlags() {
        guard !flagsInHost else { return }
        asm.load(.rax, Self.nzcv, size: 2)
        asm.addALImm(0x7F)      // OF := (AL == 1)
        asm.sahf()              // SF ZF CF from AH
        flagsInHost = true; flagsDirty = false
    }
    /// After an op that left fresh guest flags in EFLAGS.
    mutating func producedFlags() { flagsInHost = true; flagsDirty = true }

    static func x86(_ c: Cond) -> X64Cond? {
        switch c {
        case .eq: return .e; case .ne: return .ne; case .cs: return .ae; case .cc: return .b
        case .mi: return .s; case .pl: return .ns; case .vs: return .o; case .vc: return .no
        case .hi: return .a; case .ls: return .be; case .ge: return .ge; case .lt: return .l
        case .gt: return .g; case .le: return .le; case .al, .nv: return nil
        }
    }

    // MARK: operands

    mutating func use(_ v: Value) -> Reg { ra.use(v, &asm) }
    mutating func def(_ v: Value) -> Reg { ra.def(v, &asm) }
    /// def(v) in `a`'s register when `a` dies here; otherwise a fresh one holding a copy of `x`.
    mutating func def(_ v: Value, copying a: Value, from x: Reg, is64: Bool) -> Reg {
        let (h, reused) = ra.defReusing(v, a, at: opIndex, &asm)
        if !reused { asm.mov(h, x, is64: is64) }
        return h
    }
    func constant(_ v: Value) -> UInt64? { ra.constant[v.index] }
    /// The constant as a sign-extended imm32 if it fits the operation width.
    func imm32(_ v: Value, is64: Bool) -> Int32? {
        guard let c = constant(v) else { return nil }
        if is64 { return Int32(exactly: Int64(bitPattern: c)) }
        return Int32(truncatingIfNeeded: c)
    }

    // MARK: ops

    mutating func emit(_ op: IROp) {
        carried = xmm0Holds
        xmm0Holds = nil
        // Most ops are integer ones the vector cache has no step for: one test, not its call.
        if op.needsVectorCachePreparation { prepareVectorCache(for: op) }
        switch op {
        case .const(let d, let c): ra.constant[d.index] = c
        case .getReg(let d, let r):
            let h = def(d)
            if let p = promotion?.hostOf[r.index] { asm.mov(h, p) } else { asm.load(h, Self.state(CPUStateLayout.x(r.index)), size: 8) }
        case .setReg(let r, let v):
            if let p = promotion?.hostOf[r.index] {
                if let c = constant(v) { asm.movImm(p, c) } else { let h = use(v); if h != p { asm.mov(p, h) } }
            } else {
                storeValue(v, to: Self.state(CPUStateLayout.x(r.index)), size: 8)
            }
        case .loadState(let d, let off, let size): let h = def(d); asm.load(h, Self.state(off), size: size)
        case .storeState(let off, let v, let size): storeValue(v, to: Self.state(off), size: size)
        case .binary(let op, let d, let a, let b, let is64, let flags):
            if op == .add && is64 && flags == .none && foldIntoNextAccess(d, a, b, shift: 0) { break }
            emitBinary(op, d, a, b, is64: is64, setFlags: flags == .set)
        case .unary(let op, let d, let a, let is64): emitUnary(op, d, a, is64: is64)
        case .addScaled(let d, let a, let b, let shift, let is64):
            if is64 && foldIntoNextAccess(d, a, b, shift: shift) { break }
            let x = use(a), y = use(b), h = defInPlace(d) ?? def(d)
            asm.lea(h, Mem(x, index: y, scale: UInt8(1) << shift), is64: is64)
        case .extend(let d, let v, let bits, let signed):
            let s = use(v), h = def(d); asm.extend(h, s, bits: Int(bits), signed: signed)
        case .select(let c, let d, let a, let b, let is64): emitSelect(c, d, a, b, is64: is64)
        case .condCompare(let c, let a, let b, let is64, let add, let nzcv): emitCondCompare(c, a, b, is64: is64, add: add, nzcv: nzcv)
        case .load(let d, let a, let disp, let size, let signed, let is64):
            let m = address(a, disp); let h = defInPlace(d) ?? def(d); markFaultSite(); asm.load(h, m, size: size, signed: signed, to64: is64)
        case .store(let v, let a, let disp, let size): let m = address(a, disp); storeValue(v, to: m, size: size, guestMemory: true)
        case .storeRelease(let v, let a, let size):
            let m = address(a, 0); ra.load(v, into: .rax, &asm); markFaultSite(); asm.xchg(m, .rax, size: size)
        case .loadExclusive(let d, let a, let size): emitLoadExclusive(d, a, size: size)
        case .storeExclusive(let s, let v, let a, let size): emitStoreExclusive(s, v, a, size: size)
        case .loadExclusivePair(let d, let a): emitLoadExclusivePair(d, a)
        case .storeExclusivePair(let s, let lo, let hi, let a): emitStoreExclusivePair(s, lo, hi, a)
        case .checkAlignment(let a, let disp, let size): emitCheckAlignment(a, disp: disp, size: size)
        case .atomicRMW(let op, let d, let a, let s, let size): emitAtomicRMW(op, d, a, s, size: size)
        case .compareAndSwap(let d, let a, let e, let n, let size): emitCompareAndSwap(d, a, e, n, size: size)
        case .compareAndSwapPair(let d, let a, let el, let eh, let nl, let nh): emitCompareAndSwapPair(d, a, el, eh, nl, nh)
        case .getNZCV(let d): emitGetNZCV(d)
        case .setNZCV(let v): emitSetNZCV(v)
        case .clearExclusive: clearMonitor()
        case .fence: asm.mfence()
        case .readMXCSR(let d): asm.stmxcsr(Self.state(CPUStateLayout.mxcsr)); let h = def(d); asm.load(h, Self.state(CPUStateLayout.mxcsr), size: 4)
        case .writeMXCSR(let v): storeValue(v, to: Self.state(CPUStateLayout.mxcsr), size: 4); asm.ldmxcsr(Self.state(CPUStateLayout.mxcsr))
        case .helper(let kind, let args, let result): emitHelper(kind, args: args, result: result)
        // FP/SIMD (EmitFloat.swift)
        case .vecLoad(let d, let a, let disp, let size): emitVecLoad(d, a, disp: disp, size: size)
        case .vecStore(let n, let a, let disp, let size): emitVecStore(n, a, disp: disp, size: size)
        case .vecToGPR(let d, let n, let lane, let size, let signed): emitVecToGPR(d, n, lane: lane, size: size, signed: signed)
        case .gprToVec(let d, let s, let lane, let size, let zeroRest): emitGPRToVec(d, s, lane: lane, size: size, zeroRest: zeroRest)
        case .vecDup(let d, let s, let size, let q): emitVecDup(d, s, size: size, q: q)
        case .vecConst(let d, let lo, let hi): emitVecConst(d, lo: lo, hi: hi)
        case .vecLogicalImmediate(let d, let imm, let orr, let q): emitVecLogicalImmediate(d, imm: imm, orr: orr, q: q)
        case .vecExtract(let d, let n, let m, let imm, let q): emitVecExtract(d, n, m, imm: imm, q: q)
        case .vecShiftImmediate(let kind, let d, let n, let esize, let shift, let q):
            emitVecShiftImmediate(kind, d, n, esize: esize, shift: shift, q: q)
        case .vecWiden(let d, let n, let esize, let signed, let upper, let shift):
            emitVecWiden(d, n, esize: esize, signed: signed, upper: upper, shift: shift)
        case .vecFloatBinary(let op, let d, let n, let m, let double, let q): emitVecFloatBinary(op, d, n, m, double: double, q: q)
        case .vecDupElement(let d, let n, let lane, let size, let q): emitVecDupElement(d, n, lane: lane, size: size, q: q)
        case .vecShuffleBytes(let d, let n, let lo, let hi, let q): emitVecShuffleBytes(d, n, lo: lo, hi: hi, q: q)
        case .vecShiftNarrowHalves(let d, let n, let shift): emitVecShiftNarrowHalves(d, n, shift: shift)
        case .vecBinary(let op, let d, let n, let m, let esize, let q): emitVecBinary(op, d, n, m, esize: esize, q: q)
        case .fpBinary(let op, let d, let n, let m, let double): emitFPBinary(op, d, n, m, double: double)
        case .fpUnary(let op, let d, let n, let double): emitFPUnary(op, d, n, double: double)
        case .fpFused(let d, let n, let m, let a, let double, let negProduct, let negAddend):
            emitFPFused(d, n, m, a, double: double, negProduct: negProduct, negAddend: negAddend)
        case .fpCompare(let n, let m, let double, let signaling): emitFPCompare(n, m, double: double, signaling: signaling)
        case .fpSelect(let c, let d, let n, let m, let double): emitFPSelect(c, d, n, m, double: double)
        case .fpConvertPrecision(let d, let n, let toDouble): emitFPConvertPrecision(d, n, toDouble: toDouble)
        case .intToFP(let d, let s, let double, let srcIs64, let signed):
            if signed { emitIntToFP(d, s, double: double, srcIs64: srcIs64) } else { emitUnsignedIntToFP(d, s, double: double, srcIs64: srcIs64) }
        case .fpToInt(let d, let n, let double, let dstIs64, let signed):
            if signed { emitFPToSignedInt(d, n, double: double, is64: dstIs64) } else { emitFPToUnsignedInt(d, n, double: double, is64: dstIs64) }
        case .vecFloatFused(let d, let n, let m, let double, let q, let negProduct):
            emitVecFloatFused(d, n, m, double: double, q: q, negProduct: negProduct)
        case .vecWideBinary(let op, let d, let n, let m, let esize, let signed, let upper):
            emitVecWideBinary(op, d, n, m, esize: esize, signed: signed, upper: upper)
        case .vecNarrow(let d, let n, let esize, let shift, let upper): emitVecNarrow(d, n, esize: esize, shift: shift, upper: upper)
        case .vecReduce(let op, let d, let n, let esize, let q): emitVecReduce(op, d, n, esize: esize, q: q)
        case .vecCrypto(let op, let d, let n, let m): emitVecCrypto(op, d, n, m)
        case .vecTableLookup(let d, let first, let count, let m, let q, let keep):
            emitVecTableLookup(d, first: first, count: count, m, q: q, keep: keep)
        case .vecStructures(let first, let count, let a, let esize, let q, let load):
            emitVecStructures(first: first, count: count, a, esize: esize, q: q, load: load)
        case .sideExit(let c, let taken, let live): emitSideExit(c, taken: taken, flagsLive: live)
        }
    }

    /// Stores a value (or an immediate) to memory without touching flags.
    mutating func storeValue(_ v: Value, to m: Mem, size: Int, guestMemory: Bool = false) {
        if size >= 4, let i = imm32(v, is64: size == 8) {
            if guestMemory { markFaultSite() }
            asm.storeImm32(m, i, is64: size == 8)
        } else if size < 4, let c = constant(v) {   // STRB/STRH of a constant (WZR): no register
            if guestMemory { markFaultSite() }
            if size == 1 { asm.storeImm8(m, UInt8(truncatingIfNeeded: c)) } else { asm.storeImm16(m, UInt16(truncatingIfNeeded: c)) }
        } else {
            let r = use(v)
            if guestMemory { markFaultSite() }
            asm.store(m, r, size: size)
        }
    }

    /// The next host instruction accesses guest memory: remember its guest instruction
    /// and whether the guest flags are only in EFLAGS, for precise guest faults.
    mutating func markFaultSite() {
        faultSites.append(FaultSite(hostOffset: UInt32(asm.position), instruction: currentInstruction,
                                    flagsInEFLAGS: flagsInHost && flagsDirty,
                                    vectors: vcache.dirty == 0 ? VectorSlotMap() : dirtyVectorSlots()))
    }

    /// [addr + disp] for a guest memory access.
    mutating func address(_ a: Value, _ disp: Int32) -> Mem {
        if let f = foldedAddress, f.value == a { return foldedMemory() }   // its displacement included
        return Mem(use(a), disp)
    }

    mutating func clearMonitor() { asm.storeImm32(Self.state(CPUStateLayout.exclusiveAddr), -1, is64: true) }
}
