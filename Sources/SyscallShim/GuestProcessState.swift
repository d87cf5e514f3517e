// What all threads of one guest process share: Linux's mm (the emulated break),
// signal struct (dispositions), the paths the process was started with, and the
// thread count that decides when `exit` of a thread ends the process.
import Glibc
import Loader
import Translator

public final class GuestProcessState: @unchecked Sendable {
    let options: ShimOptions
    /// The guest's path lookup (/proc/self/exe, the -L sysroot).
    public let paths: GuestPaths
    var executablePath: String { paths.executablePath }
    var sysroot: Sysroot? { paths.sysroot }
    /// The auxiliary vector as the guest received it, for /proc/self/auxv.
    let auxvBytes: [UInt8]

    /// The emulated program break (ProgramBreak.swift), under `lock`.
    var programBreak: ProgramBreak

    /// Serialises the mutable process-wide state below (and brk, see MemorySyscalls).
    let lock = HostMutex()
    private var dispositions = SignalDispositions()
    var sigreturnTrampolineAddress: UInt64 = 0
    /// Where the argument strings lie on the guest stack ([start, end): argv[0] to the end
    /// of the last one), for /proc/self/cmdline, which shows that memory as it is now.
    var argumentStrings: Range<UInt64> = 0..<0
    /// The same for the initial environment strings (empty without any).
    var environmentStrings: Range<UInt64> = 0..<0

    /// The guest's mappings (GuestAddressSpace.swift), under their own leaf lock: the
    /// translator asks which pages are executable while holding its lock, so this lock
    /// never encloses another one.
    private var addressSpace = GuestAddressSpace()
    private let addressSpaceLock = HostMutex()

    func withAddressSpace<T>(_ body: (inout GuestAddressSpace) -> T) -> T {
        addressSpaceLock.withLock { body(&addressSpace) }
    }

    /// Whether guest code may run at `pc`, and up to where (for the translator).
    func codeAccess(at pc: UInt64) -> CodeAccess {
        withAddressSpace { space in
            guard var m = space.mapping(containing: pc) else { return .unmapped }
            guard m.protection.contains(.exec) else { return .notExecutable }
            // Adjacent executable mappings form one run a block may cross into.
            while let next = space.mapping(containing: m.end), next.protection.contains(.exec) { m = next }
            return .executable(end: m.end)
        }
    }
    /// The file-backed executable mapping containing `pc` (for the persistent translation
    /// cache), else the extent of the other memory there (anonymous, shared, not executable),
    /// which stays so until it is unmapped or changed (an empty one for unmapped memory: a
    /// later mmap there is no change the cache hears of).
    func codeOrigin(at pc: UInt64) -> CodeOriginAnswer {
        withAddressSpace { space in
            guard let m = space.mapping(containing: pc) else { return .notFile(start: pc, end: pc) }
            guard m.protection.contains(.exec), m.inode != 0, !m.shared else { return .notFile(start: m.start, end: m.end) }
            return .file(CodeOrigin(start: m.start, end: m.end, fileOffset: m.offset, device: m.device, inode: m.inode,
                                    fileSize: m.fileSize, modified: m.modified, changed: m.changed,
                                    holdsFileBytes: !m.wasWritable && fileIsUnchanged(m)))
        }
    }
    /// Whether the file `m` was mapped from is still as it was then (stat by its path): a
    /// file written since may show its new bytes through the mapping's untouched pages.
    private func fileIsUnchanged(_ m: GuestMapping) -> Bool {
        var st = Glibc.stat()
        return !m.name.isEmpty && stat(paths.hostPath(for: m.name), &st) == 0 && m.isUnchangedFile(st)
    }

    /// Guest threads alive in this process (the last one's `exit` ends the process).
    private(set) var liveThreads = 1

    /// Called with (start, length) when guest memory is unmapped, reprotected or
    /// replaced, so the translator can drop code translated from that range.
    public var onExecutableRangeChanged: ((UInt64, UInt64) -> Void)?
    /// The translator running this process's threads (nil in unit tests of the shim).
    public var engine: Engine?

    init(brkStart: UInt64, brkLimit: UInt64, options: ShimOptions, auxvBytes: [UInt8] = []) {
        self.options = options
        self.paths = GuestPaths(executablePath: GuestProcessState.absolutePath(options.executablePath),
                                sysroot: Sysroot(options.sysroot))
        self.programBreak = ProgramBreak(start: brkStart, limit: brkLimit)
        self.auxvBytes = auxvBytes
    }

