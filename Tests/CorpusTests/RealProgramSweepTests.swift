import Foundation
import XCTest

/// The real-program sweep of issue 21: Debian bookworm arm64 coreutils, busybox, bash, perl,
/// python3.11, sqlite3, tar, xz and gzip (.deps/realroot, from scripts/fetch-real-programs) run
/// under `compat-run -strace` and must (1) call no syscall that ends in ENOSYS except rseq
/// (refused on purpose: glibc works without it) and report no unimplemented syscall, and
/// (2) print the same stdout with the same exit status as the host's amd64 build of the same
/// program on the same input, in the same directory. Skipped when .deps/realroot lacks them.
final class RealProgramSweepTests: XCTestCase {
    static let root = CorpusHarness.repoRoot.appendingPathComponent(".deps/realroot").path
    static let env = ["PATH": "/usr/bin:/bin", "LC_ALL": "C", "LANG": "C", "HOME": "/tmp", "TZ": "UTC"]

    struct Case: Sendable {
        let program: String
        let args: [String]
        var stdin: String? = nil
    }

    /// Each case reads only the fixed tree `scratch()` builds, so native and guest see the same input.
    static let cases: [Case] = [
        Case(program: "ls", args: ["-la", "--time-style=+%Y", "tree"]),
        Case(program: "ls", args: ["-lR", "--time-style=+%Y", "-i", "--color=always", "tree"]),
        Case(program: "cat", args: ["tree/words.txt"]),
        Case(program: "sort", args: ["-r", "tree/words.txt"]),
        Case(program: "uniq", args: ["-c", "tree/words.txt"]),
        Case(program: "wc", args: ["tree/words.txt", "tree/sub/data.bin"]),
        Case(program: "sha256sum", args: ["tree/words.txt", "tree/sub/data.bin"]),
        Case(program: "head", args: ["-n", "2", "tree/words.txt"]),
        Case(program: "tail", args: ["-c", "20", "tree/sub/data.bin"]),
        Case(program: "cut", args: ["-c", "1-3", "tree/words.txt"]),
        Case(program: "tr", args: ["a-z", "A-Z"], stdin: "hello sweep\n"),
        Case(program: "date", args: ["-u", "-d", "@86400", "+%F %T"]),
        Case(program: "stat", args: ["-c", "%s %a %F %n", "tree/words.txt", "tree/sub", "tree/link"]),
        Case(program: "du", args: ["-s", "--apparent-size", "-b", "tree"]),
        Case(program: "od", args: ["-An", "-tx1", "-N", "16", "tree/sub/data.bin"]),
        Case(program: "seq", args: ["-s", ",", "1", "3", "20"]),
        Case(program: "cp", args: ["-r", "tree", "/dev/null/impossible"]),
        Case(program: "busybox", args: ["sh", "-c", "for f in tree/*; do echo $f; done | wc -l; echo $((6*7))"]),
        Case(program: "bash", args: ["-c", "a=(x y z); echo ${#a[@]} ${a[1]}; printf '%05d\\n' 42; read l < tree/words.txt; echo $l"]),
        Case(program: "perl", args: ["-e", "opendir(D, 'tree') or die; print join(',', sort grep { !/^\\./ } readdir D), \"\\n\"; printf(\"%.3f\\n\", atan2(1, 1) * 4)"]),
        Case(program: "python3.11", args: ["-c", "import json, hashlib, os, socket, subprocess; a, b = socket.socketpair(); a.send(b'ok'); "
                                           + "print(json.dumps(sorted(os.listdir('tree'))), hashlib.sha1(b'x').hexdigest(), b.recv(2), "
                                           + "subprocess.run(['echo', 'child'], capture_output=True).stdout)"]),
        Case(program: "sqlite3", args: [":memory:", "create table t(a, b); insert into t values (1, 'x'), (2, 'y'); select sum(a), group_concat(b) from t;"]),
        Case(program: "tar", args: ["--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner", "-cf", "-", "tree"]),
        Case(program: "gzip", args: ["-c", "-n", "-9", "tree/words.txt"]),
        Case(program: "xz", args: ["-c", "-T1", "tree/sub/data.bin"]),
    ]

