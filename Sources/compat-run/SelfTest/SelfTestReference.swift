// `compat-run selftest --reference CMD`: the fixtures' instruction encodings on fresh edge-case
// and seeded random inputs, run under a reference (qemu-aarch64…) in generated static arm64
// programs (no assembler needed: A64Harness encodes the harness instructions) and in-process
// under the translator.
import Glibc
import QemuFixtureData

enum SelfTestReference {
    /// Cases whose results do not depend on where the code is (ADR/ADRP do); memory forms run
    /// on a buffer of their own in the reference program, their base register compared relative
    /// to it. Pointer authentication is a NOP in compat-run (no FEAT_PAuth in HWCAP) but not under
    /// qemu's default CPU.
    static func supports(_ c: FixtureCase) -> Bool {
        c.pcRelative == nil
            && !["pac", "aut", "xpac", "mrs", "msr", "sys", "dc ", "ic "].contains { c.text.contains($0) }
    }

    static let edges: [UInt64] = [0, 1, 2, ~0, ~1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000, 1 << 63, (1 << 63) - 1,
                                  0xFFFF_FFFF_8000_0000, 0x8000_0000_0000_0001, 31, 32, 63, 64, 0xFF, 0xFFFF, 0x8000, 0x80, 0x7F,
                                  0x5555_5555_5555_5555, 0xAAAA_AAAA_AAAA_AAAA]
    /// IEEE edge values: ±0, ±1, ±inf, NaNs (quiet, signalling), denormals, extremes, as
    /// double, single pairs and half quads.
    static let fpEdges: [UInt64] = [0, 0x8000_0000_0000_0000, 0x3FF0_0000_0000_0000, 0xBFF0_0000_0000_0000,
                                    0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000, 0x7FF8_0000_0000_0000, 0x7FF0_0000_0000_0001,
                                    0x0000_0000_0000_0001, 0x000F_FFFF_FFFF_FFFF, 0x7FEF_FFFF_FFFF_FFFF, 0x0010_0000_0000_0000,
                                    0x3F80_0000_BF80_0000, 0x7F80_0000_FF80_0000, 0x7FC0_0000_7F80_0001, 0x0000_0001_807F_FFFF,
                                    0x4F00_0000_CF00_0000, 0x3C00_BC00_7C00_FC00, 0x7E00_7C01_0001_8000, 0x4170_0000_C170_0000]

    static func value(_ rng: inout SplitMix64, fp: Bool) -> UInt64 {
        let r = rng.next()
        switch r % 6 {
        case 0: return (fp ? fpEdges : edges)[Int(rng.next() % UInt64(fp ? fpEdges.count : edges.count))]
        case 1: return rng.next() << 32 | edges[Int(rng.next() % UInt64(edges.count))] & 0xFFFF_FFFF
        case 2: return rng.next() >> (64 - [8, 16, 32][Int(r >> 8 % 3)])
        case 3: return 0 &- (rng.next() % 300 + 1)
        default: return rng.next()
        }
    }

