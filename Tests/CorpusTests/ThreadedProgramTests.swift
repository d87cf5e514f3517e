import Foundation
import XCTest

/// Real multithreaded arm64 programs from Debian bookworm (issue 15), dynamically linked and run
/// with `-L .deps/realroot`, the sysroot `scripts/fetch-real-programs` builds (the programs and
/// every library they load): `xz -T2` and `zstd -T2` round trips of a generated multi-MB file
/// (SHA-256 compared), python3.11 with `threading`, `concurrent.futures.ThreadPoolExecutor`,
/// `queue` and `multiprocessing`, Go's `fzf --filter` (the Go runtime starts threads before
/// main and preempts goroutines with tgkill(SIGURG)), and Rust's `rg -j4` over a generated tree.
/// Expected results are computed here or were checked under qemu-aarch64 (see the commands in
/// scripts/fetch-real-programs); `COMPAT_RUN=/usr/bin/qemu-aarch64` runs the same checks.
/// Skipped (with a message) when .deps/realroot is missing.
final class ThreadedProgramTests: XCTestCase {
    static let root = CorpusHarness.repoRoot.appendingPathComponent(".deps/realroot").path
    static let env = ["PATH": "/usr/bin:/bin", "LC_ALL": "C", "LANG": "C", "HOME": "/tmp", "TZ": "UTC"]
    /// Bounded but generous: CI runs two test processes on two cores.
    static let timeout: TimeInterval = 180

    private func requireRoot() throws -> String {
        guard FileManager.default.fileExists(atPath: Self.root + "/.complete") else {
            throw XCTSkip("no .deps/realroot (run scripts/fetch-real-programs, which scripts/bootstrap calls)")
        }
        guard let runner = CorpusHarness.requireRunner() else { throw XCTSkip("no compat-run executable") }
        return runner
    }

    /// Runs `/usr/bin/PROGRAM ARGS...` of the sysroot under the runner with `-L .deps/realroot`.
    private func run(_ runner: String, _ program: String, _ args: [String], stdinPath: String? = nil,
                     stdinData: Data? = nil, cwd: URL? = nil) -> CorpusHarness.Result {
        CorpusHarness.run(runner, ["-L", Self.root, Self.root + "/usr/bin/" + program] + args, environment: Self.env,
                          stdinPath: stdinPath, stdinData: stdinData, cwd: cwd, timeout: Self.timeout)
    }

