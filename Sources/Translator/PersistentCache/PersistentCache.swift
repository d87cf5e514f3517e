// The persistent translation cache (issue 17): translations of guest code that lies in
// file-backed executable mappings outlive the process. A later process that maps the same
// file bytes at the same address installs them instead of translating (Ryujinx's PTC and
// FEX's code cache do the same; blocks carry relocations, like Ryujinx's, instead of being
// emitted position-independent). One cache file per mapping ("unit"): created at the first
// miss in the mapping, when the program is fully mapped, and keyed by CacheKey. Blocks a later
// process adds go to the unit's extension file, appended (cheap, whatever the file's size), and
// are merged into a new cache file once the extension has grown (see `save`).
// Used by Engine under its lock; the embedder's calls (codeOrigin) must not take it.

import Glibc

public final class PersistentCache: @unchecked Sendable {
    public let directory: CacheDirectory
    let translator: TranslatorIdentity
    /// What memory holds a guest address: a file-backed executable mapping, or other memory
    /// (anonymous, JIT code) and its extent. Set by the embedder before guest code runs.
    public var codeOrigin: (@Sendable (UInt64) -> CodeOriginAnswer)?

    /// Where a saved block's record is: which loaded payload, at what offset.
    struct RecordLocation { var payload: Int32; var offset: Int32 }

    /// One file-backed executable mapping seen by this process.
    final class Unit {
        let origin: CodeOrigin
        let key: CacheKey
        /// The files this unit was loaded from (mapped), and their checked payloads: the cache
        /// file's first, then the extension's chunks in the order they were appended.
        var mapped: [UnsafeRawBufferPointer] = []
        var payloads: [UnsafeRawBufferPointer] = []
        var loadedCount = 0
        /// Sizes as loaded (or last written): the cache file's payload (nil: no cache file) and
        /// the extension file; the extension had a damaged chunk (the next save merges).
        var mainPayloadBytes: Int?
        var extensionBytes = 0
        var extensionDamaged = false
        /// Every loaded payload came from a file VerifiedPayloads trusts: its records were all
        /// checked (`isValid`) by the process that recorded it, so installing skips that.
        var recordsChecked = false
        /// Where each saved block's record is, built at the first lookup (a unit installed whole
        /// never needs it).
        private var index: [UInt64: RecordLocation]?
        /// Records of blocks translated by this process, how many, and how much of them is written.
        var newRecords: [UInt8] = []
        var newCount = 0, savedBytes = 0
        /// Every block of the files was installed, and the code cache not flushed since (its
        /// `flushes` count then): a miss is then a block no file holds, found without an index.
        var installedWholeAt: Int?
        /// The files were looked for (once per unit).
        var triedLoading = false
        /// Time spent hashing the mapping (reported with loading).
        var hashNanoseconds: UInt64 = 0

        init(origin: CodeOrigin, key: CacheKey) { self.origin = origin; self.key = key }
        func contains(_ pc: UInt64, _ end: UInt64) -> Bool { pc >= origin.start && end <= origin.end && end > pc }

        var fileName: String { key.fileName }
        var extensionName: String { String(key.fileName.dropLast(4)) + ".ptx" }

        /// What this unit's loaded chunks are (a hash of their hashes, in order): UsedList's
        /// record locations hold only under the stamp they were found under.
        var layoutStamp = ContentHash()
        /// The program's used list (UsedList.swift), with what this process reached since;
        /// `hasUsedList`: a list was loaded (else this run learns one); changes made and saved.
        var used: [UsedEntry] = []
        var hasUsedList = false
        /// How many blocks the loaded list names (its entries are not read when that is nearly
        /// the whole file: see loadUsedList).
        var usedListCount = 0
        var usedChanges = 0, usedSavedChanges = 0

        /// Off when the unit is installed whole although the program has a list (`installsWhole`).
        var learnsUse = true

        /// Remembers that this process reached `pc` in the unit (for the program's used list).
        func learn(_ entry: UsedEntry) {
            guard learnsUse else { return }
            used.append(entry)
            usedChanges += 1
        }

        /// The saved record of used-list entry `i`: at its location when that still holds,
        /// else found in the index (and the entry's location mended).
        func usedRecord(_ i: Int) -> SavedBlockView? {
            let e = used[i]
            if Int(e.chunk) < payloads.count, let v = CacheFileFormat.view(in: payloads[Int(e.chunk)], at: Int(e.offset)),
               v.guestPC == e.pc {
                return v
            }
            guard let at = location(of: e.pc) else { return nil }
            used[i].chunk = UInt32(at.payload); used[i].offset = UInt32(at.offset)
            usedChanges += 1
            return CacheFileFormat.view(in: payloads[Int(at.payload)], at: Int(at.offset))
        }

