import Foundation
import XCTest

/// Shared helpers for the corpus tests: locating the repository, the compat-run executable,
/// running a child process with files for stdin/stdout/stderr and a timeout, and diff-ish messages.
enum CorpusHarness {
    /// Repository root, derived from this file's location (Tests/CorpusTests/CorpusHarness.swift).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The translator to run guest programs with: $COMPAT_RUN, else <repo>/.build/debug/compat-run.
    /// Anything taking `PROG ARGS...` works (e.g. COMPAT_RUN=/usr/bin/qemu-aarch64 validates the corpus).
    static var runnerPath: String {
        if let env = ProcessInfo.processInfo.environment["COMPAT_RUN"], !env.isEmpty { return env }
        return repoRoot.appendingPathComponent(".build/debug/compat-run").path
    }

    /// The compat-run executable whose tools (`compat-run test`) the tests use: $COMPAT_RUN when it is
    /// a compat-run, else <repo>/.build/debug/compat-run.
    static var toolPath: String {
        runnerIsQEMU ? repoRoot.appendingPathComponent(".build/debug/compat-run").path : runnerPath
    }

    /// The arm64 sysroot for dynamically linked guests, by compat-run's own rule: $QEMU_LD_PREFIX,
    /// else /usr/aarch64-linux-gnu (the cross toolchain's runtime) if it is installed.
    static var sysroot: String? {
        if let env = ProcessInfo.processInfo.environment["QEMU_LD_PREFIX"], !env.isEmpty { return env }
        let cross = "/usr/aarch64-linux-gnu"
        return FileManager.default.fileExists(atPath: cross + "/lib/ld-linux-aarch64.so.1") ? cross : nil
    }

    /// True when the runner is QEMU (used as an oracle): compat-run specific checks are skipped.
    static var runnerIsQEMU: Bool { URL(fileURLWithPath: runnerPath).lastPathComponent.contains("qemu") }

    /// Fails the current test with a clear message and returns nil if the runner does not exist.
    static func requireRunner(file: StaticString = #filePath, line: UInt = #line) -> String? {
        let path = runnerPath
        guard FileManager.default.isExecutableFile(atPath: path) else {
            XCTFail("compat-run executable not found at \(path): build it with `swift build` "
                    + "or set COMPAT_RUN=/path/to/compat-run (COMPAT_RUN=/usr/bin/qemu-aarch64 validates the corpus)",
                    file: file, line: line)
            return nil
        }
        return path
    }

    enum Status: Equatable, CustomStringConvertible {
        case exit(Int32)
        case signal(Int32)
        case timedOut
        case launchFailed(String)

        var description: String {
            switch self {
            case .exit(let c): return "\(c)"
            case .signal(let s): return "signal \(s)"
            case .timedOut: return "timed out"
            case .launchFailed(let e): return "launch failed: \(e)"
            }
        }

        /// Parses an expected-status line: `0`, `42`, `signal 4`.
        init?(expected text: String) {
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if t.hasPrefix("signal "), let n = Int32(t.dropFirst(7)) { self = .signal(n); return }
            if let n = Int32(t) { self = .exit(n); return }
            return nil
        }
    }

