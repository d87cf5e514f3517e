// Runs fixture cases: sets up each case's registers and memory buffer on one CPU state,
// executes it (through the whole JIT, or any executor), and collects every output register,
// flag and the buffer for comparison with the known answer. The translator's tests and
// `compat-run selftest` both run cases here.
import Translator

/// What a case left behind, in its layout's output order (memory-base and PC-relative
/// registers relative to the buffer / the code, as the fixtures store them).
public struct FixtureResult: Sendable {
    public var outputs: [UInt64]
    public var memory: [UInt8]?
    /// The case did not run to its end (undefined instruction, fault…).
    public var error: String?

    public init(outputs: [UInt64], memory: [UInt8]?, error: String?) {
        self.outputs = outputs
        self.memory = memory
        self.error = error
    }

    /// The known answer of `c`.
    public init(expected c: FixtureCase) { self.init(outputs: c.outputs, memory: c.memOut, error: nil) }
}

/// One register or memory range that differs, with both values as text; name "" for the error of
/// a side that did not run.
public struct FixtureDifference: Sendable {
    public let name: String, got: String, want: String
}

public enum FixtureRunner {
    /// Bytes of the memory buffer a case's memory base points into (64-byte aligned: DC ZVA blocks).
    public static let bufferSize = 128

    /// Each case's words, followed by `svc #0`, are stored in a code slot of their own and
    /// cpu.pc points at it, so `execute` may translate them; it returns an error text when the
    /// case did not run. Every case starts from zeroed registers apart from its inputs.
    public static func run(_ cases: [FixtureCase], _ execute: (FixtureCase, CPUState) -> String?) -> [FixtureResult] {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: bufferSize, alignment: 64)
        defer { buffer.deallocate() }
        let slotWords = (cases.map(\.words.count).max() ?? 0) + 1
        let code = UnsafeMutablePointer<UInt32>.allocate(capacity: slotWords * max(cases.count, 1))
        defer { code.deallocate() }
        let bufferAddress = UInt64(UInt(bitPattern: buffer))
        let cpu = CPUState()
        defer { cpu.deallocate() }
        var results: [FixtureResult] = []
        results.reserveCapacity(cases.count)
        for (index, c) in cases.enumerated() {
            let l = c.layout
            let slot = code + slotWords * index
            for (k, w) in c.words.enumerated() { slot[k] = w }
            slot[c.words.count] = A64Harness.svc
            let pc = UInt64(UInt(bitPattern: slot))
            for r in 0..<32 { cpu.setV(r, lo: 0, hi: 0) }
            for r in 0..<31 { cpu.setX(r, 0) }
            for r in 0..<l.vectors { cpu.setV(r, lo: c.inputs[2 * r], hi: c.inputs[2 * r + 1]) }
            for r in 0..<l.registers { cpu.setX(r, c.inputs[l.x(r)]) }
            cpu.sp = l.hasSP ? c.inputs[l.sp] : 0
            cpu.nzcv = UInt32(truncatingIfNeeded: c.inputs[l.nzcv])
            cpu.fpcr = l.hasFP ? UInt32(truncatingIfNeeded: c.inputs[l.fpcr]) : 0
            cpu.fpsr = 0
            cpu.tpidr = 0
            cpu.exclusiveAddress = ~0
            cpu.pc = pc
            if let m = c.memIn {
                m.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: bufferSize) }
                let base = c.memBase!, address = bufferAddress &+ c.inputs[l.x(base)]
                if base == 31 { cpu.sp = address } else { cpu.setX(base, address) }
            }
            let error = execute(c, cpu)
            var got = [UInt64]()
            got.reserveCapacity(l.count)
            for r in 0..<l.vectors { let v = cpu.v(r); got += [v.lo, v.hi] }
            for r in 0..<l.registers { got.append(cpu.x(r)) }
            if l.hasSP { got.append(cpu.sp) }
            got.append(UInt64(cpu.nzcv))
            if l.hasFP { got.append(UInt64(cpu.fpsr & l.fpsrMask)) }
            if let base = c.memBase { got[l.x(base)] &-= bufferAddress }
            if let (r, page) = c.pcRelative { got[l.x(r)] &-= page ? pc & ~0xFFF : pc }
            let memory = c.memIn == nil ? nil : Array(UnsafeRawBufferPointer(start: buffer, count: bufferSize))
            results.append(FixtureResult(outputs: got, memory: memory, error: error))
        }
        return results
    }

    /// Runs the cases through the whole JIT: each slot is translated as one block ending in its `svc #0`.
    public static func runThroughJIT(_ cases: [FixtureCase]) -> [FixtureResult] {
        let engine = Engine()
        return run(cases) { c, cpu in
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

    /// What differs between `got` and `want` for case `c`: each register or memory range with
    /// both values, or (name "") the error of a side that did not run; empty when they agree.
    public static func differences(_ c: FixtureCase, got: FixtureResult, want: FixtureResult) -> [FixtureDifference] {
        if got.error != nil || want.error != nil {
            return [FixtureDifference(name: "", got: got.error ?? "ran", want: want.error ?? "ran")]
        }
        var out = (0..<min(got.outputs.count, want.outputs.count)).filter { got.outputs[$0] != want.outputs[$0] }.map {
            FixtureDifference(name: c.layout.name($0, output: true), got: hex(got.outputs[$0]), want: hex(want.outputs[$0]))
        }
        if let g = got.memory, let w = want.memory, g != w {
            let d = (0..<min(g.count, w.count)).filter { g[$0] != w[$0] }
            let range = d.first!...d.last!
            out.append(FixtureDifference(name: "mem[\(range.lowerBound)...\(range.upperBound)]",
                                         got: g[range].map(FixtureCase.byteHex).joined(),
                                         want: w[range].map(FixtureCase.byteHex).joined()))
        }
        return out
    }

    static func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }
}
