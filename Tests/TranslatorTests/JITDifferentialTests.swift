import XCTest
@testable import Translator

/// Differential test of the whole JIT path (decode, lift, optimize, emit, run) against
/// qemu-computed results: each fixture instruction runs as a translated block
/// `word; svc #0`, so inline host code and out-of-line helpers are both checked.
final class JITDifferentialTests: XCTestCase {
    func testTranslatedInstructionsMatchQemu() {
        XCTAssertGreaterThan(QemuFixture.cases.count, 1000)
        XCTAssertEqual(QemuFixture.runThroughJIT(QemuFixture.cases), 0)
    }
}
