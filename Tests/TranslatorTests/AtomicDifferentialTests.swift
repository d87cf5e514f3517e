import QemuFixtureData
import XCTest
@testable import Translator

/// Differential test of FEAT_LSE (LDADD ... LDUMIN, SWP, CAS, CASP, the ST* aliases, every
/// size and ordering), FEAT_LRCPC/LRCPC2 (LDAPR, LDAPUR*, STLUR*) and FEAT_FlagM/FlagM2
/// against qemu-aarch64 -cpu max: every case of Data/atomics.txt (Fixtures/gen_atomics.py)
/// runs through the whole JIT; registers, NZCV and the 128-byte buffer must match. Blocks
/// mixing them with flag setters and consumers check the lazy host flags around them.
final class AtomicDifferentialTests: XCTestCase {
    static let instructions: [A64Instruction] = [
        .ldadd, .ldclr, .ldeor, .ldset, .ldsmax, .ldsmin, .ldumax, .ldumin, .swp, .ldapr, .cas, .casp,
        .stlur, .ldapur, .ldapurs, .cfinv, .xaflag, .axflag, .rmif, .setf8, .setf16,
    ]

    func testEveryCaseDecodesAndEveryFamilyIsCovered() {
        XCTAssertGreaterThan(FixtureCases.atomics.count, 2000)
        var hits = [A64Instruction: Int]()
        var mnemonics = Set<String>()
        for c in FixtureCases.atomics {
            for w in c.words {
                guard let p = A64Decoder.decode(w) else { XCTFail("\(c.text): \(String(w, radix: 16)) does not decode"); continue }
                hits[p.id, default: 0] += 1
            }
            if c.words.count == 1, let m = c.text.split(separator: " ").first { mnemonics.insert(String(m)) }
        }
        for i in Self.instructions { XCTAssertGreaterThan(hits[i] ?? 0, 0, "no case reaches \(i)") }
        // Every operation in every size and ordering has a single-instruction case.
        for op in ["ldadd", "ldclr", "ldeor", "ldset", "ldsmax", "ldsmin", "ldumax", "ldumin", "swp", "cas"] {
            for order in ["", "a", "l", "al"] {
                for size in ["", "b", "h"] { XCTAssertTrue(mnemonics.contains(op + order + size), op + order + size) }
            }
        }
        for m in ["casp", "caspa", "caspl", "caspal", "ldapr", "ldaprb", "ldaprh", "stlur", "stlurb", "stlurh", "ldapur",
                  "ldapurb", "ldapurh", "ldapursb", "ldapursh", "ldapursw", "cfinv", "axflag", "xaflag", "rmif", "setf8", "setf16"] {
            XCTAssertTrue(mnemonics.contains(m), m)
        }
    }

    func testTranslatedAtomicInstructionsMatchQemu() {
        XCTAssertEqual(QemuFixture.checkThroughJIT(FixtureCases.atomics), 0)
    }

    /// A large generated set (gen_atomics.py --stress) named by COMPAT_RUN_ATOMIC_FIXTURE.
    func testStressFileMatchesQemu() throws {
        guard let path = ProcessInfo.processInfo.environment["COMPAT_RUN_ATOMIC_FIXTURE"] else {
            throw XCTSkip("COMPAT_RUN_ATOMIC_FIXTURE not set")
        }
        let cases = try FixtureCases.load(path: path, as: .atomics)
        XCTAssertEqual(QemuFixture.checkThroughJIT(cases), 0, "\(cases.count) cases")
    }
}
