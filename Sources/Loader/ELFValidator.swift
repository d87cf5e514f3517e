// Why: every field of a guest ELF file is untrusted input that later becomes
// mmap addresses and memcpy lengths, so all of it is checked here, once, in a
// pure function the fuzz tests can hammer without mapping anything.
import CLibELF

/// Pure validation of an arm64 ELF executable held in memory. Never maps memory.
public enum ELFValidator {
    /// Top of the arm64 Linux user address space with 48-bit VAs (and of x86-64's 47-bit one).
    static let userAddressLimit: UInt64 = 1 << 47

    /// Checks `bytes` (the whole file) and describes what to map.
    /// Throws `LoadError` with exit code 126 for anything that is not a runnable arm64 ELF.
    /// libelf reads, never writes, the buffer: the byte order is native (checked first).
    public static func validate(bytes: UnsafeRawBufferPointer, path: String) throws(LoadError) -> ValidatedELF {
        try ELFIdentity.check(bytes, path: path)
        guard libelfReady else { throw .malformed(path, "libelf could not be initialised") }
        guard let base = bytes.baseAddress,
              let elf = elf_memory(UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: CChar.self)), bytes.count)
        else { throw .malformed(path, "libelf: \(libelfError())") }
        defer { elf_end(elf) }
        guard elf_kind(elf) == ELF_K_ELF else { throw .notELF(path) }
        var header = GElf_Ehdr()
        guard gelf_getehdr(elf, &header) != nil else { throw .malformed(path, "libelf: \(libelfError())") }

        let kind = try checkHeader(header, fileSize: UInt64(bytes.count), path: path)
        var table = ProgramHeaderTable(path: path, fileSize: UInt64(bytes.count))
        for index in 0..<Int32(header.e_phnum) {
            var phdr = GElf_Phdr()
            guard gelf_getphdr(elf, index, &phdr) != nil else {
                throw .malformed(path, "program header \(index): libelf: \(libelfError())")
            }
            try table.add(phdr, index: Int(index), bytes: bytes)
        }
        return try table.finish(kind: kind, header: header)
    }

    /// e_type, e_version and the program header table's size and position.
    private static func checkHeader(_ header: GElf_Ehdr, fileSize: UInt64, path: String) throws(LoadError) -> ELFFileKind {
        let kind: ELFFileKind
        switch header.e_type {
        case 2: kind = .executable            // ET_EXEC
        case 3: kind = .positionIndependent   // ET_DYN
        case 1: throw .file(path, "not an executable (it is an ELF relocatable object file)")
        case 4: throw .file(path, "not an executable (it is an ELF core dump)")
        default: throw .malformed(path, "unknown ELF file type \(header.e_type)")
        }
        guard header.e_version == 1 else {
            throw .malformed(path, "unsupported e_version \(header.e_version)")
        }
        guard header.e_phentsize == 56 else {
            throw .malformed(path, "program header entry size is \(header.e_phentsize), expected 56")
        }
        let count = UInt64(header.e_phnum)
        guard count > 0 else { throw .malformed(path, "no program headers") }
        // Linux refuses tables over 64 KiB; 0xffff (PN_XNUM) would need section 0.
        guard count * 56 <= 65536 else {
            throw .malformed(path, "too many program headers (\(count))")
        }
        let (end, overflow) = header.e_phoff.addingReportingOverflow(count * 56)
        guard !overflow, end <= fileSize else {
            throw .malformed(path, "program header table (offset \(hex(header.e_phoff)), \(count) entries) "
                + "lies outside the file (\(fileSize) bytes)")
        }
        return kind
    }

    private static func libelfError() -> String {
        guard let text = elf_errmsg(-1) else { return "unknown error" }
        return String(cString: text)
    }
}

/// elf_version must be called once before any other libelf call; a global let runs it once, thread-safely.
private let libelfReady: Bool = elf_version(UInt32(EV_CURRENT)) != UInt32(EV_NONE)
