// The two line formats of the data files (see the generators' headers). Lines are scanned as
// UTF-8 bytes: splitting them as Characters made loading the 18,000 cases cost a second.
enum FixtureParser {
    typealias Token = Substring.UTF8View

    /// `words mem | inputs [buffer] | outputs [buffer] # text` (outofline, fp-status,
    /// simd-chains): mem is 0 or 1; a memory form's base is X0 = buffer + 32.
    static func simd(_ line: Substring, layout: FixtureLayout) throws -> FixtureCase {
        let (head, ins, outs, text) = try fields(line)
        guard head.count == 2, let mem = head[1].only.flatMap({ ["0": false, "1": true][$0] }) else { throw bad(line, "head") }
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
        if head[1].only == "-" { base = nil }
        else if head[1].elementsEqual("sp".utf8) { base = 31 }
        else {
            guard let r = decimal(head[1]), r < layout.registers else { throw bad(line, "base") }
            base = r
        }
        var pcRelative: (Int, Bool)?
        if head[2].only != "-" {
            let kind = head[2].first
            guard kind == UInt8(ascii: "a") || kind == UInt8(ascii: "p"), let r = decimal(head[2].dropFirst()), r < 31 else {
                throw bad(line, "pcrel")
            }
            pcRelative = (r, kind == UInt8(ascii: "p"))
        }
        var inHex = ins, outHex = outs
        var memIn: [UInt8]?, memOut: [UInt8]?
        if base != nil {
            memIn = try bytes(inHex.removeLast(), line)
            let o = outHex.removeLast()
            memOut = o.only == "=" ? memIn : try bytes(o, line)
        }
        let inputs = try inHex.map { try hex64($0, line) }
        guard inputs.count == layout.count, outHex.count == layout.count else { throw bad(line, "register count") }
        let outputs = try outHex.enumerated().map { $1.only == "=" ? inputs[$0] : try hex64($1, line) }
        return FixtureCase(layout: layout, words: try words(head[0], line), text: text, inputs: inputs, outputs: outputs,
                           memIn: memIn, memOut: memOut, memBase: base, pcRelative: pcRelative)
    }

    /// The head, input and output tokens and the text after "# ".
    private static func fields(_ line: Substring) throws -> ([Token], [Token], [Token], Substring) {
        let u = line.utf8
        guard let hash = u.firstIndex(of: UInt8(ascii: "#")) else { throw bad(line, "fields") }
        let parts = u[..<hash].split(separator: UInt8(ascii: "|"), omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw bad(line, "fields") }
        let tokens = parts.map { $0.split(separator: UInt8(ascii: " ")) }
        return (tokens[0], tokens[1], tokens[2], line[u.index(after: hash)...].dropFirst())
    }

    private static func words(_ t: Token, _ line: Substring) throws -> [UInt32] {
        try t.split(separator: UInt8(ascii: ",")).map {
            guard $0.count <= 8, let w = hex($0) else { throw bad(line, "word") }
            return UInt32(w)
        }
    }

    private static func hex64(_ t: Token, _ line: Substring) throws -> UInt64 {
        guard t.count <= 16, let v = hex(t) else { throw bad(line, "value '\(Substring(t))'") }
        return v
    }

    private static func hex(_ t: some Collection<UInt8>) -> UInt64? {
        guard !t.isEmpty else { return nil }
        var v: UInt64 = 0
        for c in t {
            guard let n = nibble(c) else { return nil }
            v = v << 4 | UInt64(n)
        }
        return v
    }

    private static func decimal(_ t: some Collection<UInt8>) -> Int? {
        guard !t.isEmpty, t.count <= 2 else { return nil }
        var v = 0
        for c in t {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) else { return nil }
            v = v * 10 + Int(c - UInt8(ascii: "0"))
        }
        return v
    }

    private static func bytes(_ t: Token, _ line: Substring) throws -> [UInt8] {
        let digits = Array(t)
        guard digits.count == 2 * FixtureRunner.bufferSize else { throw bad(line, "memory buffer") }
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

private extension FixtureParser.Token {
    /// The token's one character, nil when it is longer or shorter.
    var only: Character? { count == 1 ? Character(Unicode.Scalar(first!)) : nil }
}
