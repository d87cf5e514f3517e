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

    /// The remote protocol without gdb: target.xml, the register block's size, an interrupt
    /// (0x03) stopping a program that loops without system calls, and vKill.
    func testProtocolTargetDescriptionAndInterrupt() throws {
        if CorpusHarness.runnerIsQEMU { throw XCTSkip("compat-run's own gdb stub") }
        guard let runner = CorpusHarness.requireRunner() else { throw XCTSkip("no compat-run executable") }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/aarch64-linux-gnu-gcc") else {
            throw XCTSkip("no aarch64-linux-gnu-gcc")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gdbproto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let program = try compile("volatile unsigned long n; int main(void) { for (;;) n++; }\n", "spin", in: dir)
        let port = freePort()
        let guest = ResultBox()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            guest.result = CorpusHarness.run(runner, ["-g", "\(port)", program], timeout: 60)
            done.signal()
        }
        let c = try XCTUnwrap(RemoteClient(port: port))
        XCTAssertTrue(c.ask("qSupported:multiprocess+;xmlRegisters=i386").contains("qXfer:features:read+"))
        XCTAssertTrue(c.ask("?").hasPrefix("T05thread:"))
        var xml = "", offset = 0
        while true {
            let part = c.ask("qXfer:features:read:target.xml:\(String(offset, radix: 16)),400")
            xml += part.dropFirst()
            offset += part.utf8.count - 1
            if part.hasPrefix("l") { break }
            XCTAssertTrue(part.hasPrefix("m"), part)
        }
        for feature in ["org.gnu.gdb.aarch64.core", "org.gnu.gdb.aarch64.fpu", "name=\"fpcr\" bitsize=\"32\""] {
            XCTAssertTrue(xml.contains(feature), xml)
        }
        // x0-x30, sp, pc (8 bytes), cpsr (4), v0-v31 (16), fpsr, fpcr (4): hex digits.
        XCTAssertEqual(c.ask("g").count, 2 * (33 * 8 + 4 + 32 * 16 + 4 + 4))
        XCTAssertEqual(c.ask("m10,4"), "E14")            // unmapped: an error reply, not a crash
        c.send("c")
        usleep(300_000)
        c.interrupt()
        XCTAssertTrue(c.receive().hasPrefix("T02thread:"), "SIGINT after an interrupt")
        XCTAssertEqual(c.ask("vKill;1"), "OK")
        done.wait()
        XCTAssertEqual(guest.result?.status, .signal(SIGKILL))
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

/// A minimal gdb remote protocol client (acknowledged mode) for the protocol test.
private final class RemoteClient {
    let fd: Int32
    private var pending: [UInt8] = []

    init?(port: UInt16) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        for _ in 0..<600 {   // compat-run starts listening soon after it starts
            let rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if rc == 0 { return }
            usleep(50_000)
        }
        return nil
    }

    deinit { close(fd) }

    func send(_ payload: String) {
        let sum = payload.utf8.reduce(UInt8(0)) { $0 &+ $1 }
        let text = "$" + payload + "#" + String(format: "%02x", sum)
        _ = text.withCString { write(fd, $0, strlen($0)) }
    }

    func interrupt() { var b: UInt8 = 3; _ = write(fd, &b, 1) }

    /// The next packet's payload (acknowledged).
    func receive() -> String {
        var payload: [UInt8] = [], inPacket = false, trailer = -1
        while true {
            if pending.isEmpty {
                var buf = [UInt8](repeating: 0, count: 4096)
                let n = read(fd, &buf, 4096)
                if n <= 0 { return "" }
                pending = Array(buf[0..<n])
            }
            let b = pending.removeFirst()
            if trailer >= 0 { trailer += 1; if trailer == 2 { break }; continue }
            if !inPacket { inPacket = b == UInt8(ascii: "$"); continue }
            if b == UInt8(ascii: "#") { trailer = 0; continue }
            payload.append(b)
        }
        var plus = UInt8(ascii: "+")
        _ = write(fd, &plus, 1)
        return String(decoding: payload, as: UTF8.self)
    }

    func ask(_ payload: String) -> String { send(payload); return receive() }
}
