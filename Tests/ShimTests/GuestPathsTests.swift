// GuestPaths: the one place guest paths become host paths.
import Glibc
import Loader
import XCTest
@testable import SyscallShim

final class GuestPathsTests: XCTestCase {
    func testOwnExeLinkNamesTheGuestProgram() {
        let paths = GuestPaths(executablePath: "/opt/guest/prog", sysroot: nil)
        XCTAssertEqual(paths.hostPath(forAbsolute: "/proc/self/exe"), "/opt/guest/prog")
        XCTAssertEqual(paths.hostPath(forAbsolute: "/proc/\(getpid())/exe"), "/opt/guest/prog")
        XCTAssertNil(paths.hostPath(forAbsolute: "/proc/1/exe"), "another process's link is the host's")
        // The other forms Linux resolves to the same link.
        XCTAssertEqual(paths.hostPath(forAbsolute: "/proc/thread-self/exe"), "/opt/guest/prog")
        XCTAssertEqual(paths.hostPath(forAbsolute: "/proc/self/task/\(getpid())/exe"), "/opt/guest/prog")
        XCTAssertEqual(paths.hostPath(forAbsolute: "/proc/\(getpid())/task/\(hostTid())/exe"), "/opt/guest/prog")
        XCTAssertNil(paths.hostPath(forAbsolute: "/proc/self/task/1/exe"), "not a thread of this process")
        XCTAssertNil(paths.hostPath(forAbsolute: "/proc/self/task/./exe"))
        XCTAssertNil(paths.hostPath(forAbsolute: "/proc/thread-self/task/\(getpid())/exe"))
        XCTAssertNil(paths.hostPath(forAbsolute: "/proc/self/exe/x"))
        XCTAssertNil(paths.hostPath(forAbsolute: "/etc/passwd"), "without a sysroot, paths are used as is")
        XCTAssertEqual(paths.hostPath(for: "relative/proc/self/exe"), "relative/proc/self/exe")
    }

    func testSysrootServesAbsolutePathsThatExistThere() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("paths-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("etc"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        _ = FileManager.default.createFile(atPath: root.path + "/etc/only-in-root", contents: Data())
        let paths = GuestPaths(executablePath: "", sysroot: Sysroot(root.path))
        XCTAssertEqual(paths.hostPath(for: "/etc/only-in-root"), root.path + "/etc/only-in-root")
        XCTAssertEqual(paths.hostPath(for: "/etc/not-there"), "/etc/not-there", "missing in the sysroot: the host's")
        XCTAssertEqual(paths.hostPath(for: "etc/only-in-root"), "etc/only-in-root", "relative paths are never redirected")
        let guestString = cString("/etc/only-in-root")
        defer { free(guestString) }
        let seen = paths.withHostPath(addr(guestString)) { address in
            Int64(String(cString: UnsafePointer<CChar>(bitPattern: UInt(address))!) == root.path + "/etc/only-in-root" ? 1 : 0)
        }
        XCTAssertEqual(seen, 1)
        XCTAssertEqual(paths.withHostPath(0x10) { $0 == 0x10 ? 1 : 0 }, 1, "a bad pointer goes to the host kernel as is")
    }
}
