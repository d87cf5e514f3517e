// The persistent translation cache (issue 17): translations of guest code that lies in
// file-backed executable mappings outlive the process. A later process that maps the same
// file bytes at the same address installs them instead of translating (Ryujinx's PTC and
// FEX's code cache do the same; blocks carry relocations, like Ryujinx's, instead of being
// emitted position-independent). One cache file per mapping ("unit"): created at the first
// miss in the mapping, when the program is fully mapped, and keyed by CacheKey.
// Used by Engine under its lock; the embedder's calls (codeOrigin) must not take it.

import Glibc

public final class PersistentCache: @unchecked Sendable {
    public let directory: CacheDirectory
    let translator: TranslatorIdentity
    /// The file-backed executable mapping containing a guest address, nil for other memory
    /// (anonymous, JIT code). Set by the embedder before guest code runs.
    public var codeOrigin: (@Sendable (UInt64) -> CodeOrigin?)?

    /// One file-backed executable mapping seen by this process.
    final class Unit {
        let origin: CodeOrigin
        let key: CacheKey
        /// The file this unit was loaded from (mapped), and where each block's record starts.
        var loaded: UnsafeRawBufferPointer?
        var loadedPayload: UnsafeRawBufferPointer?
        var records: [UInt64: Int] = [:]
        var loadedCount = 0
        /// Records of blocks translated by this process (the file written holds the loaded
        /// ones and these), and how many of them are already written.
        var newRecords: [UInt8] = []
        var newCount = 0, savedCount = 0
        /// The file was looked for (once per unit).
        var triedLoading = false
        /// Time spent hashing the mapping (reported with loading).
        var hashNanoseconds: UInt64 = 0

        init(origin: CodeOrigin, key: CacheKey) { self.origin = origin; self.key = key }
        func contains(_ pc: UInt64, _ end: UInt64) -> Bool { pc >= origin.start && end <= origin.end && end > pc }
    }

    /// Units by mapping start; `noUnit` remembers addresses outside any file mapping.
    private var units: [Unit] = []
    private var settings: [UInt64] = []
    /// File bytes one newly translated block justifies rewriting.
    static let bytesPerNewBlock = 16384

    /// Install a unit's whole file at its first miss (and link it), rather than block by block
    /// as they are reached (COMPAT_RUN_CACHE_EAGER=0).
    public var installsWholeFiles = true

    public init(directory: CacheDirectory, translator: TranslatorIdentity) {
        self.directory = directory
        self.translator = translator
        if let e = getenv("COMPAT_RUN_CACHE_EAGER"), String(cString: e) == "0" { installsWholeFiles = false }
    }

    /// The cache in the default location for this process, nil when it is turned off.
    public static func fromEnvironment() -> PersistentCache? {
        guard let dir = CacheDirectory.fromEnvironment(), let id = TranslatorIdentity.current() else { return nil }
        return PersistentCache(directory: dir, translator: id)
    }

    /// The engine's code-shaping settings changed (FPCR mode): units made under others no longer apply.
    func use(settings s: [UInt64]) {
        guard s != settings else { return }
        saveAll()
        dropAll()
        settings = s
    }

    /// The unit whose mapping contains `pc`, created (and its file loaded) on first use.
    func unit(containing pc: UInt64) -> Unit? {
        if let u = units.first(where: { pc >= $0.origin.start && pc < $0.origin.end }) { return u }
        guard let origin = codeOrigin?(pc), origin.end > origin.start, pc >= origin.start, pc < origin.end,
              let base = UnsafeRawPointer(bitPattern: UInt(origin.start)) else { return nil }
        let start = monotonicNanoseconds()
        let key = CacheKey(translator: translator, settings: settings, origin: origin,
                           contentHash: ContentHash.of(base, count: Int(origin.end - origin.start)))
        let u = Unit(origin: origin, key: key)
        u.hashNanoseconds = monotonicNanoseconds() - start
        units.append(u)
        return u
    }

    /// Loads the unit's file if not tried yet; `trampolineEnd` bounds relocation targets.
    func load(_ u: Unit, trampolineEnd: Int) {
        guard !u.triedLoading else { return }
        u.triedLoading = true
        guard let bytes = directory.map(u.key.fileName) else { return }
        guard let (payload, records, count) = CacheFileFormat.parse(bytes, key: u.key, trampolineEnd: trampolineEnd) else {
            CacheDirectory.unmap(bytes)
            return
        }
        u.loaded = bytes; u.loadedPayload = payload; u.records = records; u.loadedCount = count
    }

    /// The saved block starting at `pc` in `u`, if any.
    func storedBlock(_ u: Unit, at pc: UInt64) -> SavedBlockView? {
        guard let payload = u.loadedPayload, let at = u.records[pc] else { return nil }
        return CacheFileFormat.view(in: payload, at: at)
    }

    /// Remembers a block translated by this process for the unit's file.
    func record(_ b: StoredBlock, in u: Unit) {
        CacheFileFormat.appendRecord(b, to: &u.newRecords)
        u.newCount += 1
    }

    /// Guest memory [start, start+length) was unmapped or changed: units overlapping it are
    /// saved (their blocks came from the bytes their key hashed) and forgotten.
    func rangeChanged(start: UInt64, length: UInt64) {
        let end = start &+ length
        let hit = units.filter { $0.origin.start < end && start < $0.origin.end }
        guard !hit.isEmpty else { return }
        for u in hit { save(u); release(u) }
        units.removeAll { u in hit.contains { $0 === u } }
    }

    /// Writes every unit with blocks this process translated.
    public func saveAll() {
        for u in units { save(u) }
        directory.evictIfNeeded()
    }

    private func save(_ u: Unit) {
        guard u.newCount > u.savedCount else { return }
        // Rewriting a big file for a few blocks costs more than translating them again (python's
        // hash randomisation finds a few new paths per run, and its file is 7 MB): a new block
        // justifies rewriting up to `bytesPerNewBlock` of the file (about one translation's time).
        let fresh = u.newCount - u.savedCount
        guard fresh * Self.bytesPerNewBlock >= (u.loadedPayload?.count ?? 0) else { return }
        var payload: [UInt8] = []
        if let old = u.loadedPayload { payload += old }
        payload += u.newRecords
        if getenv("COMPAT_RUN_CACHE_DEBUG") != nil {
            let line = "ptc save \(u.key.fileName) \(u.key.words.map { String($0, radix: 16) }) new \(u.newCount)\n"; _ = line.withCString { write(2, $0, strlen($0)) }
        }
        if directory.write(u.key.fileName, CacheFileFormat.file(key: u.key, count: u.loadedCount + u.newCount, payload: payload)) {
            u.savedCount = u.newCount
        }
    }

    private func release(_ u: Unit) {
        if let old = u.loaded { CacheDirectory.unmap(old) }
        u.loaded = nil; u.loadedPayload = nil
    }

    private func dropAll() {
        for u in units { release(u) }
        units.removeAll()
    }
}