    /// tree/: a text file, binary data, a subdirectory, a symlink, fixed modes and mtimes.
    private func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-\(UUID().uuidString)")
        let tree = dir.appendingPathComponent("tree"), sub = tree.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        try Data("pear\napple\napple\nfig\n".utf8).write(to: tree.appendingPathComponent("words.txt"))
        var s: UInt64 = 0x9E37_79B9_7F4A_7C15
        let bytes = (0..<20_000).map { _ -> UInt8 in s ^= s << 13; s ^= s >> 7; s ^= s << 17; return UInt8(truncatingIfNeeded: s) }
        try Data(bytes).write(to: sub.appendingPathComponent("data.bin"))
        try FileManager.default.createSymbolicLink(atPath: tree.appendingPathComponent("link").path, withDestinationPath: "words.txt")
        let epoch = Date(timeIntervalSince1970: 1_577_934_245)
        for path in ["tree/words.txt", "tree/sub/data.bin", "tree/sub", "tree"] {
            try FileManager.default.setAttributes([.modificationDate: epoch, .posixPermissions: path.hasSuffix(".bin") || path.hasSuffix(".txt") ? 0o644 : 0o755],
                                                  ofItemAtPath: dir.appendingPathComponent(path).path)
        }
        return dir
    }

    private func requireRoot() throws -> String {
        for program in Self.cases.map(\.program) where !FileManager.default.fileExists(atPath: Self.root + "/usr/bin/" + program) {
            throw XCTSkip("no \(program) in .deps/realroot (run scripts/fetch-real-programs)")
        }
        guard let runner = CorpusHarness.requireRunner() else { throw XCTSkip("no compat-run executable") }
        if CorpusHarness.runnerIsQEMU { throw XCTSkip("compat-run's -strace form is checked") }
        return runner
    }

    /// Lines of a -strace log that show an ENOSYS result other than rseq's, or a report of an
    /// unimplemented syscall.
    static func unexpectedENOSYS(_ log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter { line in
            (line.contains("errno=38") && !line.contains(" rseq(")) || line.contains("compat-run: unimplemented")
        }
    }

    func testENOSYSFilter() {
        let log = "7 rseq(0x1,32,0x0,0xd428bc00) = -1 errno=38 (Function not implemented)\n"
            + "7 futex_wake(0x1) = -1 errno=38 (Function not implemented)\ncompat-run: unimplemented syscall x (9)\n7 read(0,0x1,1) = 1\n"
        XCTAssertEqual(Self.unexpectedENOSYS(log), ["7 futex_wake(0x1) = -1 errno=38 (Function not implemented)",
                                                    "compat-run: unimplemented syscall x (9)"])
    }

    func testRealProgramsUnderStraceMatchNative() throws {
        let runner = try requireRoot()
        let dir = try scratch()
        let failures = NSLock()
        nonisolated(unsafe) var problems: [String] = []
        CorpusHarness.parallelFor(Self.cases.count, width: 2) { i in
            let c = Self.cases[i]
            let stdin = c.stdin.map { Data($0.utf8) }
            let guest = CorpusHarness.run(runner, ["-strace", "-L", Self.root, Self.root + "/usr/bin/" + c.program] + c.args,
                                          environment: Self.env, stdinData: stdin, cwd: dir, timeout: 180)
            let native = CorpusHarness.run("/usr/bin/" + c.program, c.args, environment: Self.env, stdinData: stdin, cwd: dir)
            var found: [String] = []
            if !guest.stderrText.contains(" openat(") { found.append("no -strace log on stderr") }  // the loader opens libc
            let enosys = Self.unexpectedENOSYS(guest.stderrText)
            if !enosys.isEmpty { found.append("ENOSYS: " + enosys.prefix(3).joined(separator: "; ")) }
            if guest.status != native.status { found.append("status \(guest.status), native \(native.status)") }
            if guest.stdout != native.stdout {
                found.append("stdout differs:\n" + CorpusHarness.describeDiff(expected: native.stdoutText, actual: guest.stdoutText))
            }
            if !found.isEmpty {
                failures.lock(); problems.append("\(c.program) \(c.args.joined(separator: " ")): " + found.joined(separator: "\n  ")); failures.unlock()
            }
        }
        XCTAssertTrue(problems.isEmpty, problems.sorted().joined(separator: "\n"))
    }

    /// `ls -la` prints no error line (it reads xattrs and ACLs of each entry): stderr empty, as natively.
    func testLsLaPrintsNoErrorLine() throws {
        let runner = try requireRoot()
        let dir = try scratch()
        let r = CorpusHarness.run(runner, ["-L", Self.root, Self.root + "/usr/bin/ls", "-la", "tree", "/"], environment: Self.env, cwd: dir)
        XCTAssertEqual(r.status, .exit(0))
        XCTAssertEqual(r.stderrText, "")
        XCTAssertTrue(r.stdoutText.contains("words.txt"), r.stdoutText)
    }

    /// `tail -f` follows a file with inotify: an appended line appears, and the trace shows
    /// inotify_add_watch (not the one-second polling fallback).
    func testTailFollowUsesInotify() throws {
        let runner = try requireRoot()
        let dir = try scratch()
        let file = dir.appendingPathComponent("log.txt")
        try Data("first\n".utf8).write(to: file)
        let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: runner)
        p.arguments = ["-strace", "-L", Self.root, Self.root + "/usr/bin/tail", "-f", file.path]
        p.environment = Self.env
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        try p.run()
        defer { if p.isRunning { p.terminate() }; p.waitUntilExit() }
        func waitFor(_ what: String, in url: URL) -> Bool {
            for _ in 0..<300 {
                if (try? String(contentsOf: url, encoding: .utf8))?.contains(what) == true { return true }
                usleep(50_000)
            }
            return false
        }
        XCTAssertTrue(waitFor("inotify_add_watch(", in: err), "no inotify_add_watch in the trace")
        XCTAssertTrue(waitFor("first", in: out))
        let handle = try FileHandle(forWritingTo: file)
        handle.seekToEndOfFile()
        handle.write(Data("appended\n".utf8))
        try handle.close()
        XCTAssertTrue(waitFor("appended", in: out), "the appended line did not appear")
        p.terminate()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .uncaughtSignal)
        XCTAssertEqual(p.terminationStatus, SIGTERM)
    }
}
