// Why: identity mapping puts guest segments at their own addresses in our process,
// so mapping must never clobber the host (MAP_FIXED_NOREPLACE) and must undo
// itself on failure so a rejected program leaves no trace.
import Glibc

/// The guest image in memory and the address ranges the loader now owns.
struct MappedImage {
    var bias: UInt64 = 0
    var segments: [MappedSegment] = []
    /// Ranges to munmap to undo everything (image, reservations, break).
    var owned: [OwnedRange] = []
    var brk: Range<UInt64> = 0..<0

    func unmapAll() {
        for range in owned { range.unmap() }
    }
}

/// A host address range the loader mapped. Not a Range<UInt64>: an array of those needs its
/// metadata, which costs a scan of every protocol conformance in each process's start.
struct OwnedRange {
    var start: UInt64, end: UInt64
    init(_ r: Range<UInt64>) { start = r.lowerBound; end = r.upperBound }
    func unmap() { HostMemory.unmap(start, length: end - start) }
}

/// Maps validated PT_LOAD segments and reserves the program break after them.
enum ImageMapper {
    /// `reserveBreak: false` for a dynamic program's interpreter (the break follows the program).
    /// `segmentPath` names the file in the segments' descriptions (default: `path`).
    static func map(_ elf: ValidatedELF, file: ImageSource, path: String,
                    segmentPath: String? = nil, reserveBreak: Bool = true,
                    preferredBase: UInt64 = ImageMapper.programBase) throws(LoadError) -> MappedImage {
        var image = MappedImage()
        do {
            switch elf.kind {
            case .executable: try mapFixed(elf, into: &image, path: path)
            case .positionIndependent:
                try reserveRelocatable(elf, into: &image, brkSizes: reserveBreak ? BrkReservation.sizes + [0] : [0],
                                       preferredBase: preferredBase, path: path)
            }
            let remap = elf.kind == .positionIndependent
            for segment in elf.segments {
                try place(segment, bias: image.bias, remap: remap, file: file, into: &image, path: path,
                          segmentPath: segmentPath ?? path)
            }
            if image.brk.isEmpty && reserveBreak {
                image.brk = try BrkReservation.reserve(after: elf.imageEnd &+ image.bias, path: path)
                image.owned.append(OwnedRange(image.brk))
            }
            return image
        } catch {
            image.unmapAll()
            throw error
        }
    }

    /// ET_EXEC: each segment at its link address, refusing ranges the host already uses.
    private static func mapFixed(_ elf: ValidatedELF, into image: inout MappedImage, path: String) throws(LoadError) {
        for segment in elf.segments {
            let length = segment.pageEnd - segment.pageStart
            let result = HostMemory.mapAnonymous(at: segment.pageStart, length: length,
                                                 prot: HostMemory.protRead | HostMemory.protWrite,
                                                 flags: HostMemory.mapFixedNoReplace)
            switch result {
            case .mapped(let address):
                image.owned.append(OwnedRange(address..<(address + length)))
            case .failed(let errno):
                throw mapError(errno, at: segment.pageStart, path: path)
            }
        }
    }

    /// Where an ET_DYN program (PIE, static-pie) is placed, and its interpreter: fixed, not
    /// randomised, so the same files land at the same addresses in every run and the
    /// persistent translation cache can reuse their code (QEMU user mode does not randomise
    /// either). Both lie far from the host's own PIE image and heap (0x55..-0x56..) and from
    /// its randomised mmap area (the top 1 TiB); the guest's un-hinted mmaps go below the
    /// interpreter (SyscallShim's placement), the initial stack just above the interpreter.
    /// Kept close together (64 GiB of mmap room above the program) so the gaps between guest
    /// mappings stay small, as they are natively. Taken only when free, else the kernel picks.
    static let programBase: UInt64 = 0x5FF0_0000_0000
    static let interpreterBase: UInt64 = 0x6000_0000_0000
    static let stackTop: UInt64 = 0x6000_4000_0000

