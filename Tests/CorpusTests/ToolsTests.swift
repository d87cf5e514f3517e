import CCapstone
import Foundation
import XCTest

/// The user-facing tools of compat-run (issue 18): --version/--help, --stats and
/// --stats=json, --perf-map, `compat-run inspect`, and the -d items.
final class ToolsTests: XCTestCase {
    private func setUp(_ names: String...) throws -> (runner: String, bins: [String]) {
        try TestbinTests.toolsSetUp(names)
    }

    // MARK: --version, --help

    func testVersionAndHelp() throws {
        let (runner, bins) = try setUp("exit42-O2")
        var r = CorpusHarness.run(runner, ["--version"])
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        XCTAssertTrue(r.stdoutText.hasPrefix("compat-run "), r.stdoutText)
        r = CorpusHarness.run(runner, ["--help"])
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        for option in ["-L <PATH>", "-E <VAR=VALUE>", "-U <VAR>", "-0 <ARGV0>", "-strace", "-d <ITEM,...>",
                       "-dfilter <ADDR[+LEN],...>", "-D <LOGFILE>", "--stats", "--stats-json <FILE>", "--perf-map",
                       "--version", "inspect PROGRAM", "-g <PORT|PATH>", "--rootfs <DIR>", "--jitdump",
                       "binfmt install", "sysroot create DIR PACKAGE"] {
            XCTAssertTrue(r.stdoutText.contains(option), "--help lacks \(option):\n\(r.stdoutText)")
        }
        for bad in ["<E>", "<U>", "<0>", "<D>"] { XCTAssertFalse(r.stdoutText.contains(bad), bad) }
        // After PROGRAM everything is the program's: exit42 ignores its arguments.
        r = CorpusHarness.run(runner, [bins[0], "--help", "--version"])
        XCTAssertEqual(r.status, .exit(42), r.stderrText)
        r = CorpusHarness.run(runner, ["inspect", "--help"])
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        XCTAssertTrue(r.stdoutText.contains("--symbol <NAME>"), r.stdoutText)
    }

    // MARK: --stats

    /// The keys docs/usage.md documents for schema compat-run-stats/1.
    static let statsKeys = ["schema", "exit_status", "terminating_signal", "wall_time_ns", "peak_rss_kib", "blocks_translated",
                            "guest_instructions_translated", "host_code_bytes", "translation_time_ns", "cache_flushes",
                            "cache_flushes_by_cause", "invalidated_blocks", "chain_patches", "jump_cache_misses",
                            "signals_delivered", "threads_created", "syscalls",
                            "blocks_loaded", "guest_instructions_loaded", "cache_load_time_ns"]

