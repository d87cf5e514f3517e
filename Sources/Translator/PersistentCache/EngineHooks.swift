// The engine's side of the persistent translation cache: which unit a pc belongs to,
// installing a saved block instead of translating, and saving at the end.

extension Engine {
    /// The cache unit (file-backed executable mapping) of `pc`, with its file loaded; nil
    /// when the cache is off or unusable here. Lock held.
    func persistentUnit(containing pc: UInt64) -> PersistentCache.Unit? {
        guard let p = persistentCache, chaining, debugHooks == nil, onTranslate == nil else { return nil }
        p.use(settings: CodeSettings(fpcrMode: fpcrModeForCache, maxBlockInstructions: maxBlockInstructions,
                                     jumpCacheMask: cache.jumpCacheMask))
        guard let u = p.unit(containing: pc) else { return nil }
        if !u.triedLoading {
            p.trampolineEnd = cache.blocksStart    // once per mapping: hashing it (at unit creation) and reading the file
            let start = monotonicNanoseconds()
            p.load(u)
            // A program with a used list for the unit installs that (the rest lazily); one without
            // installs lazily, which is how it learns its list; no program named, or a list of
            // nearly the whole file: the whole file.
            if p.installsWholeFiles {
                if p.installsWhole(u) { installAll(u) } else if u.hasUsedList { installUsed(u) }
            }
            noteLoaded(instructions: 0, nanoseconds: monotonicNanoseconds() - start + u.hashNanoseconds, block: false)
        }
        return u
    }

    /// Installs every block of a unit's file at once (what an earlier process ran is what this
    /// one will run) and links their direct exits to each other, so they run block to block
    /// without a dispatcher visit per edge. Left to lazy installation when the cache is too
    /// full. Lock held.
    func installAll(_ u: PersistentCache.Unit) {
        guard u.loadedCount > 0, cache.fits(u.payloads.reduce(0) { $0 + $1.count }) else { return }
        var unlinked: [UnlinkedExits] = []
        unlinked.reserveCapacity(u.loadedCount)
        cache.blocks.reserveCapacity(cache.blocks.count + u.loadedCount)
        var blocks = 0, instructions = 0, complete = true
        for payload in u.payloads {
            CacheFileFormat.forEachRecord(in: payload) { _, v in
                guard cache.host(at: v.guestPC) == nil, mayInstall(v, from: u) else { return }
                guard let host = place(v) else { complete = false; return }
                if v.chainExitCount > 0 { unlinked.append(UnlinkedExits(v, at: host)) }
                blocks += 1
                instructions += Int((v.guestEnd - v.guestPC) / 4)
            }
        }
        for e in unlinked { linkExits(e) }
        if complete { persistentCache?.installedWhole(u) }
        noteInstalled(blocks: blocks, instructions: instructions)
    }

    /// What linking a block installed from a file needs once the others are in: its chain
    /// exits' records in place (keeping whole views, 104 bytes each, faulted in ~35 fresh pages
    /// for libc's 1,400 blocks).
    struct UnlinkedExits {
        var host: UInt
        var guestPC: UInt64
        var chains: UnsafeRawBufferPointer

        init(_ v: SavedBlockView, at host: UInt) { (self.host, guestPC, chains) = (host, v.guestPC, v.chains) }
    }

    /// A saved block may be installed from the unit: it lies inside the unit's mapping, and its
    /// record is valid (checked here unless the unit's files are recorded as checked whole).
    private func mayInstall(_ v: SavedBlockView, from u: PersistentCache.Unit) -> Bool {
        u.contains(v.guestPC, v.guestEnd) && (u.recordsChecked || v.isValid(trampolineEnd: cache.blocksStart))
    }

    /// Installs the blocks the program's used list names for the unit, linked to each other;
    /// the file's other blocks stay for lazy installation. Stops when the cache is full. Lock held.
    func installUsed(_ u: PersistentCache.Unit) {
        var unlinked: [UnlinkedExits] = []
        unlinked.reserveCapacity(u.used.count)
        cache.blocks.reserveCapacity(cache.blocks.count + u.used.count)
        var blocks = 0, instructions = 0
        for i in u.used.indices {
            guard let v = u.usedRecord(i), cache.host(at: v.guestPC) == nil, mayInstall(v, from: u) else { continue }
            guard let host = place(v) else { break }
            if v.chainExitCount > 0 { unlinked.append(UnlinkedExits(v, at: host)) }
            blocks += 1
            instructions += Int((v.guestEnd - v.guestPC) / 4)
        }
        for e in unlinked { linkExits(e) }
        noteInstalled(blocks: blocks, instructions: instructions)
    }

    /// Points the direct exits of a saved block installed at `host` at their targets' code
    /// where that is installed (the others stay on the shared chain stub). Lock held.
    private func linkExits(_ e: UnlinkedExits) {
        for i in 0..<SavedBlockView.chainExitCount(e.chains) {
            let exit = SavedBlockView.chainExit(e.chains, i)
            if let target = cache.host(at: exit.target) {
                cache.patchJump(site: e.host + UInt(exit.site),
                                to: X64Emitter.linkAddress(host: target, target: exit.target, from: e.guestPC))
            }
        }
    }

    /// Installs the saved translation of `pc`, if the unit's file has one. Lock held.
    func installSaved(_ pc: UInt64, from u: PersistentCache.Unit) -> UInt? {
        if let host = cache.host(at: pc) { return host }     // the unit's first miss: installed whole just now
        guard let p = persistentCache, let stored = p.storedBlock(u, at: pc), mayInstall(stored, from: u) else { return nil }
        let start = monotonicNanoseconds()
        var placed = place(stored)
        if placed == nil { flushLocked(.cacheFull); placed = place(stored) }
        guard let host = placed else { return nil }
        linkExits(UnlinkedExits(stored, at: host))   // (edges into it are patched as they are taken)
        noteLoaded(instructions: Int((stored.guestEnd - pc) / 4), nanoseconds: monotonicNanoseconds() - start, block: true)
        return host
    }

    /// Places a saved block in the code cache with what the engine keeps per block (block
    /// map and page index, fault sites); nil when the cache is full. Lock held.
    private func place(_ v: SavedBlockView) -> UInt? {
        guard let host = cache.install(v) else { return nil }
        cache.register(guestPC: v.guestPC, guestEnd: v.guestEnd, host: host)
        cache.faults.add(v, at: host)   // (it keeps only blocks that touch memory)
        return host
    }

    /// Writes the translations of file-backed code this process made to the cache directory
    /// (at exit and before execve; concurrent writers replace whole files atomically).
    public func savePersistentCache() {
        lock.withLock { persistentCache?.saveAll() }
    }
}
