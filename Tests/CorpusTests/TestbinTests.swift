import Foundation
import XCTest

/// Runs every built testbin (testbins/out/*) under compat-run and compares stdout and exit
/// status exactly with testbins/expected/NAME.{stdout,status}. Variants NAME-O0 / NAME-O2 share
/// one expected file. Optional inputs: testbins/src/NAME.args (one per line), NAME.env (K=V per
/// line; the program gets exactly these variables), NAME.stdin. Programs listed in
/// testbins/src/DYNAMIC are also built dynamically linked (NAME-dyn-O2) and run with
/// `-L SYSROOT` (CorpusHarness.sysroot) against the same expected files. The programs run through
/// `compat-run test testbins` (the corpus runner, docs/corpus.md), except when COMPAT_RUN is QEMU.
final class TestbinTests: XCTestCase {
    static let testbins = CorpusHarness.repoRoot.appendingPathComponent("testbins")
    static let outDir = testbins.appendingPathComponent("out")
    static let srcDir = testbins.appendingPathComponent("src")
    static let expectedDir = testbins.appendingPathComponent("expected")

    /// Program families: one test method each. Programs not listed here run in testOtherPrograms.
    static let families: [String: [String]] = [
        "integer": ["arith_int", "bitops", "csel_flags", "int128"],
        "control": ["control_flow", "recursion", "funcptr", "setjmp_test", "call_return"],
        "strings": ["strings", "printf_int", "stdin_echo"],
        "float": ["printf_double", "fp_scalar", "simd_neon", "fp_vector_tininess"],
        "memory": ["malloc_stress", "qsort_test", "atomics", "simd_struct_faults"],
        "hashes": ["sha256", "crc32"],
        "system": ["file_io", "dir_io", "argv_env", "auxv", "signals", "sigill_handler", "alarm_busy_loop", "counter", "segv_handler"],
        "exits": ["exit42", "return7", "sigill", "segv", "abort_quiet"],
        "sockets": ["sock_echo", "sock_scm"],
        "events": ["event_fds", "fs_events", "xattr_file"],
        "processControl": ["proc_control", "sysv_ipc", "bad_pointers"],
        // pthreads (issue 15): also built dynamically (testbins/src/DYNAMIC); testThreadPrograms runs both
        "threads": ["threads_mutex", "threads_atomics", "threads_tls", "threads_futex", "threads_signals",
                    "threads_fork", "threads_exit", "threads_abort", "threads_mainexit", "threads_stress4", "threads_lse"],
    ]

    /// Per-run timeout: threaded programs get more room (they spin-wait, and CI runs two test
    /// processes on two cores), but a hang still ends.
    static func timeout(for name: String) -> TimeInterval {
        name.hasPrefix("threads_") ? 120 : 60
    }

    // MARK: - building

    nonisolated(unsafe) private static var buildAttempted = false
    private static let buildLock = NSLock()

