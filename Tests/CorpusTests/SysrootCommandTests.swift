import Foundation
import XCTest

/// `compat-run sysroot` (issue 18): the merged-/usr layout and the dependency closure (fast,
/// apt's local lists), and building a python3 sysroot that runs (long run: it downloads
/// ~50 packages; COMPAT_RUN_LONG_TESTS=1).
final class SysrootCommandTests: XCTestCase {
    private func runner() throws -> String {
        if CorpusHarness.runnerIsQEMU { throw XCTSkip("compat-run's own command") }
        guard let r = CorpusHarness.requireRunner() else { throw XCTSkip("no compat-run executable") }
        return r
    }

    private func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sysroot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    private static var environment: [String: String] { ProcessInfo.processInfo.environment }

    func testMergeUsrLayout() throws {
        let compatRun = try runner()
        let root = try scratch(), fm = FileManager.default
        // As dpkg-deb -x leaves Debian 12 packages: files under /bin, /lib and /usr alike.
        for (path, text) in [("bin/sh", "sh"), ("lib/aarch64-linux-gnu/libc.so.6", "libc"),
                             ("usr/lib/aarch64-linux-gnu/libz.so.1", "z"), ("usr/bin/python3", "py"),
                             ("sbin/ldconfig", "ldconfig"), ("lib/ld-linux-aarch64.so.1", "ld")] {
            let url = root.appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: false, encoding: .utf8)
        }
        let r = CorpusHarness.run(compatRun, ["sysroot", "merge-usr", root.path])
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        for name in ["bin", "sbin", "lib"] {
            XCTAssertEqual(try fm.destinationOfSymbolicLink(atPath: root.appendingPathComponent(name).path), "usr/\(name)")
        }
        XCTAssertFalse(fm.fileExists(atPath: root.appendingPathComponent("lib64").path), "arm64 has no /lib64")
        for (path, text) in [("usr/bin/sh", "sh"), ("usr/lib/aarch64-linux-gnu/libc.so.6", "libc"),
                             ("usr/lib/aarch64-linux-gnu/libz.so.1", "z"), ("usr/sbin/ldconfig", "ldconfig"),
                             ("lib/ld-linux-aarch64.so.1", "ld"), ("bin/python3", "py")] {
            XCTAssertEqual(try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8), text, path)
        }
        // Idempotent: a merged tree stays as it is.
        XCTAssertEqual(CorpusHarness.run(compatRun, ["sysroot", "merge-usr", root.path]).status, .exit(0))
    }

    /// The arm64 package lists must be on this machine (dpkg --add-architecture arm64).
    private func requireArm64Lists() throws {
        let r = CorpusHarness.run("/usr/bin/apt-cache", ["show", "--no-all-versions", "libc6:arm64"],
                                  environment: ["PATH": "/usr/bin:/bin"])
        if r.status != .exit(0) { throw XCTSkip("apt has no arm64 package lists here") }
    }

    func testDependencyClosure() throws {
        let compatRun = try runner()
        try requireArm64Lists()
        let r = CorpusHarness.run(compatRun, ["sysroot", "create", "/nonexistent/dry", "python3", "--dry-run"],
                                  environment: Self.environment, timeout: 120)
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        let names = r.stdoutText.split(separator: "\n").map(String.init)
        XCTAssertEqual(Set(names).count, names.count, "duplicates: \(names)")
        for needed in ["python3:arm64", "python3.11-minimal:arm64", "libc6:arm64", "libexpat1:arm64", "zlib1g:arm64"] {
            XCTAssertTrue(names.contains(needed), "\(needed) missing: \(names)")
        }
        // Architecture-independent packages are fetched without a qualifier; everything else as arm64.
        XCTAssertTrue(names.contains("media-types"), "\(names)")
        XCTAssertTrue(names.allSatisfy { $0.hasSuffix(":arm64") || !$0.contains(":") }, "\(names)")
        XCTAssertFalse(names.contains { $0.hasSuffix(":amd64") })
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/nonexistent/dry"))
    }

    func testPython3SysrootRuns() throws {
        guard Self.environment["COMPAT_RUN_LONG_TESTS"] == "1" else {
            throw XCTSkip("downloads packages: run with COMPAT_RUN_LONG_TESTS=1")
        }
        let compatRun = try runner()
        try requireArm64Lists()
        let root = try scratch().appendingPathComponent("py3")
        var r = CorpusHarness.run(compatRun, ["sysroot", "create", root.path, "python3"], environment: Self.environment,
                                  timeout: 1200)
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        XCTAssertTrue(r.stderrText.contains("compat-run sysroot: done: "), r.stderrText)
        r = CorpusHarness.run(compatRun, ["-L", root.path, root.path + "/usr/bin/python3", "-c",
                                          "import platform, json, hashlib; print(platform.machine(), json.dumps([1, 2]), "
                                              + "hashlib.sha256(b'x').hexdigest()[:8])"], timeout: 300)
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        XCTAssertEqual(r.stdoutText, "aarch64 [1, 2] 2d711642\n")
    }
}
