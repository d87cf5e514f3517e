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
    /// Where to look for a dynamic program's interpreter (PT_INTERP) first, like
    /// `qemu-aarch64 -L`; nil: only the interpreter's own path.
    public var sysroot: String?

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
    /// The file the segment came from (as the guest names it) and the file offset of
    /// `start`; empty for memory that is not from a file (the stack).
    public let path: String
    public let fileOffset: UInt64

    public init(start: UInt64, end: UInt64, readable: Bool, writable: Bool, executable: Bool,
                path: String = "", fileOffset: UInt64 = 0) {
        self.start = start
        self.end = end
        self.readable = readable
        self.writable = writable
        self.executable = executable
        self.path = path
        self.fileOffset = fileOffset
    }
}

/// A program mapped into memory, ready to run from `entry` with `stackPointer`.
public struct LoadedProgram: Sendable {
    /// Initial pc: the interpreter's entry for a dynamic program, else the program's.
    public let entry: UInt64
    /// The program's own entry (AT_ENTRY).
    public let programEntry: UInt64
    /// Where the interpreter was loaded (AT_BASE); 0 for a static program.
    public let interpreterBase: UInt64
    /// The host file loaded as the interpreter, nil for a static program.
    public let interpreterPath: String?
    /// True when the program has PT_INTERP (it was started through its interpreter).
    public var isDynamic: Bool { interpreterPath != nil }
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
    /// The PT_LOAD mappings (the program's, then the interpreter's), page-rounded.
    public let segments: [MappedSegment]
    /// The usable stack (a PROT_NONE guard page sits just below it).
    public let stack: MappedSegment
    /// The auxiliary vector as written on the stack (for /proc/self/auxv).
    public let auxv: [AuxEntry]
    /// Everything the loader mapped or reserved, for `ProgramLoader.unload`.
    let ownedRanges: [OwnedRange]
}

public enum ProgramLoader {
    /// Reads, validates and maps the arm64 ELF program at `path` and builds its initial stack.
    public static func load(path: String, options: LoadOptions) throws(LoadError) -> LoadedProgram {
        let file = try ProgramFile.read(path: path)
        let elf = try ELFValidator.validate(bytes: file.bytes, path: path)
        let image = try ImageMapper.map(elf, file: file.source, path: path)
        var interpreter: (image: MappedImage, entry: UInt64, path: String)?
        if let requested = elf.interpreterPath {
            do {
                interpreter = try loadInterpreter(requested, sysroot: options.sysroot, programPath: path)
            } catch {
                image.unmapAll()
                throw error
            }
        }
        let owned = image.owned + (interpreter?.image.owned ?? [])
        let aux = ImageAux(
            phdr: elf.programHeaderAddress.map { $0 &+ image.bias } ?? 0,
            phent: elf.programHeaderEntrySize, phnum: elf.programHeaderCount,
            entry: elf.entry &+ image.bias, interpreterBase: interpreter?.image.bias ?? 0)
        let stack: StackLayout
        do {
            stack = try InitialStack.build(options: options, executablePath: path, image: aux, path: path)
        } catch {
            for range in owned { range.unmap() }
            throw error
        }
        return LoadedProgram(
            entry: interpreter?.entry ?? aux.entry, programEntry: aux.entry,
            interpreterBase: aux.interpreterBase, interpreterPath: interpreter?.path,
            stackPointer: stack.stackPointer, brkStart: image.brk.lowerBound,
            brkLimit: image.brk.upperBound, loadBias: image.bias, phdrAddress: aux.phdr,
            phentSize: aux.phent, phnum: aux.phnum, executablePath: path,
            segments: image.segments + (interpreter?.image.segments ?? []),
            stack: MappedSegment(start: stack.usable.lowerBound, end: stack.usable.upperBound,
                                 readable: true, writable: true, executable: elf.executableStack),
            auxv: stack.auxv, ownedRanges: owned + [OwnedRange(stack.owned)])
    }

    /// The host file for a PT_INTERP path: inside the sysroot if it is there, else the path itself.
    public static func interpreterHostPath(_ requested: String, sysroot: String?) -> String {
        Sysroot(sysroot)?.resolve(requested) ?? requested
    }

    /// Reads, validates and maps the interpreter (ET_DYN at a base the kernel picks,
    /// no break of its own). Errors name the program and the interpreter.
    private static func loadInterpreter(_ requested: String, sysroot: String?,
                                        programPath: String) throws(LoadError) -> (MappedImage, UInt64, String) {
        let hostPath = interpreterHostPath(requested, sysroot: sysroot)
        let printable = escapeControlCharacters(requested)
        let shown = "\(programPath): interpreter \(printable)"
        let file: ProgramFile
        do {
            file = try ProgramFile.read(path: hostPath, shownAs: shown)
        } catch {
            if error.exitCode == 127 {
                throw .file(programPath, "interpreter \(printable) not found (use -L SYSROOT or QEMU_LD_PREFIX)",
                            exitCode: 127)
            }
            throw error
        }
        let elf = try ELFValidator.validate(bytes: file.bytes, path: shown)
        if elf.interpreterPath != nil {
            throw .file(shown, "the interpreter itself asks for an interpreter")
        }
        let image = try ImageMapper.map(elf, file: file.source, path: shown, segmentPath: requested, reserveBreak: false,
                                        preferredBase: ImageMapper.interpreterBase)
        return (image, elf.entry &+ image.bias, hostPath)
    }

    /// The PT_INTERP path as it may appear in a one-line message: control bytes as \\xNN.
    static func escapeControlCharacters(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Unmaps everything `load` mapped (for tests and for a failed exec).
    public static func unload(_ program: LoadedProgram) {
        for range in program.ownedRanges { range.unmap() }
    }
}
