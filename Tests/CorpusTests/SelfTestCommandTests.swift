import Foundation
import XCTest

/// `compat-run selftest` (issue 19): the checked-in qemu fixtures pass, and a result corrupted
/// by the test hook (COMPAT_RUN_SELFTEST_CORRUPT=INDEX) is reported as a one-line reproducer.
final class SelfTestCommandTests: XCTestCase {
    func run(_ args: [String], environment extra: [String: String] = [:]) -> CorpusHarness.Result {
        var env = ProcessInfo.processInfo.environment
        env.merge(extra) { $1 }
        return CorpusHarness.run(CorpusHarness.toolPath, ["selftest"] + args, environment: env, timeout: 300)
    }

    func testFixtureCasesPassAndACorruptedResultIsReported() {
        let ok = run(["--count", "300", "--seed", "3"])
        XCTAssertEqual(ok.status, .exit(0), ok.stdoutText + ok.stderrText)
        XCTAssertTrue(ok.stdoutText.contains("selftest: 300 cases"), ok.stdoutText)
        XCTAssertTrue(ok.stdoutText.contains(": 0 differences"), ok.stdoutText)

        let bad = run(["--count", "40", "--class", "int"], environment: ["COMPAT_RUN_SELFTEST_CORRUPT": "7"])
        XCTAssertEqual(bad.status, .exit(1), bad.stdoutText + bad.stderrText)
        let diffs = bad.stdoutText.split(separator: "\n").filter { $0.hasPrefix("DIFF ") }
        XCTAssertEqual(diffs.count, 1, bad.stdoutText)
        let line = String(diffs.first ?? "")
        // encoding, disassembly, inputs, both results
        XCTAssertNotNil(line.range(of: #"^DIFF \[int\] [0-9a-f]{8}(,[0-9a-f]{8})* "[^"]+" \| in: .*X0=0x"#, options: .regularExpression), line)
        XCTAssertTrue(line.contains("| compat-run: X0=0x") && line.contains("| qemu (fixture): X0=0x"), line)
        XCTAssertTrue(bad.stdoutText.contains(": 1 difference "), bad.stdoutText)
    }

    /// Generated inputs for the fixtures' encodings, compared with qemu-aarch64 run on a generated
    /// static program; the hook's corruption shows up against the reference too.
    func testAgainstQemuAsReference() throws {
        guard let qemu = ["/usr/bin/qemu-aarch64", "/usr/local/bin/qemu-aarch64"].first(where: FileManager.default.isExecutableFile)
        else { throw XCTSkip("qemu-aarch64 is not installed") }
        let ok = run(["--reference", qemu, "--count", "1500", "--seed", "11"])
        XCTAssertEqual(ok.status, .exit(0), String(ok.stdoutText.prefix(4000)) + ok.stderrText)
        XCTAssertTrue(ok.stdoutText.contains("selftest: 1500 cases"), ok.stdoutText)
        XCTAssertTrue(ok.stdoutText.contains(": 0 differences"), String(ok.stdoutText.prefix(4000)))
        let bad = run(["--reference", qemu, "--count", "300", "--class", "fp"], environment: ["COMPAT_RUN_SELFTEST_CORRUPT": "100"])
        XCTAssertEqual(bad.status, .exit(1))
        let diffs = bad.stdoutText.split(separator: "\n").filter { $0.hasPrefix("DIFF [fp] ") }
        XCTAssertEqual(diffs.count, 1, bad.stdoutText)
        XCTAssertTrue(diffs.first?.contains("| qemu-aarch64: X0=0x") == true, bad.stdoutText)
    }

    /// Memory forms (loads, stores, exclusives, LSE atomics) against qemu -cpu max: each case
    /// runs on its own buffer in the reference program; buffers and the base register are compared.
    func testMemoryFormsAgainstQemuAsReference() throws {
        guard let qemu = ["/usr/bin/qemu-aarch64", "/usr/local/bin/qemu-aarch64"].first(where: FileManager.default.isExecutableFile)
        else { throw XCTSkip("qemu-aarch64 is not installed") }
        let ok = run(["--reference", qemu + " -cpu max", "--count", "1500", "--class", "mem", "--seed", "12"])
        XCTAssertEqual(ok.status, .exit(0), String(ok.stdoutText.prefix(4000)) + ok.stderrText)
        XCTAssertTrue(ok.stdoutText.contains("selftest: 1500 cases (mem 1500)"), ok.stdoutText)
        XCTAssertTrue(ok.stdoutText.contains(": 0 differences"), String(ok.stdoutText.prefix(4000)))
        let bad = run(["--reference", qemu + " -cpu max", "--count", "300", "--class", "mem"],
                      environment: ["COMPAT_RUN_SELFTEST_CORRUPT": "100"])
        XCTAssertEqual(bad.status, .exit(1))
        XCTAssertEqual(bad.stdoutText.split(separator: "\n").filter { $0.hasPrefix("DIFF [mem] ") }.count, 1, bad.stdoutText)
    }

    func testClassesAndOptionsAreChecked() {
        let r = run(["--class", "vector"])
        XCTAssertNotEqual(r.status, .exit(0))
        XCTAssertTrue(r.stderrText.contains("--class must be int, mem, fp or all"), r.stderrText)
        let mem = run(["--count", "50", "--class", "mem", "--seed", "9"])
        XCTAssertEqual(mem.status, .exit(0), mem.stdoutText)
        XCTAssertTrue(mem.stdoutText.contains("50 cases (mem 50)"), mem.stdoutText)
    }
}
