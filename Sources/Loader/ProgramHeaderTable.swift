// Why: the program headers decide every address and length the mapper uses;
// each rule here is one the mapper relies on to never fault or overflow.
import CLibELF

/// Accumulates and checks program headers one at a time, then cross-checks them.
struct ProgramHeaderTable {
    let path: String
    let fileSize: UInt64
    private(set) var loads: [ELFSegment] = []
    private var interpreterPath: String?
    private var phdrSegmentAddress: UInt64?
    private var executableStack = false

    init(path: String, fileSize: UInt64) {
        self.path = path
        self.fileSize = fileSize
    }

    private func fail(_ reason: String) -> LoadError { .malformed(path, reason) }

    /// The file range [offset, offset+size) must lie inside the file.
    private func checkFileRange(offset: UInt64, size: UInt64, what: String) throws(LoadError) {
        let (end, overflow) = offset.addingReportingOverflow(size)
        guard !overflow, end <= fileSize else {
            throw fail("\(what): file range \(hex(offset))+\(hex(size)) lies outside the file (\(fileSize) bytes)")
        }
    }

    mutating func add(_ ph: GElf_Phdr, index: Int, bytes: UnsafeRawBufferPointer) throws(LoadError) {
        switch ph.p_type {
        case 1: try addLoad(ph, what: "PT_LOAD (program header \(index))")
        case 3 where interpreterPath == nil:  // Linux uses the first PT_INTERP.
            interpreterPath = try readInterpreter(ph, bytes: bytes, what: "PT_INTERP (program header \(index))")
        case 6 where phdrSegmentAddress == nil:  // PT_PHDR
            phdrSegmentAddress = ph.p_vaddr
        case 0x6474_e551:  // PT_GNU_STACK
            executableStack = ph.p_flags & 1 != 0
        default:
            break  // Notes, TLS, RELRO, ...: the kernel ignores them too.
        }
    }

    private mutating func addLoad(_ ph: GElf_Phdr, what: String) throws(LoadError) {
        try checkFileRange(offset: ph.p_offset, size: ph.p_filesz, what: what)
        guard ph.p_filesz <= ph.p_memsz else {
            throw fail("\(what): file size \(hex(ph.p_filesz)) exceeds memory size \(hex(ph.p_memsz))")
        }
        let align = ph.p_align
        guard align == 0 || align & (align &- 1) == 0 else {
            throw fail("\(what): alignment \(hex(align)) is not a power of two")
        }
        if align >= Page.size, (ph.p_vaddr &- ph.p_offset) & (align - 1) != 0 {
            throw fail("\(what): address \(hex(ph.p_vaddr)) and offset \(hex(ph.p_offset)) "
                + "differ modulo the alignment \(hex(align))")
        }
        let (end, overflow) = ph.p_vaddr.addingReportingOverflow(ph.p_memsz)
        guard !overflow, end <= ELFValidator.userAddressLimit else {
            throw fail("\(what): memory range \(hex(ph.p_vaddr))+\(hex(ph.p_memsz)) lies outside the user address space")
        }
        loads.append(ELFSegment(
            vaddr: ph.p_vaddr, memorySize: ph.p_memsz, fileOffset: ph.p_offset, fileSize: ph.p_filesz,
            align: align, readable: ph.p_flags & 4 != 0, writable: ph.p_flags & 2 != 0,
            executable: ph.p_flags & 1 != 0))
    }

    /// The NUL-terminated interpreter path, with Linux's limits (2...PATH_MAX bytes).
    private func readInterpreter(_ ph: GElf_Phdr, bytes: UnsafeRawBufferPointer, what: String) throws(LoadError) -> String {
        try checkFileRange(offset: ph.p_offset, size: ph.p_filesz, what: what)
        guard ph.p_filesz >= 2, ph.p_filesz <= 4096 else {
            throw fail("\(what): path length \(ph.p_filesz) is out of range")
        }
        let start = Int(ph.p_offset), end = start + Int(ph.p_filesz)
        guard bytes[end - 1] == 0 else { throw fail("\(what): path is not NUL-terminated") }
        let raw = bytes[start..<(end - 1)]
        let text = raw.prefix { $0 != 0 }
        return String(decoding: text, as: UTF8.self)
    }

    /// Cross-segment checks: at least one PT_LOAD, no overlap, entry in executable code.
    func finish(kind: ELFFileKind, header: GElf_Ehdr) throws(LoadError) -> ValidatedELF {
        guard !loads.isEmpty else { throw fail("no loadable (PT_LOAD) segments") }
        let sorted = loads.sorted { $0.vaddr < $1.vaddr }
        // Empty segments map nothing (as on Linux) but still take part in the entry check.
        let mapped = sorted.filter { $0.memorySize > 0 }
        guard let first = mapped.first, let last = mapped.last else {
            throw fail("every PT_LOAD segment is empty")
        }
        for (lower, upper) in zip(mapped, mapped.dropFirst()) where upper.pageStart < lower.pageEnd {
            throw fail("PT_LOAD segments \(hex(lower.vaddr))-\(hex(lower.vaddr + lower.memorySize)) and "
                + "\(hex(upper.vaddr))-\(hex(upper.vaddr + upper.memorySize)) overlap")
        }
        let entry = header.e_entry
        guard let home = mapped.first(where: { entry >= $0.vaddr && entry - $0.vaddr < $0.memorySize }) else {
            throw fail("entry point \(hex(entry)) is outside every loadable segment")
        }
        guard home.executable else {
            throw fail("entry point \(hex(entry)) is in a non-executable segment")
        }
        let maxAlign = mapped.reduce(Page.size) { max($0, $1.align) }
        return ValidatedELF(
            kind: kind, entry: entry, segments: mapped, interpreterPath: interpreterPath,
            programHeaderOffset: header.e_phoff, programHeaderEntrySize: UInt64(header.e_phentsize),
            programHeaderCount: UInt64(header.e_phnum),
            programHeaderAddress: phdrSegmentAddress ?? phdrFromLoad(header.e_phoff, in: mapped),
            executableStack: executableStack, imageStart: first.pageStart,
            imageEnd: mapped.reduce(last.pageEnd) { max($0, $1.pageEnd) }, maxAlign: maxAlign)
    }

    /// Linux's fallback for AT_PHDR: the PT_LOAD whose file bytes contain e_phoff.
    private func phdrFromLoad(_ phoff: UInt64, in segments: [ELFSegment]) -> UInt64? {
        for segment in segments where segment.fileOffset <= phoff && phoff - segment.fileOffset < segment.fileSize {
            return segment.vaddr + (phoff - segment.fileOffset)
        }
        return nil
    }
}
