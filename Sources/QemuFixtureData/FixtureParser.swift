// The two line formats of the data files (see the generators' headers).
enum FixtureParser {
    /// `words mem | inputs [buffer] | outputs [buffer] # text` (outofline, fp-status,
    /// simd-chains): mem is 0 or 1; a memory form's base is X0 = buffer + 32.
    static func simd(_ line: Substring, layout: FixtureLayout) throws -> FixtureCase {
        let (head, ins, outs, text) = try fields(line)
        guard head.count == 2, head[1] == "0" || head[1] == "1" else { throw bad(line, "head") }
        let mem = head[1] == "1"
        var inHex = ins, outHex = outs
        let memIn = mem ? try bytes(inHex.removeLast(), line) : nil, memOut = mem ? try bytes(outHex.removeLast(), line) : nil
        var inputs = try inHex.map { try hex64($0, line) }
        let outputs = try outHex.map { try hex64($0, line) }
        guard inputs.count == layout.count, outputs.count == layout.count else { throw bad(line, "register count") }
        if mem { inputs[layout.x(0)] = 32 }
        return FixtureCase(layout: layout, words: try words(head[0], line), text: text, inputs: inputs, outputs: outputs,
                           memIn: memIn, memOut: memOut, memBase: mem ? 0 : nil, pcRelative: nil)
    }

    /// `words base pcrel | inputs [buffer] | outputs [buffer] # text` (integer, atomics): base
    /// is "-", 0-15 or "sp"; pcrel "-", "aN" (ADR) or "pN" (ADRP); an output "=" repeats its input.
    static func integer(_ line: Substring) throws -> FixtureCase {
        let layout = FixtureLayout.integer
        let (head, ins, outs, text) = try fields(line)
        guard head.count == 3 else { throw bad(line, "head") }
        let base: Int?
        switch head[1] {
        case "-": base = nil
        case "sp": base = 31
        default:
            guard let r = Int(head[1]), (0..<layout.registers).contains(r) else { throw bad(line, "base") }
            base = r
        }
        var pcRelative: (Int, Bool)?
        if head[2] != "-" {
            guard let r = Int(head[2].dropFirst()), head[2].first == "a" || head[2].first == "p" else { throw bad(line, "pcrel") }
            pcRelative = (r, head[2].first == "p")
        }
        var inHex = ins, outHex = outs
        var memIn: [UInt8]?, memOut: [UInt8]?
        if base != nil {
            memIn = try bytes(inHex.removeLast(), line)
            let o = outHex.removeLast()
            memOut = o == "=" ? memIn : try bytes(o, line)
        }
        let inputs = try inHex.map { try hex64($0, line) }
        guard inputs.count == layout.count, outHex.count == layout.count else { throw bad(line, "register count") }
        let outputs = try outHex.enumerated().map { $1 == "=" ? inputs[$0] : try hex64($1, line) }
        return FixtureCase(layout: layout, words: try words(head[0], line), text: text, inputs: inputs, outputs: outputs,
                           memIn: memIn, memOut: memOut, memBase: base, pcRelative: pcRelative)
    }

    private static func fields(_ line: Substring) throws -> ([Substring], [Substring], [Substring], Substring) {
        let hashSplit = line.split(separator: "#", maxSplits: 1)
        let parts = hashSplit[0].split(separator: "|")
        guard hashSplit.count == 2, parts.count == 3 else { throw bad(line, "fields") }
        return (parts[0].split(separator: " "), parts[1].split(separator: " "), parts[2].split(separator: " "),
                hashSplit[1].dropFirst())
    }

    private static func words(_ s: Substring, _ line: Substring) throws -> [UInt32] {
        try s.split(separator: ",").map {
            guard let w = UInt32($0, radix: 16) else { throw bad(line, "word") }
            return w
        }
    }

    private static func hex64(_ s: Substring, _ line: Substring) throws -> UInt64 {
        guard let v = UInt64(s, radix: 16) else { throw bad(line, "value '\(s)'") }
        return v
    }

    private static func bytes(_ hex: Substring, _ line: Substring) throws -> [UInt8] {
        let digits = Array(hex.utf8)
        guard digits.count == 256 else { throw bad(line, "memory buffer") }
        return try stride(from: 0, to: digits.count, by: 2).map { i in
            guard let hi = nibble(digits[i]), let lo = nibble(digits[i + 1]) else { throw bad(line, "memory buffer") }
            return hi << 4 | lo
        }
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    private static func bad(_ line: Substring, _ what: String) -> FixtureError {
        FixtureError(description: "bad fixture line (\(what)): \(line.prefix(80))")
    }
}
