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

/// AES, 64-bit PMULL and SHA-256 run on AES-NI/PCLMULQDQ/SHA where the host has them, else
/// out of line: both lowerings against qemu's answers.
final class CryptoLoweringTests: XCTestCase {
    static let cases = FixtureCases.outOfLine.filter { c in
        let id = A64Decoder.decode(c.word)?.id
        return id == .aes || id == .sha3Register || id == .sha2Register
            || c.word & 0xBFE0_FC00 == 0x0EE0_E000   // PMULL{2} Vd.1Q
    }

    func testInlineAndOutOfLineMatchQemu() {
        XCTAssertGreaterThan(Self.cases.count, 40)
        let host = HostCPU.usable
        defer { HostCPU.usable = host }
        XCTAssertEqual(QemuFixture.checkThroughJIT(Self.cases), 0, "host lowering (\(host.rawValue))")
        HostCPU.usable.subtract([.aes, .pclmul, .sha])
        XCTAssertEqual(QemuFixture.checkThroughJIT(Self.cases), 0, "out of line")
    }

    func testLiftsToHostFormOnlyWithTheFeature() {
        let aese: UInt32 = 0x4E28_4820   // aese v0.16b, v1.16b
        let host = HostCPU.usable
        defer { HostCPU.usable = host }
        let code = UnsafeMutablePointer<UInt32>.allocate(capacity: 2)
        defer { code.deallocate() }
        code[0] = aese; code[1] = 0xD400_0001   // svc #0
        func lifted() -> [IROp] { Lifter.liftBlock(at: UInt64(UInt(bitPattern: code)), maxInstructions: 1).ops }
        HostCPU.usable.insert(.aes)
        XCTAssertTrue(lifted().contains { if case .vecCrypto(.aese, 0, 1, _) = $0 { return true }; return false })
        HostCPU.usable.remove(.aes)
        XCTAssertFalse(lifted().contains { if case .vecCrypto = $0 { return true }; return false })
    }
}
