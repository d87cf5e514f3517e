// The cases `compat-run selftest` runs: the qemu-computed fixtures (Sources/QemuFixtureData,
// the same known answers as Tests/TranslatorTests/QemuFixture.swift), by class.
import QemuFixtureData

/// Which registers a case's input and output rows hold, in this order: V halves (lo, hi),
/// X0..., SP, NZCV, then FPCR (inputs) / FPSR.QC (outputs).
struct SelfTestLayout {
    let vectors: Int, registers: Int, hasSP: Bool, hasFP: Bool

    static let simd = SelfTestLayout(vectors: 8, registers: 8, hasSP: false, hasFP: true)
    static let integer = SelfTestLayout(vectors: 4, registers: 16, hasSP: true, hasFP: false)

    func x(_ r: Int) -> Int { r == 31 ? sp : 2 * vectors + r }
    var sp: Int { 2 * vectors + registers }
    var nzcv: Int { sp + (hasSP ? 1 : 0) }
    var fpcr: Int { nzcv + 1 }
    var count: Int { nzcv + (hasFP ? 2 : 1) }

    func name(_ i: Int, output: Bool) -> String {
        if i < 2 * vectors { return "V\(i / 2).\(i % 2 == 0 ? "lo" : "hi")" }
        if i < sp { return "X\(i - 2 * vectors)" }
        if hasSP && i == sp { return "SP" }
        if i == nzcv { return "NZCV" }
        return output ? "QC" : "FPCR"
    }
}

enum SelfTestClass: String, CaseIterable {
    case int, mem, fp
}

struct SelfTestCase {
    let cls: SelfTestClass
    let layout: SelfTestLayout
    let words: [UInt32]
    let text: String
    var inputs: [UInt64]
    var outputs: [UInt64]
    var memIn: [UInt8]?
    var memOut: [UInt8]?
    /// The register (31 = SP) whose input is an offset into the 128-byte buffer.
    let memBase: Int?
    /// A register whose output is relative to the first instruction (ADR) or its page (ADRP).
    let pcRelative: (register: Int, page: Bool)?
}

enum SelfTestFixtures {
    static func load(_ classes: Set<SelfTestClass>) -> [SelfTestCase] {
        var out: [SelfTestCase] = []
        // integer-layout cases: those with a memory buffer are "mem", the others "int"
        // (the atomics fixture's FlagM instructions, for one)
        if classes.contains(.int) || classes.contains(.mem) {
            for part in [integerFixtureParts, atomicFixtureParts] {
                for line in part.joined(separator: "\n").split(separator: "\n") {
                    let c = parseInteger(line, memClass: .mem)
                    if classes.contains(c.cls) { out.append(c) }
                }
            }
        }
        if classes.contains(.fp) {
            for part in [outOfLineFixtureParts, simdChainFixtureParts] {
                out += part.joined(separator: "\n").split(separator: "\n").map(parseSIMD)
            }
        }
        return out
    }

    private static func bytes(_ hex: Substring) -> [UInt8] {
        var r = [UInt8](), it = hex.makeIterator()
        while let a = it.next(), let b = it.next() { r.append(UInt8(String([a, b]), radix: 16)!) }
        return r
    }

    /// `words mem | inputs [buffer] | outputs [buffer] # text`; a memory form's base is X0 = buffer + 32.
    static func parseSIMD(_ line: Substring) -> SelfTestCase {
        let hashSplit = line.split(separator: "#", maxSplits: 1)
        let parts = hashSplit[0].split(separator: "|")
        let head = parts[0].split(separator: " "), mem = head[1] == "1"
        var ins = parts[1].split(separator: " "), outs = parts[2].split(separator: " ")
        let memIn = mem ? bytes(ins.removeLast()) : nil, memOut = mem ? bytes(outs.removeLast()) : nil
        var inputs = ins.map { UInt64($0, radix: 16)! }
        if mem { inputs[SelfTestLayout.simd.x(0)] = 32 }
        return SelfTestCase(cls: .fp, layout: .simd, words: head[0].split(separator: ",").map { UInt32($0, radix: 16)! },
                            text: String(hashSplit[1].dropFirst()), inputs: inputs, outputs: outs.map { UInt64($0, radix: 16)! },
                            memIn: memIn, memOut: memOut, memBase: mem ? 0 : nil, pcRelative: nil)
    }

    /// `words base pcrel | inputs [buffer] | outputs [buffer] # text`; an output "=" repeats its input.
    static func parseInteger(_ line: Substring, memClass: SelfTestClass) -> SelfTestCase {
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
        return SelfTestCase(cls: base == nil ? .int : memClass, layout: .integer,
                            words: head[0].split(separator: ",").map { UInt32($0, radix: 16)! },
                            text: String(hashSplit[1].dropFirst()), inputs: inputs, outputs: outputs,
                            memIn: memIn, memOut: memOut, memBase: base, pcRelative: pcRelative)
    }
}
