// The dispatcher: finds or translates the block for the guest pc, enters generated
// code and handles its exits. Chained blocks run without coming back here; only
// events the OS personality must see (syscalls, faults) leave `run`.

/// Why the guest stopped running translated code.
public enum GuestExit: Sendable, Equatable {
    case syscall
    /// Undecodable or unimplemented instruction `word` at cpu.pc.
    case undefinedInstruction(UInt32)
    case breakpoint
    /// The state's interruptRequest word was set (asynchronous event); cpu.pc is exact.
    case interrupted
    /// A guest memory access faulted: cpu.pc and registers are those of the faulting
    /// instruction; `code` is the host's si_code (same values on arm64).
    case fault(signal: Int32, code: Int32, address: UInt64)
    /// A fault in generated code that is not a guest memory access (a translator bug).
    case hostFault(signal: Int32)
    /// Guest code cannot be fetched at cpu.pc (a branch to unmapped, non-executable or
    /// misaligned memory); nothing at that pc ran.
    case fetchFault(FetchFault)
}

/// Why an instruction fetch failed.
public enum FetchFault: Error, Sendable, Equatable {
    case unmapped, notExecutable, misaligned
}

/// The embedder's answer to "may guest code run at this address?".
public enum CodeAccess: Sendable, Equatable {
    /// Yes, up to (not including) `end`.
    case executable(end: UInt64)
    case unmapped, notExecutable
}

public struct TranslationStats: Sendable {
    public var blocks = 0
    public var guestInstructions = 0
    public var hostBytes = 0
    public var nanoseconds: UInt64 = 0
    public var flushes = 0
    /// Blocks retired because the guest code they came from was unmapped or changed.
    public var invalidatedBlocks = 0
    // MARK: dispatcher events (counted under the engine lock; generated code is unchanged)
    /// Direct exits patched to jump block to block (chaining).
    public var chainPatches = 0
    /// Indirect branches (BR/BLR/RET landing misses) that missed the jump cache and came back
    /// to the dispatcher.
    public var jumpCacheMisses = 0
    /// Guest threads whose CPU state was attached (the first thread included).
    public var threadsAttached = 0
    /// Blocks installed from the persistent translation cache instead of being translated,
    /// their guest instructions and the time spent installing them (PersistentCache/).
    public var blocksLoaded = 0
    public var loadedGuestInstructions = 0
    public var loadNanoseconds: UInt64 = 0
    /// Full flushes by cause (they add up to `flushes`).
    public var flushesCacheFull = 0, flushesFPCRMode = 0, flushesInvalidation = 0
}

/// One per process, shared by every guest thread (see docs/ARCHITECTURE.md, "Threads").
/// The code cache, the block map and the translator run under one lock; each thread has
/// its own CPU state and jump cache. Generated code runs outside the lock. A flush (cache
/// full, FPCR mode change, invalidation) stops the world: it asks every thread that is
/// in generated code to leave at its next interrupt poll (a backward or indirect branch's
/// block entry) and waits until none is.
public final class Engine: @unchecked Sendable {
    let cache: CodeCache
    let maxBlockInstructions: Int
    let lock = HostMutex()
    private var statsStorage = TranslationStats()
    public var stats: TranslationStats { lock.withLock { statsStorage } }
    /// The code cache's System V segment (--perf-map), which the guest must not attach or
    /// control by its id; nil for a memfd. Safe to read without the lock (CodeCache).
    public var codeSegment: Int32? { cache.systemVSegment }
    // MARK: observers (tools: -d, --perf-map, inspect); set before any guest code runs
    /// Called under the engine lock for every block translated.
    public var onTranslate: ((TranslatedBlock) -> Void)?
    /// Called (outside the lock) with the guest pc of every block the dispatcher enters.
    /// Only useful with `chaining` off, when every block returns to the dispatcher.
    public var onExecute: ((UInt64) -> Void)?
    /// False: blocks are never linked to each other (no chain patches, no jump-cache fills,
    /// no direct jumps at emission, no self-loops), so every block starts from the dispatcher.
    public var chaining = true
    /// Which guest memory holds code (the OS personality's mappings); nil: all of it. Called
    /// under the engine lock, so it must not wait for anything that waits for the engine.
    public var codeAccess: (@Sendable (UInt64) -> CodeAccess)?
    /// The debugger's breakpoints and stepping (DebugHooks.swift); nil: no checks at all.
    /// Set before any guest code runs, with `chaining` off.
    public var debugHooks: DebugHooks?
    /// Saved translations of file-backed code (PersistentCache/); nil: every block is translated.
    /// Set before any guest code runs; unused with debug hooks, observers or chaining off.
    public var persistentCache: PersistentCache?
    private typealias EnterFunction = @convention(c) (UnsafeMutableRawPointer, UInt) -> UInt32
    private let enter: EnterFunction
    /// CPU states of the live guest threads (their raw blocks), for flushes.
    private var threads: [UnsafeMutableRawPointer] = []
    /// Incremented by every flush: a chain site recorded before a flush is stale.
    private var generation: UInt64 = 0