    private func scratchDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("threaded-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    /// SHA-256 of a file, by the host's sha256sum.
    private func sha256(_ url: URL) -> String {
        let r = CorpusHarness.run("/usr/bin/sha256sum", [url.path], environment: Self.env, timeout: 120)
        return String(r.stdoutText.prefix(64))
    }

    /// Deterministic text (xorshift64*): `count` lines like "0000042 needle hay zeta".
    static func textLines(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> String {
        let words = ["alpha", "beta", "gamma", "delta", "needle", "hay", "stack", "zeta"]
        var s = seed
        func next() -> Int {
            s ^= s >> 12; s ^= s << 25; s ^= s >> 27
            return Int((s &* 0x2545_F491_4F6C_DD1D) >> 33)
        }
        var out = ""
        out.reserveCapacity(count * 28)
        for i in 0..<count {
            let n = String(i)
            out += String(repeating: "0", count: max(0, 7 - n.count)) + n
            for _ in 0..<3 { out += " " + words[next() % words.count] }
            out += "\n"
        }
        return out
    }

    private func failure(_ what: String, _ r: CorpusHarness.Result) -> String {
        "\(what): status \(r.status)" + (r.stderrText.isEmpty ? "" : ", stderr: " + String(r.stderrText.suffix(1500)))
    }

    // MARK: - compressors

    /// `PROG -T2 ... -c data > data.EXT`, then `PROG -T2 -dc data.EXT`: the SHA-256 must match.
    private func roundTrip(_ program: String, compressArgs: [String], ext: String) throws {
        let runner = try requireRoot()
        let dir = try scratchDir()
        let data = dir.appendingPathComponent("data")
        try Data(Self.textLines(160_000).utf8).write(to: data)     // ~4.5 MB
        let packed = dir.appendingPathComponent("data.\(ext)")
        let c = run(runner, program, compressArgs + ["-c", data.path])
        XCTAssertEqual(c.status, .exit(0), failure("\(program) compress", c))
        try c.stdout.write(to: packed)
        XCTAssertLessThan(c.stdout.count, 2_000_000, "\(program) output is not compressed")
        let d = run(runner, program, ["-T2", "-q", "-dc", packed.path])
        XCTAssertEqual(d.status, .exit(0), failure("\(program) decompress", d))
        let unpacked = dir.appendingPathComponent("data.out")
        try d.stdout.write(to: unpacked)
        let want = sha256(data), got = sha256(unpacked)
        XCTAssertEqual(want.count, 64)
        XCTAssertEqual(got, want, "\(program) -T2 round trip: SHA-256 differs (\(d.stdout.count) bytes back)")
        // The compressed stream is the format itself: the host's own tool reads it too.
        let host = "/usr/bin/\(program)"
        if FileManager.default.isExecutableFile(atPath: host) {
            let h = CorpusHarness.run(host, ["-dc", packed.path], environment: Self.env, timeout: 120)
            XCTAssertEqual(h.status, .exit(0), failure("host \(program) -dc", h))
            XCTAssertTrue(h.stdout == (try Data(contentsOf: data)), "host \(program) decodes something else")
        }
    }

    /// xz 5.4 with two threads: blocks of 512 KiB so both threads compress, and the
    /// multi-block stream is decompressed by two threads too.
    func testXzTwoThreadsRoundTrip() throws {
        try roundTrip("xz", compressArgs: ["-T2", "-1", "--block-size=512KiB"], ext: "xz")
    }

    /// zstd 1.5 with two worker threads (1 MiB jobs).
    func testZstdTwoThreadsRoundTrip() throws {
        try roundTrip("zstd", compressArgs: ["-T2", "-B1048576", "-q"], ext: "zst")
    }

    // MARK: - python

    static let pythonThreads = #"""
import threading, queue, concurrent.futures, hashlib, zlib, time

counter = 0
lock = threading.Lock()
def inc(n):
    global counter
    for _ in range(n):
        with lock:
            counter += 1
ts = [threading.Thread(target=inc, args=(5000,), name=f"inc-{i}") for i in range(8)]
for t in ts: t.start()
for t in ts: t.join()
print("lock counter:", counter, "alive after join:", any(t.is_alive() for t in ts))

def work(i):
    data = (b"%d-" % i) * 20000
    return i, hashlib.sha256(data).hexdigest()[:16], zlib.crc32(data)
with concurrent.futures.ThreadPoolExecutor(max_workers=4) as ex:
    mapped = list(ex.map(work, range(24)))
    futs = [ex.submit(work, i) for i in range(24, 40)]
    done = sorted(f.result() for f in concurrent.futures.as_completed(futs))
print("pool map:", mapped[0], mapped[23])
print("pool as_completed:", len(done), done[0][1], done[-1][1])
print("pool checksum:", sum(c for _, _, c in mapped + done) % 1000003)

q = queue.Queue(maxsize=8)
results = queue.Queue()
def producer(base):
    for i in range(500):
        q.put(base + i)
def consumer():
    total = 0
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            break
        total += item
        q.task_done()
    results.put(total)
producers = [threading.Thread(target=producer, args=(k * 10000,)) for k in range(3)]
consumers = [threading.Thread(target=consumer) for _ in range(2)]
for t in producers + consumers: t.start()
for t in producers: t.join()
for _ in consumers: q.put(None)
q.join()
for t in consumers: t.join()
print("queue total:", sum(results.get() for _ in consumers))
try:
    q.get(timeout=0.05)
except queue.Empty:
    print("queue.get timeout: Empty")

ev = threading.Event()
print("event wait timeout:", ev.wait(0.05))
order = []
cond = threading.Condition()
def waiter(k):
    with cond:
        cond.wait_for(lambda: len(order) >= k)
        order.append(k + 100)
w = threading.Thread(target=waiter, args=(1,))
w.start()
with cond:
    order.append(0)
    cond.notify_all()
w.join()
print("condition order:", order)
barrier = threading.Barrier(4)
passed = []
plock = threading.Lock()
def at_barrier(i):
    barrier.wait()
    with plock:
        passed.append(i)
bs = [threading.Thread(target=at_barrier, args=(i,)) for i in range(4)]
for t in bs: t.start()
for t in bs: t.join()
print("barrier passed:", sorted(passed))
sem = threading.BoundedSemaphore(2)
inside = 0
max_inside = 0
slock = threading.Lock()
def limited():
    global inside, max_inside
    with sem:
        with slock:
            inside += 1
            max_inside = max(max_inside, inside)
        time.sleep(0.005)
        with slock:
            inside -= 1
ss = [threading.Thread(target=limited) for _ in range(6)]
for t in ss: t.start()
for t in ss: t.join()
print("semaphore max inside:", max_inside <= 2)
tl = threading.local()
seen = {}
def use_local(i):
    tl.value = i * i
    time.sleep(0.001)
    seen[i] = tl.value
ls = [threading.Thread(target=use_local, args=(i,)) for i in range(5)]
for t in ls: t.start()
for t in ls: t.join()
print("thread-local:", [seen[i] for i in range(5)], "main has none:", not hasattr(tl, "value"))
fired = threading.Event()
timer = threading.Timer(0.02, fired.set)
timer.start()
print("timer fired:", fired.wait(10))
timer.join()
print("threads left:", threading.active_count())
"""#

    /// Checked under qemu-aarch64 and identical with the host's native python3.11.
    static let pythonThreadsExpected = """
lock counter: 40000 alive after join: False
pool map: (0, '8174d9cd0fed8c98', 2265628187) (23, '4110e0770d57ed62', 950545150)
pool as_completed: 16 265b056432f143df 654c626b5ac74f25
pool checksum: 488161
queue total: 15374250
queue.get timeout: Empty
event wait timeout: False
condition order: [0, 101]
barrier passed: [0, 1, 2, 3]
semaphore max inside: True
thread-local: [0, 1, 4, 9, 16] main has none: True
timer fired: True
threads left: 1

"""

    static let pythonProcesses = #"""
import concurrent.futures, multiprocessing
def square(x):
    return x * x
if __name__ == "__main__":
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as ex:
        print("process pool:", sum(ex.map(square, range(100))))
    with multiprocessing.Pool(2) as pool:
        print("multiprocessing.Pool:", pool.map(square, range(10)))
    q = multiprocessing.Queue()
    p = multiprocessing.Process(target=q.put, args=(42,))
    p.start()
    print("Process + Queue:", q.get())
    p.join()
    print("exitcode:", p.exitcode)
"""#

    static let pythonProcessesExpected = """
process pool: 328350
multiprocessing.Pool: [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]
Process + Queue: 42
exitcode: 0

"""

    private func runPython(_ script: String, expected: String) throws {
        let runner = try requireRoot()
        let dir = try scratchDir()
        let file = dir.appendingPathComponent("script.py")
        try script.write(to: file, atomically: true, encoding: .utf8)
        let r = run(runner, "python3.11", ["-B", "-I", file.path], cwd: dir)
        XCTAssertEqual(r.status, .exit(0), failure("python3.11", r))
        XCTAssertEqual(r.stdoutText, expected, CorpusHarness.describeDiff(expected: expected, actual: r.stdoutText))
    }

    /// threading (Lock, Condition, Event, Barrier, Semaphore, local, Timer), ThreadPoolExecutor and queue.
    func testPythonThreadingPoolAndQueue() throws {
        try runPython(Self.pythonThreads, expected: Self.pythonThreadsExpected)
    }

    /// ProcessPoolExecutor and multiprocessing (fork from a process with helper threads, pipes, semaphores).
    func testPythonProcessPool() throws {
        try runPython(Self.pythonProcesses, expected: Self.pythonProcessesExpected)
    }

    // MARK: - Go

    /// fzf 0.38 (Go 1.19): `--version`, and `--filter` over 600,000 lines, matched by parallel
    /// goroutines that the runtime preempts with tgkill(SIGURG) on its own alternate signal stacks.
    func testGoFzfFilter() throws {
        let runner = try requireRoot()
        var r = run(runner, "fzf", ["--version"])
        XCTAssertEqual(r.status, .exit(0), failure("fzf --version", r))
        XCTAssertEqual(r.stdoutText, "0.38.0 (debian)\n")
        let text = Self.textLines(600_000)
        // extended exact search: every term must occur; --no-sort keeps the input order
        let expected = text.split(separator: "\n", omittingEmptySubsequences: true)
            .filter { $0.contains("needle") && $0.contains("hay") }.map { $0 + "\n" }.joined()
        r = run(runner, "fzf", ["--filter", "needle hay", "--exact", "--no-sort"], stdinData: Data(text.utf8))
        XCTAssertEqual(r.status, .exit(0), failure("fzf --filter", r))
        XCTAssertGreaterThan(expected.count, 1_000_000)
        XCTAssertTrue(r.stdoutText == expected, "fzf --filter: " + CorpusHarness.describeDiff(expected: expected, actual: r.stdoutText))
        r = run(runner, "fzf", ["--filter", "no such thing", "--exact"], stdinData: Data(text.utf8))
        XCTAssertEqual(r.status, .exit(1), failure("fzf --filter without a match exits 1", r))
    }

    // MARK: - Rust

    /// ripgrep 13 (Rust): `rg -j4` over 400 generated files (output sorted: four threads print in
    /// any order), `--files`, `-c`, and no match (exit 1).
    func testRustRipgrepFourThreads() throws {
        let runner = try requireRoot()
        let dir = try scratchDir()
        var matches: [String] = [], files: [String] = [], counts: [String] = []
        for d in 0..<8 {
            let sub = dir.appendingPathComponent("d\(d)")
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            for f in 0..<50 {
                var body = "", n = 0
                for l in 0..<40 {
                    let k = (d * 50 + f) * 40 + l
                    if k != 0 && k % 37 == 0 {
                        body += "line \(l) of f\(f) has the needle\n"
                        matches.append("./d\(d)/f\(f).txt:\(l + 1):line \(l) of f\(f) has the needle")
                        n += 1
                    } else {
                        body += "line \(l) of f\(f) plain text\n"
                    }
                }
                try body.write(to: sub.appendingPathComponent("f\(f).txt"), atomically: true, encoding: .utf8)
                files.append("./d\(d)/f\(f).txt")
                if n > 0 { counts.append("./d\(d)/f\(f).txt:\(n)") }
            }
        }
        func sortedLines(_ r: CorpusHarness.Result) -> [String] { r.stdoutText.split(separator: "\n").map(String.init).sorted() }
        var r = run(runner, "rg", ["-j4", "--no-heading", "--with-filename", "-n", "--color", "never", "needle", "."], cwd: dir)
        XCTAssertEqual(r.status, .exit(0), failure("rg -j4 needle", r))
        XCTAssertEqual(matches.count, 432)
        XCTAssertEqual(sortedLines(r), matches.sorted())
        r = run(runner, "rg", ["-j4", "--files", "."], cwd: dir)
        XCTAssertEqual(r.status, .exit(0), failure("rg --files", r))
        XCTAssertEqual(sortedLines(r), files.sorted())
        r = run(runner, "rg", ["-j4", "-c", "needle", "."], cwd: dir)
        XCTAssertEqual(r.status, .exit(0), failure("rg -c", r))
        XCTAssertEqual(sortedLines(r), counts.sorted())
        r = run(runner, "rg", ["-j4", "no such needle", "."], cwd: dir)
        XCTAssertEqual(r.status, .exit(1), failure("rg without a match exits 1", r))
        XCTAssertEqual(r.stdoutText, "")
    }
}
