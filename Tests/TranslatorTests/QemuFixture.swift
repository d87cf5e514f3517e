import XCTest
@testable import Translator

/// The qemu-computed known answers (OutOfLineFixtureA/B.swift) and a runner that sets up
/// each case's registers and memory, executes it with a given executor, and compares
/// every output register, flag and the memory buffer.
enum QemuFixture {
    struct Case {
        let word: UInt32, text: Substring
        let inputs: [UInt64], outputs: [UInt64]
        let memIn: [UInt8]?, memOut: [UInt8]?
    }

    static let cases: [Case] = (outOfLineFixtureA + "\n" + outOfLineFixtureB).split(separator: "\n").map(parse)

    private static func bytes(_ hex: Substring) -> [UInt8] {
        var r = [UInt8](), it = hex.makeIterator()
        while let a = it.next(), let b = it.next() { r.append(UInt8(String([a, b]), radix: 16)!) }
        return r
    }

    private static func parse(_ line: Substring) -> Case {
        let hashSplit = line.split(separator: "#", maxSplits: 1)
        let parts = hashSplit[0].split(separator: "|")
        let head = parts[0].split(separator: " "), mem = head[1] == "1"
        var ins = parts[1].split(separator: " "), outs = parts[2].split(separator: " ")
        let memIn = mem ? bytes(ins.removeLast()) : nil, memOut = mem ? bytes(outs.removeLast()) : nil
        return Case(word: UInt32(head[0], radix: 16)!, text: hashSplit[1].dropFirst(),
                    inputs: ins.map { UInt64($0, radix: 16)! }, outputs: outs.map { UInt64($0, radix: 16)! },
                    memIn: memIn, memOut: memOut)
    }

    /// Runs every case; `execute` returns an error text when it cannot run the case.
    /// Returns the number of failures (the first 40 are reported with XCTFail).
    static func run(file: StaticString = #filePath, line: UInt = #line,
                    _ execute: (Case, CPUState) -> String?) -> Int {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 128, alignment: 16)
        defer { buffer.deallocate() }
        var failures = 0
        for c in cases {
            let cpu = CPUState()
            for r in 0..<8 { cpu.setV(r, lo: c.inputs[2 * r], hi: c.inputs[2 * r + 1]) }
            for r in 0..<8 { cpu.setX(r, c.inputs[16 + r]) }
            cpu.nzcv = UInt32(c.inputs[24])
            cpu.fpcr = UInt32(c.inputs[25])
            cpu.fpsr = 0
            if let m = c.memIn {
                buffer.copyMemory(from: m, byteCount: 128)
                cpu.setX(0, UInt64(UInt(bitPattern: buffer)) + 32)
            }
            if let error = execute(c, cpu) {
                failures += 1
                if failures <= 40 { XCTFail("\(c.text) (\(String(c.word, radix: 16))): \(error)", file: file, line: line) }
                continue
            }
            var got = [UInt64]()
            for r in 0..<8 { let v = cpu.v(r); got += [v.lo, v.hi] }
            for r in 0..<8 { got.append(cpu.x(r)) }
            if c.memIn != nil { got[16] &-= UInt64(UInt(bitPattern: buffer)) }
            got += [UInt64(cpu.nzcv), UInt64(cpu.fpsr & (1 << 27))]
            var ok = got == c.outputs
            if let m = c.memOut { ok = ok && Array(UnsafeRawBufferPointer(start: buffer, count: 128)) == m }
            if !ok {
                failures += 1
                if failures <= 40 {
                    let diff = (0..<got.count).filter { got[$0] != c.outputs[$0] }.map {
                        "[\($0)] got \(String(got[$0], radix: 16)) want \(String(c.outputs[$0], radix: 16))"
                    }
                    XCTFail("\(c.text) (\(String(c.word, radix: 16))): \(diff.joined(separator: ", ")) inputs \(c.inputs.map { String($0, radix: 16) })",
                            file: file, line: line)
                }
            }
        }
        XCTAssertGreaterThan(cases.count, 1000, file: file, line: line)
        return failures
    }
}
