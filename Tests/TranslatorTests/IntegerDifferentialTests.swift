import QemuFixtureData
import XCTest
@testable import Translator

/// Differential test of the integer and load/store instructions against qemu: every
/// case of Data/integer.txt (Fixtures/gen_integer.py: seeded edge and random
/// values in X0-X15, SP, NZCV, V0-V3 and a 128-byte buffer) runs through the whole JIT
/// as the block `words; svc #0`, and every register, the flags and the buffer must
/// match what qemu-aarch64 computed.
final class IntegerDifferentialTests: XCTestCase {
    /// Every non-branch, non-FP/SIMD family of A64Table must be exercised.
    static let families = [
        "ADR/ADRP", "ADD/SUB (imm)", "logical (imm)", "MOVN/MOVZ/MOVK", "bitfield", "EXTR", "HINT", "barriers", "SYS",
        "MSR/MRS (reg)", "LDR (literal)", "exclusive/ordered", "LDP/STP", "LD/ST (imm9)", "LD/ST (reg)", "LD/ST (uimm)",
        "logical (shifted)", "ADD/SUB (shifted)", "ADD/SUB (extended)", "ADC/SBC", "CCMN/CCMP", "CSEL family",
        "DP 3-source", "DP 2-source", "DP 1-source",
    ]

    func testEveryCaseDecodesAndEveryFamilyIsCovered() {
        XCTAssertGreaterThan(FixtureCases.integer.count, 4000)
        var hits = [String: Int]()
        for c in FixtureCases.integer {
            for w in c.words {
                guard let p = A64Decoder.decode(w) else { XCTFail("\(c.text): \(String(w, radix: 16)) does not decode"); continue }
                hits[p.name, default: 0] += 1
            }
        }
        for f in Self.families { XCTAssertGreaterThan(hits[f] ?? 0, 0, "no case reaches \(f)") }
    }

    func testTranslatedIntegerInstructionsMatchQemu() {
        XCTAssertEqual(QemuFixture.checkThroughJIT(FixtureCases.integer), 0)
    }
}
