import Foundation
import XCTest

/// compat-run's command line as a user meets it: top-level #! scripts, a missing -L
/// directory, and the guest's LD_* variables across an exec of another arm64 program.
final class LaunchTests: XCTestCase {
    static let busybox = CorpusHarness.repoRoot.appendingPathComponent(".deps/busybox/busybox-arm64").path

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.busybox) else { throw XCTSkip("no arm64 busybox in .deps") }
    }

    func script(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("launch-\(UUID().uuidString).sh").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        addTeardownBlock { unlink(path) }
        return path
    }

    func testTopLevelScriptRunsItsArm64Interpreter() throws {
        guard let runner = CorpusHarness.requireRunner() else { return }
        let s = try script("#!\(Self.busybox) sh\necho \"args: $0 $*\"\n")
        let r = CorpusHarness.run(runner, [s, "one", "two"])
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        XCTAssertEqual(r.stdoutText, "args: \(s) one two\n")
    }

    func testMissingSysrootIsReported() {
        guard let runner = CorpusHarness.requireRunner() else { return }
        let r = CorpusHarness.run(runner, ["-L", "/nonexistent/sysroot", Self.busybox, "true"])
        XCTAssertEqual(r.status, .exit(1))
        XCTAssertEqual(r.stderrText, "compat-run: -L /nonexistent/sysroot: No such file or directory\n")
    }

    /// An option compat-run does not have is named as one, with the parser's usage status;
    /// a program whose name starts with '-' still runs.
    func testUnknownOptionIsReported() throws {
        if let err = TestbinTests.ensureBuilt() { XCTFail(err); return }
        guard let runner = CorpusHarness.requireRunner() else { return }
        let r = CorpusHarness.run(runner, ["-Z", Self.busybox, "true"])
        XCTAssertEqual(r.status, .exit(64))
        XCTAssertTrue(r.stderrText.hasPrefix("Error: unknown option -Z\n"), r.stderrText)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("launch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(atPath: TestbinTests.outDir.appendingPathComponent("exit42-O2").path,
                                         toPath: dir.appendingPathComponent("-exit42").path)
        XCTAssertEqual(CorpusHarness.run(runner, ["--", "-exit42"], cwd: dir).status, .exit(42), "`--` ends the options")
        XCTAssertEqual(CorpusHarness.run(runner, ["-exit42"], cwd: dir).status, .exit(42), "an existing file is a program")
    }

    func testGuestLoaderVariablesDoNotReachTheHostAcrossExec() {
        guard let runner = CorpusHarness.requireRunner() else { return }
        let inner = "echo $LD_PRELOAD $LD_LIBRARY_PATH; \(Self.busybox) env | \(Self.busybox) grep -c COMPAT_RUN_GUEST"
        let r = CorpusHarness.run(runner, [Self.busybox, "sh", "-c",
            "LD_PRELOAD=/nonexistent/lib.so LD_LIBRARY_PATH=/nowhere exec \(Self.busybox) sh -c '\(inner)'"])
        XCTAssertEqual(r.stdoutText, "/nonexistent/lib.so /nowhere\n0\n", "the guest sees its variables, unrenamed")
        XCTAssertEqual(r.stderrText, "", "the host loader never saw the guest's LD_PRELOAD")
    }

    /// A program the guest executes with an argv[0] starting with '-' (a login shell) gets it:
    /// compat-run's re-entry passes it as `-0 -sh`.
    func testExecWithALoginShellArgv0() {
        guard let runner = CorpusHarness.requireRunner() else { return }
        let r = CorpusHarness.run(runner, [Self.busybox, "sh", "-c", "exec -a -sh \(Self.busybox) -c 'echo argv0=$0'"])
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        XCTAssertEqual(r.stdoutText, "argv0=-sh\n")
    }

    /// -strace prints every bad pointer as a pointer and the program's behaviour is unchanged.
    func testBadPointersUnderStrace() throws {
        if let err = TestbinTests.ensureBuilt() { XCTFail(err); return }
        guard let runner = CorpusHarness.requireRunner() else { return }
        let expected = try String(contentsOf: TestbinTests.expectedDir.appendingPathComponent("bad_pointers.stdout"),
                                  encoding: .utf8)
        let r = CorpusHarness.run(runner, ["-strace", TestbinTests.outDir.appendingPathComponent("bad_pointers-O2").path])
        XCTAssertEqual(r.status, .exit(0))
        XCTAssertEqual(r.stdoutText, expected)
        XCTAssertTrue(r.stderrText.contains("openat(AT_FDCWD,0x10,O_RDONLY,00) = -1 errno=14 (Bad address)"),
                      String(r.stderrText.prefix(2000)))
    }
}
