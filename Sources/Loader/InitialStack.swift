// Why: static glibc reads argc/argv/envp/auxv straight off the initial sp and
// trusts Linux's exact layout (fs/binfmt_elf.c create_elf_tables), so we build it
// byte for byte the same way.
import Glibc

/// One auxiliary vector entry (a_type, a_val).
public struct AuxEntry: Sendable, Equatable {
    public let type: UInt64
    public let value: UInt64
    public init(type: UInt64, value: UInt64) {
        self.type = type
        self.value = value
    }
}

/// What the auxiliary vector says about the program image.
struct ImageAux {
    var phdr: UInt64, phent: UInt64, phnum: UInt64, entry: UInt64, interpreterBase: UInt64
}

/// The mapped stack and the words at the initial sp.
struct StackLayout {
    /// Usable stack (the guard page below it is part of `owned`).
    let usable: Range<UInt64>
    let owned: Range<UInt64>
    let stackPointer: UInt64
    let auxv: [AuxEntry]
}

enum InitialStack {
    static let platform = "aarch64"
    /// arm64's signal_minsigstksz without SVE/SME.
    static let minSigStackSize: UInt64 = 5120

    static func build(options: LoadOptions, executablePath: String, image: ImageAux,
                      path: String) throws(LoadError) -> StackLayout {
        let size = Page.roundUp(UInt64(min(max(options.stackSize, 64 << 10), 1 << 40)))
        let strings = executablePath.utf8.count + 1 + Self.stringBytes(options.argv) + Self.stringBytes(options.envp)
        let words = 1 + options.argv.count + 1 + options.envp.count + 1 + 2 * 20
        // Linux caps argument strings at a quarter of the stack (else E2BIG).
        guard UInt64(strings + 8 * words + 8192) <= size / 4 else {
            throw .file(path, "Argument list too long")
        }
        let total = size + Page.size
        // At a fixed place next to the interpreter when free (ImageMapper.stackTop), else the kernel's.
        var result = HostMemory.mapAnonymous(at: ImageMapper.stackTop - total, length: total,
                                             prot: HostMemory.protRead | HostMemory.protWrite,
                                             flags: HostMemory.mapStack | HostMemory.mapFixedNoReplace)
        if case .failed = result {
            result = HostMemory.mapAnonymous(at: 0, length: total, prot: HostMemory.protRead | HostMemory.protWrite,
                                             flags: HostMemory.mapStack)
        }
        guard case .mapped(let low) = result else { throw .file(path, "cannot allocate the \(size)-byte stack") }
        HostMemory.protect(low, length: Page.size, prot: HostMemory.protNone)  // Guard page.
        let top = low + total
        var writer = StackWriter(cursor: top - 8)  // Linux leaves one NULL word at the very top.

        let execfn = writer.push(executablePath)
        let envAddresses = options.envp.reversed().map { writer.push($0) }.reversed()
        let argAddresses = options.argv.reversed().map { writer.push($0) }.reversed()
        // arch_align_stack: a random sub-page offset, then 16-byte alignment.
        writer.cursor = (writer.cursor - HostMemory.randomWord() % Page.size) & ~15
        let platformAddress = writer.push(platform)
        writer.cursor -= 16
        let randomAddress = writer.cursor
        if let target = UnsafeMutableRawPointer(bitPattern: UInt(randomAddress)) {
            HostMemory.randomBytes(UnsafeMutableRawBufferPointer(start: target, count: 16))
        }

        let auxv: [AuxEntry] = [
            (51, minSigStackSize), (16, options.hwcap), (6, Page.size), (17, 100),
            (3, image.phdr), (4, image.phent), (5, image.phnum), (7, image.interpreterBase), (8, 0),
            (9, image.entry), (11, UInt64(getuid())), (12, UInt64(geteuid())), (13, UInt64(getgid())),
            (14, UInt64(getegid())), (23, 0), (25, randomAddress), (26, options.hwcap2),
            (31, execfn), (15, platformAddress), (0, 0),
        ].map { AuxEntry(type: $0.0, value: $0.1) }
        var table: [UInt64] = []
        table.reserveCapacity(words)
        table.append(UInt64(options.argv.count))
        table += argAddresses
        table.append(0)
        table += envAddresses
        table.append(0)
        for entry in auxv { table.append(entry.type); table.append(entry.value) }
        // STACK_ROUND: sp is 16-byte aligned and points at argc.
        let sp = (writer.cursor - UInt64(table.count * 8)) & ~15
        if let target = UnsafeMutablePointer<UInt64>(bitPattern: UInt(sp)) {
            target.update(from: table, count: table.count)
        }
        return StackLayout(usable: (low + Page.size)..<top, owned: low..<top, stackPointer: sp, auxv: auxv)
    }

    /// The bytes `strings` take on the stack, NULs included.
    private static func stringBytes(_ strings: [String]) -> Int {
        strings.reduce(0) { $0 + $1.utf8.count + 1 }
    }
}

/// Pushes NUL-terminated strings downwards from a cursor in mapped stack memory.
private struct StackWriter {
    var cursor: UInt64

    /// Copies the string's own UTF-8 storage and a NUL: no array per string (a process
    /// starts with dozens of environment strings).
    mutating func push(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { bytes in
            cursor -= UInt64(bytes.count + 1)
            if let target = UnsafeMutableRawPointer(bitPattern: UInt(cursor)) {
                if let base = bytes.baseAddress { target.copyMemory(from: base, byteCount: bytes.count) }
                target.storeBytes(of: 0, toByteOffset: bytes.count, as: UInt8.self)
            }
            return cursor
        }
    }
}
