import Foundation
import QemuFixtureData
import XCTest
@testable import Translator

/// The decoder table's own rules: every instruction has a pattern, patterns overlap only
/// as declared specialisations, field names are unique, and the decoder accepts only
/// encodings GNU objdump (which knows every architecture extension) calls allocated.
final class DecoderTableTests: XCTestCase {
    func testEveryInstructionHasAPattern() {
        let covered = Set(A64Decoder.patterns.map(\.id))
        for id in A64Instruction.allCases { XCTAssertTrue(covered.contains(id), "\(id) has no pattern in A64Table") }
    }

    func testFieldNamesAreUnique() {
        var byName = [String: Field]()
        for (name, f) in Field.all {
            if let other = byName[name] { XCTFail("field \(name) defined twice (\(other.lo) and \(f.lo))") }
            byName[name] = f
        }
    }

    /// The decoder's in-place byte parse of each pattern agrees with a plain reading of the
    /// text (split into tokens, fields looked up by name) on every row.
    func testPatternParseMatchesTextReading() {
        let byName = Dictionary(Field.all.map { ($0.name, $0.field) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(A64Decoder.patterns.count, A64Table.rows.count)
        for (row, parsed) in zip(A64Table.rows, A64Decoder.patterns) {
            var mask: UInt32 = 0, value: UInt32 = 0, position = 32
            for token in row.pattern.split(separator: " ") {
                if let f = byName[String(token)] {
                    position -= f.width
                    XCTAssertEqual(position, f.lo, "\(row.id) \"\(row.pattern)\": \(token)")
                    continue
                }
                for c in token {
                    position -= 1
                    if c != "x" { mask |= 1 << UInt32(position) }
                    if c == "1" { value |= 1 << UInt32(position) }
                }
            }
            XCTAssertEqual(position, 0, row.pattern)
            XCTAssertEqual(parsed.id, row.id)
            XCTAssertEqual(parsed.mask, mask, "\(row.id) \"\(row.pattern)\"")
            XCTAssertEqual(parsed.value, value, "\(row.id) \"\(row.pattern)\"")
        }
    }

    /// Two patterns share an encoding only when the pair is a declared specialisation and
    /// the specialised pattern's space lies inside the general one.
    func testPatternsAreDisjointOrDeclaredSpecialisations() {
        let declared = Set(A64Table.specialisations.map { "\($0.0)<\($0.1)" })
        let p = A64Decoder.patterns
        var overlaps = 0
        for i in p.indices {
            for j in p.indices where j > i {
                let a = p[i], b = p[j]
                guard (a.value ^ b.value) & a.mask & b.mask == 0 else { continue }
                let aInB = a.mask & b.mask == b.mask, bInA = a.mask & b.mask == a.mask
                let ok = (aInB && declared.contains("\(a.id)<\(b.id)")) || (bInA && declared.contains("\(b.id)<\(a.id)"))
                if !ok {
                    overlaps += 1
                    if overlaps <= 20 { XCTFail("\(a.id) \"\(a.text)\" overlaps \(b.id) \"\(b.text)\"") }
                }
            }
        }
        XCTAssertEqual(overlaps, 0)
    }

    /// Seeded random words over the whole encoding space (biased towards the groups compat-run
    /// implements): every word the lifter translates must be allocated according to objdump.
    func testRandomWordsTranslateOnlyWhenAllocated() throws {
        let objdump = "/usr/bin/aarch64-linux-gnu-objdump"
        guard FileManager.default.isExecutableFile(atPath: objdump) else { throw XCTSkip("needs \(objdump) (scripts/bootstrap)") }
        var rng = SplitMix64(seed: 0xC0FFEE_2026)
        var words: [UInt32] = []
        for _ in 0..<60_000 { words.append(UInt32(truncatingIfNeeded: rng.next())) }
        // Half again inside the encoding spaces of the rows, fixed bits kept, the rest random.
        let patterns = A64Decoder.patterns
        for _ in 0..<60_000 {
            let p = patterns[Int(rng.next() % UInt64(patterns.count))]
            words.append((UInt32(truncatingIfNeeded: rng.next()) & ~p.mask) | p.value)
        }
        let mnemonics = try Self.objdumpMnemonics(words, objdump: objdump)
        let code = UnsafeMutablePointer<UInt32>.allocate(capacity: 2)
        defer { code.deallocate() }
        let pc = UInt64(UInt(bitPattern: code))
        var wrong = 0, translated = 0
        for (w, m) in zip(words, mnemonics) {
            code[0] = w; code[1] = 0xD400_0001
            let block = Lifter.liftBlock(at: pc, maxInstructions: 1)
            if case .exit(.undefined, let at) = block.terminator, at == pc { continue }
            translated += 1
            if m == ".inst" || m == "udf" {
                wrong += 1
                if wrong <= 20 {
                    XCTFail("\(String(format: "%08x", w)) (\(A64Decoder.decode(w).map { "\($0.id)" } ?? "?")) is unallocated but translates")
                }
            }
        }
        XCTAssertEqual(wrong, 0)
        XCTAssertGreaterThan(translated, 30_000)
    }

    static func objdumpMnemonics(_ words: [UInt32], objdump: String) throws -> [String] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("decoder-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bin = dir.appendingPathComponent("words.bin")
        var data = Data()
        for var w in words { withUnsafeBytes(of: &w) { data.append(contentsOf: $0) } }
        try data.write(to: bin)
        let out = dir.appendingPathComponent("out.txt")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: objdump)
        p.arguments = ["-D", "-b", "binary", "-m", "aarch64", bin.path]
        p.standardOutput = try FileHandle(forWritingTo: out)
        try p.run()
        p.waitUntilExit()
        var mnemonics: [String] = []
        for line in try String(contentsOf: out, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            if parts.count >= 3, parts[0].hasSuffix(":") { mnemonics.append(String(parts[2].split(separator: " ").first ?? "")) }
        }
        XCTAssertEqual(mnemonics.count, words.count)
        return mnemonics
    }
}

