// Capstone-backed disassembly for diagnostics and `-d in_asm,out_asm`.
import CCapstone

public enum Disassembler {
    /// "mnemonic operands" for one A64 word, or "unknown".
    public static func arm64(_ word: UInt32, at pc: UInt64) -> String {
        withHandle(arch: CS_ARCH_ARM64, mode: CS_MODE_LITTLE_ENDIAN) { h in
            var w = word
            return withUnsafeBytes(of: &w) { lines(h, $0, address: pc).first?.text ?? "unknown" }
        } ?? "unknown"
    }

    /// One line per host instruction: (address, text). The byte ranges in `data` (sorted,
    /// e.g. exit records) are one `.record` line each instead of instructions.
    public static func x86(_ bytes: [UInt8], at address: UInt64, data: [Range<Int>] = []) -> [(address: UInt64, text: String)] {
        withHandle(arch: CS_ARCH_X86, mode: CS_MODE_64) { h in
            bytes.withUnsafeBytes { all in
                var out: [(address: UInt64, text: String)] = []
                var at = 0
                for r in data + [bytes.count..<bytes.count] where r.lowerBound >= at && r.upperBound <= bytes.count {
                    out += lines(h, UnsafeRawBufferPointer(rebasing: all[at..<r.lowerBound]), address: address + UInt64(at))
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

    private static func withHandle<T>(arch: cs_arch, mode: cs_mode, _ body: (csh) -> T) -> T? {
        var h: csh = 0
        guard cs_open(arch, mode, &h) == CS_ERR_OK else { return nil }
        defer { cs_close(&h) }
        return body(h)
    }

    private static func lines(_ h: csh, _ buf: UnsafeRawBufferPointer, address: UInt64) -> [(address: UInt64, text: String)] {
        guard let base = buf.baseAddress else { return [] }
        var insn: UnsafeMutablePointer<cs_insn>? = nil
        let n = cs_disasm(h, base.assumingMemoryBound(to: UInt8.self), buf.count, address, 0, &insn)
        guard n > 0, let list = insn else { return [] }
        defer { cs_free(list, n) }
        return (0..<n).map { i in
            var item = list[i]
            let mnemonic = withUnsafeBytes(of: &item.mnemonic) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            let ops = withUnsafeBytes(of: &item.op_str) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            return (item.address, ops.isEmpty ? mnemonic : "\(mnemonic) \(ops)")
        }
    }
}
