import QemuFixtureData
import XCTest
@testable import Translator

/// qemu-computed known answers and a runner that sets up each case's registers and
/// memory, executes it with a given executor, and compares every output register,
/// flag and the memory buffer.
///
/// Three fixtures share the runner: the FP/SIMD one (OutOfLineFixture*.swift, from
/// Fixtures/gen_outofline.py: V0-V7, X0-X7, NZCV, FPCR in; QC out), its chains of 2-8
/// FP/SIMD instructions (SimdChainFixture*.swift, Fixtures/gen_simd_chains.py, same
/// registers) and the integer one (IntegerFixture*.swift, from Fixtures/gen_integer.py:
/// V0-V3, X0-X15, SP, NZCV).
enum QemuFixture {
    /// Which registers a fixture's input and output rows hold, in this order:
    /// V halves (lo, hi), X0..., SP, NZCV, then FPCR (inputs) / FPSR.QC (outputs).
    struct Layout {
        let vectors: Int, registers: Int, hasSP: Bool, hasFP: Bool
        /// The FPSR bits an output row holds: QC, or (FloatStatusFixture) QC and the cumulative exception flags.
        var fpsrMask: UInt32 = 1 << 27

        static let simd = Layout(vectors: 8, registers: 8, hasSP: false, hasFP: true)
        static let simdStatus = Layout(vectors: 8, registers: 8, hasSP: false, hasFP: true, fpsrMask: 0x0800_009F)
        static let integer = Layout(vectors: 4, registers: 16, hasSP: true, hasFP: false)

        func x(_ r: Int) -> Int { r == 31 ? sp : 2 * vectors + r }
        var sp: Int { 2 * vectors + registers }
        var nzcv: Int { sp + (hasSP ? 1 : 0) }
        var count: Int { nzcv + (hasFP ? 2 : 1) }

        func name(_ i: Int, output: Bool) -> String {
            if i < 2 * vectors { return "V\(i / 2).\(i % 2 == 0 ? "lo" : "hi")" }
            if i < sp { return "X\(i - 2 * vectors)" }
            if hasSP && i == sp { return "SP" }
            if i == nzcv { return "NZCV" }
            return output ? (fpsrMask == 1 << 27 ? "QC" : "FPSR") : "FPCR"
        }
    }

    struct Case {
        let layout: Layout
        let words: [UInt32], text: Substring
        let inputs: [UInt64], outputs: [UInt64]
        let memIn: [UInt8]?, memOut: [UInt8]?
        /// The register (31 = SP) whose input is an offset into the memory buffer and
        /// whose output is compared relative to the buffer.
        let memBase: Int?
        /// A register whose output is relative to the first instruction (ADR) or its page (ADRP).
        let pcRelative: (register: Int, page: Bool)?

        var word: UInt32 { words[0] }
    }

