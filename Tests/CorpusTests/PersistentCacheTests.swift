// The persistent translation cache end to end: a second run installs saved blocks instead
// of translating, with identical output; a changed program file never reuses its old code;
// --no-cache neither reads nor writes; fork and execve keep working with it.
import Foundation
import Glibc
import XCTest

final class PersistentCacheTests: XCTestCase {
    private struct Setup { var runner: String; var sysroot: String; var dir: URL; var cache: String }

    private func setUp(_ name: String) throws -> Setup {
        if CorpusHarness.runnerIsQEMU { throw XCTSkip("compat-run's own cache") }
        guard let runner = CorpusHarness.requireRunner() else { throw XCTSkip("no compat-run executable") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/aarch64-linux-gnu-gcc"),
              let sysroot = CorpusHarness.sysroot else { throw XCTSkip("no aarch64-linux-gnu-gcc and sysroot") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ptc-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return Setup(runner: runner, sysroot: sysroot, dir: dir, cache: dir.appendingPathComponent("cache").path)
    }

    /// A dynamically linked program that forks, and whose child execs the program again.
    private func compile(value: Int, to out: String, in dir: URL) throws {
        let source = """
            #include <stdio.h>
            #include <string.h>
            #include <unistd.h>
            #include <sys/wait.h>
            static int value(int n) { int s = 0; for (int i = 0; i < n; i++) s += i % 7; return s + \(value); }
            int main(int argc, char **argv) {
                if (argc > 1 && strcmp(argv[1], "child") == 0) { printf("child %d\\n", value(100)); return 0; }
                fflush(stdout);
                pid_t pid = fork();
                if (pid == 0) { execl("/proc/self/exe", argv[0], "child", (char *)0); _exit(99); }
                int status = 0;
                waitpid(pid, &status, 0);
                printf("parent %d %d\\n", value(1000), WEXITSTATUS(status));
                return 0;
            }
            """
        let c = dir.appendingPathComponent("prog\(value).c")
        try source.write(to: c, atomically: true, encoding: .utf8)
        let r = CorpusHarness.run("/usr/bin/aarch64-linux-gnu-gcc", ["-O1", "-o", out, c.path],
                                  environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
    }

    /// What the program prints when built with `value`.
    private func expected(_ value: Int) -> String {
        func f(_ n: Int) -> Int { (0..<n).reduce(0) { $0 + $1 % 7 } + value }
        return "child \(f(100))\nparent \(f(1000)) 0\n"
    }

    private struct Run { var output: String; var translated: Int; var loaded: Int }

    private func run(_ s: Setup, _ program: String, _ extra: [String] = [], environment: [String: String] = [:],
                     status: CorpusHarness.Status = .exit(0)) -> Run {
        let r = CorpusHarness.run(s.runner, ["--stats"] + extra + ["-L", s.sysroot, program],
                                  environment: ["PATH": "/usr/bin:/bin", "COMPAT_RUN_CACHE_DIR": s.cache].merging(environment) { $1 },
                                  timeout: 120)
        XCTAssertEqual(r.status, status, r.stderrText)
        func number(_ pattern: String) -> Int {
            guard let re = try? NSRegularExpression(pattern: pattern),
                  // The last report is this process's: a program it execs prints its own first.
                  let m = re.matches(in: r.stderrText, range: NSRange(r.stderrText.startIndex..., in: r.stderrText)).last,
                  let range = Range(m.range(at: 1), in: r.stderrText) else { return -1 }
            return Int(r.stderrText[range]) ?? -1
        }
        return Run(output: r.stdoutText, translated: number("compat-run: (\\d+) blocks, "),
                   loaded: number("compat-run: (\\d+) blocks \\(\\d+ guest instructions\\) loaded"))
    }

    private func cacheFiles(_ s: Setup) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: s.cache)) ?? []).sorted()
    }

    func testSecondRunLoadsInsteadOfTranslating() throws {
        let s = try setUp("warm")
        let program = s.dir.appendingPathComponent("prog").path
        try compile(value: 7, to: program, in: s.dir)
        let cold = run(s, program)
        XCTAssertEqual(cold.output, expected(7))
        XCTAssertGreaterThan(cold.translated, 100)
        XCTAssertEqual(cold.loaded, 0)
        XCTAssertFalse(cacheFiles(s).isEmpty, "the cold run saved its translations")
        XCTAssertTrue(cacheFiles(s).allSatisfy { name in [".ptc", ".ptx", ".ptu", ".pth", ".ptv"].contains { name.hasSuffix($0) } },
                      "no temporaries left: \(cacheFiles(s))")
        let warm = run(s, program)
        XCTAssertEqual(warm.output, cold.output)
        XCTAssertGreaterThan(warm.loaded, 100)
        XCTAssertLessThan(warm.translated, cold.translated / 10, "almost nothing left to translate")
        // --no-cache: everything translated again, nothing read or written.
        let before = cacheFiles(s)
        let off = run(s, program, ["--no-cache"])
        XCTAssertEqual(off.output, cold.output)
        XCTAssertEqual(off.loaded, 0)
        XCTAssertGreaterThanOrEqual(off.translated, cold.translated - 5)
        XCTAssertEqual(cacheFiles(s), before)
    }

    /// Warm runs installing lazily (COMPAT_RUN_CACHE_EAGER=0), eagerly, and eagerly again once
    /// the files are old enough for their payloads to be recorded as checked (NAME.ptv) and
    /// trusted: the same output, and each installs instead of translating.
    func testLazyEagerAndRecordedWarmRunsAgree() throws {
        let s = try setUp("modes")
        let program = s.dir.appendingPathComponent("prog").path
        try compile(value: 5, to: program, in: s.dir)
        let cold = run(s, program)
        XCTAssertEqual(cold.output, expected(5))
        _ = run(s, program)     // (the used lists: what each process reached)
        let lazy = run(s, program, environment: ["COMPAT_RUN_CACHE_EAGER": "0"])
        let eager = run(s, program)
        usleep(2_100_000)       // VerifiedPayloads records only files 2 s old
        _ = run(s, program)
        XCTAssertTrue(cacheFiles(s).contains { $0.hasSuffix(".ptv") }, "\(cacheFiles(s))")
        let recorded = run(s, program)
        for (name, r) in [("lazy", lazy), ("eager", eager), ("recorded", recorded)] {
            XCTAssertEqual(r.output, cold.output, name)
            XCTAssertGreaterThan(r.loaded, 100, name)
            XCTAssertLessThan(r.translated, cold.translated / 10, name)
        }
    }

    func testChangedProgramDoesNotReuseItsCode() throws {
        let s = try setUp("stale")
        let program = s.dir.appendingPathComponent("prog").path
        try compile(value: 7, to: program, in: s.dir)
        let first = run(s, program)
        XCTAssertEqual(first.output, expected(7))
        _ = run(s, program)
        // Same size and the same mtime: only the bytes differ (a constant in the code).
        var old = stat()
        XCTAssertEqual(stat(program, &old), 0)
        let other = s.dir.appendingPathComponent("prog9").path
        try compile(value: 9, to: other, in: s.dir)
        try FileManager.default.removeItem(atPath: program)
        try FileManager.default.copyItem(atPath: other, toPath: program)
        var times = [old.st_atim, old.st_mtim]
        XCTAssertEqual(utimensat(AT_FDCWD, program, &times, 0), 0)
        let changed = run(s, program)
        XCTAssertEqual(changed.output, expected(9))
        XCTAssertGreaterThan(changed.translated, 0, "the program's own code is translated again")
        XCTAssertGreaterThan(changed.loaded, 0, "the C library's is still reused")
    }

    /// Fork children of a cold process (a shell starting commands) append what they translated
    /// themselves; they never write the parent's blocks again as a whole cache file each.
    func testColdForkChildrenOnlyAppend() throws {
        let s = try setUp("forks")
        let c = s.dir.appendingPathComponent("forks.c"), program = s.dir.appendingPathComponent("forks").path
        try """
            #include <stdio.h>
            #include <unistd.h>
            #include <sys/wait.h>
            int main(void) {
                for (int i = 0; i < 6; i++) {
                    pid_t p = fork();
                    if (p == 0) { char line[] = "child 0\\n"; line[6] += i; write(1, line, 8); _exit(0); }
                    waitpid(p, 0, 0);
                }
                return 0;
            }
            """.write(to: c, atomically: true, encoding: .utf8)
        let cc = CorpusHarness.run("/usr/bin/aarch64-linux-gnu-gcc", ["-O1", "-o", program, c.path], environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(cc.status, .exit(0), cc.stderrText)
        let r = CorpusHarness.run(s.runner, ["-L", s.sysroot, program],
                                  environment: ["PATH": "/usr/bin:/bin", "COMPAT_RUN_CACHE_DIR": s.cache, "COMPAT_RUN_CACHE_DEBUG": "1"])
        XCTAssertEqual(r.stdoutText, (0..<6).map { "child \($0)\n" }.joined())
        let lines = r.stderrText.split(separator: "\n")
        // (Used lists, .ptu, are small and each process writes what it learned.)
        let writes = lines.filter { $0.hasPrefix("ptc write ") && $0.contains(".ptc ") }, appends = lines.filter { $0.hasPrefix("ptc append ") }
        let units = Set(writes.map { $0.split(separator: " ")[2] })
        XCTAssertEqual(writes.count, units.count, "one cache file written per unit, by the parent:\n\(r.stderrText)")
        XCTAssertFalse(appends.isEmpty, "the children saved their own blocks")
    }

    func testAProcessKilledByItsOwnFaultStillSaves() throws {
        try killedProcessSaves("fault", "*(volatile int *)16 = 1;", by: SIGSEGV)
    }

    func testAProcessThatAbortsStillSaves() throws {
        try killedProcessSaves("abort", "abort();", by: SIGABRT)
    }

    /// A program that prints, then runs `death`: its first run, killed by `signal`, saves its
    /// translations, so the second translates nothing.
    private func killedProcessSaves(_ name: String, _ death: String, by signal: Int32) throws {
        let s = try setUp(name)
        let c = s.dir.appendingPathComponent("\(name).c"), program = s.dir.appendingPathComponent(name).path
        try """
            #include <stdio.h>
            #include <stdlib.h>
            int main(void) { printf("before\\n"); fflush(stdout); \(death) return 0; }
            """.write(to: c, atomically: true, encoding: .utf8)
        let r = CorpusHarness.run("/usr/bin/aarch64-linux-gnu-gcc", ["-O1", "-o", program, c.path],
                                  environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(r.status, .exit(0), r.stderrText)
        let cold = run(s, program, status: .signal(signal))
        XCTAssertEqual(cold.output, "before\n")
        XCTAssertFalse(cacheFiles(s).isEmpty, "the dying process saved its translations")
        // (A death in the host kernel, as abort's, prints no --stats: the files tell.)
        let warm = run(s, program, status: .signal(signal))
        XCTAssertEqual(warm.output, "before\n")
        if signal == SIGSEGV {
            XCTAssertGreaterThan(warm.loaded, 100)
            XCTAssertEqual(warm.translated, 0)
        }
    }
}
