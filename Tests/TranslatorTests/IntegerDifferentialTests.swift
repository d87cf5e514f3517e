import QemuFixtureData
import XCTest
@testable import Translator

/// Differential test of the integer and load/store instructions against qemu: every
/// case of Data/integer.txt (Fixtures/gen_integer.py: seeded edge and random
/// values in X0-X15, SP, NZCV, V0-V3 and a 128-byte buffer) runs through the whole JIT
/// as the block `words; svc #0`, and every register, the flags and the buffer must
/// match what qemu-aarch64 computed.
final class IntegerDifferentialTests: XCTestCase {
    /// Every integer and load/store instruction outside branches, FP/SIMD and the LSE/LRCPC/
    /// FlagM extensions (AtomicDifferentialTests) must be exercised.
    static let untested: Set<A64Instruction> = [
        .b, .bl, .bCond, .cbz, .cbnz, .tbz, .tbnz, .br, .blr, .ret, .svc, .brk, .sb, .icIVAU, .msrRegister,
        .ldadd, .ldclr, .ldeor, .ldset, .ldsmax, .ldsmin, .ldumax, .ldumin, .swp, .ldapr, .cas, .casp,
        .stlur, .ldapur, .ldapurs, .cfinv, .xaflag, .axflag, .rmif, .setf8, .setf16,
        .ld1st1Multiple, .ldNstNMultiple, .ldNstNMultiplePost, .simdLoadStoreSingle, .simdLoadStoreSinglePost, .ld1st1MultiplePost,
    ]
    static var integerInstructions: [A64Instruction] {
        let rows = A64Table.dataProcessingImmediate + A64Table.branchesSystem + A64Table.loadsStores
            + A64Table.loadStoreSingleRegister + A64Table.dataProcessingRegister
        var seen = Set<A64Instruction>()
        return rows.map(\.id).filter { !untested.contains($0) && seen.insert($0).inserted }
    }

    func testEveryCaseDecodesAndEveryFamilyIsCovered() {
        XCTAssertGreaterThan(FixtureCases.integer.count, 4000)
        var hits = [A64Instruction: Int]()
        for c in FixtureCases.integer {
            for w in c.words {
                guard let p = A64Decoder.decode(w) else { XCTFail("\(c.text): \(String(w, radix: 16)) does not decode"); continue }
                hits[p.id, default: 0] += 1
            }
        }
        for i in Self.integerInstructions { XCTAssertGreaterThan(hits[i] ?? 0, 0, "no case reaches \(i)") }
    }

    func testTranslatedIntegerInstructionsMatchQemu() {
        XCTAssertEqual(QemuFixture.checkThroughJIT(FixtureCases.integer), 0)
    }
}