    /// `codeMemory`: what backs the code cache (.systemV so perf reads /tmp/perf-PID.map).
    public init(maxBlockInstructions: Int = 64, codeMemory: CodeMemoryKind = .memfd) {
        cache = CodeCache(memory: codeMemory)
        self.maxBlockInstructions = maxBlockInstructions
        enter = unsafeBitCast(cache.enterAddress, to: EnterFunction.self)
        cr_set_guest_code_range(UInt(bitPattern: cache.base), UInt(bitPattern: cache.base) + UInt(cache.capacity),
                                cache.faultStub, Int(CPUStateLayout.faultArea), Int(CPUStateLayout.faultVectors))
    }

    // MARK: threads

    /// Gives `cpu` its jump cache and makes flushes wait for it. `run` attaches a CPU
    /// on first use; the embedder attaches a new thread's CPU before starting it.
    public func attach(_ cpu: CPUState) {
        lock.withLock { attachLocked(cpu) }
    }

    private func attachLocked(_ cpu: CPUState) {
        guard jumpCache(cpu) == nil else { return }
        statsStorage.threadsAttached += 1
        HelperTable.shared.fill(cpu.raw)
        let table = CodeCache.makeJumpCache(inHugePage: statsStorage.threadsAttached == 1)
        cpu.raw.storeBytes(of: UInt64(UInt(bitPattern: table)), toByteOffset: Int(CPUStateLayout.jumpCacheTable), as: UInt64.self)
        threads.append(cpu.raw)
    }

    /// The thread of `cpu` has ended: forget it and release its jump cache.
    public func detach(_ cpu: CPUState) {
        lock.withLock {
            threads.removeAll { $0 == cpu.raw }
            if let table = jumpCache(cpu) { CodeCache.releaseJumpCache(table) }
            debugHooks?.forget(cpu)
            cpu.raw.storeBytes(of: UInt64(0), toByteOffset: Int(CPUStateLayout.jumpCacheTable), as: UInt64.self)
        }
    }

    /// Forks the host process with `hostFork` while no thread translates or patches (the
    /// child must not inherit the lock held, nor a half-written block). In the child only
    /// the calling thread exists. Parent and child go on at once: the code memory stays
    /// shared until one of them writes to it (CodeSharing.swift). Returns fork's result.
    public func fork(keeping cpu: CPUState, _ hostFork: () -> Int32) -> Int32 {
        lock.withLock {
            warmUpTranslator()
            let watch = cache.sharing.prepareFork()
            let pid = hostFork()
            if pid == 0 {
                threads = threads.filter { $0 == cpu.raw }
                cache.sharing.forkedChild(watch)
                debugHooks?.forkedChild()
                persistentCache?.forkedChild()
            } else {
                // A failed fork leaves no child: the pipe's read end sees end-of-file at once.
                cache.sharing.forkedParent(watch)
            }
            return pid
        }
    }

    /// Hides the descriptors the engine opens for itself (fork's pipes) from the guest: the
    /// embedder's rule, and how to give one back before the engine closes it.
    public func setOwnDescriptorRules(adopt: @escaping (Int32) -> Int32, release: @escaping (Int32) -> Void) {
        lock.withLock {
            cache.sharing.adopt = adopt
            cache.sharing.release = release
        }
    }

    private func jumpCache(_ cpu: CPUState) -> UnsafeMutablePointer<UInt64>? {
        let p = cpu.raw.load(fromByteOffset: Int(CPUStateLayout.jumpCacheTable), as: UInt64.self)
        return UnsafeMutablePointer(bitPattern: UInt(p))
    }

    private func inGeneratedCodeWord(_ raw: UnsafeMutableRawPointer) -> UnsafeMutablePointer<UInt32> {
        (raw + Int(CPUStateLayout.inGeneratedCode)).assumingMemoryBound(to: UInt32.self)
    }

