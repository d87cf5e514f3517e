// -L SYSROOT: absolute guest paths are served from the sysroot when the file is there
// (qemu's semantics), else from the host; /proc/self/exe stays the guest program.
import Glibc
import XCTest
@testable import SyscallShim

final class SysrootTests: XCTestCase {
    var hostDir = ""
    var root = ""
    var shim: LinuxPersonality!

    override func setUpWithError() throws {
        var template = Array("/tmp/shimsysroot.XXXXXX".utf8CString)
        hostDir = String(cString: mkdtemp(&template)!)
        root = hostDir + "/root"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + hostDir, withIntermediateDirectories: true)
        // Same absolute path, different contents: host "host\n", sysroot "sysroot!\n".
        try "host\n".write(toFile: hostDir + "/both", atomically: false, encoding: .utf8)
        try "sysroot!\n".write(toFile: root + hostDir + "/both", atomically: false, encoding: .utf8)
        try "only\n".write(toFile: root + hostDir + "/only-in-sysroot", atomically: false, encoding: .utf8)
        try "host only\n".write(toFile: hostDir + "/only-on-host", atomically: false, encoding: .utf8)
        XCTAssertEqual(symlink("target-in-sysroot", root + hostDir + "/link"), 0)
        shim = LinuxPersonality(brkStart: 0, brkLimit: 0,
                                options: ShimOptions(executablePath: "/opt/guest/prog", sysroot: root))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: hostDir)
    }

    private func withPath<T>(_ path: String, _ body: (UInt64) -> T) -> T {
        let p = cString(path)
        defer { free(p) }
        return body(addr(p))
    }

    /// Opens `path` through the shim and returns its contents (nil on error).
    private func read(_ path: String, shim: LinuxPersonality) -> String? {
        let fd = withPath(path) { sys(shim, NR.openat, AT_FDCWD, $0, 0, 0) }
        guard fd >= 0 else { return nil }
        defer { close(Int32(fd)) }
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { sys(shim, NR.read, UInt64(fd), addr($0.baseAddress!), 64) }
        return String(decoding: buffer.prefix(Int(max(n, 0))), as: UTF8.self)
    }

    func testOpenatPrefersTheSysroot() {
        XCTAssertEqual(read(hostDir + "/both", shim: shim), "sysroot!\n")
        XCTAssertEqual(read(hostDir + "/only-in-sysroot", shim: shim), "only\n")
        XCTAssertEqual(read(hostDir + "/only-on-host", shim: shim), "host only\n")
        let plain = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions(executablePath: "/opt/guest/prog"))
        XCTAssertEqual(read(hostDir + "/both", shim: plain), "host\n")
        XCTAssertNil(read(hostDir + "/only-in-sysroot", shim: plain))
        // Relative paths are never redirected.
        let cwd = getcwd(nil, 0)!
        defer { chdir(cwd); free(cwd) }
        XCTAssertEqual(chdir(hostDir), 0)
        XCTAssertEqual(read("both", shim: shim), "host\n")
    }

    func testStatAndAccessSeeTheSysroot() {
        let st = guardedBuffer(128)
        defer { st.deallocate() }
        XCTAssertEqual(withPath(hostDir + "/both") { sys(shim, NR.newfstatat, AT_FDCWD, $0, addr(st), 0) }, 0)
        XCTAssertEqual(st.load(fromByteOffset: 48, as: Int64.self), 9, "st_size of the sysroot's file")
        XCTAssertEqual(withPath(hostDir + "/only-in-sysroot") { sys(shim, NR.faccessat, AT_FDCWD, $0, 4) }, 0)
        XCTAssertEqual(withPath(hostDir + "/only-in-sysroot") { sys(shim, NR.faccessat2, AT_FDCWD, $0, 4, 0) }, 0)
        XCTAssertEqual(withPath(hostDir + "/missing") { sys(shim, NR.faccessat, AT_FDCWD, $0, 0) }, -2)
        let sx = guardedBuffer(256)
        defer { sx.deallocate() }
        XCTAssertEqual(withPath(hostDir + "/both") { sys(shim, NR.statx, AT_FDCWD, $0, 0, 0x200, addr(sx)) }, 0)
        XCTAssertEqual(sx.load(fromByteOffset: 40, as: UInt64.self), 9, "stx_size of the sysroot's file")
    }

    func testReadlinkSeesTheSysrootButExeStaysTheGuest() {
        let buf = guardedBuffer(256)
        defer { buf.deallocate() }
        let n = withPath(hostDir + "/link") { sys(shim, NR.readlinkat, AT_FDCWD, $0, addr(buf), 256) }
        XCTAssertEqual(String(decoding: UnsafeRawBufferPointer(start: buf, count: Int(max(n, 0))), as: UTF8.self),
                       "target-in-sysroot")
        let m = withPath("/proc/self/exe") { sys(shim, NR.readlinkat, AT_FDCWD, $0, addr(buf), 256) }
        XCTAssertEqual(String(decoding: UnsafeRawBufferPointer(start: buf, count: Int(max(m, 0))), as: UTF8.self),
                       "/opt/guest/prog")
        XCTAssertEqual(shim.paths.hostPath(for: "/proc/self/exe"), "/opt/guest/prog")
        XCTAssertEqual(shim.paths.hostPath(for: hostDir + "/both"), root + hostDir + "/both")
        XCTAssertEqual(shim.paths.hostPath(for: hostDir + "/only-on-host"), hostDir + "/only-on-host")
    }
}
