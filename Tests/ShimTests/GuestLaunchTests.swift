// Top-level #! scripts resolved like binfmt_script, and the guest environment kept away
// from the host's loader across compat-run's re-execution.
import Glibc
import XCTest
@testable import SyscallShim

final class GuestLaunchTests: XCTestCase {
    var dir = ""

    override func setUp() {
        var template = Array("/tmp/launchtest.XXXXXX".utf8CString)
        dir = String(cString: mkdtemp(&template)!)
    }

    override func tearDown() {
        for f in ["a.sh", "b.sh", "c.sh", "fake-arm64"] { unlink(dir + "/" + f) }
        rmdir(dir)
    }

    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let path = dir + "/" + name
        let fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o755)
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        return path
    }

    /// An ELF header claiming EM_AARCH64 (all ScriptLaunch looks at).
    func fakeArm64() -> String {
        var h = [UInt8](repeating: 0, count: 64)
        h.replaceSubrange(0..<4, with: [0x7F, 0x45, 0x4C, 0x46])
        h[18] = 183
        return write("fake-arm64", h)
    }

    func testScriptsRunTheirInterpreterLikeTheKernel() {
        let interp = fakeArm64()
        let a = write("a.sh", Array("#!\(interp) -x \n echo\n".utf8))
        XCTAssertEqual(ScriptLaunch.resolve(path: a, argv: ["ignored", "1", "2"], sysroot: nil),
                       .program(path: interp, argv: [interp, "-x", a, "1", "2"]))
        // Nested: b.sh's interpreter is a.sh.
        let b = write("b.sh", Array("#!\(a)\n".utf8))
        XCTAssertEqual(ScriptLaunch.resolve(path: b, argv: ["b"], sysroot: nil),
                       .program(path: interp, argv: [interp, "-x", a, b]))
        // A native interpreter: the host kernel runs the script.
        let c = write("c.sh", Array("#!/bin/sh\n".utf8))
        XCTAssertEqual(ScriptLaunch.resolve(path: c, argv: ["c"], sysroot: nil), .native)
        // Programs and unreadable files go to the loader unchanged (it reports errors).
        XCTAssertEqual(ScriptLaunch.resolve(path: interp, argv: ["p"], sysroot: nil), .program(path: interp, argv: ["p"]))
        XCTAssertEqual(ScriptLaunch.resolve(path: dir + "/missing", argv: ["m"], sysroot: nil),
                       .program(path: dir + "/missing", argv: ["m"]))
    }

    func testHostAffectingVariablesTravelRenamedInOrder() {
        let guest = ["A=1", "LD_PRELOAD=/x.so", "B=2", "LD_LIBRARY_PATH=/l", "GLIBC_TUNABLES=t", "SWIFT_BACKTRACE=x",
                     "MALLOC_CHECK_=3", "LDX=keep"]
        let host = GuestEnvironment.hiddenFromHost(guest)
        XCTAssertFalse(host.contains { $0.hasPrefix("LD_") || $0.hasPrefix("GLIBC_") || $0.hasPrefix("SWIFT_")
            || $0.hasPrefix("MALLOC_") })
        XCTAssertTrue(host.contains("LDX=keep"))
        XCTAssertEqual(GuestEnvironment.restored(host), guest)
    }
}

final class ExecveatTests: XCTestCase {
    let shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions())
    static let execveat: UInt64 = 281

    func testArgumentChecksComeBeforeTheExec() {
        let empty = cString(""), link = cString("/proc/self/exe"), missing = cString("/nonexistent/prog")
        defer { free(empty); free(link); free(missing) }
        XCTAssertEqual(sys(shim, Self.execveat, AT_FDCWD, addr(missing), 0, 0, 0x4), -22, "unknown flag")
        XCTAssertEqual(sys(shim, Self.execveat, AT_FDCWD, addr(empty), 0, 0, 0), -2, "empty path without AT_EMPTY_PATH")
        XCTAssertEqual(sys(shim, Self.execveat, AT_FDCWD, 0x10, 0, 0, 0), -14)
        XCTAssertEqual(sys(shim, Self.execveat, AT_FDCWD, addr(link), 0, 0, 0x100), -40, "AT_SYMLINK_NOFOLLOW on a link")
        XCTAssertEqual(sys(shim, Self.execveat, AT_FDCWD, addr(missing), 0, 0, 0), -2)
        let fd = open("/nonexistent", O_RDONLY)
        XCTAssertEqual(fd, -1)
        XCTAssertEqual(sys(shim, Self.execveat, 9999, addr(empty), 0, 0, 0x1000), -9, "AT_EMPTY_PATH on a closed fd")
    }
}