    /// Called with the lock held: returns once no thread runs generated code. Threads
    /// cannot re-enter meanwhile (entering needs the lock).
    private func stopTheWorld() {
        for raw in threads where cr_atomic_load32(inGeneratedCodeWord(raw)) != 0 {
            cr_atomic_store32((raw + Int(CPUStateLayout.interruptRequest)).assumingMemoryBound(to: UInt32.self), 1)
        }
        var spins = 0
        while threads.contains(where: { cr_atomic_load32(inGeneratedCodeWord($0)) != 0 }) {
            spins += 1
            if spins > 64 { sched_yield() }
        }
    }

    /// Drops every translation; the lock is held.
    func flushLocked(_ cause: FlushCause) {
        stopTheWorld()
        cache.flush()
        flagEntries.removeAll()
        for raw in threads {
            if let table = jumpCache(CPUState(raw: raw)) { CodeCache.clearJumpCache(table) }
        }
        generation &+= 1
        persistentCache?.codeCacheFlushed()
        statsStorage.flushes += 1
        switch cause {
        case .cacheFull: statsStorage.flushesCacheFull += 1
        case .fpcrMode: statsStorage.flushesFPCRMode += 1
        case .invalidation: statsStorage.flushesInvalidation += 1
        }
    }

    // MARK: running

    /// Rebuilds the guest state of a faulting guest memory access from the fault area.
    private func resolveFault(_ cpu: CPUState) -> GuestExit {
        let word = { (i: Int32) in cpu.raw.load(fromByteOffset: Int(CPUStateLayout.faultWord(i)), as: UInt64.self) }
        let signalAndCode = word(CR_FAULT_SIGNAL_CODE)
        let signal = Int32(truncatingIfNeeded: signalAndCode), code = Int32(truncatingIfNeeded: signalAndCode >> 32)
        let found = lock.withLock { cache.faults.lookup(hostPC: UInt(word(CR_FAULT_HOST_PC))) }
        guard let (block, site) = found else { return .hostFault(signal: signal) }
        cpu.pc = block.guestPC &+ 4 * UInt64(site.instruction)
        for p in block.promoted {
            if let i = LoopPromotion.hostRegisters.firstIndex(of: p.host) {
                cpu.setX(Int(p.guest), word(CR_FAULT_PROMOTED + Int32(i)))
            }
        }
        if site.flagsInEFLAGS { cpu.nzcv = HostFlags.fromEFLAGS(word(CR_FAULT_EFLAGS)) }
        site.vectors.forEach { xmm, guest in   // V registers the vector register cache held newer
            let at = Int(CPUStateLayout.faultVectors) + (xmm - Int(CR_FAULT_FIRST_XMM)) * 16
            cpu.setV(guest, lo: cpu.raw.load(fromByteOffset: at, as: UInt64.self),
                     hi: cpu.raw.load(fromByteOffset: at + 8, as: UInt64.self))
        }
        return .fault(signal: signal, code: code, address: word(CR_FAULT_ADDRESS))
    }

    /// Runs guest code from cpu.pc until an exit the OS personality must handle.
    /// Any number of threads may call this at once, each with its own CPU state.
    public func run(_ cpu: CPUState) -> GuestExit {
        let exit = runTranslated(cpu)
        if let hooks = debugHooks { debugReport(exit, cpu, hooks) }
        return exit
    }

