import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `compat-run test` (issue 19) on a small corpus with a deliberately broken case: the exit
/// status, the unified diff, the summary line, and JUnit/JSON reports that parsers read.
/// (TestbinTests runs the whole testbins/ corpus through the same runner.)
final class CorpusRunnerTests: XCTestCase {
    static var tool: String { CorpusHarness.toolPath }

    func makeCorpus() throws -> URL {
        if let err = TestbinTests.ensureBuilt() { throw XCTSkip(err) }
        let out = TestbinTests.outDir.path, expected = TestbinTests.expectedDir.path
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("corpus-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data("hello\nworld\n".utf8).write(to: dir.appendingPathComponent("echo.in"))
        let manifest = """
            {
              "timeout": 60,
              "cases": [
                {"name": "exit42", "program": "\(out)/exit42-O2", "status": 42,
                 "stdoutFile": "\(expected)/exit42.stdout"},
                {"name": "echo", "program": "\(out)/stdin_echo-O0", "stdinFile": "echo.in", "status": 1,
                 "stdout": "  1: olleh\\n  2: dlrow\\nlines=2 words=2 sum=1084 eof=1\\n"},
                {"name": "abort", "program": "\(out)/abort_quiet-O2", "status": "signal 6"},
                {"name": "sigill-message", "program": "\(out)/sigill-O2", "status": "signal 4",
                 "stderrContains": "compat-run: illegal instruction 0x"},
                {"name": "broken", "program": "\(out)/argv_env-O2", "args": ["one", "two"], "env": {"FOO": "bar"},
                 "stdout": "argc=3\\nargv0 base starts with argv_env=1\\nargv[1]=[one] len=3\\nargv[2]=[TWO] len=3\\n", "status": 0}
              ]
            }
            """
        try Data(manifest.utf8).write(to: dir.appendingPathComponent("corpus.json"))
        return dir
    }

    func testBrokenCaseIsReportedWithDiffSummaryJUnitAndJSON() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.tool) else { return XCTFail("no compat-run at \(Self.tool)") }
        let dir = try makeCorpus()
        defer { try? FileManager.default.removeItem(at: dir) }
        let junit = dir.appendingPathComponent("report.xml"), json = dir.appendingPathComponent("report.json")
        let r = CorpusHarness.run(Self.tool, ["test", dir.path, "--jobs", "2", "--junit", junit.path, "--json", json.path],
                                  environment: ProcessInfo.processInfo.environment, timeout: 300)
        let text = r.stdoutText
        XCTAssertEqual(r.status, .exit(1), text + r.stderrText)
        XCTAssertTrue(text.contains("4 passed, 1 failed"), text)
        XCTAssertTrue(text.contains("FAIL broken"), text)
        for pass in ["exit42", "echo", "abort", "sigill-message"] { XCTAssertTrue(text.contains("PASS \(pass)"), text) }
        // the unified diff: the changed line, its replacement and the lines the program printed beyond
        XCTAssertTrue(text.contains("--- expected stdout"), text)
        XCTAssertTrue(text.contains("+++ actual stdout"), text)
        XCTAssertTrue(text.contains("@@ -1,4 +1,13 @@"), text)
        XCTAssertTrue(text.contains("    -argv[2]=[TWO] len=3\n    +argv[2]=[two] len=3\n"), text)
        XCTAssertTrue(text.contains("+env: FOO=bar"), text)
        XCTAssertTrue(text.contains("status: expected 0, got 3"), text)

        // JUnit: well-formed, five test cases, one <failure> naming the broken case
        let parser = XMLParser(contentsOf: junit)!
        let counter = JUnitCounter()
        parser.delegate = counter
        XCTAssertTrue(parser.parse(), "JUnit report is not well-formed: \(String(describing: parser.parserError))")
        XCTAssertEqual(counter.testcases, ["exit42", "echo", "abort", "sigill-message", "broken"])
        XCTAssertEqual(counter.failedCases, ["broken"])
        XCTAssertEqual(counter.suiteAttributes["tests"], "5")
        XCTAssertEqual(counter.suiteAttributes["failures"], "1")

