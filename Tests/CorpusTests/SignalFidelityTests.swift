import Foundation
import XCTest

/// Signals sent to compat-run from outside do to it exactly what they do to a native
/// process: the default action, with the native wait status and no output of compat-run's
/// own (no Swift crash report), whether the guest sleeps in a syscall or spins in
/// translated code. A guest abort() dies by SIGABRT silently.
final class SignalFidelityTests: XCTestCase {
    static let busybox = CorpusHarness.repoRoot.appendingPathComponent(".deps/busybox/busybox-arm64").path
    /// testbins/src/spin_or_wait.c: "spin" loops in translated code, "wait" blocks in pause().
    static var target: String { TestbinTests.outDir.appendingPathComponent("spin_or_wait-O2").path }
    /// Signals whose default action ends the process (with a core dump for most).
    static let fatalSignals: [Int32] = [SIGQUIT, SIGABRT, SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGTERM, SIGUSR1]

    struct Outcome { var signal: Int32?; var exitCode: Int32?; var stderr: String }

    /// Starts `args` under compat-run, waits until it runs, sends `sig`, and collects the outcome.
    func run(_ args: [String], sending sig: Int32, after delay: TimeInterval = 0.4) throws -> Outcome {
        guard let runner = CorpusHarness.requireRunner() else { throw XCTSkip("no runner") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: runner)
        p.arguments = args
        p.environment = ["PATH": "/usr/bin:/bin"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: delay)
        kill(p.processIdentifier, sig)
        let deadline = Date().addingTimeInterval(10)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if p.isRunning { kill(p.processIdentifier, SIGKILL); p.waitUntilExit(); XCTFail("\(args) survived signal \(sig)") }
        p.waitUntilExit()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return p.terminationReason == .uncaughtSignal
            ? Outcome(signal: p.terminationStatus, exitCode: nil, stderr: stderr)
            : Outcome(signal: nil, exitCode: p.terminationStatus, stderr: stderr)
    }

    func check(_ args: [String], _ what: String) throws {
        if let err = TestbinTests.ensureBuilt() { XCTFail(err); return }
        for sig in Self.fatalSignals {
            let o = try run(args, sending: sig)
            XCTAssertEqual(o.signal, sig, "\(what): killed by \(sig): exit \(o.exitCode.map(String.init) ?? "-")")
            XCTAssertEqual(o.stderr, "", "\(what): signal \(sig) printed")
        }
    }

    func testSignalsKillASleepingGuestNatively() throws {
        try check([Self.target, "wait"], "waiting")
        // busybox sleep: a real program (nanosleep) rather than a test one.
        guard FileManager.default.isExecutableFile(atPath: Self.busybox) else { throw XCTSkip("no arm64 busybox in .deps") }
        try check([Self.busybox, "sleep", "20"], "busybox sleep")
    }

    func testSignalsKillASpinningGuestNatively() throws {
        try check([Self.target, "spin"], "spinning")
    }

    func testGuestAbortIsSilent() throws {
        if let err = TestbinTests.ensureBuilt() { XCTFail(err); return }
        guard let runner = CorpusHarness.requireRunner() else { return }
        let path = TestbinTests.outDir.appendingPathComponent("abort_quiet-O2").path
        let r = CorpusHarness.run(runner, [path])
        XCTAssertEqual(r.status, .signal(SIGABRT))
        XCTAssertEqual(r.stdoutText, "before abort\n")
        XCTAssertEqual(r.stderrText, "", "nothing but the program's own output")
    }
}
