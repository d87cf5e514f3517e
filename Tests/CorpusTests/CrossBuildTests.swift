import Foundation
import XCTest

/// compat-run as a cross-build runner (issue 18): examples/cross-cmake configured with the
/// aarch64-linux-gnu toolchain file, CMAKE_CROSSCOMPILING_EMULATOR = compat-run, built, and
/// its ctest suite passing through compat-run (~4 s).
final class CrossBuildTests: XCTestCase {
    func testCMakeProjectCTestPassesThroughCompatRun() throws {
        if CorpusHarness.runnerIsQEMU { throw XCTSkip("compat-run as the emulator") }
        guard let runner = CorpusHarness.requireRunner() else { throw XCTSkip("no compat-run executable") }
        let fm = FileManager.default
        for tool in ["/usr/bin/cmake", "/usr/bin/ctest", "/usr/bin/aarch64-linux-gnu-gcc"] where !fm.isExecutableFile(atPath: tool) {
            throw XCTSkip("\(tool) is not installed (scripts/bootstrap installs cmake)")
        }
        let source = CorpusHarness.repoRoot.appendingPathComponent("examples/cross-cmake")
        let build = fm.temporaryDirectory.appendingPathComponent("cross-cmake-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: build) }
        let env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        var r = CorpusHarness.run("/usr/bin/cmake", ["-S", source.path, "-B", build.path,
                                                     "-DCMAKE_TOOLCHAIN_FILE=\(source.path)/aarch64-linux-gnu.cmake",
                                                     "-DCOMPAT_RUN=\(runner)"], environment: env, timeout: 300)
        XCTAssertEqual(r.status, .exit(0), r.stdoutText + r.stderrText)
        r = CorpusHarness.run("/usr/bin/cmake", ["--build", build.path], environment: env, timeout: 300)
        XCTAssertEqual(r.status, .exit(0), r.stdoutText + r.stderrText)
        let header = [UInt8](try Data(contentsOf: build.appendingPathComponent("checksum_test")).prefix(20))
        XCTAssertEqual(header[18], 0xb7, "checksum_test is not an arm64 ELF")   // e_machine = EM_AARCH64
        r = CorpusHarness.run("/usr/bin/ctest", ["--test-dir", build.path, "-V"], environment: env, timeout: 300)
        XCTAssertEqual(r.status, .exit(0), r.stdoutText + r.stderrText)
        XCTAssertTrue(r.stdoutText.contains("100% tests passed, 0 tests failed out of 3"), r.stdoutText)
        // Every test ran through compat-run (ctest -V shows the command line).
        let commands = r.stdoutText.split(separator: "\n").filter { $0.contains("Test command: ") }
        XCTAssertEqual(commands.count, 3, r.stdoutText)
        for c in commands { XCTAssertTrue(c.contains("Test command: \(runner) "), String(c)) }
    }
}