    /// Builds the corpus if testbins/out is missing or empty, or (when the cross compiler is
    /// installed) always, since the build script only rebuilds what changed.
    static func ensureBuilt() -> String? {
        buildLock.lock(); defer { buildLock.unlock() }
        if buildAttempted { return nil }
        buildAttempted = true
        let fm = FileManager.default
        let existing = (try? fm.contentsOfDirectory(atPath: outDir.path)) ?? []
        let haveCompiler = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            .split(separator: ":").contains { fm.isExecutableFile(atPath: "\($0)/aarch64-linux-gnu-gcc") }
        if !existing.isEmpty && !haveCompiler { return nil }
        let script = CorpusHarness.repoRoot.appendingPathComponent("scripts/build-testbins").path
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = env["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let r = CorpusHarness.run("/bin/bash", [script], environment: env, cwd: CorpusHarness.repoRoot, timeout: 600)
        if r.status != .exit(0) {
            return "scripts/build-testbins failed (\(r.status)):\n\(r.stderrText.suffix(3000))"
        }
        return nil
    }

    // MARK: - discovery

    struct Program: Sendable {
        var name: String      // e.g. strings
        var binary: String    // e.g. strings-O2
        var path: String
        /// A -dyn variant: dynamically linked, runs with -L SYSROOT.
        var dynamic = false
    }

    /// All built binaries, paired with their test name (variant suffix -O0/-O2 stripped).
    static func builtPrograms() -> [Program] {
        let fm = FileManager.default
        let entries = ((try? fm.contentsOfDirectory(atPath: outDir.path)) ?? []).sorted()
        return entries.compactMap { file in
            if file.hasSuffix(".tmp") || file.hasSuffix(".log") || file.hasPrefix(".") { return nil }
            let path = outDir.appendingPathComponent(file).path
            guard fm.isExecutableFile(atPath: path) else { return nil }
            var name = file
            for suffix in ["-O0", "-O2", "-O1", "-O3", "-Os"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
            let dynamic = name.hasSuffix("-dyn")
            if dynamic { name.removeLast("-dyn".count) }
            if name.hasSuffix("-static-pie") { name.removeLast("-static-pie".count) }
            return Program(name: name, binary: file, path: path, dynamic: dynamic)
        }
    }

    static func lines(_ url: URL) -> [String]? {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        var parts = text.components(separatedBy: "\n")
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    // MARK: - running one program

    /// Runs one variant and returns a failure description, or nil if it matched.
    static func check(_ prog: Program, runner: String) -> String? {
        let expStdoutURL = expectedDir.appendingPathComponent("\(prog.name).stdout")
        let expStatusURL = expectedDir.appendingPathComponent("\(prog.name).status")
        guard let expStdout = try? Data(contentsOf: expStdoutURL) else {
            return "\(prog.binary): missing \(expStdoutURL.path) (run scripts/build-testbins --regen-expected)"
        }
        guard let statusText = try? String(contentsOf: expStatusURL, encoding: .utf8),
              let expStatus = CorpusHarness.Status(expected: statusText) else {
            return "\(prog.binary): missing or malformed \(expStatusURL.path)"
        }
        let args = lines(srcDir.appendingPathComponent("\(prog.name).args")) ?? []
        var env: [String: String] = [:]
        for kv in lines(srcDir.appendingPathComponent("\(prog.name).env")) ?? [] {
            guard let eq = kv.firstIndex(of: "=") else { continue }
            env[String(kv[..<eq])] = String(kv[kv.index(after: eq)...])
        }
        let stdinURL = srcDir.appendingPathComponent("\(prog.name).stdin")
        let stdinPath = FileManager.default.fileExists(atPath: stdinURL.path) ? stdinURL.path : nil

        var runnerArgs: [String] = []
        if prog.dynamic {
            guard let sysroot = CorpusHarness.sysroot else {
                return "\(prog.binary): no arm64 sysroot (set QEMU_LD_PREFIX or run scripts/bootstrap)"
            }
            runnerArgs = ["-L", sysroot]
        }
        let r = CorpusHarness.run(runner, runnerArgs + [prog.path] + args, environment: env, stdinPath: stdinPath,
                                  timeout: timeout(for: prog.name))
        var problems: [String] = []
        if r.status != expStatus {
            problems.append("status: expected \(expStatus), got \(r.status)")
        }
        if r.stdout != expStdout {
            problems.append("stdout differs from \(expStdoutURL.lastPathComponent):\n"
                + CorpusHarness.describeDiff(expected: String(decoding: expStdout, as: UTF8.self), actual: r.stdoutText))
        }
        if prog.name == "sigill" && !CorpusHarness.runnerIsQEMU && !r.stderrText.contains("compat-run: illegal instruction 0x") {
            problems.append("stderr should contain \"compat-run: illegal instruction 0x\"")
        }
        if problems.isEmpty { return nil }
        let stderrTail = r.stderrText.isEmpty ? "" : "\n  stderr (tail): " + String(r.stderrText.suffix(800))
        return "\(prog.binary) [\(prog.path)]:\n  " + problems.joined(separator: "\n  ") + stderrTail
    }

    /// Runs the given test names (all their variants) in parallel and reports each failure by name.
    /// `dynamic`: run the -dyn variants instead of the static ones.
    func runPrograms(_ names: [String], dynamic: Bool = false, file: StaticString = #filePath, line: UInt = #line) {
        if let err = Self.ensureBuilt() { XCTFail(err, file: file, line: line); return }
        guard let runner = CorpusHarness.requireRunner(file: file, line: line) else { return }
        let all = Self.builtPrograms()
        let wanted = Set(names)
        let progs = all.filter { wanted.contains($0.name) && $0.dynamic == dynamic }
        let missing = wanted.subtracting(progs.map(\.name))
        for name in missing.sorted() {
            XCTFail("testbin \(name) is not built in \(Self.outDir.path) (run scripts/build-testbins)", file: file, line: line)
        }
        if progs.isEmpty { return }
        if !CorpusHarness.runnerIsQEMU {
            for message in Self.runThroughCorpusRunner(progs) { XCTFail(message, file: file, line: line) }
            return
        }
        let failures = CorpusCollector<(String, String)>()
        CorpusHarness.parallelFor(progs.count) { i in
            if let f = Self.check(progs[i], runner: runner) { failures.append((progs[i].binary, f)) }
        }
        for (_, message) in failures.all.sorted(by: { $0.0 < $1.0 }) { XCTFail(message, file: file, line: line) }
    }

    /// Runs the given variants with `compat-run test testbins --filter …` (the user-facing corpus
    /// runner, issue 19) and returns one message per failure. (With COMPAT_RUN=qemu-aarch64 the
    /// programs run directly under QEMU instead, through `check`.)
    static func runThroughCorpusRunner(_ progs: [Program]) -> [String] {
        let tool = CorpusHarness.toolPath
        let fm = FileManager.default
        let json = fm.temporaryDirectory.appendingPathComponent("testbins-\(UUID().uuidString).json")
        defer { try? fm.removeItem(at: json) }
        let filter = "^(" + progs.map(\.binary).joined(separator: "|") + ")$"
        let jobs = String(max(2, ProcessInfo.processInfo.activeProcessorCount))
        let r = CorpusHarness.run(tool, ["test", testbins.path, "--filter", filter, "--json", json.path, "--quiet", "--jobs", jobs],
                                  environment: ProcessInfo.processInfo.environment, timeout: 1200)
        guard let data = try? Data(contentsOf: json),
              let report = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = report["cases"] as? [[String: Any]] else {
            return ["compat-run test testbins (\(r.status)) wrote no JSON report:\n\(r.stdoutText.suffix(3000))\n\(r.stderrText.suffix(2000))"]
        }
        var messages: [String] = []
        let ran = Set(cases.compactMap { $0["name"] as? String })
        for p in progs where !ran.contains(p.binary) { messages.append("\(p.binary): not run by compat-run test") }
        for c in cases {
            let name = c["name"] as? String ?? "?"
            var problems = (c["passed"] as? Bool) == true ? [] : (c["problems"] as? [String] ?? ["failed"])
            if let diff = c["diff"] as? String, !diff.isEmpty, !problems.isEmpty { problems.append(diff) }
            let stderr = c["stderr"] as? String ?? ""
            if name.hasPrefix("sigill-") && !stderr.contains("compat-run: illegal instruction 0x") {
                problems.append("stderr should contain \"compat-run: illegal instruction 0x\"")
            }
            if problems.isEmpty { continue }
            let tail = stderr.isEmpty ? "" : "\n  stderr (tail): " + String(stderr.suffix(800))
            messages.append("\(name) [\(c["program"] as? String ?? "")]:\n  " + problems.joined(separator: "\n  ") + tail)
        }
        if messages.isEmpty && r.status != .exit(0) {
            messages.append("compat-run test testbins exited \(r.status):\n\(r.stdoutText.suffix(3000))")
        }
        return messages
    }

    // MARK: - tests

    func testIntegerPrograms() { runPrograms(Self.families["integer"]!) }
    func testControlFlowPrograms() { runPrograms(Self.families["control"]!) }
    func testStringAndPrintfPrograms() { runPrograms(Self.families["strings"]!) }
    func testFloatingPointPrograms() { runPrograms(Self.families["float"]!) }
    func testMemoryAndAtomicsPrograms() { runPrograms(Self.families["memory"]!) }
    func testHashPrograms() { runPrograms(Self.families["hashes"]!) }
    func testSystemInterfacePrograms() { runPrograms(Self.families["system"]!) }
    func testExitStatusAndSignalPrograms() { runPrograms(Self.families["exits"]!) }
    func testSocketPrograms() { runPrograms(Self.families["sockets"]!) }
    func testEventFdPrograms() { runPrograms(Self.families["events"]!) }
    func testProcessControlPrograms() { runPrograms(Self.families["processControl"]!) }

    /// Multithreaded programs (mutexes, atomics, TLS, futexes, signals, fork, exit_group), static
    /// -O0/-O2 and their dynamically linked -dyn-O2 builds. `scripts/stress-threads` repeats them.
    func testThreadPrograms() {
        let names = Self.families["threads"]!
        runPrograms(names)
        if let err = Self.ensureBuilt() { XCTFail(err); return }
        let dynamic = Set(Self.dynamicNames())
        XCTAssertTrue(Set(names).isSubset(of: dynamic), "every threads_* program should be listed in testbins/src/DYNAMIC")
        runPrograms(names.filter { dynamic.contains($0) }, dynamic: true)
    }

    /// The dynamically linked variants (testbins/src/DYNAMIC) through the sysroot's ld.so and libc
    /// (the threads family's run in testThreadPrograms).
    func testDynamicPrograms() {
        if let err = Self.ensureBuilt() { XCTFail(err); return }
        let threads = Set(Self.families["threads"]!)
        let names = (Self.dynamicNames() + Self.sourceNames(ext: "cc")).filter { !threads.contains($0) }
        XCTAssertGreaterThanOrEqual(names.count, 6, "testbins/src/DYNAMIC should list at least 6 programs")
        runPrograms(names, dynamic: true)
    }

    /// Names listed in testbins/src/DYNAMIC (one per line, # comments).
    static func dynamicNames() -> [String] { listedNames("DYNAMIC") }

    /// Names listed in testbins/src/STATIC_PIE (built NAME-static-pie-O2 too).
    static func staticPieNames() -> [String] { listedNames("STATIC_PIE") }

    /// Programs with a source testbins/src/NAME.EXT.
    static func sourceNames(ext: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: srcDir.path)) ?? [])
            .filter { $0.hasSuffix("." + ext) }.map { ($0 as NSString).deletingPathExtension }.sorted()
    }

