// Capstone-backed disassembly for diagnostics and `-d in_asm,out_asm`.
// libcapstone is opened at the first disassembly, not linked: loading it relocates ~77,000
// pointers, which every compat-run start paid for a library most runs never call.
import CCapstone
import CSupport
import Glibc

public enum Disassembler {
    /// "mnemonic operands" for one A64 word, or "unknown".
    public static func arm64(_ word: UInt32, at pc: UInt64) -> String {
        withHandle(arch: CS_ARCH_ARM64, mode: CS_MODE_LITTLE_ENDIAN) { cs, h in
            var w = word
            return withUnsafeBytes(of: &w) { lines(cs, h, $0, address: pc).first?.text ?? "unknown" }
        } ?? "unknown"
    }

    /// One line per host instruction: (address, text). The byte ranges in `data` (sorted,
    /// e.g. exit records) are one `.record` line each instead of instructions.
    public static func x86(_ bytes: [UInt8], at address: UInt64, data: [Range<Int>] = []) -> [(address: UInt64, text: String)] {
        withHandle(arch: CS_ARCH_X86, mode: CS_MODE_64) { cs, h in
            bytes.withUnsafeBytes { all in
                var out: [(address: UInt64, text: String)] = []
                var at = 0
                for r in data + [bytes.count..<bytes.count] where r.lowerBound >= at && r.upperBound <= bytes.count {
                    out += lines(cs, h, UnsafeRawBufferPointer(rebasing: all[at..<r.lowerBound]), address: address + UInt64(at))
                    if !r.isEmpty {
                        out.append((address + UInt64(r.lowerBound), ".record " + bytes[r].map { hex2($0) }.joined(separator: " ")))
                    }
                    at = r.upperBound
                }
                return out
            }
        } ?? []
    }

    private static func hex2(_ b: UInt8) -> String { (b < 16 ? "0" : "") + String(b, radix: 16) }

    private static func withHandle<T>(arch: cs_arch, mode: cs_mode, _ body: (Capstone, csh) -> T) -> T? {
        guard let cs = Capstone.library else { return nil }
        var h: csh = 0
        guard cs.open(arch, mode, &h) == CS_ERR_OK else { return nil }
        defer { _ = cs.close(&h) }
        return body(cs, h)
    }

    private static func lines(_ cs: Capstone, _ h: csh, _ buf: UnsafeRawBufferPointer,
                              address: UInt64) -> [(address: UInt64, text: String)] {
        guard let base = buf.baseAddress else { return [] }
        var insn: UnsafeMutablePointer<cs_insn>? = nil
        let n = cs.disasm(h, base.assumingMemoryBound(to: UInt8.self), buf.count, address, 0, &insn)
        guard n > 0, let list = insn else { return [] }
        defer { cs.free(list, n) }
        return (0..<n).map { i in
            var item = list[i]
            let mnemonic = withUnsafeBytes(of: &item.mnemonic) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            let ops = withUnsafeBytes(of: &item.op_str) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            return (item.address, ops.isEmpty ? mnemonic : "\(mnemonic) \(ops)")
        }
    }
}

/// The Capstone entry points the disassembler calls, from the library of the major
/// version whose header this was compiled against (cs_insn's layout changes between them).
private struct Capstone {
    typealias Open = @convention(c) (cs_arch, cs_mode, UnsafeMutablePointer<csh>?) -> cs_err
    typealias Close = @convention(c) (UnsafeMutablePointer<csh>?) -> cs_err
    typealias Disasm = @convention(c) (csh, UnsafePointer<UInt8>?, Int, UInt64, Int,
                                       UnsafeMutablePointer<UnsafeMutablePointer<cs_insn>?>?) -> Int
    typealias Free = @convention(c) (UnsafeMutablePointer<cs_insn>?, Int) -> Void
    typealias Option = @convention(c) (csh, cs_opt_type, Int) -> cs_err

    let open: Open, close: Close, disasm: Disasm, free: Free

    /// nil when the library is not installed: disassembly then reads "unknown".
    static let library: Capstone? = {
        guard let handle = dlopen("libcapstone.so.\(CS_API_MAJOR)", RTLD_NOW | RTLD_LOCAL) else { return nil }
        func symbol<F>(_ name: String, as _: F.Type) -> F? { dlsym(handle, name).map { unsafeBitCast($0, to: F.self) } }
        guard let open = symbol("cs_open", as: Open.self), let close = symbol("cs_close", as: Close.self),
              let disasm = symbol("cs_disasm", as: Disasm.self), let free = symbol("cs_free", as: Free.self),
              let option = symbol("cs_option", as: Option.self) else { return nil }
        // In the static build, dlopen brings a second libc whose thread-locals (the locale
        // printf reads to format an FP immediate) exist only in the main thread: a guest
        // thread's `-d in_asm` crashed in it. Capstone takes its allocator and vsnprintf
        // from this executable instead (copied at the call: `memory` need not outlive it).
        var memory = cs_opt_mem(malloc: { malloc($0) }, calloc: { calloc($0, $1) }, realloc: { realloc($0, $1) },
                                free: { Glibc.free($0) }, vsnprintf: unsafeBitCast(cr_vsnprintf_address(), to: cs_vsnprintf_t.self))
        guard withUnsafeMutablePointer(to: &memory, { option(0, CS_OPT_MEM, Int(bitPattern: $0)) }) == CS_ERR_OK else { return nil }
        return Capstone(open: open, close: close, disasm: disasm, free: free)
    }()
}
