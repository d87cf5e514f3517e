import QemuFixtureData
import XCTest
@testable import Translator

/// Differential test of FP/SIMD state the backend keeps across the instructions of one
/// block (a V register carried in xmm0, scalar results stored without clearing their
/// upper bits, FCMP flags feeding FCSEL/CSEL, GPR<->V moves): every chain of
/// Data/simd-chains.txt (Fixtures/gen_simd_chains.py: 2-8 instructions through a few
/// registers, Q=0 and Q=1 forms, single and double mixed, NaN/inf/±0/denormal inputs,
/// some with FPCR.DN set) runs through the whole JIT as the block `words; svc #0` and
/// must leave V0-V7, X0-X7, NZCV and QC as qemu-aarch64 did.
final class SimdChainDifferentialTests: XCTestCase {
    func testEveryChainIsOneBlockOfDecodableInstructions() {
        XCTAssertGreaterThan(FixtureCases.simdChains.count, 1000)
        for c in FixtureCases.simdChains {
            XCTAssertGreaterThanOrEqual(c.words.count, 2, "\(c.text)")
            for w in c.words where A64Decoder.decode(w) == nil { XCTFail("\(c.text): \(String(w, radix: 16)) does not decode") }
        }
    }

    func testTranslatedChainsMatchQemu() {
        XCTAssertEqual(QemuFixture.checkThroughJIT(FixtureCases.simdChains), 0)
    }
}