    func testStatsJSON() throws {
        let (runner, bins) = try setUp("printf_int-O2", "threads_mutex-O2", "signals-O2")
        for (bin, spelling) in zip(bins, [["--stats=json"], ["--stats-json"], ["--stats", "--stats=json"]]) {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("stats-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: file) }
            let r = CorpusHarness.run(runner, spelling + [file.path, bin])
            XCTAssertEqual(r.status, .exit(0), r.stderrText)
            let data = try Data(contentsOf: file)
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any], bin)
            XCTAssertEqual(Set(json.keys), Set(Self.statsKeys), bin)
            XCTAssertEqual(json["schema"] as? String, "compat-run-stats/1")
            XCTAssertEqual(json["exit_status"] as? Int, 0)
            XCTAssertGreaterThan(json["blocks_translated"] as? Int ?? 0, 10)
            XCTAssertGreaterThan(json["guest_instructions_translated"] as? Int ?? 0, json["blocks_translated"] as? Int ?? 0)
            XCTAssertGreaterThan(json["peak_rss_kib"] as? Int ?? 0, 0)
            XCTAssertGreaterThan(json["chain_patches"] as? Int ?? 0, 0)
            let causes = try XCTUnwrap(json["cache_flushes_by_cause"] as? [String: Int])
            XCTAssertEqual(Set(causes.keys), ["cache_full", "fpcr_mode", "invalidation"])
            XCTAssertEqual(causes.values.reduce(0, +), json["cache_flushes"] as? Int)
            let calls = try XCTUnwrap(json["syscalls"] as? [[String: Any]])
            for c in calls { XCTAssertEqual(Set(c.keys), ["name", "number", "count", "time_ns"]) }
            let names = Set(calls.compactMap { $0["name"] as? String })
            XCTAssertTrue(names.contains("exit_group") && names.contains("write"), "\(names)")
            if spelling.contains("--stats") { XCTAssertTrue(r.stderrText.contains("compat-run: wall time"), r.stderrText) }
            if bin.contains("threads") { XCTAssertGreaterThan(json["threads_created"] as? Int ?? 0, 0) }
            if bin.contains("signals") { XCTAssertGreaterThan(json["signals_delivered"] as? Int ?? 0, 0) }
        }
    }

    // MARK: --perf-map

    func testPerfMapNamesGuestFunctions() throws {
        let (runner, bins) = try setUp("call_return-O2", "printf_int-dyn-O2")
        for bin in bins {
            // The shell's pid is compat-run's (exec), so the map's name is known.
            let r = CorpusHarness.run("/bin/sh", ["-c", "echo $$; exec \"$0\" --perf-map \"$1\" >/dev/null", runner, bin],
                                      environment: ["PATH": "/usr/bin:/bin"])
            XCTAssertEqual(r.status, .exit(0), r.stderrText)
            let pid = r.stdoutText.split(separator: "\n").first.map(String.init) ?? ""
            let path = "/tmp/perf-\(pid).map"
            defer { unlink(path) }
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let lines = text.split(separator: "\n")
            XCTAssertGreaterThan(lines.count, 10)
            for l in lines.prefix(50) {
                let f = l.split(separator: " ")
                XCTAssertEqual(f.count, 3, String(l))
                XCTAssertNotNil(UInt64(f[0], radix: 16)); XCTAssertNotNil(UInt64(f[1], radix: 16))
            }
            let names = Set(lines.map { $0.split(separator: " ").last.map(String.init) ?? "" })
            XCTAssertTrue(names.contains("main"), bin)
            if bin.contains("dyn") { XCTAssertTrue(names.contains("printf"), "libc symbols from the mapped libc.so") }
        }
    }

    /// perf itself names the guest's functions from the map: the code memory is one perf
    /// reads maps for (CodeMemory.swift). Skipped where perf cannot record.
    func testPerfReportUsesThePerfMap() throws {
        let (runner, bins) = try setUp("crc32-O0")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("perfmap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("perf.data").path
        let record = CorpusHarness.run("/bin/sh", ["-c", "perf record -q -F 5000 -o \"$0\" -- \"$1\" --perf-map \"$2\" >/dev/null",
                                                   data, runner, bins[0]], environment: ["PATH": "/usr/bin:/bin"])
        guard record.status == .exit(0) else { throw XCTSkip("perf record unavailable: \(record.stderrText.prefix(200))") }
        let report = CorpusHarness.run("/bin/sh", ["-c", "perf report -i \"$0\" --no-children --sort sym --stdio 2>/dev/null", data],
                                       environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertTrue(report.stdoutText.contains("[.] crc_bitwise"), String(report.stdoutText.prefix(2000)))
    }

    // MARK: inspect

    /// Parses inspect output into blocks of (pc, text) guest lines and marker lines.
    private func checkInspect(_ runner: String, _ bin: String, symbol: String, linkBase: UInt64) throws {
        let r = CorpusHarness.run(runner, ["inspect", bin, "--symbol", symbol, "--host", "--ir"])
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        let lines = r.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try XCTUnwrap(lines.first)
        XCTAssertTrue(header.hasPrefix("\(symbol): 0x"), header)
        let bias = try XCTUnwrap(UInt64(header.components(separatedBy: "load bias 0x").last!.dropLast(), radix: 16))
        let file = try Data(contentsOf: URL(fileURLWithPath: bin))
        var guest: [UInt64: String] = [:]
        var markers: [(UInt64, String)] = []
        var hostLines = 0, blocks = 0, inGuest = false
        // Per block: guest lines, "  IR:" and its ops (--ir), then host lines and ";;" markers.
        for l in lines {
            if l.hasPrefix("---- block") { blocks += 1; inGuest = true; continue }
            if l == "  IR:" { inGuest = false; continue }
            if l.hasPrefix("   ;; 0x"), !inGuest, let colon = l.firstIndex(of: ":") {
                let pc = UInt64(l[l.index(l.startIndex, offsetBy: 8)..<colon], radix: 16)!
                markers.append((pc, String(l[l.index(colon, offsetBy: 2)...])))
            } else if l.hasPrefix("  0x"), let sep = l.range(of: ":  "),
                      let a = UInt64(l[l.index(l.startIndex, offsetBy: 4)..<sep.lowerBound], radix: 16) {
                if inGuest { guest[a] = String(l[sep.upperBound...]) } else { hostLines += 1 }
            }
        }
        XCTAssertGreaterThan(blocks, 1, r.stdoutText)
        XCTAssertGreaterThan(hostLines, guest.count, "host code present")
        // Guest text is Capstone's for the file's bytes.
        for (pc, text) in guest where pc >= bias + linkBase {
            let off = Int(pc - bias - linkBase)
            guard off + 4 <= file.count else { continue }
            let word = file[off..<off + 4].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            XCTAssertEqual(text, Self.capstoneArm64(word, at: pc), String(pc, radix: 16))
        }
        // Each boundary marker names a guest instruction of the function, with the same text.
        XCTAssertFalse(markers.isEmpty)
        for (pc, text) in markers { XCTAssertEqual(guest[pc], text, "marker at 0x\(String(pc, radix: 16))") }
    }

    func testInspectStaticAndDynamic() throws {
        let (runner, bins) = try setUp("call_return-O2", "printf_int-dyn-O2")
        try checkInspect(runner, bins[0], symbol: "main", linkBase: 0x400000)
        try checkInspect(runner, bins[1], symbol: "main", linkBase: 0)
        let r = CorpusHarness.run(runner, ["inspect", bins[0], "--symbol", "mian"])
        XCTAssertEqual(r.status, .exit(1))
        XCTAssertTrue(r.stderrText.contains("no symbol 'mian'") && r.stderrText.contains("main"), r.stderrText)
        XCTAssertEqual(r.stderrText.split(separator: "\n").count, 1, r.stderrText)
    }

    static func capstoneArm64(_ word: UInt32, at pc: UInt64) -> String {
        var h: csh = 0
        guard cs_open(CS_ARCH_ARM64, CS_MODE_LITTLE_ENDIAN, &h) == CS_ERR_OK else { return "?" }
        defer { cs_close(&h) }
        var w = word, insn: UnsafeMutablePointer<cs_insn>? = nil
        let n = withUnsafeBytes(of: &w) { cs_disasm(h, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), 4, pc, 1, &insn) }
        guard n == 1, let i = insn else { return "unknown" }
        defer { cs_free(i, n) }
        var item = i[0]
        let m = withUnsafeBytes(of: &item.mnemonic) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        let o = withUnsafeBytes(of: &item.op_str) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        return o.isEmpty ? m : "\(m) \(o)"
    }

    // MARK: -d

    func testDebugItems() throws {
        let (runner, bins) = try setUp("call_return-O2", "printf_int-dyn-O2")
        let expected = try String(contentsOf: TestbinTests.testbins.appendingPathComponent("expected/call_return.stdout"), encoding: .utf8)
        // exec: a line per block run, the program still correct without chaining.
        var r = CorpusHarness.run(runner, ["-d", "exec", bins[0]])
        XCTAssertEqual(r.status, .exit(0)); XCTAssertEqual(r.stdoutText, expected)
        let trace = r.stderrText.split(separator: "\n").filter { $0.hasPrefix("Trace 0x") }
        XCTAssertGreaterThan(trace.count, 1000)
        XCTAssertTrue(trace.contains { $0.hasSuffix("[main]") })
        // -dfilter keeps the lines of blocks in range; in_asm/out_asm together.
        let mainLine = try XCTUnwrap(trace.first { $0.hasSuffix("[main]") })
        let mainPC = String(mainLine.dropFirst(8).prefix { $0 != " " })
        r = CorpusHarness.run(runner, ["-d", "exec,in_asm,out_asm,page", "-dfilter", "0x\(mainPC)", bins[0]])
        XCTAssertEqual(r.stdoutText, expected)
        let lines = r.stderrText.split(separator: "\n")
        XCTAssertTrue(lines.allSatisfy { !$0.hasPrefix("Trace ") || $0.hasSuffix("[main]") }, r.stderrText)
        XCTAssertEqual(lines.filter { $0.hasPrefix("---- block") }.count, 1, r.stderrText)
        XCTAssertTrue(r.stderrText.contains("guest mappings at start:"))
        XCTAssertTrue(r.stderrText.contains("   ;; 0x\(mainPC): "), "boundary of main's first instruction")
        // nochain: still correct, and nothing is linked.
        let stats = FileManager.default.temporaryDirectory.appendingPathComponent("nochain-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: stats) }
        r = CorpusHarness.run(runner, ["-d", "nochain", "--stats=json", stats.path, bins[1]])
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: stats)) as? [String: Any]
        XCTAssertEqual(json?["chain_patches"] as? Int, 0)
        // strace is -strace.
        r = CorpusHarness.run(runner, ["-d", "strace", bins[0]])
        XCTAssertTrue(r.stderrText.contains("exit_group(0)"), r.stderrText)
        r = CorpusHarness.run(runner, ["-d", "bogus", bins[0]])
        XCTAssertEqual(r.status, .exit(1)); XCTAssertTrue(r.stderrText.contains("unknown -d item 'bogus'"))
    }

    /// -one-insn-per-tb (and -singlestep): every block is one guest instruction, the program
    /// still correct; -d op and op_opt print the IR as lifted and after the passes.
    func testOneInstructionPerBlockAndIRItems() throws {
        let (runner, bins) = try setUp("call_return-O2")
        let expected = try String(contentsOf: TestbinTests.testbins.appendingPathComponent("expected/call_return.stdout"), encoding: .utf8)
        for flag in ["-one-insn-per-tb", "-singlestep"] {
            let stats = FileManager.default.temporaryDirectory.appendingPathComponent("oneinsn-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: stats) }
            let r = CorpusHarness.run(runner, [flag, "--stats=json", stats.path, bins[0]])
            XCTAssertEqual(r.status, .exit(0), r.stderrText)
            XCTAssertEqual(r.stdoutText, expected)
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: stats)) as? [String: Any])
            let blocks = try XCTUnwrap(json["blocks_translated"] as? Int), instructions = try XCTUnwrap(json["guest_instructions_translated"] as? Int)
            XCTAssertGreaterThan(blocks, 100)
            XCTAssertEqual(blocks, instructions, flag)
        }
        let r = CorpusHarness.run(runner, ["-d", "op,op_opt", bins[0]])
        XCTAssertEqual(r.stdoutText, expected)
        XCTAssertTrue(r.stderrText.contains("  IR as lifted:\n"), String(r.stderrText.prefix(2000)))
        XCTAssertTrue(r.stderrText.contains("  IR:\n"), String(r.stderrText.prefix(2000)))
        XCTAssertTrue(r.stderrText.contains(" = const 0x"), String(r.stderrText.prefix(2000)))
    }
}

extension TestbinTests {
    /// For tests of compat-run's own tools: the runner (skipped under qemu) and the named
    /// testbins, built if needed.
    static func toolsSetUp(_ names: [String]) throws -> (runner: String, bins: [String]) {
        if CorpusHarness.runnerIsQEMU { throw XCTSkip("compat-run's own tools") }
        if let err = ensureBuilt() { XCTFail(err) }
        guard let runner = CorpusHarness.requireRunner() else { throw XCTSkip("no compat-run executable") }
        let bins = names.map { outDir.appendingPathComponent($0).path }
        for b in bins where !FileManager.default.fileExists(atPath: b) { throw XCTSkip("\(b) not built") }
        return (runner, bins)
    }
}
