// Executable memory for translated blocks and the trampolines (Backend/Trampolines.swift), the map
// from guest pc to host code, and the per-thread jump caches used by indirect
// branches. Not thread-safe by itself: Engine serialises every use under its lock.
import CSupport
import Glibc

final class CodeCache {
    /// Where generated code runs: read+execute, never writable.
    let base: UnsafeMutableRawPointer
    /// Where the translator writes it: a second, read+write view of the same memory at
    /// another address (W^X: no address is both writable and executable).
    private var writable: UnsafeMutableRawPointer
    let capacity: Int
    private(set) var used = 0
    /// Generated prologue: enter(state, code) -> exit code.
    private(set) var enterAddress: UInt = 0
    private(set) var exitStub: UInt = 0
    private(set) var returnSentinel: UInt = 0
    /// Where the host fault handler resumes after a fault in generated code.
    private(set) var faultStub: UInt = 0
    /// The shared stub unresolved chain exits call (Backend/Trampolines.swift).
    private(set) var chainStub: UInt = 0
    private(set) var chainStubPastPoll: UInt = 0
    /// The shared stub exits to the dispatcher call (Backend/Trampolines.swift).
    private(set) var recordedExitStub: UInt = 0
    /// Trampolines.lookupRAX.
    private(set) var lookupStub: UInt = 0
    var faults = FaultMap()
    private(set) var blocksStart = 0
    /// Guest pc → host address of its live translation (shared with the emitter's context).
    /// Small at first (16 pages; a static hello runs ~800 blocks): every page of it is touched
    /// at start, a page fault each, and it grows when needed (a unit's install reserves first).
    let blocks = GuestAddressTable(capacity: 1 << 12)
    /// Guest address range that has translations (a quick test before the page index).
    private(set) var guestLow: UInt64 = .max, guestHigh: UInt64 = 0
    /// The page index: guest page number → the first of its nodes, each naming the start pc
    /// of a block translated from that page (a block that crosses a page boundary is listed
    /// under both pages) and the next node. Flat, so registering a block allocates nothing.
    private let pageHeads = GuestAddressTable(capacity: 1 << 10, filterWordsLog2: 9)
    /// Reserved as FaultMap's arrays are: address space only until used, no copy per doubling.
    private var pageNodes: [PageNode] = { var a: [PageNode] = []; a.reserveCapacity(1 << 16); return a }()
    private struct PageNode { var pc: UInt64; var next: Int32 }
    static let pageShift: UInt64 = 12

    static let jumpCacheEntries = 1 << 16
    static let jumpCacheBytes = jumpCacheEntries * 16

    /// What backs the two views (CodeMemory.swift).
    private var memory: CodeMemory
    /// Its System V segment id, if it is one (read without the engine lock: it changes only
    /// when a fork child, alone in its process, moves to its own copy).
    var systemVSegment: Int32? { memory.systemVSegment }

    init(capacity: Int = 256 << 20, memory kind: CodeMemoryKind = .memfd) {
        self.capacity = capacity
        memory = CodeMemory.create(kind, capacity: capacity)
        defer { memory.release() }   // the mappings keep it; no descriptor the guest could see or close
        base = memory.map(capacity: capacity, executable: true)
        writable = memory.map(capacity: capacity, executable: false)
        emitTrampolines()
    }

    /// Since a fork, who else may run code from this memory (CodeSharing.swift).
    var sharing = CodeSharing()

    /// Every write to the memory goes through here first: memory shared with a fork parent
    /// or child is left to it, and this process moves to a private copy.
    @inline(__always) private func prepareToWrite() {
        if sharing.mayBeShared, sharing.mustMove() { moveToPrivateCopy() }
    }

    /// Moves to a private copy of what was translated, at the same executable address
    /// (trampolines, chains and the fault handler's range stay valid). Copying the used
    /// part is far cheaper than translating it again.
    private func moveToPrivateCopy() {
        let fresh = CodeMemory.create(memory.kind, capacity: capacity)
        defer { fresh.release() }
        let copy = fresh.map(capacity: capacity, executable: false)
        copy.copyMemory(from: writable, byteCount: used)
        _ = fresh.map(capacity: capacity, executable: true, at: base)
        CodeMemory.unmap(writable, capacity: capacity, kind: memory.kind)
        memory = fresh
        writable = copy
        populated = used
        skippedChainPatches = 0
        sharing.moved()
    }