        /// The saved record of `pc` (the first one when several processes saved it).
        func record(at pc: UInt64) -> SavedBlockView? {
            guard let at = location(of: pc) else { return nil }
            return CacheFileFormat.view(in: payloads[Int(at.payload)], at: Int(at.offset))
        }

        /// Where the saved record of `pc` is, from the index (built at the first call).
        func location(of pc: UInt64) -> RecordLocation? {
            if index == nil {
                var built: [UInt64: RecordLocation] = [:]
                built.reserveCapacity(loadedCount)
                for (i, payload) in payloads.enumerated() {
                    CacheFileFormat.forEachRecord(in: payload) { at, v in
                        if built[v.guestPC] == nil { built[v.guestPC] = RecordLocation(payload: Int32(i), offset: Int32(at.lowerBound)) }
                    }
                }
                index = built
            }
            return index?[pc]
        }
    }

    private var units: [Unit] = []
    /// Extents of guest memory known to hold no file-backed code (V8's JIT code, anonymous
    /// executable memory): a miss there asks the embedder nothing. Forgotten when changed.
    private var notFile: [(start: UInt64, end: UInt64)] = []
    private static let notFileLimit = 32
    private var settings: CodeSettings?
    /// The extension file is merged into a new cache file when it outgrows this share of the
    /// cache file (and `mergeMinimum`): loading stays one mapping, appending stays cheap.
    static let mergeFraction = 4
    static let mergeMinimum = 256 << 10

    /// Install a unit's whole file at its first miss (and link it), rather than block by block
    /// as they are reached (COMPAT_RUN_CACHE_EAGER=0).
    public var installsWholeFiles = true
    /// The main program's identity (`setProgram`): units then install what this program used
    /// in earlier runs (UsedList.swift) rather than whole files. Nil: whole files.
    var program: [UInt64]?
    private let debug = getenv("COMPAT_RUN_CACHE_DEBUG") != nil

    /// Content hashes of mappings that hold their file's bytes, recorded by earlier processes.
    var contentHashes: VerifiedContentHashes
    /// Cache files whose payloads earlier processes checked.
    var verifiedPayloads: VerifiedPayloads

    public init(directory: CacheDirectory, translator: TranslatorIdentity) {
        self.directory = directory
        contentHashes = VerifiedContentHashes(directory: directory)
        verifiedPayloads = VerifiedPayloads(directory: directory)
        self.translator = translator
        if let e = getenv("COMPAT_RUN_CACHE_EAGER"), String(cString: e) == "0" { installsWholeFiles = false }
    }

    /// The cache in the default location for this process, nil when it is turned off.
    public static func fromEnvironment() -> PersistentCache? {
        guard let dir = CacheDirectory.fromEnvironment(), let id = TranslatorIdentity.current() else { return nil }
        return PersistentCache(directory: dir, translator: id)
    }

    /// Names the main program (its executable file on the host) whose used lists apply.
    public func setProgram(path: String) {
        var st = stat()
        guard stat(path, &st) == 0 else { return }
        program = [UInt64(st.st_dev), UInt64(st.st_ino), UInt64(st.st_size),
                   UInt64(st.st_mtim.tv_sec) &* 1_000_000_000 &+ UInt64(st.st_mtim.tv_nsec)]
    }

    /// The engine's code-shaping settings (checked at every miss, compared field by field):
    /// when they change (FPCR mode), units made under others no longer apply.
    func use(settings s: CodeSettings) {
        guard s != settings else { return }
        saveAll()
        dropAll()
        settings = s
    }