    /// The state of a freshly loaded program; `options.executablePath`, when set,
    /// overrides the path the program was loaded from.
    public convenience init(program: LoadedProgram, options: ShimOptions) {
        var options = options
        if options.executablePath.isEmpty { options.executablePath = program.executablePath }
        var auxv: [UInt8] = []
        auxv.reserveCapacity((program.auxv.count + 1) * 16)
        for e in program.auxv + [AuxEntry(type: 0, value: 0)] {  // AT_NULL-terminated, as the kernel shows it
            withUnsafeBytes(of: e.type.littleEndian) { auxv += $0 }
            withUnsafeBytes(of: e.value.littleEndian) { auxv += $0 }
        }
        self.init(brkStart: program.brkStart, brkLimit: program.brkLimit, options: options, auxvBytes: auxv)
        // One stat per file, not an open, fstat and close per segment: a file's segments are
        // adjacent. Two plain variables: an optional tuple is destroyed through runtime metadata.
        var stattedPath = "", statted: Glibc.stat? = nil
        for segment in program.segments {
            var m = GuestMapping(start: segment.start, end: segment.end,
                                 protection: GuestProtection(prot: (segment.readable ? 1 : 0) | (segment.writable ? 2 : 0)
                                                                 | (segment.executable ? 4 : 0)))
            let isProgram = segment.path == program.executablePath
            if segment.path != stattedPath {
                let hostPath = isProgram ? segment.path : (sysroot?.hostPath(for: segment.path) ?? segment.path)
                var st = Glibc.stat()
                stattedPath = segment.path
                statted = stat(hostPath, &st) == 0 ? st : nil
            }
            if let st = statted {
                m.setFile(st, offset: segment.fileOffset)
                m.wasWritable = segment.writable
                m.name = isProgram ? executablePath : segment.path
            }
            withAddressSpace { $0.map(m) }
        }
        // argc, then argv[] at the initial stack pointer (Linux's layout, built by the loader).
        let argc = GuestMemory.read(UInt64.self, at: program.stackPointer) ?? 0
        if argc > 0, let first = GuestMemory.read(UInt64.self, at: program.stackPointer + 8),
           let last = GuestMemory.read(UInt64.self, at: program.stackPointer + 8 * argc),
           case .success(let bytes) = GuestMemory.cString(at: last, limit: 1 << 20) {
            argumentStrings = first..<(last + UInt64(bytes.count) + 1)
        }
        // envp[] follows argv[]'s NULL; the strings follow the argument strings.
        var envp = program.stackPointer + 8 * (argc + 2), lastEnv: UInt64 = 0, firstEnv: UInt64 = 0
        while let p = GuestMemory.read(UInt64.self, at: envp), p != 0 {
            if firstEnv == 0 { firstEnv = p }
            lastEnv = p
            envp += 8
        }
        if lastEnv != 0, case .success(let bytes) = GuestMemory.cString(at: lastEnv, limit: 1 << 20) {
            environmentStrings = firstEnv..<(lastEnv + UInt64(bytes.count) + 1)
        }
        let stack = program.stack
        withAddressSpace { $0.map(GuestMapping(start: stack.start, end: stack.end,
                                      protection: stack.executable ? [.read, .write, .exec] : [.read, .write], name: "[stack]")) }
    }

    func signalAction(_ sig: Int32) -> GuestSigaction {
        lock.withLock { dispositions.action(for: sig) }
    }

    /// rt_sigaction's change (SignalDispositions.change) in one step with reading the action it
    /// replaces, so concurrent changes each see the previous one; nil for EINVAL.
    func exchangeSignalAction(_ sig: Int32, with action: GuestSigaction) -> (old: GuestSigaction, stored: GuestSigaction)? {
        lock.withLock {
            let old = dispositions.action(for: sig)
            return dispositions.change(sig, to: action).map { (old, $0) }
        }
    }

    /// A handler for `sig` is being entered; true when SA_RESETHAND put SIG_DFL back.
    func signalHandlerEntered(_ sig: Int32) -> Bool {
        lock.withLock { dispositions.handlerEntered(sig) }
    }

    func threadStarted() { lock.withLock { liveThreads += 1 } }

    /// A thread ended; true when it was the last one.
    func threadEnded() -> Bool { lock.withLock { liveThreads -= 1; return liveThreads == 0 } }

    /// In a fork child only the calling thread exists.
    func forkedChild() { liveThreads = 1 }

    private static func absolutePath(_ path: String) -> String {
        if path.isEmpty || path.hasPrefix("/") { return path }
        guard let cwd = getcwd(nil, 0) else { return path }
        defer { free(cwd) }
        let base = String(cString: cwd)
        let trimmed = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return base == "/" ? "/" + trimmed : base + "/" + trimmed
    }
}
