import QemuFixtureData
import XCTest
@testable import Translator

/// Assembles the specs' texts in one GNU as run, runs each through the whole JIT (its words, then
/// `svc #0`, as one translated block) and reports every register that differs at the spec's line.
func check(_ specs: [JITSpec], file: StaticString = #filePath, line: UInt = #line) {
    do {
        for (spec, problems) in zip(specs, try differences(specs)) where !problems.isEmpty {
            XCTFail("\"\(spec.input.text)\": \(problems.joined(separator: ", "))", file: spec.input.file, line: spec.input.line)
        }
    } catch {
        XCTFail("\(error)", file: file, line: line)
    }
}

/// For each spec, what differs from its expectation ("x0 got 0x2 want 0x1", ...).
func differences(_ specs: [JITSpec]) throws -> [[String]] {
    let words = try GNUAssembler.assemble(specs.map(\.input.text))
    let engine = Engine()
    let cpu = CPUState()
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: JITSpecMachine.bufferSize, alignment: 64)
    let code = UnsafeMutablePointer<UInt32>.allocate(capacity: words.map(\.count).reduce(0, +) + specs.count)
    defer {
        engine.detach(cpu)
        cpu.deallocate()
        buffer.deallocate()
        code.deallocate()
    }
    var slot = code
    return zip(specs, words).map { spec, w in
        let machine = JITSpecMachine(cpu: cpu, buffer: buffer)
        machine.load(spec.input.given)
        for (k, word) in w.enumerated() { slot[k] = word }
        slot[w.count] = A64Harness.svc
        cpu.pc = UInt64(UInt(bitPattern: slot))
        let end = cpu.pc + UInt64(4 * w.count)
        slot += w.count + 1
        switch engine.run(cpu) {
        case .syscall where cpu.pc == end + 4: return machine.differences(from: spec)
        case let exit:
            return ["stopped with \(exit) at pc 0x\(String(cpu.pc, radix: 16)), not after the svc at 0x\(String(end, radix: 16))"]
        }
    }
}

/// The guest state a spec runs on: loads a spec's starting registers and compares the result.
private struct JITSpecMachine {
    static let bufferSize = 128
    let cpu: CPUState
    let buffer: UnsafeMutableRawPointer

    private func resolve(_ v: GuestValue) -> UInt64 {
        switch v {
        case .value(let n): n
        case .buffer(let k): UInt64(UInt(bitPattern: buffer)) &+ UInt64(k)
        }
    }

    func load(_ r: SpecRegisters) {
        for n in 0..<31 { cpu.setX(n, r.x[n].map(resolve) ?? 0) }
        for n in 0..<32 { cpu.setV(n, lo: r.v[n]?.lo ?? 0, hi: r.v[n]?.hi ?? 0) }
        cpu.sp = r.sp.map(resolve) ?? 0
        cpu.nzcv = UInt32(r.nzcv ?? 0) << 28
        cpu.fpcr = r.fpcr ?? 0
        cpu.fpsr = 0
        cpu.tpidr = 0
        cpu.exclusiveAddress = ~0
        let memory = r.memory ?? []
        precondition(memory.count <= Self.bufferSize, "a spec's memory is at most \(Self.bufferSize) bytes")
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: Self.bufferSize)
        buffer.copyMemory(from: memory, byteCount: memory.count)
    }

    /// "name got X want Y" for each register (named in `expect`, else its start value) and the buffer.
    func differences(from spec: JITSpec) -> [String] {
        let given = spec.input.given, want = spec.expected
        var out: [String] = []
        func compare(_ name: String, _ got: UInt64, _ expected: GuestValue) {
            if got != resolve(expected) { out.append("\(name) got \(describe(got)) want \(expected)") }
        }
        for n in 0..<31 { compare("x\(n)", cpu.x(n), want.x[n] ?? given.x[n] ?? 0) }
        compare("sp", cpu.sp, want.sp ?? given.sp ?? 0)
        for n in 0..<32 {
            let v = cpu.v(n), expected = want.v[n] ?? given.v[n] ?? 0
            if V128(lo: v.lo, hi: v.hi) != expected { out.append("v\(n) got \(V128(lo: v.lo, hi: v.hi)) want \(expected)") }
        }
        let nzcv = UInt8(cpu.nzcv >> 28), wantNZCV = want.nzcv ?? given.nzcv ?? 0
        if nzcv != wantNZCV { out.append("nzcv got 0b\(binary(nzcv)) want 0b\(binary(wantNZCV))") }
        if let fpsr = want.fpsr, cpu.fpsr != fpsr {
            out.append("fpsr got 0x\(String(cpu.fpsr, radix: 16)) want 0x\(String(fpsr, radix: 16))")
        }
        var wantMemory = want.memory ?? given.memory ?? []
        wantMemory += [UInt8](repeating: 0, count: Self.bufferSize - wantMemory.count)
        let memory = Array(UnsafeRawBufferPointer(start: buffer, count: Self.bufferSize))
        if let first = (0..<Self.bufferSize).first(where: { memory[$0] != wantMemory[$0] }) {
            let last = (0..<Self.bufferSize).last { memory[$0] != wantMemory[$0] }!
            out.append("memory[\(first)...\(last)] got \(Array(memory[first...last])) want \(Array(wantMemory[first...last]))")
        }
        return out
    }

    private func describe(_ v: UInt64) -> String {
        let start = UInt64(UInt(bitPattern: buffer))
        if v >= start && v - start <= UInt64(Self.bufferSize) { return "buffer+\(v - start)" }
        return "0x" + String(v, radix: 16)
    }

    private func binary(_ n: UInt8) -> String {
        let s = String(n, radix: 2)
        return String(repeating: "0", count: 4 - s.count) + s
    }
}