    struct Result: Sendable {
        var stdout: Data
        var stderr: Data
        var status: Status
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Runs `executable args...` with exactly `environment`, stdin from `stdinPath` (or /dev/null)
    /// or `stdinData`, in `cwd`; kills it after `timeout` seconds.
    static func run(_ executable: String, _ args: [String], environment: [String: String] = [:],
                    stdinPath: String? = nil, stdinData: Data? = nil, cwd: URL? = nil,
                    timeout: TimeInterval = 30) -> Result {
        let fm = FileManager.default
        let scratch = fm.temporaryDirectory.appendingPathComponent("corpus-io-\(UUID().uuidString)")
        try? fm.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = fm.createFile(atPath: outURL.path, contents: nil)
        _ = fm.createFile(atPath: errURL.path, contents: nil)

        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        // Test runs never read or fill the user's persistent translation cache: off unless a
        // test asks for it by naming a cache directory (PersistentCacheTests).
        var environment = environment
        if environment["COMPAT_RUN_CACHE_DIR"] == nil && environment["COMPAT_RUN_CACHE"] == nil {
            environment["COMPAT_RUN_CACHE"] = "0"
        }
        p.environment = environment
        p.currentDirectoryURL = cwd ?? URL(fileURLWithPath: NSTemporaryDirectory())
        var inHandle: FileHandle?
        if let data = stdinData {
            let inURL = scratch.appendingPathComponent("stdin")
            _ = fm.createFile(atPath: inURL.path, contents: data)
            inHandle = FileHandle(forReadingAtPath: inURL.path)
        } else if let path = stdinPath {
            inHandle = FileHandle(forReadingAtPath: path)
        }
        p.standardInput = inHandle ?? FileHandle.nullDevice
        guard let outH = try? FileHandle(forWritingTo: outURL), let errH = try? FileHandle(forWritingTo: errURL) else {
            return Result(stdout: Data(), stderr: Data(), status: .launchFailed("cannot create output files"))
        }
        p.standardOutput = outH
        p.standardError = errH
        let done = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in done.signal() }
        do { try p.run() } catch {
            return Result(stdout: Data(), stderr: Data(), status: .launchFailed("\(error)"))
        }
        var timedOut = false
        if done.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(p.processIdentifier, SIGKILL)
            _ = done.wait(timeout: .now() + 10)
        }
        try? outH.close(); try? errH.close(); try? inHandle?.close()
        let out = (try? Data(contentsOf: outURL)) ?? Data()
        let err = (try? Data(contentsOf: errURL)) ?? Data()
        let status: Status
        if timedOut { status = .timedOut }
        else if p.terminationReason == .uncaughtSignal { status = .signal(p.terminationStatus) }
        else { status = .exit(p.terminationStatus) }
        return Result(stdout: out, stderr: err, status: status)
    }

    /// A short diff-ish description of how `actual` differs from `expected` (first differing line with context).
    static func describeDiff(expected: String, actual: String, context: Int = 3, maxLines: Int = 12) -> String {
        if expected == actual { return "(identical)" }
        let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
        var i = 0
        while i < e.count && i < a.count && e[i] == a[i] { i += 1 }
        var lines = ["first difference at line \(i + 1) (expected \(e.count) lines, got \(a.count)):"]
        let start = max(0, i - context)
        for k in start..<i { lines.append("   \(clip(e[k]))") }
        // line-by-line from the first difference: unchanged lines once, changed ones as -/+ pairs
        var shown = 0, k = i
        while shown < maxLines && (k < e.count || k < a.count) {
            let el = k < e.count ? e[k] : nil, al = k < a.count ? a[k] : nil
            if el == al { lines.append("   \(clip(el ?? ""))") } else {
                if let el { lines.append(" - \(clip(el))") }
                if let al { lines.append(" + \(clip(al))") }
            }
            shown += 1; k += 1
        }
        let remaining = max(e.count, a.count) - k
        if remaining > 0 { lines.append("   … \(remaining) more lines") }
        return lines.joined(separator: "\n")
    }

    private static func clip(_ s: String) -> String { s.count > 300 ? String(s.prefix(300)) + "…" : s.debugDescriptionIfControl }

    /// Runs `body(i)` for i in 0..<count on a few threads.
    static func parallelFor(_ count: Int, width: Int = max(2, ProcessInfo.processInfo.activeProcessorCount),
                            _ body: @escaping @Sendable (Int) -> Void) {
        let lock = NSLock()
        nonisolated(unsafe) var next = 0
        let group = DispatchGroup()
        for _ in 0..<min(width, max(count, 1)) {
            group.enter()
            Thread.detachNewThread {
                while true {
                    lock.lock(); let i = next; next += 1; lock.unlock()
                    if i >= count { break }
                    body(i)
                }
                group.leave()
            }
        }
        group.wait()
    }
}

/// A lock-protected collection of values filled from worker threads.
final class CorpusCollector<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [T] = []
    func append(_ t: T) { lock.lock(); items.append(t); lock.unlock() }
    var all: [T] { lock.lock(); defer { lock.unlock() }; return items }
}

extension String {
    /// Shows control characters (other than tab) escaped so invisible differences are visible.
    var debugDescriptionIfControl: String {
        if unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7f }) {
            return String(debugDescription.dropFirst().dropLast())
        }
        return self
    }
}

extension CorpusHarness {
    /// Runs `script` (written to a scratch file, whose path is the last argument) with
    /// `.deps/realroot`'s PROGRAM under the runner and `-L .deps/realroot`. Throws XCTSkip when
    /// the sysroot lacks the program or there is no runner.
    static func runRealRootScript(_ program: String, arguments: [String] = [], script: String, named name: String,
                                  timeout: TimeInterval) throws -> Result {
        let root = repoRoot.appendingPathComponent(".deps/realroot").path
        guard FileManager.default.isExecutableFile(atPath: root + "/usr/bin/" + program) else {
            throw XCTSkip("no \(program) in .deps/realroot (run scripts/fetch-real-programs, which scripts/bootstrap calls)")
        }
        guard let runner = requireRunner() else { throw XCTSkip("no compat-run executable") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("realroot-script-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent(name)
        try script.write(to: file, atomically: true, encoding: .utf8)
        return run(runner, ["-L", root, root + "/usr/bin/" + program] + arguments + [file.path],
                   environment: ["PATH": "/usr/bin:/bin", "LC_ALL": "C", "HOME": "/tmp", "TZ": "UTC"], timeout: timeout)
    }
}
