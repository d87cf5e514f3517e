import Foundation
import XCTest

/// `compat-run binfmt` (issue 18): the registration line, and a real registration where the
/// machine allows it (root, binfmt_misc mounted), removed again afterwards.
final class BinfmtTests: XCTestCase {
    private func runner() throws -> String {
        if CorpusHarness.runnerIsQEMU { throw XCTSkip("compat-run's own command") }
        guard let r = CorpusHarness.requireRunner() else { throw XCTSkip("no compat-run executable") }
        return r
    }

    private static let magic = #"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00"#
    private static let mask = #"\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff"#

    func testRegistrationLine() throws {
        let compatRun = try runner()
        let real = URL(fileURLWithPath: compatRun).resolvingSymlinksInPath().path
        let r = CorpusHarness.run(compatRun, ["binfmt", "print"])
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        XCTAssertEqual(r.stdoutText, ":compat-run-aarch64:M::\(Self.magic):\(Self.mask):\(real):F\n")
        // The magic under the mask matches a real arm64 ELF header and not an x86-64 one.
        func matches(_ path: String) throws -> Bool {
            let header = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)).prefix(20))
            let m = Self.bytes(Self.magic), k = Self.bytes(Self.mask)
            return header.count == 20 && (0..<20).allSatisfy { header[$0] & k[$0] == m[$0] & k[$0] }
        }
        if let err = TestbinTests.ensureBuilt() { XCTFail(err) }
        XCTAssertTrue(try matches(TestbinTests.outDir.appendingPathComponent("exit42-O2").path))
        XCTAssertFalse(try matches(real))
    }

    static func bytes(_ escaped: String) -> [UInt8] {
        escaped.components(separatedBy: #"\x"#).dropFirst().map { piece -> [UInt8] in
            [UInt8(piece.prefix(2), radix: 16)!] + Array(piece.dropFirst(2).utf8)
        }.flatMap { $0 }
    }

    func testInstallOrClearRefusal() throws {
        let compatRun = try runner()
        let mounted = FileManager.default.fileExists(atPath: "/proc/sys/fs/binfmt_misc/register")
        guard geteuid() == 0 && mounted else {
            let r = CorpusHarness.run(compatRun, ["binfmt", "install"])
            XCTAssertEqual(r.status, .exit(1))
            let expected = geteuid() != 0 ? "must be root" : "binfmt_misc is not mounted"
            XCTAssertTrue(r.stderrText.hasPrefix("compat-run binfmt: ") && r.stderrText.contains(expected), r.stderrText)
            XCTAssertEqual(r.stderrText.filter { $0 == "\n" }.count, 1, r.stderrText)
            throw XCTSkip("real registration needs root and binfmt_misc mounted; the refusal was checked")
        }
        let entry = "/proc/sys/fs/binfmt_misc/compat-run-aarch64"
        if FileManager.default.fileExists(atPath: entry) { throw XCTSkip("compat-run-aarch64 already registered here") }
        var r = CorpusHarness.run(compatRun, ["binfmt", "install"])
        defer { _ = CorpusHarness.run(compatRun, ["binfmt", "uninstall"]) }
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        let text = try String(contentsOfFile: entry, encoding: .utf8)
        XCTAssertTrue(text.contains("enabled") && text.contains("flags: F") && text.contains("magic 7f454c460201010000"), text)
        if let err = TestbinTests.ensureBuilt() { XCTFail(err) }
        r = CorpusHarness.run(TestbinTests.outDir.appendingPathComponent("exit42-O2").path, [])
        XCTAssertEqual(r.status, .exit(42), r.stderrText)
        r = CorpusHarness.run(compatRun, ["binfmt", "uninstall"])
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        XCTAssertFalse(FileManager.default.fileExists(atPath: entry))
    }
}
