import Foundation
import XCTest

/// `compat-run -g PORT` driven by a real `gdb-multiarch -batch` session (issue 18): break at
/// a function, read registers, single-step, see a signal, continue to the exit status.
private final class ResultBox: @unchecked Sendable { var result: CorpusHarness.Result? }

final class GDBStubTests: XCTestCase {
    /// A program whose registers at `add` are known: add(s, i) for i = 0..9, exit status 3.
    static let source = """
        #include <stdio.h>
        __attribute__((noinline)) long add(long a, long b) { return a + b; }
        int main(void) {
            long s = 0;
            for (long i = 0; i < 10; i++) s = add(s, i);
            printf("sum %ld\\n", s);
            return (int)(s - 42);
        }
        """
    static let faulting = "int main(void) { volatile int *p = (int *)16; *p = 1; return 0; }\n"

    private struct Setup { let runner: String; let gdb: String; let dir: URL }

    private func prepare() throws -> Setup {
        if CorpusHarness.runnerIsQEMU { throw XCTSkip("compat-run's own gdb stub") }
        guard let runner = CorpusHarness.requireRunner() else { throw XCTSkip("no compat-run executable") }
        guard let gdb = ["/usr/bin/gdb-multiarch", "/usr/local/bin/gdb-multiarch"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else { throw XCTSkip("gdb-multiarch is not installed (scripts/bootstrap installs it)") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/aarch64-linux-gnu-gcc") else {
            throw XCTSkip("no aarch64-linux-gnu-gcc")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gdbstub-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return Setup(runner: runner, gdb: gdb, dir: dir)
    }

    private func compile(_ source: String, _ name: String, in dir: URL, static linked: Bool = true) throws -> String {
        let c = dir.appendingPathComponent("\(name).c"), out = dir.appendingPathComponent(name).path
        try source.write(to: c, atomically: true, encoding: .utf8)
        let r = CorpusHarness.run("/usr/bin/aarch64-linux-gnu-gcc", ["-g", "-O1"] + (linked ? ["-static"] : []) + ["-o", out, c.path],
                                  environment: ["PATH": "/usr/bin:/bin"])
        XCTAssertEqual(r.status, CorpusHarness.Status.exit(0), r.stderrText)
        return out
    }

    /// A TCP port nothing listens on now.
    private func freePort() -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in
                bind(fd, p, len) == 0 ? getsockname(fd, p, &len) : -1
            }
        }
        return UInt16(bigEndian: addr.sin_port)
    }

    /// Runs `program` under `compat-run -g` and gdb with `commands`; returns gdb's output and
    /// the guest's result.
    private func debug(_ s: Setup, _ program: String, _ commands: [String],
                       before: [String] = []) -> (gdb: String, guest: CorpusHarness.Result) {
        let port = freePort()
        let guest = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let runner = s.runner
        DispatchQueue.global().async {
            guest.result = CorpusHarness.run(runner, ["-g", "\(port)", program], timeout: 60)
            done.signal()
        }
        // gdb retries a refused connection while compat-run starts listening.
        let args = ["-nx", "-batch", "-ex", "set tcp connect-timeout 30"] + before.flatMap { ["-ex", $0] }
            + ["-ex", "target remote 127.0.0.1:\(port)"]
            + commands.flatMap { ["-ex", $0] } + [program]
        let g = CorpusHarness.run(s.gdb, args, environment: ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()],
                                  timeout: 60)
        done.wait()
        return (g.stdoutText + g.stderrText, guest.result!)
    }

    func testBreakReadStepContinueToExit() throws {
        let s = try prepare()
        let program = try compile(Self.source, "adder", in: s.dir)
        let (out, guest) = debug(s, program, [
            "break add", "continue", "continue",
            "printf \"x1=%d\\n\", $x1",                 // second call: add(0, 1)
            "printf \"pc=%#x add=%#x\\n\", $pc, &add",
            "stepi", "printf \"stepped=%d\\n\", $pc - (long)&add",
            "info threads", "delete", "continue",
        ])
        XCTAssertTrue(out.contains("Breakpoint 1, add"), out)
        XCTAssertTrue(out.contains("x1=1\n"), out)
        XCTAssertTrue(out.range(of: #"pc=(0x[0-9a-f]+) add=\1"#, options: String.CompareOptions.regularExpression) != nil, out)
        XCTAssertTrue(out.contains("stepped=4\n"), out)
        XCTAssertTrue(out.contains("* 1    Thread "), out)
        XCTAssertTrue(out.contains("exited with code 03"), out)
        XCTAssertEqual(guest.status, CorpusHarness.Status.exit(3), guest.stderrText)
        XCTAssertEqual(guest.stdoutText, "sum 45\n")
    }

    /// A dynamically linked PIE: gdb relocates it from the auxiliary vector (qXfer:auxv:read)
    /// and finds the shared libraries through the dynamic linker's r_debug in guest memory.
    func testDynamicPIE() throws {
        let s = try prepare()
        guard FileManager.default.fileExists(atPath: "/usr/aarch64-linux-gnu/lib/libc.so.6") else {
            throw XCTSkip("no arm64 cross libc")
        }
        let program = try compile(Self.source, "adder-pie", in: s.dir, static: false)
        let (out, guest) = debug(s, program, [
            "break add", "continue", "printf \"x1=%d\\n\", $x1", "bt", "info sharedlibrary", "delete", "continue",
        ], before: ["set sysroot /usr/aarch64-linux-gnu"])
        XCTAssertTrue(out.contains("Breakpoint 1, add"), out)
        XCTAssertTrue(out.contains("x1=0\n"), out)
        XCTAssertTrue(out.contains(" in main () at "), out)
        XCTAssertTrue(out.contains("/usr/aarch64-linux-gnu/lib/libc.so.6"), out)
        XCTAssertTrue(out.contains("exited with code 03"), out)
        XCTAssertEqual(guest.status, CorpusHarness.Status.exit(3), guest.stderrText)
    }

    func testSignalIsReported() throws {
        let s = try prepare()
        let program = try compile(Self.faulting, "faulting", in: s.dir)
        let (out, guest) = debug(s, program, ["continue", "printf \"fault at %#x\\n\", $pc", "continue"])
        XCTAssertTrue(out.contains("Program received signal SIGSEGV"), out)
        XCTAssertTrue(out.contains("in main ()"), out)
        XCTAssertEqual(guest.status, CorpusHarness.Status.signal(SIGSEGV), guest.stderrText)
    }
}
