import Foundation
import XCTest

/// A program the guest executes runs under compat-run with the options it inherits
/// (SyscallShim/InheritedOptions.swift): -strace, -d/-D and --stats=json reach it, and the
/// per-process files of the child are FILE.PID beside the parent's FILE.
final class InheritedOptionsProcessTests: XCTestCase {
    static let busybox = CorpusHarness.repoRoot.appendingPathComponent(".deps/busybox/busybox-arm64").path

    func testAChildCompatRunInheritsStatsLogsAndStrace() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.busybox) else { throw XCTSkip("no .deps/busybox") }
        guard let runner = CorpusHarness.requireRunner() else { return }
        if CorpusHarness.runnerIsQEMU { throw XCTSkip("compat-run options") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("inherit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let stats = dir.appendingPathComponent("stats.json").path, log = dir.appendingPathComponent("log").path

        let r = CorpusHarness.run(runner, ["--stats=json", stats, "-d", "in_asm", "-D", log, "-strace",
                                           Self.busybox, "sh", "-c", "\(Self.busybox) echo child; echo parent"])
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        XCTAssertEqual(r.stdoutText, "child\nparent\n")

        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        let childStats = files.filter { $0.hasPrefix("stats.json.") }, childLogs = files.filter { $0.hasPrefix("log.") }
        XCTAssertEqual(childStats.count, 1, "\(files)")
        XCTAssertEqual(childLogs.count, 1, "\(files)")
        let pid = try XCTUnwrap(childStats.first.flatMap { Int32($0.dropFirst("stats.json.".count)) })
        XCTAssertEqual(childLogs.first, "log.\(pid)", "both files carry the child's pid")

        for file in [stats, dir.appendingPathComponent("stats.json.\(pid)").path] {
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
            XCTAssertEqual(json["schema"] as? String, "compat-run-stats/1", file)
            XCTAssertEqual(json["exit_status"] as? Int, 0, file)
            XCTAssertGreaterThan(json["blocks_translated"] as? Int ?? 0, 0, file)
        }
        for file in [log, dir.appendingPathComponent("log.\(pid)").path] {
            XCTAssertTrue(try String(contentsOfFile: file, encoding: .utf8).contains("---- block 0x"), "\(file) has in_asm blocks")
        }
        // The child's own syscalls are traced after the parent's execve line: its write of "child".
        let afterExec = try XCTUnwrap(r.stderrText.range(of: "execve(")).upperBound
        XCTAssertTrue(r.stderrText[afterExec...].contains("\(pid) write(1,"), r.stderrText.suffix(2000).description)
    }
}