    /// The writable address of executable address `at`.
    @inline(__always) private func writableAddress(_ at: UInt) -> UnsafeMutableRawPointer {
        writable + Int(at - UInt(bitPattern: base))
    }

    var jumpCacheMask: UInt64 { UInt64(Self.jumpCacheEntries - 1) }

    private func emitTrampolines() {
        let t = Trampolines(jumpCacheMask: jumpCacheMask)
        install(t.code)
        let start = UInt(bitPattern: base)
        enterAddress = start + UInt(t.enter)
        exitStub = start + UInt(t.exit)
        returnSentinel = start + UInt(t.returnSentinel)
        faultStub = start + UInt(t.faultResume)
        chainStub = start + UInt(t.chainExit)
        chainStubPastPoll = start + UInt(t.chainExitPastPoll)
        recordedExitStub = start + UInt(t.recordedExit)
        lookupStub = start + UInt(t.lookupRAX)
        used = (used + 63) & ~63
        blocksStart = used
    }

    /// Copies assembled code into the cache; nil when the cache is full.
    @discardableResult
    func install(_ code: X64Assembler) -> UInt? {
        var code = code
        return install(&code)
    }

    /// The same for the engine's reused assembler: inout, so reading it from the engine's
    /// workspace neither copies nor retains it.
    func install(_ code: inout X64Assembler) -> UInt? {
        let size = code.position
        guard used + size <= capacity else { return nil }
        prepareToWrite()
        while used + size > populated && populated < capacity { populate() }
        let at = UInt(bitPattern: base) + UInt(used)
        code.copyResolved(to: writable + used, base: at)
        used = (used + size + 15) & ~15
        return at
    }

    /// Copies a block saved by an earlier process (PersistentCache/) into the cache, pointing
    /// its relocated rel32 fields at this cache's trampolines; nil when the cache is full.
    func install(_ stored: SavedBlockView) -> UInt? {
        let size = stored.code.count
        guard used + size <= capacity, let source = stored.code.baseAddress else { return nil }
        prepareToWrite()
        while used + size > populated && populated < capacity { populate() }
        let at = UInt(bitPattern: base) + UInt(used)
        (writable + used).copyMemory(from: source, byteCount: size)
        for i in 0..<stored.relocationCount {
            let r = stored.relocation(i)
            let site = at + UInt(r.at)
            writableAddress(site).storeBytes(of: X64Assembler.rel32(site: site, target: UInt(bitPattern: base) + UInt(r.target)),
                                             as: Int32.self)
        }
        used = (used + size + 15) & ~15
        return at
    }

    /// True when `bytes` more fit without a flush (with room for stubs and alignment).
    func fits(_ bytes: Int) -> Bool { used + bytes + bytes / 8 + (1 << 20) <= capacity }

    /// `code` (not yet installed) as a block another process can install: nil when it
    /// refers to anything but the trampolines (a direct jump to another block).
    func storable(_ code: X64Assembler, guestPC: UInt64, guestEnd: UInt64, faults: FaultMap.Block,
                  chainExits: [ChainExit]) -> StoredBlock? {
        var relocations: [StoredBlock.Relocation] = []
        relocations.reserveCapacity(code.absoluteFixups.count)
        let start = UInt(bitPattern: base)
        for f in code.absoluteFixups {
            guard f.target >= start, f.target < start + UInt(blocksStart) else { return nil }
            relocations.append(.init(at: UInt32(f.at), target: UInt32(f.target - start)))
        }
        return StoredBlock(guestPC: guestPC, guestEnd: guestEnd, code: code.bytes, relocations: relocations,
                           faultSites: faults.sites, promoted: faults.promoted, chainExits: chainExits)
    }

    /// Both views are backed up to here (page-table entries in place).
    private var populated = 0
    private static let populateChunk = 64 << 10

