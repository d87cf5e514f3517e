// Why: this is the one entry point the run loop calls; it strings together
// read → validate → map → stack and undoes the mappings if a later step fails.

/// How to start the program: its arguments, environment and advertised CPU features.
public struct LoadOptions: Sendable {
    /// argv, argv[0] included.
    public var argv: [String]
    /// "K=V" strings.
    public var envp: [String]
    /// AT_HWCAP / AT_HWCAP2 values (the caller decides what is implemented).
    public var hwcap: UInt64
    public var hwcap2: UInt64
    public var stackSize: Int = 8 << 20

    public init(argv: [String], envp: [String], hwcap: UInt64, hwcap2: UInt64) {
        self.argv = argv
        self.envp = envp
        self.hwcap = hwcap
        self.hwcap2 = hwcap2
    }
}

/// An address range the guest owns, with its protection (for /proc/self/maps).
public struct MappedSegment: Sendable, Equatable {
    public let start: UInt64
    public let end: UInt64
    public let readable: Bool
    public let writable: Bool
    public let executable: Bool

    public init(start: UInt64, end: UInt64, readable: Bool, writable: Bool, executable: Bool) {
        self.start = start
        self.end = end
        self.readable = readable
        self.writable = writable
        self.executable = executable
    }
}

/// A program mapped into memory, ready to run from `entry` with `stackPointer`.
public struct LoadedProgram: Sendable {
    /// Initial pc (the program's entry; later the interpreter's).
    public let entry: UInt64
    /// Initial sp, 16-byte aligned, pointing at argc.
    public let stackPointer: UInt64
    /// Initial program break: the start of the PROT_NONE brk reservation.
    public let brkStart: UInt64
    /// End of the brk reservation.
    public let brkLimit: UInt64
    /// 0 for ET_EXEC, the chosen bias for static-pie.
    public let loadBias: UInt64
    public let phdrAddress: UInt64, phentSize: UInt64, phnum: UInt64
    /// The path as given (AT_EXECFN, later /proc/self/exe).
    public let executablePath: String
    /// The PT_LOAD mappings, page-rounded, in address order.
    public let segments: [MappedSegment]
    /// The usable stack (a PROT_NONE guard page sits just below it).
    public let stack: MappedSegment
    /// The auxiliary vector as written on the stack (for /proc/self/auxv).
    public let auxv: [AuxEntry]
    /// Everything the loader mapped or reserved, for `ProgramLoader.unload`.
    let ownedRanges: [Range<UInt64>]
}

public enum ProgramLoader {
    /// Reads, validates and maps the arm64 ELF program at `path` and builds its initial stack.
    public static func load(path: String, options: LoadOptions) throws(LoadError) -> LoadedProgram {
        let file = try ProgramFile.read(path: path)
        let elf = try ELFValidator.validate(bytes: file.bytes, path: path)
        if let interpreter = elf.interpreterPath {
            throw .file(path, "dynamically linked programs are not supported yet (needs PT_INTERP \(interpreter))")
        }
        let image = try ImageMapper.map(elf, file: file.bytes, path: path)
        let aux = ImageAux(
            phdr: elf.programHeaderAddress.map { $0 &+ image.bias } ?? 0,
            phent: elf.programHeaderEntrySize, phnum: elf.programHeaderCount,
            entry: elf.entry &+ image.bias, interpreterBase: 0)
        let stack: StackLayout
        do {
            stack = try InitialStack.build(options: options, executablePath: path, image: aux, path: path)
        } catch {
            image.unmapAll()
            throw error
        }
        return LoadedProgram(
            entry: aux.entry, stackPointer: stack.stackPointer, brkStart: image.brk.lowerBound,
            brkLimit: image.brk.upperBound, loadBias: image.bias, phdrAddress: aux.phdr,
            phentSize: aux.phent, phnum: aux.phnum, executablePath: path, segments: image.segments,
            stack: MappedSegment(start: stack.usable.lowerBound, end: stack.usable.upperBound,
                                 readable: true, writable: true, executable: elf.executableStack),
            auxv: stack.auxv, ownedRanges: image.owned + [stack.owned])
    }

    /// Unmaps everything `load` mapped (for tests and for a failed exec).
    public static func unload(_ program: LoadedProgram) {
        for range in program.ownedRanges {
            HostMemory.unmap(range.lowerBound, length: range.upperBound - range.lowerBound)
        }
    }
}