    private func runTranslated(_ cpu: CPUState) -> GuestExit {
        let running = inGeneratedCodeWord(cpu.raw)
        lock.lock()
        attachLocked(cpu)
        syncFPCRMode(cpu)
        var entered = generation
        // What the last exit asks of the next lookup: a chain site to point at it (past the
        // target's poll when the exit goes forward), or a jump-cache entry to fill.
        var chainSite: UInt?
        var chainPastPoll = false
        var fillJumpCache = false
        while true {
            // The lock is held here: find (or translate) the code at cpu.pc.
            if let hooks = debugHooks { debugCheck(cpu, hooks) }
            let target: UInt
            switch hostCodeOrFault(for: cpu.pc) {
            case .success(let t): target = t
            case .failure(let f): lock.unlock(); return .fetchFault(f)
            }
            // A flush since this thread entered freed the site's block: nothing to patch.
            if let site = chainSite, generation == entered && chaining,
               cache.patchChain(site: site, to: chainPastPoll ? target + UInt(X64Emitter.pollBytes) : target) {
                statsStorage.chainPatches += 1
            }
            if fillJumpCache {
                statsStorage.jumpCacheMisses += 1
                if chaining, let table = jumpCache(cpu) { cache.setJumpCache(table, cpu.pc, target) }
            }
            chainSite = nil
            fillJumpCache = false
            entered = generation
            cr_atomic_store32(running, 1)
            lock.unlock()
            if let observe = onExecute { observe(cpu.pc) }
            let code = ExitCode(rawValue: enter(cpu.raw, target))
            cr_atomic_store_rel32(running, 0)
            switch code {
            case .chain, .chainPastPoll:
                chainSite = UInt(cpu.raw.load(fromByteOffset: Int(CPUStateLayout.chainSite), as: UInt64.self))
                chainPastPoll = code == .chainPastPoll
                lock.lock()
            case .lookup:
                lock.lock()
                syncFPCRMode(cpu)
                fillJumpCache = true
            case .syscall: return .syscall
            case .undefined:
                let word = UnsafePointer<UInt32>(bitPattern: UInt(cpu.pc))?.pointee ?? 0
                return .undefinedInstruction(word)
            case .breakpoint: return .breakpoint
            case .interrupt: return .interrupted
            case .fault: return resolveFault(cpu)
            case .invalidateCode:
                // ARM's rule for modified code: the writer cleans it to the point of unification
                // and invalidates the instruction cache by address; the translations of that
                // line's page go. (CTR_EL0 does not claim DIC, so programs always do this.)
                let address = cpu.raw.load(fromByteOffset: Int(CPUStateLayout.exitInfo), as: UInt64.self)
                invalidate(start: address & ~63, length: 64)
                lock.lock()
            case nil: fatalError("compat-run: internal error: bad exit code from generated code")
            }
        }
    }

    /// FPCR mode the cached translations assume.
    private var fpcrMode: UInt32 = 0
    var fpcrModeForCache: UInt32 { fpcrMode }

    func noteInstalled(blocks: Int, instructions: Int) {
        statsStorage.blocksLoaded += blocks
        statsStorage.loadedGuestInstructions += instructions
    }

    func noteLoaded(instructions: Int, nanoseconds: UInt64, block: Bool) {
        if block { statsStorage.blocksLoaded += 1 }
        statsStorage.loadedGuestInstructions += instructions
        statsStorage.loadNanoseconds += nanoseconds
    }

    /// Translations depend on FPCR's mode bits; a change invalidates them all (rare:
    /// fesetround, or a program asking for default-NaN/flush-to-zero). Lock held.
    private func syncFPCRMode(_ cpu: CPUState) {
        let mode = cpu.fpcr & Lifter.fpcrModeMask
        if mode != fpcrMode { fpcrMode = mode; flushLocked(.fpcrMode) }
    }

    /// Host address of the translation of `pc`, translating it if needed, or why guest
    /// code cannot run there. Lock held.
    func hostCodeOrFault(for pc: UInt64) -> Result<UInt, FetchFault> {
        if let h = cache.host(at: pc) { return .success(h) }
        if pc & 3 != 0 { return .failure(.misaligned) }
        var limit = debugHooks?.blockLimit(at: pc, maximum: maxBlockInstructions) ?? maxBlockInstructions
        if let access = codeAccess?(pc) {
            switch access {
            case .executable(let end): limit = min(limit, Int(min((end &- pc) / 4, UInt64(Int.max))))
            case .unmapped: return .failure(.unmapped)
            case .notExecutable: return .failure(.notExecutable)
            }
        }
        let unit = persistentUnit(containing: pc)
        if let u = unit, let host = installSaved(pc, from: u) { return .success(host) }
        return .success(translate(pc, limit: max(1, limit), unit: unit))
    }

    /// Translates the block at `pc` (if not yet translated) without running it: for tools
    /// (`compat-run inspect`). `onTranslate` sees it as usual.
    public func translate(at pc: UInt64) -> Result<UInt, FetchFault> {
        lock.withLock { hostCodeOrFault(for: pc) }
    }

    /// As hostCodeOrFault, for callers that know the code is there.
    func hostCode(for pc: UInt64) -> UInt {
        if let h = cache.host(at: pc) { return h }
        return translate(pc, limit: maxBlockInstructions)
    }

