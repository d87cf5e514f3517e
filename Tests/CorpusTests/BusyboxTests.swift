import Foundation
import XCTest

/// Runs the arm64 busybox under compat-run and the amd64 busybox natively with identical
/// arguments, stdin, environment and working directory, and compares stdout, exit status and
/// (where stable) stderr exactly.
final class BusyboxTests: XCTestCase {
    static let arm64 = CorpusHarness.repoRoot.appendingPathComponent(".deps/busybox/busybox-arm64").path
    static let amd64 = CorpusHarness.repoRoot.appendingPathComponent(".deps/busybox/busybox-amd64").path
    static let env = ["PATH": "/usr/bin:/bin", "LC_ALL": "C", "TZ": "UTC", "HOME": "/tmp"]
    /// 2020-01-02 03:04:05 UTC: a fixed mtime so `ls -l` and `tar tv` output is stable.
    static let fixedDate = Date(timeIntervalSince1970: 1_577_934_245)

    private var workDir: URL!
    private var runner: String!

    override func setUpWithError() throws {
        let fm = FileManager.default
        guard fm.isExecutableFile(atPath: Self.arm64), fm.isExecutableFile(atPath: Self.amd64) else {
            throw XCTSkip("busybox binaries missing in .deps/busybox (run scripts/bootstrap)")
        }
        guard let r = CorpusHarness.requireRunner() else { throw XCTSkip("no compat-run executable") }
        runner = r
        workDir = fm.temporaryDirectory.appendingPathComponent("corpus-busybox-\(getpid())-\(UUID().uuidString.prefix(8))")
        try fm.createDirectory(at: workDir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if let w = workDir { try? FileManager.default.removeItem(at: w) }
    }

    struct Case: Sendable {
        var args: [String]
        var stdin: Data? = nil
        var compareStderr = true
        var expectStatus: Int32? = nil   // additionally require this exit status
    }

    /// Runs one case under both busyboxes in `cwd` and returns failure text or nil.
    static func compare(_ c: Case, cwd: URL, runner: String) -> String? {
        let arm = CorpusHarness.run(runner, [Self.arm64] + c.args, environment: Self.env, stdinData: c.stdin, cwd: cwd, timeout: 60)
        let nat = CorpusHarness.run(Self.amd64, c.args, environment: Self.env, stdinData: c.stdin, cwd: cwd, timeout: 60)
        var problems: [String] = []
        if arm.status != nat.status { problems.append("status: native \(nat.status), arm64 \(arm.status)") }
        if let want = c.expectStatus, nat.status != .exit(want) { problems.append("native status \(nat.status), expected \(want) (test bug?)") }
        if arm.stdout != nat.stdout {
            problems.append("stdout differs (- native, + arm64):\n" + CorpusHarness.describeDiff(expected: nat.stdoutText, actual: arm.stdoutText))
        }
        if c.compareStderr && arm.stderr != nat.stderr {
            problems.append("stderr differs (- native, + arm64):\n" + CorpusHarness.describeDiff(expected: nat.stderrText, actual: arm.stderrText))
        }
        if problems.isEmpty { return nil }
        return "busybox \(c.args.map { $0.contains(" ") || $0.isEmpty ? "'\($0)'" : $0 }.joined(separator: " ")):\n  "
            + problems.joined(separator: "\n  ") + (arm.stderr.isEmpty ? "" : "\n  arm64 stderr: " + String(arm.stderrText.suffix(600)))
    }

    func check(_ cases: [Case], cwd: URL? = nil, file: StaticString = #filePath, line: UInt = #line) {
        let dir = cwd ?? workDir!
        let failures = CorpusCollector<(Int, String)>()
        let runner: String = self.runner
        CorpusHarness.parallelFor(cases.count) { i in
            if let f = Self.compare(cases[i], cwd: dir, runner: runner) { failures.append((i, f)) }
        }
        for (_, msg) in failures.all.sorted(by: { $0.0 < $1.0 }) { XCTFail(msg, file: file, line: line) }
    }

    // MARK: - fixtures

    /// Deterministic pseudo-random bytes (xorshift64*).
    static func generatedBytes(count: Int, seed: UInt64) -> Data {
        var state = seed
        var data = Data(count: count)
        data.withUnsafeMutableBytes { (buf: UnsafeMutableRawBufferPointer) in
            var i = 0
            while i < count {
                state ^= state >> 12; state ^= state << 25; state ^= state >> 27
                var v = state &* 2685821657736338717
                for _ in 0..<8 where i < count { buf[i] = UInt8(truncatingIfNeeded: v); v >>= 8; i += 1 }
            }
        }
        return data
    }

    /// A text file with numbers, words, duplicates and blank-free lines for sort/wc/sed.
    static func generatedText(lines: Int) -> String {
        let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima"]
        var s = ""
        var x: UInt32 = 2463534242
        for i in 0..<lines {
            x ^= x << 13; x ^= x >> 17; x ^= x << 5
            let n = Int(x % 5000) - 1000
            s += "\(n) \(words[Int(x >> 8) % words.count]) line\(i % 37) \(i % 3 == 0 ? "foo bar foo" : "baz")\n"
        }
        return s
    }

    func setFixedTimes(_ url: URL) throws {
        try FileManager.default.setAttributes([.modificationDate: Self.fixedDate], ofItemAtPath: url.path)
    }

    /// tree/ with files, an empty file, a subdirectory, an executable and a symlink; all with fixed mtimes.
    func makeTree(_ root: URL) throws {
        let fm = FileManager.default
        let sub = root.appendingPathComponent("sub"), deeper = sub.appendingPathComponent("deeper")
        try fm.createDirectory(at: deeper, withIntermediateDirectories: true)
        let files: [(String, Data)] = [
            ("a.txt", Data("hello tree\n".utf8)), ("b.dat", Self.generatedBytes(count: 70_000, seed: 7)),
            ("empty", Data()), ("sub/c.txt", Data(String(repeating: "line of text\n", count: 100).utf8)),
            ("sub/deeper/d.bin", Self.generatedBytes(count: 1234, seed: 99)), ("run.sh", Data("#!/bin/sh\necho hi\n".utf8)),
        ]
        for (name, data) in files {
            let u = root.appendingPathComponent(name)
            XCTAssertTrue(fm.createFile(atPath: u.path, contents: data))
            try fm.setAttributes([.posixPermissions: name == "run.sh" ? 0o755 : 0o644], ofItemAtPath: u.path)
        }
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("link").path, withDestinationPath: "a.txt")
        for (name, _) in files { try setFixedTimes(root.appendingPathComponent(name)) }
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sub.path)
        try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: deeper.path)
        // symlink mtime cannot be set portably from Foundation; set it with lutimes
        var times = [timeval(tv_sec: Int(Self.fixedDate.timeIntervalSince1970), tv_usec: 0),
                     timeval(tv_sec: Int(Self.fixedDate.timeIntervalSince1970), tv_usec: 0)]
        _ = lutimes(root.appendingPathComponent("link").path, &times)
        for d in [deeper, sub, root] { try setFixedTimes(d) }   // directories last (children change them)
    }

    /// Relative path -> kind, mode, mtime (files) and content hash or link target, for every entry under root.
    func treeSnapshot(_ root: URL) -> [String: String] {
        let fm = FileManager.default
        var out: [String: String] = [:]
        guard let en = fm.enumerator(atPath: root.path) else { return out }
        while let rel = en.nextObject() as? String {
            let p = root.appendingPathComponent(rel).path
            let attrs = (try? fm.attributesOfItem(atPath: p)) ?? [:]
            let type = attrs[.type] as? FileAttributeType
            let mode = (attrs[.posixPermissions] as? Int).map { String($0, radix: 8) } ?? "?"
            let mtime = (attrs[.modificationDate] as? Date).map { Int($0.timeIntervalSince1970) } ?? -1
            switch type {
            case .typeSymbolicLink: out[rel] = "link -> " + ((try? fm.destinationOfSymbolicLink(atPath: p)) ?? "?")
            case .typeDirectory: out[rel] = "dir \(mode)"   // busybox tar does not restore directory mtimes
            default:
                let data = (try? Data(contentsOf: URL(fileURLWithPath: p))) ?? Data()
                let fnv = data.reduce(UInt64(1469598103934665603)) { ($0 ^ UInt64($1)) &* 1099511628211 }
                out[rel] = "file \(mode) \(mtime) \(data.count) bytes fnv=\(String(fnv, radix: 16))"
            }
        }
        return out
    }

    // MARK: - tests

    func testEchoPrintfExpr() {
        check([
            Case(args: ["echo", "hello", "world"]),
            Case(args: ["echo", "-n", "-e", "a\\tb\\n"]),
            Case(args: ["printf", "%5d|%-8s|%x|%o|%e\\n", "42", "hi", "255", "8", "3.5"]),
            Case(args: ["expr", "6", "*", "7"]),
            Case(args: ["expr", "length", "abcdef"]),
            Case(args: ["expr", "7", "/", "0"], expectStatus: 2),
            Case(args: ["expr", "9223372036854775807", "+", "0"]),
            Case(args: ["true"], expectStatus: 0),
            Case(args: ["false"], expectStatus: 1),
        ])
    }

    func testShellLoopAndExitStatus() {
        check([
            Case(args: ["sh", "-c", "i=0; s=0; while [ $i -lt 100000 ]; do s=$((s+i)); i=$((i+1)); done; echo $s"]),
            Case(args: ["sh", "-c", "exit 3"], expectStatus: 3),
            Case(args: ["sh", "-c", "f() { [ $1 -le 1 ] && echo 1 && return; echo $(( $1 * $(f $(( $1 - 1 ))) )); }; f 10"]),
            Case(args: ["sh", "-c", "for w in one two three; do case $w in t*) echo \"t:$w\";; *) echo \"other:$w\";; esac; done; echo ${#PATH}"]),
        ])
    }

    /// Pipelines fork and exec applets (busybox re-executes itself via /proc/self/exe),
    /// and a native program runs natively.
    func testPipelinesForkAndExec() {
        check([
            Case(args: ["sh", "-c", "seq 1 200 | sort -rn | head -3; echo a b c | wc -w; (exit 5); echo status=$?"]),
            Case(args: ["sh", "-c", "x=$(echo sub | tr a-z A-Z); echo $x; /bin/true && echo native-ok; exit 2"], expectStatus: 2),
        ])
    }

    /// Another process sees a guest process's own command line and environment in
    /// /proc/PID/cmdline and environ (what ps and pgrep read), not compat-run's.
    func testOtherProcessesSeeTheGuestCommandLine() {
        let poll = "sleep 30 & for i in $(seq 300); do c=$(tr '\\0' ' ' < /proc/$!/cmdline); "
            + "[ \"$c\" = 'sleep 30 ' ] && break; sleep 0.1; done; echo \"$c\"; tr '\\0' '\\n' < /proc/$!/environ | sort; kill $!"
        check([Case(args: ["sh", "-c", poll])])
    }

    /// The exe link names the program, not compat-run, in its thread-self form too (the pid
    /// and task forms are GuestPathsTests': here $$ would be the shell, another process).
    func testExeLinkForms() {
        let forms = "/proc/self /proc/thread-self"
        check([Case(args: ["sh", "-c", "for p in \(forms); do readlink $p/exe | sed 's,.*/,,' | cut -c1-8; done"])])
    }

    func testChecksumsOf10MBFile() throws {
        let big = workDir.appendingPathComponent("big.bin")
        try Self.generatedBytes(count: 10 * 1024 * 1024, seed: 0x1234_5678_9abc_def1).write(to: big)
        check([
            Case(args: ["md5sum", "big.bin"]),
            Case(args: ["sha256sum", "big.bin"]),
            Case(args: ["sha1sum", "big.bin"]),
            Case(args: ["wc", "-c", "big.bin"]),
        ])
    }

    func testTextTools() throws {
        let text = Self.generatedText(lines: 5000)
        try text.write(to: workDir.appendingPathComponent("data.txt"), atomically: true, encoding: .utf8)
        check([
            Case(args: ["sort", "data.txt"]),
            Case(args: ["sort", "-n", "data.txt"]),
            Case(args: ["sort", "-r", "data.txt"]),
            Case(args: ["sort", "-u", "-k2,2", "data.txt"]),
            Case(args: ["sort", "-n", "-r", "-u", "data.txt"]),
            Case(args: ["wc", "-l", "data.txt"]),
            Case(args: ["wc", "-w", "data.txt"]),
            Case(args: ["wc", "-c", "data.txt"]),
            Case(args: ["wc", "data.txt"]),
            Case(args: ["sed", "s/foo/FOO/g", "data.txt"]),
            Case(args: ["sed", "-n", "/charlie/p", "data.txt"]),
            Case(args: ["sed", "/baz/d", "data.txt"]),
            Case(args: ["sed", "-n", "100,120p", "data.txt"]),
            Case(args: ["sed", "s/^\\(-*[0-9]*\\) \\([a-z]*\\)/\\2=\\1/", "data.txt"]),
            Case(args: ["sort", "-n"], stdin: Data(text.utf8)),
            Case(args: ["grep", "-c", "hotel", "data.txt"]),
            Case(args: ["head", "-n", "3", "data.txt"]),
            Case(args: ["tail", "-n", "3", "data.txt"]),
            Case(args: ["uniq", "-c"], stdin: Data("a\na\nb\nc\nc\nc\n".utf8)),
            Case(args: ["tr", "a-z", "A-Z"], stdin: Data("Mixed Case text 123\n".utf8)),
        ])
    }

    func testLsOfFixedTree() throws {
        let tree = workDir.appendingPathComponent("tree")
        try makeTree(tree)
        check([
            Case(args: ["ls", "-l", "tree"]),
            Case(args: ["ls", "-la", "tree/sub"]),
            Case(args: ["ls", "-lR", "tree"]),
            Case(args: ["ls", "-1", "tree"]),
            Case(args: ["ls", "-l", "--color=never", "tree/missing"], expectStatus: 1),
            Case(args: ["du", "-s", "tree/sub/c.txt"]),
            Case(args: ["stat", "-c", "%n %s %a %Y", "tree/a.txt"]),
        ])
    }

    func testTarRoundTrip() throws {
        let fm = FileManager.default
        let tree = workDir.appendingPathComponent("tree")
        try makeTree(tree)
        // create an archive with each busybox
        let cArm = CorpusHarness.run(runner, [Self.arm64, "tar", "cf", "arm.tar", "tree"], environment: Self.env, cwd: workDir, timeout: 60)
        let cNat = CorpusHarness.run(Self.amd64, ["tar", "cf", "nat.tar", "tree"], environment: Self.env, cwd: workDir, timeout: 60)
        XCTAssertEqual(cArm.status, cNat.status, "tar cf status; arm64 stderr: \(cArm.stderrText)")
        XCTAssertEqual(cArm.stdout, cNat.stdout)
        let armTar = try Data(contentsOf: workDir.appendingPathComponent("arm.tar"))
        let natTar = try Data(contentsOf: workDir.appendingPathComponent("nat.tar"))
        XCTAssertEqual(armTar.count, natTar.count, "tar archive sizes differ")
        if armTar != natTar {
            let firstDiff = zip(armTar, natTar).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(armTar.count, natTar.count)
            XCTFail("tar cf archives differ at byte \(firstDiff) (block \(firstDiff / 512))")
        }
        // list both archives with both busyboxes
        check([
            Case(args: ["tar", "tvf", "arm.tar"]),
            Case(args: ["tar", "tvf", "nat.tar"]),
            Case(args: ["tar", "tf", "arm.tar"]),
        ])
        // extract with arm64 busybox and compare with the source tree
        let xArm = workDir.appendingPathComponent("x-arm"), xNat = workDir.appendingPathComponent("x-nat")
        try fm.createDirectory(at: xArm, withIntermediateDirectories: true)
        try fm.createDirectory(at: xNat, withIntermediateDirectories: true)
        let eArm = CorpusHarness.run(runner, [Self.arm64, "tar", "xf", "nat.tar", "-C", "x-arm"], environment: Self.env, cwd: workDir, timeout: 60)
        let eNat = CorpusHarness.run(Self.amd64, ["tar", "xf", "nat.tar", "-C", "x-nat"], environment: Self.env, cwd: workDir, timeout: 60)
        XCTAssertEqual(eArm.status, .exit(0), "arm64 tar xf failed: \(eArm.stderrText)")
        XCTAssertEqual(eNat.status, .exit(0), "native tar xf failed: \(eNat.stderrText)")
        let original = treeSnapshot(tree)
        let armTree = treeSnapshot(xArm.appendingPathComponent("tree")), natTree = treeSnapshot(xNat.appendingPathComponent("tree"))
        XCTAssertFalse(original.isEmpty)
        XCTAssertEqual(natTree, original, "native busybox extraction does not reproduce the tree (test bug?)")
        for key in Set(original.keys).union(armTree.keys).sorted() where original[key] != armTree[key] {
            XCTFail("tar xf under compat-run: \(key): expected \(original[key] ?? "nothing"), got \(armTree[key] ?? "nothing")")
        }
    }
}
