// Guest symbols for the tools: an ELF file's function symbols (libelf, .symtab and
// .dynsym), and a symbolizer that names guest addresses "symbol+0xOFF" across the
// program, its interpreter and the shared libraries the guest maps later.
import CLibELF
import Glibc

/// The function symbols and PT_LOAD segments of one ELF file.
struct ELFSymbols {
    struct Symbol { let name: String; let value: UInt64; let size: UInt64 }
    struct Segment { let vaddr: UInt64; let memsz: UInt64; let offset: UInt64; let filesz: UInt64 }

    /// Sorted by value; Arm mapping symbols ($x, $d) and undefined ones left out.
    let symbols: [Symbol]
    let segments: [Segment]

    init?(path: String) {
        guard libelfReady else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard let elf = elf_begin(fd, ELF_C_READ_MMAP, nil) else { return nil }
        defer { elf_end(elf) }
        guard elf_kind(elf) == ELF_K_ELF else { return nil }
        var ehdr = GElf_Ehdr()
        guard gelf_getehdr(elf, &ehdr) != nil, ehdr.e_machine == UInt16(EM_AARCH64) else { return nil }
        var segs: [Segment] = []
        for i in 0..<Int32(ehdr.e_phnum) {
            var ph = GElf_Phdr()
            if gelf_getphdr(elf, i, &ph) != nil && ph.p_type == UInt32(PT_LOAD) {
                segs.append(Segment(vaddr: ph.p_vaddr, memsz: ph.p_memsz, offset: ph.p_offset, filesz: ph.p_filesz))
            }
        }
        var syms: [Symbol] = []
        var scn: OpaquePointer? = nil
        while true {
            scn = elf_nextscn(elf, scn)
            guard let section = scn else { break }
            var sh = GElf_Shdr()
            guard gelf_getshdr(section, &sh) != nil,
                  sh.sh_type == UInt32(SHT_SYMTAB) || sh.sh_type == UInt32(SHT_DYNSYM), sh.sh_entsize > 0,
                  let data = elf_getdata(section, nil) else { continue }
            for k in 0..<Int32(sh.sh_size / sh.sh_entsize) {
                var sym = GElf_Sym()
                guard gelf_getsym(data, k, &sym) != nil else { continue }
                let type = Int32(sym.st_info & 0xf)
                guard type == STT_FUNC || type == STT_GNU_IFUNC || type == STT_NOTYPE,
                      sym.st_shndx != UInt16(SHN_UNDEF), sym.st_shndx < UInt16(SHN_LORESERVE), sym.st_value != 0,
                      let cname = elf_strptr(elf, Int(sh.sh_link), Int(sym.st_name)) else { continue }
                let name = String(cString: cname)
                if name.isEmpty || name.hasPrefix("$") || (type == STT_NOTYPE && name.hasPrefix(".L")) { continue }
                syms.append(Symbol(name: name, value: sym.st_value, size: sym.st_size))
            }
        }
        // Sorted by address; at one address the sized (function) symbol first, one per name.
        var seen = Set<String>()
        symbols = syms.sorted { ($0.value, $1.size) < ($1.value, $0.size) }.filter { seen.insert($0.name).inserted }
        segments = segs
    }

