import Foundation
import XCTest

/// `compat-run --rootfs DIR` (issue 18): a Debian arm64 tree (.deps/realroot) as the guest's
/// whole "/": an arm64 bash runs a pipeline of the tree's own programs, absolute paths are
/// the tree's (also for new files), /tmp and $HOME stay the host's.
final class RootFSTests: XCTestCase {
    func testBashPipelineInsideRootfs() throws {
        if CorpusHarness.runnerIsQEMU { throw XCTSkip("compat-run's own option") }
        guard let runner = CorpusHarness.requireRunner() else { throw XCTSkip("no compat-run executable") }
        let root = CorpusHarness.repoRoot.appendingPathComponent(".deps/realroot").resolvingSymlinksInPath()
        let fm = FileManager.default
        guard fm.isExecutableFile(atPath: root.appendingPathComponent("usr/bin/bash").path) else {
            throw XCTSkip("no arm64 Debian tree in .deps/realroot (scripts/bootstrap)")
        }
        let id = UUID().uuidString
        let marker = "/compat-run-rootfs-marker-\(id)", created = "/compat-run-rootfs-created-\(id)"
        let hostTmp = "/tmp/compat-run-rootfs-tmp-\(id)"
        try "inside the tree\n".write(toFile: root.path + marker, atomically: false, encoding: .utf8)
        defer { for p in [root.path + marker, root.path + created, hostTmp, created] { try? fm.removeItem(atPath: p) } }
        let script = """
            uname -m | tr a-z A-Z
            cat \(marker) | wc -w
            ls -d /usr/lib/aarch64-linux-gnu /lib/ld-linux-aarch64.so.1 | wc -l
            echo new > \(created)
            echo tmp > \(hostTmp)
            cd /usr/lib/aarch64-linux-gnu && ls libc.so.6 && /bin/pwd
            echo "$HOME"
            """
        let home = NSTemporaryDirectory()
        let r = CorpusHarness.run(runner, ["--rootfs", root.path, "/bin/bash", "-c", script],
                                  environment: ["HOME": home, "PATH": "/usr/bin:/bin"], timeout: 120)
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        XCTAssertEqual(r.stdoutText, "AARCH64\n3\n2\nlibc.so.6\n/usr/lib/aarch64-linux-gnu\n\(home)\n")
        XCTAssertEqual(try String(contentsOfFile: root.path + created, encoding: .utf8), "new\n")
        XCTAssertFalse(fm.fileExists(atPath: created), "a new absolute path must land inside the tree")
        XCTAssertEqual(try String(contentsOfFile: hostTmp, encoding: .utf8), "tmp\n")
        // One-line refusals.
        let bad = CorpusHarness.run(runner, ["--rootfs", "/nonexistent-\(id)", "/bin/true"])
        XCTAssertEqual(bad.status, .exit(1))
        XCTAssertEqual(bad.stderrText.filter { $0 == "\n" }.count, 1, bad.stderrText)
    }
}