    /// The unit whose mapping contains `pc`, created (and its file loaded) on first use.
    func unit(containing pc: UInt64) -> Unit? {
        if let u = units.first(where: { pc >= $0.origin.start && pc < $0.origin.end }) { return u }
        if notFile.contains(where: { pc >= $0.start && pc < $0.end }) { return nil }
        guard let answer = codeOrigin?(pc), let settings else { return nil }
        let origin: CodeOrigin
        switch answer {
        case .notFile(let start, let end):
            guard start <= pc, pc < end else { return nil }
            if notFile.count >= Self.notFileLimit { notFile.removeFirst() }
            notFile.append((start, end))
            if debug { debugLine("ptc other memory \(String(start, radix: 16))-\(String(end, radix: 16)) at \(String(pc, radix: 16))") }
            return nil
        case .file(let o): origin = o
        }
        guard origin.end > origin.start, pc >= origin.start, pc < origin.end,
              let base = UnsafeRawPointer(bitPattern: UInt(origin.start)) else { return nil }
        let start = monotonicNanoseconds()
        let key = CacheKey(translator: translator, settings: settings.words, origin: origin,
                           contentHash: contentHashes.hash(of: origin, memory: base))
        let u = Unit(origin: origin, key: key)
        u.hashNanoseconds = monotonicNanoseconds() - start
        units.append(u)
        return u
    }

    /// Loads the unit's cache file and extension if not tried yet. A damaged cache file is
    /// ignored whole; an extension up to its first damaged chunk. Payloads are hashed unless
    /// the unit's VerifiedPayloads record names the very files mapped.
    func load(_ u: Unit) {
        guard !u.triedLoading else { return }
        u.triedLoading = true
        let verified = verifiedPayloads.read(unit: u.fileName)
        var checked = VerifiedPayloads.Record()
        var allTrusted = true
        defer {
            verifiedPayloads.update(unit: u.fileName, old: verified, checked: checked)
            u.recordsChecked = allTrusted && !u.payloads.isEmpty
        }
        /// A file checked now is recorded once its records are all valid too (walked once per
        /// version of the file, when it may be recorded at all).
        let recordable = { (f: FileIdentity, payloads: ArraySlice<UnsafeRawBufferPointer>) -> FileIdentity? in
            guard let end = self.trampolineEnd, self.verifiedPayloads.mayRecord(f),
                  payloads.allSatisfy({ CacheFileFormat.allRecordsValid(in: $0, trampolineEnd: end) }) else { return nil }
            return f
        }
        if let (bytes, identity) = directory.mapWithIdentity(u.fileName) {
            let trusted = identity == verified.cacheFile
            if let c = CacheFileFormat.chunk(in: bytes, at: 0, key: u.key, checkHash: !trusted), c.end == bytes.count {
                u.mapped.append(bytes); u.payloads.append(c.payload); u.loadedCount += c.count
                u.mainPayloadBytes = c.payload.count
                u.layoutStamp.add(c.hash)
                checked.cacheFile = trusted ? identity : recordable(identity, u.payloads[0...])
                allTrusted = trusted
            } else {
                CacheDirectory.unmap(bytes)
                if debug { debugLine("ptc rejected \(u.fileName) (damaged or another key)") }
            }
        }
        defer { loadUsedList(u) }
        guard let (bytes, identity) = directory.mapWithIdentity(u.extensionName) else { return }
        u.mapped.append(bytes)
        u.extensionBytes = bytes.count
        let trusted = identity == verified.extensionFile
        let first = u.payloads.count
        var at = 0
        while at < bytes.count {
            guard let c = CacheFileFormat.chunk(in: bytes, at: at, key: u.key, checkHash: !trusted) else {
                u.extensionDamaged = true
                if debug { debugLine("ptc rejected \(u.extensionName) from offset \(at)") }
                break
            }
            u.payloads.append(c.payload); u.loadedCount += c.count
            u.layoutStamp.add(c.hash)
            at = c.end
        }
        allTrusted = allTrusted && trusted
        if !u.extensionDamaged { checked.extensionFile = trusted ? identity : recordable(identity, u.payloads[first...]) }
    }

    /// Where this process's trampolines end (set by the engine): saved relocations must point
    /// below it. Nil: payloads are never recorded as checked (VerifiedPayloads).
    var trampolineEnd: Int?

    /// The program's used list for `u`, when there is one and the unit has saved blocks.
    /// Locations found under another layout are forgotten (found again in the index). A list
    /// naming nearly every saved block means the whole file (`installsWhole`), whose install
    /// never reads the entries: its header's count says so (for dynamic `true`'s libc, parsing
    /// ~1,200 entries was 3 % of a warm start). A wrong count there costs a whole install.
    private func loadUsedList(_ u: Unit) {
        guard let program, u.loadedCount > 0, let bytes = directory.map(u.usedListName(program: program)) else { return }
        defer { CacheDirectory.unmap(bytes) }
        if installsWholeFiles, let count = UsedListFormat.count(bytes), Self.namesNearlyAll(count, of: u.loadedCount) {
            u.usedListCount = count
            u.hasUsedList = true
            return
        }
        guard let (entries, stamp) = UsedListFormat.parse(bytes) else { return }
        u.used = stamp == u.layoutStamp.value ? entries
            : entries.map { UsedEntry(pc: $0.pc, chunk: UsedEntry.unknownChunk, offset: 0) }
        u.usedListCount = entries.count
        u.hasUsedList = true
    }