    static func listedNames(_ list: String) -> [String] {
        let text = (try? String(contentsOf: srcDir.appendingPathComponent(list), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let name = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first?
                .trimmingCharacters(in: .whitespaces) ?? ""
            return name.isEmpty ? nil : name
        }
    }

    func testAssemblyPrograms() {
        if let err = Self.ensureBuilt() { XCTFail(err); return }
        let names = Set(Self.builtPrograms().filter { !$0.dynamic }.map(\.name).filter { $0.hasPrefix("asm_") })
        XCTAssertFalse(names.isEmpty, "no asm_* testbins built")
        runPrograms(names.sorted())
    }

    /// Debian's arm64 ripgrep (Rust) and fzf (Go) from .deps/realroot, with real input, through
    /// the manifest testbins/debian.json (expected output from qemu-aarch64 -L .deps/realroot).
    func testDebianRustAndGoPrograms() throws {
        let rg = CorpusHarness.repoRoot.appendingPathComponent(".deps/realroot/usr/bin/rg").path
        guard FileManager.default.isExecutableFile(atPath: rg) else { throw XCTSkip("no .deps/realroot (run scripts/bootstrap)") }
        if CorpusHarness.runnerIsQEMU { throw XCTSkip("runs through compat-run test") }
        let r = CorpusHarness.run(CorpusHarness.toolPath, ["test", Self.testbins.appendingPathComponent("debian.json").path, "--jobs", "2"],
                                  environment: ProcessInfo.processInfo.environment, timeout: 600)
        XCTAssertEqual(r.status, .exit(0), r.stdoutText + r.stderrText)
        XCTAssertTrue(r.stdoutText.contains("5 passed, 0 failed"), r.stdoutText)
    }

    /// Everything built that no family above claims (new programs are covered automatically).
    func testOtherPrograms() {
        if let err = Self.ensureBuilt() { XCTFail(err); return }
        let claimed = Set(Self.families.values.flatMap { $0 })
        let others = Set(Self.builtPrograms().filter { !$0.dynamic }.map(\.name)
            .filter { !claimed.contains($0) && !$0.hasPrefix("asm_") })
        if others.isEmpty { return }
        runPrograms(others.sorted())
    }

    /// Every source has an expected result and a built binary; every expected file has a source.
    func testCorpusIsComplete() throws {
        if let err = Self.ensureBuilt() { XCTFail(err); return }
        let fm = FileManager.default
        let compiled = Set(Self.sourceNames(ext: "c") + Self.sourceNames(ext: "cc"))
        let sources = compiled.union(Self.sourceNames(ext: "S") + Self.sourceNames(ext: "go"))
        let built = Set(Self.builtPrograms().map(\.name))
        let expected = Set(((try? fm.contentsOfDirectory(atPath: Self.expectedDir.path)) ?? [])
            .filter { $0.hasSuffix(".stdout") }.map { ($0 as NSString).deletingPathExtension })
        // issue 19: at least 100 distinct programs (variants not counted), C++, Go and FEX-style asm among them
        XCTAssertGreaterThanOrEqual(sources.count, 100, "corpus should hold at least 100 programs")
        XCTAssertGreaterThanOrEqual(Self.sourceNames(ext: "cc").count, 6, "C++ programs")
        XCTAssertFalse(Self.sourceNames(ext: "go").isEmpty, "a Go program")
        XCTAssertGreaterThanOrEqual(AsmRegisterHeaderTests.registerTests().count, 5, "asmregs_* tests")
        for s in sources.subtracting(built).sorted() { XCTFail("testbin \(s) has a source but no binary in testbins/out") }
        for s in sources.subtracting(expected).sorted() { XCTFail("testbin \(s) has no testbins/expected/\(s).stdout") }
        for s in expected.subtracting(sources).sorted() { XCTFail("testbins/expected/\(s).stdout has no source") }
        for s in sources.sorted() {
            let st = Self.expectedDir.appendingPathComponent("\(s).status")
            let text = (try? String(contentsOf: st, encoding: .utf8)) ?? ""
            XCTAssertNotNil(CorpusHarness.Status(expected: text), "testbins/expected/\(s).status missing or malformed")
        }
        // both optimisation levels exist for every C program
        for s in compiled.sorted() {
            for v in ["O0", "O2"] {
                XCTAssertTrue(fm.isExecutableFile(atPath: Self.outDir.appendingPathComponent("\(s)-\(v)").path), "missing \(s)-\(v)")
            }
        }
        // static-pie: the listed C programs and every C++ program
        for s in Self.staticPieNames() + Self.sourceNames(ext: "cc") {
            XCTAssertTrue(compiled.contains(s), "testbins/src/STATIC_PIE lists \(s), which has no C/C++ source")
            XCTAssertTrue(fm.isExecutableFile(atPath: Self.outDir.appendingPathComponent("\(s)-static-pie-O2").path),
                          "missing \(s)-static-pie-O2")
        }
        for s in Self.dynamicNames() + Self.sourceNames(ext: "cc") {
            XCTAssertTrue(sources.contains(s), "testbins/src/DYNAMIC lists \(s), which has no source")
            XCTAssertTrue(fm.isExecutableFile(atPath: Self.outDir.appendingPathComponent("\(s)-dyn-O2").path),
                          "missing \(s)-dyn-O2")
        }
    }
}
