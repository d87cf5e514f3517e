import Foundation
import XCTest

/// `--jitdump` (perf's jitdump format) and `--stats` when the guest dies by a signal (issue 18).
final class JitDumpTests: XCTestCase {
    private func setUp(_ names: String...) throws -> (runner: String, bins: [String]) {
        try TestbinTests.toolsSetUp(names)
    }

    private func u32(_ d: [UInt8], _ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(d[at + $1]) << (8 * $1) } }
    private func u64(_ d: [UInt8], _ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(d[at + $1]) << (8 * $1) } }

    func testJitDumpRecordsNameGuestFunctions() throws {
        let (runner, bins) = try setUp("call_return-O2", "printf_int-dyn-O2")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("jitdump-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for bin in bins {
            let r = CorpusHarness.run("/bin/sh", ["-c", "echo $$; exec \"$0\" --jitdump \"$1\" >/dev/null", runner, bin],
                                      environment: ["PATH": "/usr/bin:/bin", "JITDUMPDIR": dir.path])
            XCTAssertEqual(r.status, .exit(0), r.stderrText)
            let pid = UInt32(r.stdoutText.split(separator: "\n").first ?? "") ?? 0
            let d = [UInt8](try Data(contentsOf: dir.appendingPathComponent("jit-\(pid).dump")))
            // Header: magic 'JiTD', version 1, size 40, EM_X86_64, pad, pid, timestamp, flags.
            XCTAssertEqual(u32(d, 0), 0x4A69_5444)
            XCTAssertEqual(u32(d, 4), 1)
            XCTAssertEqual(u32(d, 8), 40)
            XCTAssertEqual(u32(d, 12), 62)
            XCTAssertEqual(u32(d, 20), pid)
            var at = 40, names: [String] = [], index: UInt64 = 0, lastTime = u64(d, 24)
            while at < d.count {
                XCTAssertEqual(u32(d, at), 0, "JIT_CODE_LOAD")   // the only record kind written
                let size = Int(u32(d, at + 4)), time = u64(d, at + 8)
                XCTAssertGreaterThanOrEqual(time, lastTime)
                lastTime = time
                XCTAssertEqual(u32(d, at + 16), pid)
                let vma = u64(d, at + 24), codeAddress = u64(d, at + 32), codeSize = Int(u64(d, at + 40))
                XCTAssertEqual(vma, codeAddress)
                XCTAssertEqual(u64(d, at + 48), index)
                let nameStart = at + 56
                let nameEnd = try XCTUnwrap(d[nameStart...].firstIndex(of: 0))
                names.append(String(decoding: d[nameStart..<nameEnd], as: UTF8.self))
                XCTAssertEqual(size, nameEnd + 1 - at + codeSize, "record size = header + name + code")
                at += size
                index += 1
            }
            XCTAssertEqual(at, d.count)
            XCTAssertGreaterThan(names.count, 10)
            XCTAssertTrue(names.contains("main"), bin)
            if bin.contains("dyn") { XCTAssertTrue(names.contains("printf"), "libc symbols from the mapped libc.so") }
        }
    }

    func testStatsWhenTheGuestDiesBySignal() throws {
        let (runner, bins) = try setUp("segv-O2")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("stats-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        let r = CorpusHarness.run(runner, ["--stats", "--stats=json", file.path, bins[0]])
        XCTAssertEqual(r.status, .signal(SIGSEGV), r.stderrText)
        XCTAssertTrue(r.stderrText.contains("compat-run: killed by signal 11\n"), r.stderrText)
        XCTAssertTrue(r.stderrText.contains("compat-run: wall time"), r.stderrText)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        XCTAssertEqual(Set(json.keys), Set(ToolsTests.statsKeys))
        XCTAssertEqual(json["exit_status"] as? Int, 128 + 11)
        XCTAssertEqual(json["terminating_signal"] as? Int, 11)
        XCTAssertGreaterThan(json["blocks_translated"] as? Int ?? 0, 10)
    }
}