    /// A list of `count` blocks names nearly all of a unit's `loaded` (installsWhole).
    private static func namesNearlyAll(_ count: Int, of loaded: Int) -> Bool { count * 10 >= loaded * 9 }

    private func readUsedList(_ name: String) -> (entries: [UsedEntry], stamp: UInt64)? {
        guard let bytes = directory.map(name) else { return nil }
        defer { CacheDirectory.unmap(bytes) }
        return UsedListFormat.parse(bytes)
    }

    /// Whether `u`'s files are installed whole: no program is named, or its list names nearly
    /// every saved block (a file only this program uses, python's): a list then saves little
    /// and costs much, as such a program keeps adding blocks (python's randomised hashing finds
    /// a few new paths per run) and each would rewrite a large list. Learning then stops.
    func installsWhole(_ u: Unit) -> Bool {
        guard program != nil else { return true }
        guard u.hasUsedList, Self.namesNearlyAll(u.usedListCount, of: u.loadedCount) else { return false }
        u.learnsUse = false
        return true
    }

    /// The saved block starting at `pc` in `u`, if any (lazily installed: the program uses it).
    func storedBlock(_ u: Unit, at pc: UInt64) -> SavedBlockView? {
        guard !u.payloads.isEmpty, u.installedWholeAt != flushes, let at = u.location(of: pc) else { return nil }
        if program != nil { u.learn(UsedEntry(pc: pc, chunk: UInt32(at.payload), offset: UInt32(at.offset))) }
        return CacheFileFormat.view(in: u.payloads[Int(at.payload)], at: Int(at.offset))
    }

    /// Files of units this process no longer uses, still mapped: the fault map reads the fault
    /// sites of blocks installed from them in place until the code cache is flushed.
    private var mappedUntilFlush: [UnsafeRawBufferPointer] = []

    /// Code-cache flushes seen: blocks installed before one are gone (and so are the fault
    /// map's references into the files of released units).
    private var flushes = 0
    func codeCacheFlushed() {
        flushes += 1
        for m in mappedUntilFlush { CacheDirectory.unmap(m) }
        mappedUntilFlush = []
    }
    func installedWhole(_ u: Unit) { u.installedWholeAt = flushes }

    /// Remembers a block translated by this process for the unit's file.
    func record(_ b: StoredBlock, in u: Unit) {
        CacheFileFormat.appendRecord(b, to: &u.newRecords)
        u.newCount += 1
        if program != nil { u.learn(UsedEntry(pc: b.guestPC, chunk: UsedEntry.unknownChunk, offset: 0)) }
    }

    /// Guest memory [start, start+length) was unmapped or changed: units overlapping it are
    /// saved (their blocks came from the bytes their key hashed) and forgotten, and so is
    /// what was known about other memory there.
    func rangeChanged(start: UInt64, length: UInt64) {
        let end = start &+ length
        notFile.removeAll { $0.start < end && start < $0.end }
        let hit = units.filter { $0.origin.start < end && start < $0.origin.end }
        guard !hit.isEmpty else { return }
        for u in hit { saveUsedList(u); save(u); release(u) }
        units.removeAll { u in hit.contains { $0 === u } }
    }

    /// In a fork child: the blocks translated so far are the parent's to save. (A shell's
    /// children exec at once, and each execve saves: each would write them all again.)
    func forkedChild() {
        for u in units { u.savedBytes = u.newRecords.count; u.usedSavedChanges = u.usedChanges }
        inForkChild = true
    }

    /// A fork child only appends what it translated itself: with no cache file yet (a cold
    /// shell's children) a full write would be the parent's blocks again, once per child.
    private var inForkChild = false

    /// Writes every unit with blocks this process translated.
    public func saveAll() {
        var wrote = false
        for u in units {
            saveUsedList(u)
            guard u.newRecords.count > u.savedBytes else { continue }
            save(u)
            wrote = true
        }
        if wrote { directory.evictIfNeeded() }   // (a scan of the directory: not at every exit)
    }