    /// `count` cases: encodings from the pool, chosen by the seed, on new inputs.
    static func generate(from pool: [FixtureCase], count: Int, rng: inout SplitMix64) -> [FixtureCase] {
        guard !pool.isEmpty else { return [] }
        return (0..<count).map { _ in
            var c = pool[Int(rng.next() % UInt64(pool.count))]
            let l = c.layout
            if c.memBase != nil {
                // Registers may form the address (base, index): keep them; new memory contents,
                // vector data and flags.
                c = c.with(memIn: (0..<FixtureRunner.bufferSize).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
                for i in 0..<2 * l.vectors { c.inputs[i] = value(&rng, fp: true) }
                c.inputs[l.nzcv] = (rng.next() % 16) << 28
                c.outputs = []
                return c
            }
            for i in 0..<l.nzcv {
                if i < 2 * l.vectors && l.registers == 16 && c.inputs[i] == 0 { continue }  // V unused by this integer case
                c.inputs[i] = value(&rng, fp: i < 2 * l.vectors)
            }
            c.inputs[l.nzcv] = (rng.next() % 16) << 28
            c.outputs = []
            return c
        }
    }

    static func run(_ cases: [FixtureCase], reference: [String]) throws -> [FixtureResult] {
        var out: [FixtureResult] = []
        var start = 0
        while start < cases.count {
            let batch = Array(cases[start..<min(start + 1000, cases.count)])
            out += try runBatch(batch, reference: reference)
            start += batch.count
        }
        return out
    }

    static let base: UInt64 = 0x40_0000

    private static func runBatch(_ cases: [FixtureCase], reference: [String]) throws -> [FixtureResult] {
        // layout: ELF header + one program header, code, input records, output records
        var code: [UInt32] = []
        let codeStart = base + 0x80
        let codeWords = cases.reduce(0) { $0 + $1.words.count + 64 } + 16
        let inStart = (codeStart + UInt64(4 * codeWords) + 15) & ~15
        var inOffsets: [UInt64] = [], outOffsets: [UInt64] = []
        var p = inStart
        for c in cases { inOffsets.append(p); p += UInt64(8 * c.inputs.count) }
        let outStart = (p + 15) & ~15
        p = outStart
        for c in cases { outOffsets.append(p); p += UInt64(8 * (c.layout.count)) }
        // One buffer per memory case, after the output records: the program writes it out too.
        var buffers: [UInt64?] = []
        p = (p + 63) & ~63
        for c in cases {
            if c.memIn != nil { buffers.append(p); p += UInt64(FixtureRunner.bufferSize) } else { buffers.append(nil) }
        }
        let end = p

        for (i, c) in cases.enumerated() {
            let l = c.layout
            code += A64Harness.mov(16, inOffsets[i])
            for k in stride(from: 0, to: l.vectors, by: 2) { code.append(A64Harness.ldpQ(k, k + 1, 16, 16 * k)) }
            let xOff = 16 * l.vectors
            for j in stride(from: 0, to: l.registers, by: 2) { code.append(A64Harness.ldpX(j, j + 1, 16, xOff + 8 * j)) }
            if l.hasSP { code += [A64Harness.ldrX(17, 16, 8 * l.sp), A64Harness.movSPfromX17] }
            if l.hasFP { code += [A64Harness.ldrX(17, 16, 8 * l.fpcr), A64Harness.msrFPCR17, A64Harness.msrFPSRzero] }
            code += [A64Harness.ldrX(17, 16, 8 * l.nzcv), A64Harness.msrNZCV17, A64Harness.clrex]
            code += c.words
            code += A64Harness.mov(16, outOffsets[i])
            for k in stride(from: 0, to: l.vectors, by: 2) { code.append(A64Harness.stpQ(k, k + 1, 16, 16 * k)) }
            for j in stride(from: 0, to: l.registers, by: 2) { code.append(A64Harness.stpX(j, j + 1, 16, xOff + 8 * j)) }
            if l.hasSP { code += [A64Harness.movX17fromSP, A64Harness.strX(17, 16, 8 * l.sp)] }
            code += [A64Harness.mrsNZCV17, A64Harness.strX(17, 16, 8 * l.nzcv)]
            if l.hasFP { code += [A64Harness.mrsFPSR17, A64Harness.strX(17, 16, 8 * l.fpcr)] }
        }
        code += A64Harness.mov(0, 1) + A64Harness.mov(1, outStart) + A64Harness.mov(2, end - outStart) + A64Harness.mov(8, 64) + [A64Harness.svc]
        code += A64Harness.mov(0, 0) + A64Harness.mov(8, 93) + [A64Harness.svc]
        precondition(code.count <= codeWords)

        var image = [UInt8](repeating: 0, count: Int(end - base))
        func put64(_ v: UInt64, at: Int) { for b in 0..<8 { image[at + b] = UInt8(truncatingIfNeeded: v >> (8 * b)) } }
        func put32(_ v: UInt32, at: Int) { for b in 0..<4 { image[at + b] = UInt8(truncatingIfNeeded: v >> (8 * b)) } }
        func put16(_ v: UInt16, at: Int) { image[at] = UInt8(v & 0xFF); image[at + 1] = UInt8(v >> 8) }
        // ELF64 header: little-endian, ET_EXEC, EM_AARCH64, one PT_LOAD (RWX) of the whole file
        image[0..<8] = [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]
        put16(2, at: 16); put16(183, at: 18); put32(1, at: 20)
        put64(codeStart, at: 24); put64(64, at: 32); put64(0, at: 40)
        put32(0, at: 48); put16(64, at: 52); put16(56, at: 54); put16(1, at: 56)
        put16(64, at: 58); put16(0, at: 60); put16(0, at: 62)
        put32(1, at: 64); put32(7, at: 68); put64(0, at: 72); put64(base, at: 80); put64(base, at: 88)
        put64(end - base, at: 96); put64(end - base, at: 104); put64(0x1000, at: 112)
        for (k, w) in code.enumerated() { put32(w, at: Int(codeStart - base) + 4 * k) }
        for (i, c) in cases.enumerated() {
            var inputs = c.inputs
            if let buffer = buffers[i], let memBase = c.memBase, let memIn = c.memIn {
                inputs[c.layout.x(memBase)] = buffer &+ inputs[c.layout.x(memBase)]
                for (k, b) in memIn.enumerated() { image[Int(buffer - base) + k] = b }
            }
            for (k, v) in inputs.enumerated() { put64(v, at: Int(inOffsets[i] - base) + 8 * k) }
        }

        var template = Array((ChildProcess.tempDirectory() + "/compat-run-selftest-XXXXXX").utf8CString)
        let fd = mkstemp(&template)
        guard fd >= 0 else { throw CorpusError(description: "mkstemp: \(ChildProcess.errorText())") }
        close(fd)
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { unlink(path) }
        guard ChildProcess.writeFile(path, image), chmod(path, 0o755) == 0 else {
            throw CorpusError(description: "\(path): \(ChildProcess.errorText())")
        }
        let r = ChildProcess.run(reference + [path], environment: [], stdinPath: nil, stdinData: nil, timeout: 120)
        guard r.outcome == .exit(0), r.stdout.count == Int(end - outStart) else {
            throw CorpusError(description: "the reference \(reference.joined(separator: " ")) ran the generated program with status "
                              + "\(r.outcome) and \(r.stdout.count) of \(end - outStart) bytes: "
                              + String(decoding: r.stderr.prefix(500), as: UTF8.self))
        }
        return cases.enumerated().map { i, c in
            let at = Int(outOffsets[i] - outStart)
            var o = (0..<c.layout.count).map { k in
                (0..<8).reduce(UInt64(0)) { $0 | UInt64(r.stdout[at + 8 * k + $1]) << (8 * $1) }
            }
            if c.layout.hasFP { o[c.layout.fpcr] &= UInt64(c.layout.fpsrMask) }
            guard let buffer = buffers[i], let memBase = c.memBase else { return FixtureResult(outputs: o, memory: nil, error: nil) }
            o[c.layout.x(memBase)] &-= buffer
            let from = Int(buffer - outStart)
            return FixtureResult(outputs: o, memory: Array(r.stdout[from..<from + FixtureRunner.bufferSize]), error: nil)
        }
    }
}