    /// ET_DYN: one PROT_NONE reservation (image span, alignment slack, break) at
    /// `preferredBase` when free, else placed by the kernel; the bias is the aligned start
    /// minus the image's link start.
    private static func reserveRelocatable(_ elf: ValidatedELF, into image: inout MappedImage,
                                           brkSizes: [UInt64], preferredBase: UInt64, path: String) throws(LoadError) {
        let span = elf.imageEnd - elf.imageStart
        let align = min(elf.maxAlign, 256 << 20)
        let brkGap = BrkReservation.randomGap()
        for brkSize in brkSizes {
            let used = span + (brkSize > 0 ? brkGap + brkSize : 0)
            let total = used + (align - Page.size)
            let preferred = (preferredBase + (align - 1)) & ~(align - 1)
            let exact = HostMemory.mapAnonymous(at: preferred, length: total, prot: HostMemory.protNone,
                                                flags: HostMemory.mapNoReserve | HostMemory.mapFixedNoReplace)
            let result: HostMemory.MapResult
            if case .mapped = exact { result = exact } else {
                result = HostMemory.mapAnonymous(at: 0, length: total, prot: HostMemory.protNone, flags: HostMemory.mapNoReserve)
            }
            guard case .mapped(let reserved) = result else { continue }
            let bias = ((reserved &- elf.imageStart) &+ (align - 1)) & ~(align - 1)
            let start = elf.imageStart &+ bias
            HostMemory.unmap(reserved, length: start - reserved)  // Alignment slack at both ends.
            HostMemory.unmap(start + used, length: reserved + total - (start + used))
            image.bias = bias
            image.owned.append(OwnedRange(start..<(start + used)))
            if brkSize > 0 {
                let brkStart = start + span + brkGap
                image.brk = brkStart..<(brkStart + brkSize)
            }
            return
        }
        throw .file(path, "cannot reserve \(span) bytes of address space for the program")
    }

    /// Puts one segment's file bytes in place (the bss stays zero-filled from the anonymous
    /// mapping), then applies its p_flags.
    private static func place(_ segment: ELFSegment, bias: UInt64, remap: Bool, file: ImageSource,
                              into image: inout MappedImage, path: String, segmentPath: String) throws(LoadError) {
        let start = segment.pageStart &+ bias, length = segment.pageEnd - segment.pageStart
        if remap {
            // ET_DYN pages are PROT_NONE inside our own reservation: MAP_FIXED is safe there.
            let result = HostMemory.mapAnonymous(at: start, length: length,
                                                 prot: HostMemory.protRead | HostMemory.protWrite,
                                                 flags: HostMemory.mapFixed)
            if case .failed(let errno) = result { throw mapError(errno, at: start, path: path) }
        }
        let pageOffset = segment.fileOffset &- (segment.vaddr - segment.pageStart)
        if segment.fileSize > 0 {
            if !mapFromFile(segment, at: start, fileOffset: pageOffset, file: file),
               let source = file.bytes.baseAddress, let target = UnsafeMutableRawPointer(bitPattern: UInt(segment.vaddr &+ bias)) {
                memcpy(target, source + Int(segment.fileOffset), Int(segment.fileSize))
            }
        }
        let prot = HostMemory.prot(readable: segment.readable, writable: segment.writable,
                                   executable: segment.executable)
        guard HostMemory.protect(start, length: length, prot: prot) else {
            throw .file(path, "cannot set the protection of the segment at \(hex(start))")
        }
        image.segments.append(MappedSegment(start: start, end: start + length, readable: segment.readable,
                                            writable: segment.writable, executable: segment.executable,
                                            path: segmentPath, fileOffset: pageOffset))
    }

    /// Maps the pages holding the segment's file bytes from the file, as the kernel's ELF
    /// loader does (copying them cost a page fault and a page copy per page at every start,
    /// 40 MB for node), and zeroes what follows the file bytes on their last page. False when
    /// the file cannot be mapped (no descriptor, offset not page-congruent): then they are copied.
    private static func mapFromFile(_ segment: ELFSegment, at start: UInt64, fileOffset: UInt64, file: ImageSource) -> Bool {
        guard file.descriptor >= 0, fileOffset % Page.size == 0 else { return false }
        let fileEnd = start + (segment.vaddr - segment.pageStart) + segment.fileSize
        let mappedEnd = (fileEnd + Page.size - 1) & ~(Page.size - 1)
        guard case .mapped = HostMemory.mapFile(at: start, length: mappedEnd - start,
                                                prot: HostMemory.protRead | HostMemory.protWrite,
                                                descriptor: file.descriptor, offset: fileOffset) else {
            // The range is still ours and anonymous (MAP_FIXED failed before replacing it).
            return false
        }
        if mappedEnd > fileEnd, segment.memorySize > segment.fileSize,
           let tail = UnsafeMutableRawPointer(bitPattern: UInt(fileEnd)) {
            memset(tail, 0, Int(mappedEnd - fileEnd))     // the file's next bytes are not the bss
        }
        return true
    }

    private static func mapError(_ errno: Int32, at address: UInt64, path: String) -> LoadError {
        switch errno {
        case HostMemory.eexist:
            return .file(path, "segment at \(hex(address)) overlaps compat-run's own memory")
        case HostMemory.eperm:
            return .file(path, "segment at \(hex(address)) is below the lowest address the host allows "
                + "(vm.mmap_min_addr)")
        case HostMemory.enomem:
            return .file(path, "cannot map the segment at \(hex(address)): out of memory")
        default:
            let text = strerror(errno).map { String(cString: $0) } ?? "error \(errno)"
            return .file(path, "cannot map the segment at \(hex(address)): \(text)")
        }
    }
}