    /// Backs the next chunk of both views at once: one madvise per 64 KiB instead of a
    /// page fault per page on each view (the translator's write, then the first run).
    /// Small chunks: what is populated but never used is zeroed for nothing at every start.
    /// Best effort: without MADV_POPULATE_* (Linux < 5.14) the pages fault in as before.
    private func populate() {
        let start = populated & ~(Self.populateChunk - 1)
        let length = min(Self.populateChunk, capacity - start)
        guard length > 0 else { return }
        _ = madvise(writable + start, length, 23 /* MADV_POPULATE_WRITE */)
        _ = madvise(base + start, length, 22 /* MADV_POPULATE_READ */)
        populated = start + length
    }

    /// Host address of the live translation of guest `pc`.
    @inline(__always) func host(at pc: UInt64) -> UInt? { blocks[pc].map { UInt($0) } }

    func register(guestPC: UInt64, guestEnd: UInt64, host: UInt) {
        blocks[guestPC] = UInt64(host)
        guestLow = min(guestLow, guestPC); guestHigh = max(guestHigh, guestEnd)
        for page in (guestPC >> Self.pageShift)...((guestEnd &- 1) >> Self.pageShift) {
            let next = pageHeads[page].map { Int32(truncatingIfNeeded: $0) } ?? -1
            pageHeads[page] = UInt64(pageNodes.count)
            pageNodes.append(PageNode(pc: guestPC, next: next))
        }
    }

    /// Calls `body` with each listed guest page in [first, last] and its first node.
    private func forEachPage(_ first: UInt64, _ last: UInt64, _ body: (UInt64, Int32) -> Void) {
        if last - first < UInt64(pageHeads.count) {
            for page in first...last { if let head = pageHeads[page] { body(page, Int32(truncatingIfNeeded: head)) } }
        } else {
            pageHeads.forEach { page, head in if page >= first && page <= last { body(page, Int32(truncatingIfNeeded: head)) } }
        }
    }

    /// Start pcs of the live blocks translated from guest pages overlapping [start, start+length).
    func blocks(onPagesOf start: UInt64, length: UInt64) -> [UInt64] {
        guard length > 0, start < guestHigh, start &+ length > guestLow else { return [] }
        var found: [UInt64] = []
        forEachPage(start >> Self.pageShift, (start &+ length &- 1) >> Self.pageShift) { _, head in
            var n = head
            while n >= 0 { found.append(pageNodes[Int(n)].pc); n = pageNodes[Int(n)].next }
        }
        return found
    }

    /// Makes the block at guest `pc` unreachable without reusing its memory: it leaves the
    /// maps and its entry becomes a jump to a new stub that stores `pc` and asks the
    /// dispatcher to look it up again, so chains that still point at it stay correct; so
    /// does its entry past the interrupt poll (`X64Emitter.linkAddress`).
    /// The caller guarantees no thread runs generated code. False when the cache is full.
    func retire(_ pc: UInt64, exitCode: ExitCode) -> Bool {
        guard let host = host(at: pc) else { return true }
        // install went through prepareToWrite: the entry below is written to memory of our own.
        guard let stubAt = install(Trampolines.retiredBlockStub(pc: pc, exitCode: exitCode, exitStub: exitStub)) else { return false }
        for entry in [host, host + UInt(X64Emitter.pollBytes)] {
            Trampolines.jump(at: entry, to: stubAt).withUnsafeBytes {
                writableAddress(entry).copyMemory(from: $0.baseAddress!, byteCount: $0.count)
            }
        }
        blocks[pc] = nil
        return true
    }

    /// Forgets retired pcs in the page index (their nodes are unlinked; a flush frees them).
    func dropFromPageIndex(pages first: UInt64, _ last: UInt64) {
        var emptied: [UInt64] = []
        forEachPage(first, last) { page, head in
            var kept: Int32 = -1, tail: Int32 = -1, n = head
            while n >= 0 {
                let next = pageNodes[Int(n)].next
                if blocks[pageNodes[Int(n)].pc] != nil {
                    if tail >= 0 { pageNodes[Int(tail)].next = n } else { kept = n }
                    tail = n
                }
                n = next
            }
            if tail >= 0 { pageNodes[Int(tail)].next = -1; pageHeads[page] = UInt64(kept) } else { emptied.append(page) }
        }
        for page in emptied { pageHeads[page] = nil }   // not while iterating the table
    }