        // and a real JUnit consumer's reading: python3's xml.etree, counting like CI tools do
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile)
        if let python {
            let script = """
                import sys, xml.etree.ElementTree as ET
                root = ET.parse(sys.argv[1]).getroot()
                assert root.tag == "testsuites", root.tag
                cases = root.findall("./testsuite/testcase")
                failed = [c.get("name") for c in cases if c.find("failure") is not None]
                suite = root.find("testsuite")
                print(len(cases), int(suite.get("tests")), int(suite.get("failures")), ",".join(failed),
                      all(c.get("classname") and c.get("time") for c in cases))
                """
            let py = CorpusHarness.run(python, ["-c", script, junit.path], environment: [:], timeout: 60)
            XCTAssertEqual(py.stdoutText, "5 5 1 broken True\n", py.stderrText)
        }

        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as! [String: Any]
        let summary = report["summary"] as! [String: Any]
        XCTAssertEqual(summary["passed"] as? Int, 4)
        XCTAssertEqual(summary["failed"] as? Int, 1)
        let cases = report["cases"] as! [[String: Any]]
        let broken = cases.first { $0["name"] as? String == "broken" }!
        XCTAssertEqual(broken["passed"] as? Bool, false)
        XCTAssertTrue((broken["diff"] as? String ?? "").contains("+argv[2]=[two] len=3"))

        // --filter: only the passing cases, exit status 0
        let ok = CorpusHarness.run(Self.tool, ["test", dir.appendingPathComponent("corpus.json").path, "--filter", "^(exit42|abort)$"],
                                   environment: ProcessInfo.processInfo.environment, timeout: 120)
        XCTAssertEqual(ok.status, .exit(0), ok.stdoutText)
        XCTAssertTrue(ok.stdoutText.contains("2 passed, 0 failed"), ok.stdoutText)
    }

    /// A directory of binaries without expected files, compared with qemu-aarch64 as the reference.
    func testReferenceRunOnAPlainDirectory() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.tool) else { return XCTFail("no compat-run at \(Self.tool)") }
        guard let qemu = ["/usr/bin/qemu-aarch64", "/usr/local/bin/qemu-aarch64"].first(where: FileManager.default.isExecutableFile)
        else { throw XCTSkip("qemu-aarch64 is not installed") }
        if let err = TestbinTests.ensureBuilt() { throw XCTSkip(err) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("corpus-ref-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for bin in ["exit42-O2", "sha256-O2", "segv-O0", "printf_double-O2"] {
            try FileManager.default.copyItem(at: TestbinTests.outDir.appendingPathComponent(bin), to: dir.appendingPathComponent(bin))
        }
        try Data("abc\n".utf8).write(to: dir.appendingPathComponent("sha256-O2.stdin"))
        let json = dir.appendingPathComponent("comparison.json")
        let r = CorpusHarness.run(Self.tool, ["test", dir.path, "--reference", qemu, "--jobs", "2", "--json", json.path],
                                  environment: ProcessInfo.processInfo.environment, timeout: 300)
        XCTAssertEqual(r.status, .exit(0), r.stdoutText + r.stderrText)
        XCTAssertTrue(r.stdoutText.contains("4 passed, 0 failed"), r.stdoutText)
        // the comparison report: each case with the reference's result next to compat-run's
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any]
        let cases = report?["cases"] as? [[String: Any]] ?? []
        XCTAssertEqual(cases.count, 4)
        let segv = cases.first { $0["name"] as? String == "segv-O0" }
        XCTAssertEqual(segv?["expectedStatus"] as? String, "signal 11", "\(segv ?? [:])")
        XCTAssertEqual(segv?["status"] as? String, "signal 11", "\(segv ?? [:])")
        XCTAssertNotNil(segv?["reference"], "the reference's own result is in the report")
        // without a reference the same directory has no expected results: every case fails, saying so
        let none = CorpusHarness.run(Self.tool, ["test", dir.path], environment: ProcessInfo.processInfo.environment, timeout: 120)
        XCTAssertEqual(none.status, .exit(1))
        XCTAssertTrue(none.stdoutText.contains("missing ") && none.stdoutText.contains("0 passed, 4 failed"), none.stdoutText)
    }
}

private final class JUnitCounter: NSObject, XMLParserDelegate {
    var testcases: [String] = [], failedCases: [String] = []
    var suiteAttributes: [String: String] = [:]
    private var current: String?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "testsuite": suiteAttributes = attributes
        case "testcase": current = attributes["name"]; testcases.append(attributes["name"] ?? "?")
        case "failure": failedCases.append(current ?? "?")
        default: break
        }
    }
}
