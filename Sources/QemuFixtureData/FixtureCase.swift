/// One known answer: instruction words, the registers (and 128-byte memory buffer) before
/// them, and what qemu-aarch64 left there after them.
public struct FixtureCase: Sendable {
    public let layout: FixtureLayout
    public let words: [UInt32]
    public let text: Substring
    public var inputs: [UInt64]
    public var outputs: [UInt64]
    public let memIn: [UInt8]?, memOut: [UInt8]?
    /// The register (31 = SP) whose input is an offset into the memory buffer and whose
    /// output is compared relative to the buffer.
    public let memBase: Int?
    /// A register whose output is relative to the first instruction (ADR) or its page (ADRP).
    public let pcRelative: (register: Int, page: Bool)?

    public var word: UInt32 { words[0] }

    /// The same case with other words around the instruction(s).
    public func with(words: [UInt32]) -> FixtureCase {
        FixtureCase(layout: layout, words: words, text: text, inputs: inputs, outputs: outputs, memIn: memIn,
                    memOut: memOut, memBase: memBase, pcRelative: pcRelative)
    }

    /// The same case with other memory contents before it runs (memory forms).
    public func with(memIn: [UInt8]) -> FixtureCase {
        FixtureCase(layout: layout, words: words, text: text, inputs: inputs, outputs: outputs, memIn: memIn,
                    memOut: nil, memBase: memBase, pcRelative: pcRelative)
    }

    /// The inputs worth showing in a reproducer: non-zero registers, NZCV and FPCR, the memory base.
    public var inputsDescription: String {
        var parts = (0..<inputs.count).filter { inputs[$0] != 0 || $0 >= layout.nzcv }
            .map { "\(layout.name($0, output: false))=0x\(String(inputs[$0], radix: 16))" }
        if let base = memBase { parts.append("(\(base == 31 ? "SP" : "X\(base)") = buffer+\(inputs[layout.x(base)]))") }
        if let m = memIn { parts.append("mem=" + m.map(FixtureCase.byteHex).joined()) }
        return parts.joined(separator: " ")
    }

    static func byteHex(_ b: UInt8) -> String { (b < 16 ? "0" : "") + String(b, radix: 16) }
}

/// A fixture line that does not parse.
public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
}