    /// The symbol covering the link-time address `vaddr` (inside its size, or the nearest
    /// unsized one before it).
    func symbol(containing vaddr: UInt64) -> Symbol? {
        var lo = 0, hi = symbols.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if symbols[mid].value <= vaddr { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        // Several symbols may start at or before vaddr; the first covering one wins.
        var i = lo - 1
        let best = symbols[i]
        while i >= 0 && symbols[i].value == best.value {
            if symbols[i].size == 0 || vaddr < symbols[i].value &+ symbols[i].size { return symbols[i] }
            i -= 1
        }
        return nil
    }

    func symbol(named name: String) -> Symbol? { symbols.first { $0.name == name } }

    /// Up to `limit` names like `name` (substring or small edit distance), closest first.
    func closeMatches(to name: String, limit: Int = 5) -> [String] {
        let q = Array(name.lowercased().utf8)
        var scored: [(Int, String)] = []
        for s in symbols {
            let n = Array(s.name.lowercased().utf8)
            if n.count > 64 { continue }
            let d = editDistance(q, n)
            let contains = q.count >= 3 && s.name.lowercased().contains(name.lowercased())
            if d <= max(2, q.count / 3) || contains { scored.append((contains ? min(d, n.count - q.count) : d, s.name)) }
        }
        return Array(scored.sorted { $0 < $1 }.map(\.1).prefix(limit))
    }

    /// The load bias of a mapping that starts at `start` with file offset `offset`.
    func bias(mappingStart start: UInt64, fileOffset offset: UInt64) -> UInt64? {
        guard let seg = segments.first(where: { offset >= $0.offset && offset < $0.offset + max($0.filesz, 1) })
              ?? segments.first else { return nil }
        return start &- (seg.vaddr &- seg.offset &+ offset)
    }

    /// Link-time extent of the PT_LOADs.
    var extent: Range<UInt64>? {
        guard let lo = segments.map(\.vaddr).min(), let hi = segments.map({ $0.vaddr + $0.memsz }).max(), lo < hi else { return nil }
        return lo..<hi
    }
}

private func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    var prev = Array(0...b.count), cur = prev
    for i in 1...a.count {
        cur[0] = i
        for j in stride(from: 1, through: b.count, by: 1) {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}

/// elf_version must be called once before any other libelf call.
private let libelfReady: Bool = elf_version(UInt32(EV_CURRENT)) != UInt32(EV_NONE)

/// Names guest addresses. Images are added from the loader's segments; an address outside
/// them is looked up in the host's /proc/self/maps (guest libraries are file mappings at
/// their guest addresses), at most once per unknown page.
final class Symbolizer {
    private struct Image { let range: Range<UInt64>; let bias: UInt64; let symbols: ELFSymbols; let file: String }
    private var images: [Image] = []
    private var knownFiles = Set<String>()
    private var unknownPages = Set<UInt64>()

    /// Adds the ELF file `path` mapped so that file offset `fileOffset` is at `start`.
    func addImage(path: String, start: UInt64, fileOffset: UInt64) {
        guard !knownFiles.contains(path) else { return }
        knownFiles.insert(path)
        guard let syms = ELFSymbols(path: path), let bias = syms.bias(mappingStart: start, fileOffset: fileOffset),
              let extent = syms.extent else { return }
        images.append(Image(range: (extent.lowerBound &+ bias)..<(extent.upperBound &+ bias), bias: bias, symbols: syms,
                            file: String(path.split(separator: "/").last ?? "")))
    }

    /// "symbol+0xOFF" (or "symbol" at its start); in a known file without a symbol there,
    /// "file+0xVADDR" (its link-time address); else "guest_0xADDR".
    func name(_ address: UInt64) -> String {
        if let n = lookup(address) { return n }
        let page = address >> 12
        if !unknownPages.contains(page) {
            loadHostMaps()
            if let n = lookup(address) { return n }
            unknownPages.insert(page)
        }
        return "guest_0x" + String(address, radix: 16)
    }

    private func lookup(_ address: UInt64) -> String? {
        guard let image = images.first(where: { $0.range.contains(address) }) else { return nil }
        guard let s = image.symbols.symbol(containing: address &- image.bias) else {
            return "\(image.file)+0x\(String(address &- image.bias, radix: 16))"    // stripped: file offset
        }
        let off = address &- image.bias &- s.value
        return off == 0 ? s.name : "\(s.name)+0x\(String(off, radix: 16))"
    }

    /// Adds every file-backed executable mapping of this process not known yet.
    private func loadHostMaps() {
        guard let f = fopen("/proc/self/maps", "r") else { return }
        defer { fclose(f) }
        var line: UnsafeMutablePointer<CChar>? = nil, cap = 0
        defer { free(line) }
        while getline(&line, &cap, f) > 0 {
            let fields = String(cString: line!).split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1].contains("x"), fields[5].hasPrefix("/") else { continue }
            let path = fields[5].trimmingCharacters(in: "\n")
            guard !knownFiles.contains(path), !path.hasPrefix("/memfd:") else { continue }
            let range = fields[0].split(separator: "-")
            guard range.count == 2, let start = UInt64(range[0], radix: 16), let off = UInt64(fields[2], radix: 16) else { continue }
            addImage(path: path, start: start, fileOffset: off)
        }
    }
}

private extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        var s = self
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
