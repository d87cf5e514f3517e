import XCTest
@testable import SyscallShim

final class ExecveTests: XCTestCase {
    func testClassifiesTargetsLikeTheKernel() throws {
        XCTAssertEqual(ExecTarget.classify("/bin/true"), .native)
        XCTAssertEqual(ExecTarget.classify("/nonexistent/prog"), .failure(Int64(ENOENT)))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("execve-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("data").path
        try "data".write(toFile: plain, atomically: true, encoding: .utf8)
        chmod(plain, 0o644)
        XCTAssertEqual(ExecTarget.classify(plain), .failure(Int64(EACCES)))  // no execute bit, even for root
        XCTAssertEqual(ExecTarget.classify(dir.path), .failure(Int64(EACCES)))
        let script = dir.appendingPathComponent("s.sh").path
        try "#!/usr/bin/env  -S   \nexit 0\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        XCTAssertEqual(ExecTarget.classify(script), .script(interpreter: "/usr/bin/env", argument: "-S"))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let busybox = root.appendingPathComponent(".deps/busybox/busybox-arm64").path
        if FileManager.default.fileExists(atPath: busybox) { XCTAssertEqual(ExecTarget.classify(busybox), .arm64) }
    }
}