    // MARK: jump caches (one per guest thread, written only by that thread or during a flush)

    /// A new, lazily zeroed table. An all-zero entry could only match guest pc 0, which
    /// indexes entry 0: that one holds a pc no lookup can index there, so a branch to 0
    /// goes to the dispatcher (and becomes the guest's SIGSEGV).
    /// `inHugePage` (the first thread's): in one transparent huge page where the kernel offers
    /// them. A short run's entries are scattered over the table, and each 4 KiB page it reaches
    /// faulted twice (the generated lookup's read maps the zero page, the dispatcher's insert
    /// then copies it), 106 of a warm dynamic `true`'s 376 page faults. A huge page is two
    /// faults and one 2 MiB zeroing; a fork child still copies 4 KiB at a time (the kernel
    /// splits a shared huge page on write). Other threads' tables keep 4 KiB pages, so a
    /// program with many threads does not hold 2 MiB for each.
    static func makeJumpCache(inHugePage: Bool = false) -> UnsafeMutablePointer<UInt64> {
        let mapped: UnsafeMutableRawPointer?
        if inHugePage {
            mapped = HugePages.map(jumpCacheMapping)
        } else {
            let m = mmap(nil, jumpCacheMapping, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
            mapped = m == MAP_FAILED ? nil : m
        }
        guard let j = mapped else { fatalError("compat-run: cannot map a jump cache") }
        let table = j.bindMemory(to: UInt64.self, capacity: 2 * jumpCacheEntries)
        table[0] = ~0
        return table
    }

    /// The table's mapping, either kind: whole huge pages.
    private static let jumpCacheMapping = (jumpCacheBytes + HugePages.size - 1) / HugePages.size * HugePages.size

    static func releaseJumpCache(_ table: UnsafeMutablePointer<UInt64>) {
        munmap(table, jumpCacheMapping)
    }

    static func clearJumpCache(_ table: UnsafeMutablePointer<UInt64>) {
        madvise(table, jumpCacheBytes, MADV_DONTNEED)   // back to zero pages
        table[0] = ~0
    }

    func setJumpCache(_ table: UnsafeMutablePointer<UInt64>, _ pc: UInt64, _ host: UInt) {
        let i = JumpCache.index(of: pc, mask: jumpCacheMask)
        table[2 * i] = pc; table[2 * i + 1] = UInt64(host)
    }

    /// Drops every translation (the cache filled up, or guest code changed). The caller
    /// clears the threads' jump caches and guarantees no thread runs generated code.
    func flush() {
        blocks.removeAll()
        used = blocksStart
        faults.removeAll()
        pageHeads.removeAll()
        pageNodes.removeAll(keepingCapacity: true)
        guestLow = .max; guestHigh = 0
    }

    /// Chain patches skipped while the memory may be shared (see patchChain).
    private var skippedChainPatches = 0
    static let chainPatchesSkippedBeforeMoving = 256

    /// Links a block exit at `site` to `target` (patchJump); false when skipped. A chain is
    /// only a shortcut past the dispatcher, so while the memory may be shared with a fork
    /// parent or child it is not worth a copy of the whole cache: the exit keeps going
    /// through the dispatcher. A process that keeps finding new links is not about to exec;
    /// after `chainPatchesSkippedBeforeMoving` it moves and links as usual.
    func patchChain(site: UInt, to target: UInt) -> Bool {
        if sharing.mayBeShared, skippedChainPatches < Self.chainPatchesSkippedBeforeMoving, sharing.mustMove() {
            skippedChainPatches += 1
            return false
        }
        patchJump(site: site, to: target)
        return true
    }

    /// Points the rel32 field of a chained jmp/jcc/call at `site` to `target`. Other threads
    /// may be executing that instruction: the field is 4-byte aligned (X64Assembler's
    /// patchable branches), so this one aligned store is atomic and they see the old
    /// target (the chaining stub) or the new one, both valid.
    func patchJump(site: UInt, to target: UInt) {
        precondition(site % 4 == 0, "compat-run: internal error: unaligned chain site")
        prepareToWrite()
        writableAddress(site).storeBytes(of: X64Assembler.rel32(site: site, target: target), as: Int32.self)
    }
}
