import QemuFixtureData
import XCTest
@testable import Translator

/// Differential test of the whole JIT path (decode, lift, optimize, emit, run) against
/// qemu-computed results: each fixture instruction runs as a translated block
/// `word; svc #0`, so inline host code and out-of-line helpers are both checked.
final class JITDifferentialTests: XCTestCase {
    func testTranslatedInstructionsMatchQemu() {
        XCTAssertGreaterThan(FixtureCases.outOfLine.count, 1000)
        XCTAssertEqual(QemuFixture.checkThroughJIT(FixtureCases.outOfLine), 0)
    }

    /// The FP cases whose whole FPSR is compared (estimates, half-precision conversions, ...).
    func testTranslatedInstructionsMatchQemuWithStatus() {
        XCTAssertGreaterThan(FixtureCases.floatStatus.count, 100)
        XCTAssertEqual(QemuFixture.checkThroughJIT(FixtureCases.floatStatus), 0)
        // The same with the flags read by MRS FPSR (inline code) and written back by MSR FPSR.
        XCTAssertEqual(QemuFixture.checkThroughJIT(QemuFixture.foldingHostFlags(FixtureCases.floatStatus)), 0)
    }

    /// A large generated set (gen_fpstatus.py --stress) named by COMPAT_RUN_FP_STATUS_FIXTURE.
    func testStatusStressFileMatchesQemu() throws {
        guard let path = ProcessInfo.processInfo.environment["COMPAT_RUN_FP_STATUS_FIXTURE"] else {
            throw XCTSkip("COMPAT_RUN_FP_STATUS_FIXTURE not set")
        }
        let cases = try FixtureCases.load(path: path, as: .floatStatus)
        XCTAssertEqual(QemuFixture.checkThroughJIT(QemuFixture.foldingHostFlags(cases)), 0, "\(cases.count) cases")
    }
}
