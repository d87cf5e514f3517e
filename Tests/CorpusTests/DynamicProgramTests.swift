import Foundation
import XCTest

/// Dynamically linked arm64 programs: Debian's GNU hello (.deps/hello, fetched by scripts/bootstrap)
/// through Debian's runtime in .deps/sysroot and through the default sysroot, exec of a dynamic
/// program from a static one (the sysroot is passed on), and the missing-interpreter error.
final class DynamicProgramTests: XCTestCase {
    static let hello = CorpusHarness.repoRoot.appendingPathComponent(".deps/hello/hello-arm64").path
    static let debianSysroot = CorpusHarness.repoRoot.appendingPathComponent(".deps/sysroot").path
    static let busybox = CorpusHarness.repoRoot.appendingPathComponent(".deps/busybox/busybox-arm64").path
    static let env = ["PATH": "/usr/bin:/bin", "LC_ALL": "C", "LANG": "C"]

    private func requireHello() throws -> String {
        guard FileManager.default.isExecutableFile(atPath: Self.hello) else {
            throw XCTSkip("no .deps/hello/hello-arm64 (run scripts/bootstrap)")
        }
        guard let runner = CorpusHarness.requireRunner() else { throw XCTSkip("no compat-run executable") }
        return runner
    }

    func testDebianHelloWithDebianSysroot() throws {
        let runner = try requireHello()
        guard FileManager.default.fileExists(atPath: Self.debianSysroot + "/lib/ld-linux-aarch64.so.1") else {
            throw XCTSkip("no .deps/sysroot (run scripts/bootstrap)")
        }
        var r = CorpusHarness.run(runner, ["-L", Self.debianSysroot, Self.hello], environment: Self.env)
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        XCTAssertEqual(r.stdoutText, "Hello, world!\n")
        r = CorpusHarness.run(runner, ["-L", Self.debianSysroot, Self.hello, "-g", "bonjour, monde"], environment: Self.env)
        XCTAssertEqual(r.stdoutText, "bonjour, monde\n")
        r = CorpusHarness.run(runner, ["-L", Self.debianSysroot, Self.hello, "-t"], environment: Self.env)
        XCTAssertEqual(r.stdoutText, "hello, world\n")
        // QEMU_LD_PREFIX is the same as -L.
        var env = Self.env
        env["QEMU_LD_PREFIX"] = Self.debianSysroot
        r = CorpusHarness.run(runner, [Self.hello], environment: env)
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        XCTAssertEqual(r.stdoutText, "Hello, world!\n")
    }

    func testDefaultSysroot() throws {
        let runner = try requireHello()
        guard !CorpusHarness.runnerIsQEMU else { throw XCTSkip("qemu has no default sysroot") }
        guard FileManager.default.fileExists(atPath: "/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1") else {
            throw XCTSkip("no /usr/aarch64-linux-gnu (run scripts/bootstrap)")
        }
        let r = CorpusHarness.run(runner, [Self.hello], environment: Self.env)
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        XCTAssertEqual(r.stdoutText, "Hello, world!\n")
    }

    func testMissingInterpreter() throws {
        let runner = try requireHello()
        guard !CorpusHarness.runnerIsQEMU else { throw XCTSkip("compat-run's own message") }
        // An existing sysroot without the dynamic linker (a missing -L directory is its own error).
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("empty-sysroot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let r = CorpusHarness.run(runner, ["-L", empty.path, Self.hello], environment: Self.env)
        if FileManager.default.fileExists(atPath: "/lib/ld-linux-aarch64.so.1") { return }  // the host has one
        XCTAssertEqual(r.status, .exit(127))
        XCTAssertEqual(r.stderrText, "compat-run: \(Self.hello): interpreter /lib/ld-linux-aarch64.so.1 not found "
            + "(use -L SYSROOT or QEMU_LD_PREFIX)\n")
    }

    /// A static guest (busybox sh) runs a dynamic one: execve re-enters compat-run with -L.
    func testExecOfDynamicProgramKeepsTheSysroot() throws {
        let runner = try requireHello()
        guard FileManager.default.isExecutableFile(atPath: Self.busybox) else { throw XCTSkip("no busybox-arm64") }
        guard let sysroot = CorpusHarness.sysroot else { throw XCTSkip("no arm64 sysroot") }
        let script = "\(Self.hello) -g first; echo status=$?; readlink /proc/self/exe"
        let r = CorpusHarness.run(runner, ["-L", sysroot, Self.busybox, "sh", "-c", script], environment: Self.env)
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        var expected = "first\nstatus=0\n"
        if !CorpusHarness.runnerIsQEMU { expected += Self.busybox + "\n" }
        XCTAssertEqual(CorpusHarness.runnerIsQEMU ? String(r.stdoutText.prefix(expected.count)) : r.stdoutText, expected)
    }
}