    static let cases: [Case] = outOfLineFixtureParts.joined(separator: "\n").split(separator: "\n").map(parseSIMD)
    /// FP/SIMD cases whose whole FPSR is compared (FloatStatusFixture*.swift, Fixtures/gen_fpstatus.py).
    static let statusCases: [Case] = floatStatusFixtureParts.joined(separator: "\n").split(separator: "\n").map {
        parseSIMD($0, layout: .simdStatus)
    }
    static let simdChainCases: [Case] = simdChainFixtureParts.joined(separator: "\n").split(separator: "\n").map(parseSIMD)
    static let integerCases: [Case] = integerFixtureParts.joined(separator: "\n").split(separator: "\n").map(parseInteger)
    /// LSE atomics, RCpc loads/stores and FlagM (AtomicFixture*.swift, Fixtures/gen_atomics.py:
    /// the integer layout, computed by qemu-aarch64 -cpu max).
    static let atomicCases: [Case] = atomicFixtureParts.joined(separator: "\n").split(separator: "\n").map(parseInteger)
    /// Whole-FPSR cases from a file of fixture lines (gen_fpstatus.py --stress).
    static func statusCases(file path: String) throws -> [Case] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { parseSIMD($0, layout: .simdStatus) }
    }
    /// Integer-layout cases from a file of fixture lines (large one-off runs).
    static func integerCases(file path: String) throws -> [Case] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(parseInteger)
    }

    private static func bytes(_ hex: Substring) -> [UInt8] {
        var r = [UInt8](), it = hex.makeIterator()
        while let a = it.next(), let b = it.next() { r.append(UInt8(String([a, b]), radix: 16)!) }
        return r
    }

    /// `words mem | inputs [buffer] | outputs [buffer] # text`, words comma-separated; a
    /// memory form's base is X0 = buffer + 32.
    private static func parseSIMD(_ line: Substring) -> Case { parseSIMD(line, layout: .simd) }

    private static func parseSIMD(_ line: Substring, layout: Layout) -> Case {
        let hashSplit = line.split(separator: "#", maxSplits: 1)
        let parts = hashSplit[0].split(separator: "|")
        let head = parts[0].split(separator: " "), mem = head[1] == "1"
        var ins = parts[1].split(separator: " "), outs = parts[2].split(separator: " ")
        let memIn = mem ? bytes(ins.removeLast()) : nil, memOut = mem ? bytes(outs.removeLast()) : nil
        var inputs = ins.map { UInt64($0, radix: 16)! }
        if mem { inputs[Layout.simd.x(0)] = 32 }
        return Case(layout: layout, words: head[0].split(separator: ",").map { UInt32($0, radix: 16)! }, text: hashSplit[1].dropFirst(),
                    inputs: inputs, outputs: outs.map { UInt64($0, radix: 16)! },
                    memIn: memIn, memOut: memOut, memBase: mem ? 0 : nil, pcRelative: nil)
    }

    /// `words base pcrel | inputs [buffer] | outputs [buffer] # text` (see gen_integer.py);
    /// an output "=" repeats its input.
    private static func parseInteger(_ line: Substring) -> Case {
        let hashSplit = line.split(separator: "#", maxSplits: 1)
        let parts = hashSplit[0].split(separator: "|")
        let head = parts[0].split(separator: " ")
        let base: Int? = head[1] == "-" ? nil : head[1] == "sp" ? 31 : Int(head[1])!
        let pcRelative: (Int, Bool)? = head[2] == "-" ? nil : (Int(head[2].dropFirst())!, head[2].first == "p")
        var ins = parts[1].split(separator: " "), outs = parts[2].split(separator: " ")
        var memIn: [UInt8]?, memOut: [UInt8]?
        if base != nil {
            memIn = bytes(ins.removeLast())
            let o = outs.removeLast()
            memOut = o == "=" ? memIn : bytes(o)
        }
        let inputs = ins.map { UInt64($0, radix: 16)! }
        let outputs = outs.enumerated().map { $1 == "=" ? inputs[$0] : UInt64($1, radix: 16)! }
        return Case(layout: .integer, words: head[0].split(separator: ",").map { UInt32($0, radix: 16)! },
                    text: hashSplit[1].dropFirst(), inputs: inputs, outputs: outputs,
                    memIn: memIn, memOut: memOut, memBase: base, pcRelative: pcRelative)
    }

    private static func hex(_ v: UInt64) -> String { String(v, radix: 16) }

    /// Runs every case; `execute` returns an error text when it cannot run the case.
    /// Each case's words, followed by `svc #0`, are stored in a code slot of their own
    /// and cpu.pc points at it, so an executor may translate them.
    /// Returns the number of failures (the first `report` are reported with XCTFail).
    static func run(_ cases: [Case], report: Int = 40, file: StaticString = #filePath, line: UInt = #line,
                    _ execute: (Case, CPUState) -> String?) -> Int {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 128, alignment: 64)  // DC ZVA blocks
        defer { buffer.deallocate() }
        let slotWords = (cases.map(\.words.count).max() ?? 0) + 1
        let code = UnsafeMutablePointer<UInt32>.allocate(capacity: slotWords * cases.count)
        defer { code.deallocate() }
        let bufferAddress = UInt64(UInt(bitPattern: buffer))
        var failures = 0
        for (index, c) in cases.enumerated() {
            let l = c.layout
            let slot = code + slotWords * index
            for (k, w) in c.words.enumerated() { slot[k] = w }
            slot[c.words.count] = 0xD400_0001  // svc #0
            let pc = UInt64(UInt(bitPattern: slot))
            let cpu = CPUState()
            for r in 0..<l.vectors { cpu.setV(r, lo: c.inputs[2 * r], hi: c.inputs[2 * r + 1]) }
            for r in 0..<l.registers { cpu.setX(r, c.inputs[l.x(r)]) }
            if l.hasSP { cpu.sp = c.inputs[l.sp] }
            cpu.nzcv = UInt32(c.inputs[l.nzcv])
            cpu.fpcr = l.hasFP ? UInt32(c.inputs[l.nzcv + 1]) : 0
            cpu.fpsr = 0
            cpu.pc = pc
            if let m = c.memIn {
                buffer.copyMemory(from: m, byteCount: 128)
                let base = c.memBase!, address = bufferAddress &+ c.inputs[l.x(base)]
                if base == 31 { cpu.sp = address } else { cpu.setX(base, address) }
            }
            let error = execute(c, cpu)
            var got = [UInt64]()
            for r in 0..<l.vectors { let v = cpu.v(r); got += [v.lo, v.hi] }
            for r in 0..<l.registers { got.append(cpu.x(r)) }
            if l.hasSP { got.append(cpu.sp) }
            got.append(UInt64(cpu.nzcv))
            if l.hasFP { got.append(UInt64(cpu.fpsr & l.fpsrMask)) }
            if let base = c.memBase { got[l.x(base)] &-= bufferAddress }
            if let (r, page) = c.pcRelative { got[l.x(r)] &-= page ? pc & ~0xFFF : pc }
            let memGot = Array(UnsafeRawBufferPointer(start: buffer, count: 128))
            var problems = [String]()
            if let error { problems.append(error) }
            if error == nil {
                problems += (0..<got.count).filter { got[$0] != c.outputs[$0] }.map {
                    "\(l.name($0, output: true)) got \(hex(got[$0])) want \(hex(c.outputs[$0]))"
                }
                if let m = c.memOut, memGot != m {
                    let diff = (0..<128).filter { memGot[$0] != m[$0] }
                    problems.append("memory[\(diff.first!)...\(diff.last!)] got \(memGot[diff.first!...diff.last!].map { hex(UInt64($0)) }) want \(m[diff.first!...diff.last!].map { hex(UInt64($0)) })")
                }
            }
            if problems.isEmpty { continue }
            failures += 1
            if failures <= report {
                let inputs = (0..<c.inputs.count).filter { c.inputs[$0] != 0 || $0 >= 2 * l.vectors }
                    .map { "\(l.name($0, output: false))=\(hex(c.inputs[$0]))" }
                XCTFail("\(c.text) (\(c.words.map { String($0, radix: 16) }.joined(separator: ","))): "
                        + "\(problems.joined(separator: ", ")); inputs \(inputs.joined(separator: " "))",
                        file: file, line: line)
            }
        }
        return failures
    }

    /// The cases with their words between `msr fpsr, xzr` and `mrs x9, fpsr; msr fpsr, x9`:
    /// the exception flags inline host FP leaves in MXCSR then reach FPSR the way guest code
    /// reads them (X9 is not compared).
    static func foldingHostFlags(_ cases: [Case]) -> [Case] {
        cases.map {
            Case(layout: $0.layout, words: [0xD51B_443F] + $0.words + [0xD53B_4429, 0xD51B_4429], text: $0.text,
                 inputs: $0.inputs, outputs: $0.outputs, memIn: $0.memIn, memOut: $0.memOut, memBase: $0.memBase,
                 pcRelative: $0.pcRelative)
        }
    }

    /// Runs the cases through the whole JIT: each slot is translated as one block ending
    /// in its `svc #0`.
    static func runThroughJIT(_ cases: [Case], file: StaticString = #filePath, line: UInt = #line) -> Int {
        let engine = Engine()
        return run(cases, file: file, line: line) { c, cpu in
            let expected = cpu.pc &+ UInt64(4 * (c.words.count + 1))
            switch engine.run(cpu) {
            case .syscall: return cpu.pc == expected ? nil : "pc \(hex(cpu.pc)) after the svc, want \(hex(expected))"
            case .undefinedInstruction: return "translated as undefined"
            case .breakpoint: return "breakpoint"
            case .interrupted: return "interrupted"
            case .fault(let s, _, let a): return "guest fault: signal \(s) at \(hex(a))"
            case .fetchFault(let why): return "instruction fetch fault: \(why)"
            case .hostFault(let s): return "host fault: signal \(s)"
            }
        }
    }
}