    /// New records are appended to the unit's extension file, as one chunk, when a cache file
    /// exists (or this is a fork child): a few blocks cost a few KB of writing, never a rewrite of a large file (python's
    /// randomised hashing finds a few new paths per run; its cache file is 7 MB). A new cache file
    /// (loaded records, then this process's, each pc once) replaces the old one when there was
    /// none, when the extension is damaged, or when it has outgrown `mergeFraction` of the cache
    /// file; the extension is then deleted. A concurrent append lost to that deletion costs only
    /// a translation in a later run.
    private func save(_ u: Unit) {
        guard u.newRecords.count > u.savedBytes else { return }
        // With no cache file loaded, one may have been written since (by a fork child that
        // merged, or a concurrent run): append to it rather than replace what it holds.
        let mainWritten = u.mainPayloadBytes ?? (inForkChild || directory.exists(u.fileName) ? 0 : nil)
        if let main = mainWritten, !u.extensionDamaged {
            let fresh = Array(u.newRecords[u.savedBytes...])
            let count = countRecords(fresh)
            guard let size = directory.append(u.extensionName, CacheFileFormat.file(key: u.key, count: count, payload: fresh))
            else { return }
            note("append", u, count)
            u.savedBytes = u.newRecords.count
            u.extensionBytes = size
            if size <= max(main / Self.mergeFraction, Self.mergeMinimum) { return }
        }
        var payload: [UInt8] = []
        var seen = Set<UInt64>()
        var count = 0
        let all = u.payloads
        u.newRecords.withUnsafeBytes { new in
            for p in all + [new] {
                CacheFileFormat.forEachRecord(in: p) { bytes, v in
                    guard seen.insert(v.guestPC).inserted else { return }
                    payload += UnsafeRawBufferPointer(rebasing: p[bytes])
                    count += 1
                }
            }
        }
        guard directory.write(u.fileName, CacheFileFormat.file(key: u.key, count: count, payload: payload)) else { return }
        directory.remove(u.extensionName)
        note("write", u, count)
        u.savedBytes = u.newRecords.count
        u.mainPayloadBytes = payload.count
        u.extensionBytes = 0
        u.extensionDamaged = false
    }

    /// Writes the program's used list for `u` when this process reached blocks it lacked (or
    /// mended locations), merged with the list as it is now on disk: another process of the
    /// program (a fork child) may have written what it learned meanwhile.
    private func saveUsedList(_ u: Unit) {
        guard let program, u.usedChanges > u.usedSavedChanges else { return }
        let name = u.usedListName(program: program)
        var entries: [UsedEntry] = []
        entries.reserveCapacity(u.used.count)
        var seen = Set<UInt64>(minimumCapacity: u.used.count)
        for e in u.used where seen.insert(e.pc).inserted { entries.append(e) }
        if let (disk, stamp) = readUsedList(name) {
            let hintsHold = stamp == u.layoutStamp.value
            for e in disk where seen.insert(e.pc).inserted {
                entries.append(hintsHold ? e : UsedEntry(pc: e.pc, chunk: UsedEntry.unknownChunk, offset: 0))
            }
        }
        guard directory.write(name, UsedListFormat.file(entries, stamp: u.layoutStamp.value)) else { return }
        u.usedSavedChanges = u.usedChanges
        if debug { debugLine("ptc write \(name) blocks \(entries.count)") }
    }

    private func countRecords(_ payload: [UInt8]) -> Int {
        var n = 0
        payload.withUnsafeBytes { CacheFileFormat.forEachRecord(in: $0) { _, _ in n += 1 } }
        return n
    }

    /// COMPAT_RUN_CACHE_DEBUG=1: each file written, with its key.
    private func note(_ what: String, _ u: Unit, _ count: Int) {
        guard debug else { return }
        debugLine("ptc \(what) \(what == "append" ? u.extensionName : u.fileName) \(u.key.words.map { String($0, radix: 16) }) blocks \(count)")
    }

    private func debugLine(_ s: String) {
        _ = (s + "\n").withCString { write(2, $0, strlen($0)) }
    }

    private func release(_ u: Unit) {
        mappedUntilFlush += u.mapped
        u.mapped = []; u.payloads = []
    }

    private func dropAll() {
        for u in units { release(u) }
        units.removeAll()
        notFile.removeAll()
    }
}
