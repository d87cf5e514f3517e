// Runs selftest cases through the translator in-process (as QemuFixture.runThroughJIT does in
// the tests) and reports differences from the expected results as one-line reproducers.
import Glibc
import Translator

struct SelfTestResult {
    var outputs: [UInt64]
    var memory: [UInt8]?
    /// The case did not run to its final `svc #0` (undefined instruction, fault…).
    var error: String?
}

enum SelfTestJIT {
    /// Each case's words, followed by `svc #0`, in a code slot of its own; cpu.pc points at it.
    static func run(_ cases: [SelfTestCase]) -> [SelfTestResult] {
        let engine = Engine()
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 128, alignment: 64)  // DC ZVA blocks
        defer { buffer.deallocate() }
        let slotWords = (cases.map(\.words.count).max() ?? 0) + 1
        let code = UnsafeMutablePointer<UInt32>.allocate(capacity: slotWords * max(cases.count, 1))
        defer { code.deallocate() }
        let bufferAddress = UInt64(UInt(bitPattern: buffer))
        var results: [SelfTestResult] = []
        results.reserveCapacity(cases.count)
        let cpu = CPUState()
        for (index, c) in cases.enumerated() {
            let l = c.layout
            let slot = code + slotWords * index
            for (k, w) in c.words.enumerated() { slot[k] = w }
            slot[c.words.count] = 0xD400_0001  // svc #0
            let pc = UInt64(UInt(bitPattern: slot))
            for r in 0..<32 { cpu.setV(r, lo: 0, hi: 0) }
            for r in 0..<31 { cpu.setX(r, 0) }
            for r in 0..<l.vectors { cpu.setV(r, lo: c.inputs[2 * r], hi: c.inputs[2 * r + 1]) }
            for r in 0..<l.registers { cpu.setX(r, c.inputs[l.x(r)]) }
            cpu.sp = l.hasSP ? c.inputs[l.sp] : 0
            cpu.nzcv = UInt32(truncatingIfNeeded: c.inputs[l.nzcv])
            cpu.fpcr = l.hasFP ? UInt32(truncatingIfNeeded: c.inputs[l.fpcr]) : 0
            cpu.fpsr = 0
            cpu.exclusiveAddress = ~0
            cpu.pc = pc
            if let m = c.memIn {
                m.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: 128) }
                let base = c.memBase!, address = bufferAddress &+ c.inputs[l.x(base)]
                if base == 31 { cpu.sp = address } else { cpu.setX(base, address) }
            }
            let expectedPC = pc &+ UInt64(4 * (c.words.count + 1))
            var error: String?
            switch engine.run(cpu) {
            case .syscall: if cpu.pc != expectedPC { error = "pc \(hex(cpu.pc)) after the svc, want \(hex(expectedPC))" }
            case .undefinedInstruction: error = "translated as undefined"
            case .breakpoint: error = "breakpoint"
            case .interrupted: error = "interrupted"
            case .fault(let s, _, let a): error = "guest fault: signal \(s) at \(hex(a))"
            case .fetchFault(let why): error = "instruction fetch fault: \(why)"
            case .hostFault(let s): error = "host fault: signal \(s)"
            }
            var got = [UInt64]()
            for r in 0..<l.vectors { let v = cpu.v(r); got += [v.lo, v.hi] }
            for r in 0..<l.registers { got.append(cpu.x(r)) }
            if l.hasSP { got.append(cpu.sp) }
            got.append(UInt64(cpu.nzcv))
            if l.hasFP { got.append(UInt64(cpu.fpsr & (1 << 27))) }
            if let base = c.memBase { got[l.x(base)] &-= bufferAddress }
            if let (r, page) = c.pcRelative { got[l.x(r)] &-= page ? pc & ~0xFFF : pc }
            let mem = c.memIn == nil ? nil : Array(UnsafeRawBufferPointer(start: buffer, count: 128))
            results.append(SelfTestResult(outputs: got, memory: mem, error: error))
        }
        return results
    }

    static func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }
}

enum SelfTestReport {
    /// One line: encoding, disassembly, the inputs, both results (only the registers that differ).
    static func reproducer(_ c: SelfTestCase, got: SelfTestResult, want: SelfTestResult, referenceName: String) -> String? {
        let l = c.layout
        var mine: [String] = [], theirs: [String] = []
        if let e = got.error { mine.append(e) }
        if let e = want.error { theirs.append(e) }
        if got.error == nil && want.error == nil {
            for i in 0..<min(got.outputs.count, want.outputs.count) where got.outputs[i] != want.outputs[i] {
                mine.append("\(l.name(i, output: true))=\(hex(got.outputs[i]))")
                theirs.append("\(l.name(i, output: true))=\(hex(want.outputs[i]))")
            }
            if let g = got.memory, let w = want.memory, g != w {
                let d = (0..<128).filter { g[$0] != w[$0] }
                mine.append("mem[\(d.first!)...\(d.last!)]=\(g[d.first!...d.last!].map { byteHex($0) }.joined())")
                theirs.append("mem[\(d.first!)...\(d.last!)]=\(w[d.first!...d.last!].map { byteHex($0) }.joined())")
            }
        }
        if mine.isEmpty && theirs.isEmpty { return nil }
        let inputs = (0..<c.inputs.count).filter { c.inputs[$0] != 0 || $0 >= l.nzcv }
            .map { "\(l.name($0, output: false))=\(hex(c.inputs[$0]))" }
        var line = "DIFF [\(c.cls.rawValue)] \(c.words.map { String(format8: $0) }.joined(separator: ",")) \"\(c.text)\""
        line += " | in: " + inputs.joined(separator: " ")
        if let base = c.memBase { line += " (\(base == 31 ? "SP" : "X\(base)") = buffer+\(c.inputs[l.x(base)]))" }
        if let m = c.memIn { line += " mem=" + m.map { byteHex($0) }.joined() }
        line += " | compat-run: " + (mine.isEmpty ? "(same)" : mine.joined(separator: " "))
        line += " | \(referenceName): " + (theirs.isEmpty ? "(same)" : theirs.joined(separator: " "))
        return line
    }

    static func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }
    static func byteHex(_ b: UInt8) -> String { (b < 16 ? "0" : "") + String(b, radix: 16) }
}

extension String {
    /// An instruction word as 8 hex digits.
    init(format8 w: UInt32) {
        let s = String(w, radix: 16)
        self = String(repeating: "0", count: 8 - s.count) + s
    }
}
