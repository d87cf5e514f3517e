// x86 encodings live only in the assembler: no other translator source emits raw opcode
// bytes (the raw helpers are private, and this keeps it so if one is made visible again).
import Foundation
import XCTest

final class EncodingOwnershipTests: XCTestCase {
    /// Calls that write encoding bytes directly.
    static let rawEncodingCalls = ["sse(0x", "sse(", "sseGX(", "opRR(", "opRM(", ".byte(", "asm.byte", "group3(", "vex(", "rex(", "modrm(",
                                   "imm32(0x"]

    func testNoRawOpcodeBytesOutsideTheAssembler() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Translator")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" && $0.lastPathComponent != "X64Assembler.swift" }
        XCTAssertGreaterThan(files.count, 20, "source scan found too few files under \(sources.path)")
        var offenders: [String] = []
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (n, line) in lines.enumerated() {
                let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                for call in Self.rawEncodingCalls where code.contains(call) && !code.contains("func ") {
                    offenders.append("\(file.lastPathComponent):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        XCTAssertEqual(offenders, [], "raw x86 encoding outside Backend/X64Assembler.swift")
    }

    /// The scan itself finds what it looks for (a test that cannot fail is a defect).
    func testScanRecognisesRawEncodings() {
        let sample = "        asm.sse(0x66, [0xEF], Self.x0, Self.x0)"
        XCTAssertTrue(Self.rawEncodingCalls.contains { sample.contains($0) })
        XCTAssertTrue(Self.rawEncodingCalls.contains { "asm.opRR(0x66, w: false, [0x0F, 0x73], reg: 6, rm: 3)".contains($0) })
    }
}