    private func translate(_ pc: UInt64, limit maxInstructions: Int, unit: PersistentCache.Unit? = nil) -> UInt {
        let start = monotonicNanoseconds()
        cache.blocks.prefetch(pc)   // registered at the end
        var limit = maxInstructions
        // Saved code may not jump to this process's blocks.
        prepareEmitterContext(linksTranslatedBlocks: unit == nil)
        while true {
            // The lifter's block and the emitter's buffers are reused from block to block.
            lifter.translatedStarts = chaining ? cache.blocks : nil
            lifter.liftBlock(at: pc, maxInstructions: limit, fpcrMode: fpcrMode)
            // The block is held here while it is used and given back at the end: passing the
            // lifter's property to each call copied it (a retain and release of its arrays).
            var block = IRBlock(guestPC: pc)
            swap(&block, &lifter.block)
            defer { swap(&block, &lifter.block) }
            // This block's own entry liveness comes free: predecessors translated later need no scan.
            // It also corrects a predecessor's windowed scan ("live"), e.g. for its own back edge.
            if flagEntries.lookup(pc) != true { flagEntries.record(pc, dead: FlagEntryLiveness.flagsDead(atEntryOf: block)) }
            setFlagLiveness(&block)
            prefetchSuccessors(block.terminator)
            let lifted: IRBlock? = onTranslate == nil ? nil : block   // a copy, for the observer
            Optimizer.optimize(&block)
            guard let (faults, starts) = X64Emitter.emit(block, workspace: &emitterWorkspace) else {
                limit = max(1, limit / 2); continue     // ran out of spill slots: smaller block
            }
            guard let host = cache.install(&emitterWorkspace.asm) else {
                flushLocked(.cacheFull); continue
            }
            let guestEnd = block.guestEnd, codeSize = emitterWorkspace.asm.position
            cache.register(guestPC: pc, guestEnd: guestEnd, host: host)
            cache.faults.add(faults, at: host)
            if let u = unit, u.contains(pc, guestEnd),
               let stored = cache.storable(emitterWorkspace.asm, guestPC: pc, guestEnd: guestEnd, faults: faults,
                                           chainExits: emitterWorkspace.chainExits) {
                persistentCache?.record(stored, in: u)
            }
            statsStorage.blocks += 1
            statsStorage.guestInstructions += Int((guestEnd - pc) / 4)
            statsStorage.hostBytes += codeSize
            statsStorage.nanoseconds += monotonicNanoseconds() - start
            if let observe = onTranslate, let lifted {  // the installed bytes, with absolute jumps resolved
                let bytes = Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: host), count: codeSize))
                observe(TranslatedBlock(lifted: lifted, ir: block, code: bytes, host: host, instructionStarts: starts,
                                        dataRecords: emitterWorkspace.dataRecords))
            }
            return host
        }
    }

    // MARK: translation workspace (used under the lock; reused so translation allocates little)

    /// Builds each block's IR in place; blocks go on past forward conditional branches.
    private let lifter: Lifter = {
        let l = Lifter(pc: 0, fpcrMode: 0)
        l.sideExits = true
        return l
    }()
    private var emitterWorkspace = EmitterWorkspace()
    /// The `chaining` the workspace's emitter context was built for (nil: not built yet).
    private var emitterContextChaining: Bool?

    /// Gives the workspace's emitter its view of the code cache: built once (again only if
    /// chaining is switched), then per translation only the two settings that vary are written,
    /// not the whole context copied in.
    private func prepareEmitterContext(linksTranslatedBlocks: Bool) {
        if emitterContextChaining != chaining {
            var ctx = EmitterContext(exitStub: cache.exitStub, chainStub: cache.chainStub,
                                     chainStubPastPoll: cache.chainStubPastPoll, recordedExitStub: cache.recordedExitStub,
                                     lookupStub: cache.lookupStub,
                                     jumpCacheMask: cache.jumpCacheMask, blockMap: cache.blocks,
                                     helpers: HelperTable.shared, returnSentinel: cache.returnSentinel)
            if !chaining { ctx.blockMap = nil; ctx.selfLoops = false }
            emitterWorkspace.setContext(ctx)
            emitterContextChaining = chaining
        }
        emitterWorkspace.setContext(recordInstructionStarts: onTranslate != nil, linksTranslatedBlocks: linksTranslatedBlocks)
    }

    private let flagEntries = FlagEntryCache()

    /// Whether the translator's one-time set-up has run in this process (or an ancestor).
    private var translatorWarm = false
    private var forks = 0

    /// Before the second fork of a process that has translated nothing yet (its code came
    /// from the persistent cache): the translator's one-time set-up (the decoder's tables, the
    /// Swift runtime's metadata for its types) runs once here, by translating a small block
    /// that is never installed, instead of again in every child that translates a block
    /// (~1.2 ms each: a shell starting commands whose paths it never took itself). Not at the
    /// first: a process that forks once would pay it for at most one child. Lock held.
    private func warmUpTranslator() {
        forks += 1
        guard !translatorWarm, forks >= 2 else { return }
        translatorWarm = true
        guard statsStorage.blocks == 0 else { return }
        // ldr x0, [sp, #8]; add x1, x0, #1; cmp x1, #5; str x1, [sp, #8]; b.ne .+8
        let code: [UInt32] = [0xF940_07E0, 0x9100_0401, 0xF100_143F, 0xF900_07E1, 0x5400_0041]
        code.withUnsafeBufferPointer { words in
            lifter.liftBlock(at: UInt64(UInt(bitPattern: words.baseAddress!)), maxInstructions: code.count, fpcrMode: fpcrMode)
        }
        // Not setFlagLiveness: its cache is keyed by guest pc, and this block's addresses are
        // host memory that a guest mapping may reuse later.
        lifter.block.flagsLiveOut = true; lifter.block.flagsLiveTaken = true; lifter.block.flagsLiveNotTaken = true
        Optimizer.optimize(&lifter.block)
        prepareEmitterContext(linksTranslatedBlocks: true)
        _ = X64Emitter.emit(lifter.block, workspace: &emitterWorkspace)
    }

    /// The emitter looks the direct successors up in the block map at the end of the block.
    private func prefetchSuccessors(_ t: Terminator) {
        let blocks = cache.blocks     // read once: each `cache.blocks` is a load and a retain
        switch t {
        case .jump(let target): blocks.prefetch(target)
        case .branch(_, let taken, let notTaken): blocks.prefetch(taken); blocks.prefetch(notTaken)
        case .call(let target, let returnTo): blocks.prefetch(target); blocks.prefetch(returnTo)
        case .callIndirect(_, let returnTo): blocks.prefetch(returnTo)
        case .indirect, .ret, .exit: break
        }
    }

    /// Flags are dead after a block (or one edge of its branch) when the direct successor
    /// overwrites them before reading them.
    private func setFlagLiveness(_ b: inout IRBlock) {
        let pages = (b.guestPC >> 12)...((b.guestEnd &- 1) >> 12)
        func dead(_ t: UInt64) -> Bool {
            if let d = flagEntries.lookup(t) { return d }
            let d = FlagEntryLiveness.flagsDead(at: t, readablePages: pages)
            flagEntries.record(t, dead: d)
            return d
        }
        if b.sideExitCount > 0 {
            let sites = b.liftedSideExits, count = b.sideExitCount
            b.ops.withUnsafeMutableBufferPointer { ops in
                for k in 0..<count {
                    let i = Int(sites[k])
                    if case .sideExit(let c, let t, _) = ops[i] { ops[i] = .sideExit(c, taken: t, flagsLive: !dead(t)) }
                }
            }
        }
        switch b.terminator {
        case .jump(let t): b.flagsLiveOut = !dead(t)
        case .branch(_, let t, let n):
            b.flagsLiveTaken = !dead(t); b.flagsLiveNotTaken = !dead(n)
            b.flagsLiveOut = b.flagsLiveTaken || b.flagsLiveNotTaken
        case .indirect, .call, .callIndirect, .ret, .exit: b.flagsLiveOut = true
        }
    }

    /// Guest code in [start, start+length) changed or went away: the blocks translated from
    /// those pages are retired (their entries divert to the dispatcher), nothing else.
    public func invalidate(start: UInt64, length: UInt64) {
        lock.withLock {
            persistentCache?.rangeChanged(start: start, length: length)
            let victims = cache.blocks(onPagesOf: start, length: length)
            guard !victims.isEmpty else { return }
            stopTheWorld()
            for pc in victims where !cache.retire(pc, exitCode: .lookup) {
                flushLocked(.invalidation)      // no room for the stubs: start afresh
                return
            }
            cache.dropFromPageIndex(pages: start >> CodeCache.pageShift, (start &+ length &- 1) >> CodeCache.pageShift)
            // A chain patch pending when a block retired must not land in it: its first bytes
            // past the poll now divert too (CodeCache.retire).
            generation &+= 1
            // Jump caches may name retired blocks; flag liveness may have read those pages.
            for raw in threads {
                if let table = jumpCache(CPUState(raw: raw)) { CodeCache.clearJumpCache(table) }
            }
            flagEntries.removeAll()
            statsStorage.invalidatedBlocks += victims.count
        }
    }
}


import CSupport
import Glibc
func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
