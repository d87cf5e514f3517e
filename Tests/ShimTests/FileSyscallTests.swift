// File syscalls: stat layout conversion, open-flag translation, fcntl flags,
// getcwd and the guest's /proc/self/exe.
import Glibc
import XCTest
@testable import SyscallShim

final class FileSyscallTests: XCTestCase {
    var dir = ""
    var file = ""
    let shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions(executablePath: "/opt/guest/bin/prog"))

    override func setUp() {
        var template = Array("/tmp/shimtest.XXXXXX".utf8CString)
        dir = String(cString: mkdtemp(&template)!)
        file = dir + "/data"
        let fd = open(file, O_CREAT | O_WRONLY, 0o640)
        XCTAssertEqual(write(fd, [UInt8](repeating: 7, count: 1234), 1234), 1234)
        close(fd)
    }

    override func tearDown() {
        unlink(dir + "/link")
        unlink(file)
        rmdir(dir)
    }

    private func openat(_ path: String, _ flags: UInt64) -> Int64 {
        let p = cString(path)
        defer { free(p) }
        return sys(shim, NR.openat, AT_FDCWD, addr(p), flags, 0)
    }

    func testFstatWritesArm64Layout() throws {
        let fd = openat(file, 0)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { sys(shim, NR.close, UInt64(fd)) }
        let buf = guardedBuffer(128)
        defer { buf.deallocate() }
        XCTAssertEqual(sys(shim, NR.fstat, UInt64(fd), addr(buf)), 0)

        var host = stat()
        XCTAssertEqual(fstatat(AT_FDCWD_HOST, file, &host, 0), 0)
        XCTAssertEqual(buf.load(fromByteOffset: 0, as: UInt64.self), UInt64(host.st_dev))
        XCTAssertEqual(buf.load(fromByteOffset: 8, as: UInt64.self), UInt64(host.st_ino))
        XCTAssertEqual(buf.load(fromByteOffset: 16, as: UInt32.self), UInt32(S_IFREG) | 0o640)  // mode
        XCTAssertEqual(buf.load(fromByteOffset: 20, as: UInt32.self), 1)  // nlink
        XCTAssertEqual(buf.load(fromByteOffset: 24, as: UInt32.self), getuid())
        XCTAssertEqual(buf.load(fromByteOffset: 48, as: Int64.self), 1234)  // size
        XCTAssertEqual(buf.load(fromByteOffset: 56, as: Int32.self), Int32(host.st_blksize))
        XCTAssertEqual(buf.load(fromByteOffset: 64, as: Int64.self), Int64(host.st_blocks))
        XCTAssertEqual(buf.load(fromByteOffset: 88, as: Int64.self), Int64(host.st_mtim.tv_sec))
        XCTAssertEqual(buf.load(fromByteOffset: 96, as: Int64.self), Int64(host.st_mtim.tv_nsec))
        for i in 128..<160 { XCTAssertEqual(buf.load(fromByteOffset: i, as: UInt8.self), 0xAA, "overrun at \(i)") }
    }

    func testNewfstatatOfDirectoryAndMissingFile() {
        let buf = guardedBuffer(128)
        defer { buf.deallocate() }
        let p = cString(dir), missing = cString(dir + "/missing")
        defer { free(p); free(missing) }
        XCTAssertEqual(sys(shim, NR.newfstatat, AT_FDCWD, addr(p), addr(buf), 0), 0)
        XCTAssertEqual(buf.load(fromByteOffset: 16, as: UInt32.self) & UInt32(S_IFMT), UInt32(S_IFDIR))
        XCTAssertEqual(sys(shim, NR.newfstatat, AT_FDCWD, addr(missing), addr(buf), 0), -2)  // ENOENT
        XCTAssertEqual(sys(shim, NR.fstat, 9999, addr(buf)), -9)  // EBADF
    }

    func testOpenatTranslatesArm64Flags() {
        let guestDirectory: UInt64 = 0o40000, guestNoFollow: UInt64 = 0o100000
        let fd = openat(dir, guestDirectory)
        XCTAssertGreaterThanOrEqual(fd, 0, "O_DIRECTORY on a directory")
        sys(shim, NR.close, UInt64(fd))
        XCTAssertEqual(openat(file, guestDirectory), -20, "O_DIRECTORY on a file is ENOTDIR")

        XCTAssertEqual(symlink(file, dir + "/link"), 0)
        XCTAssertEqual(openat(dir + "/link", guestNoFollow), -40, "O_NOFOLLOW on a symlink is ELOOP")
        let viaLink = openat(dir + "/link", 0)
        XCTAssertGreaterThanOrEqual(viaLink, 0)
        sys(shim, NR.close, UInt64(viaLink))
    }

    func testFcntlGetflReportsGuestBits() {
        let fd = openat(file, 2 | 0o2000)  // O_RDWR | O_APPEND
        defer { sys(shim, NR.close, UInt64(fd)) }
        let flags = UInt64(sys(shim, NR.fcntl, UInt64(fd), 3))  // F_GETFL
        XCTAssertEqual(flags & 3, 2)
        XCTAssertNotEqual(flags & 0o2000, 0)
        XCTAssertNotEqual(flags & 0o400000, 0, "64-bit kernels force O_LARGEFILE, in arm64's bit")
        XCTAssertEqual(flags & 0o100000, 0, "x86-64's O_LARGEFILE bit must not leak (arm64 O_NOFOLLOW)")
    }

    func testOpenFlagsRoundTrip() {
        for bit in 0..<32 {
            let f = UInt64(1) << UInt64(bit)
            XCTAssertEqual(OpenFlags.toGuest(OpenFlags.toHost(f)), f)
        }
        XCTAssertEqual(OpenFlags.toHost(0o40000), 0o200000)
        XCTAssertEqual(OpenFlags.toHost(0o200000 | 0o100), 0o40000 | 0o100)
    }

    func testGetcwd() {
        let buf = guardedBuffer(4096)
        defer { buf.deallocate() }
        let r = sys(shim, NR.getcwd, addr(buf), 4096)
        let cwd = getcwd(nil, 0)!
        defer { free(cwd) }
        XCTAssertEqual(r, Int64(strlen(cwd) + 1))
        XCTAssertEqual(String(cString: buf.assumingMemoryBound(to: CChar.self)), String(cString: cwd))
        XCTAssertEqual(sys(shim, NR.getcwd, addr(buf), 1), -34)  // ERANGE
    }

    func testReadlinkProcSelfExeIsGuestExecutable() {
        let buf = guardedBuffer(256)
        defer { buf.deallocate() }
        for path in ["/proc/self/exe", "/proc/\(getpid())/exe"] {
            let p = cString(path)
            defer { free(p) }
            let r = sys(shim, NR.readlinkat, AT_FDCWD, addr(p), addr(buf), 256)
            XCTAssertEqual(r, Int64("/opt/guest/bin/prog".utf8.count))
            XCTAssertEqual(String(decoding: UnsafeRawBufferPointer(start: buf, count: Int(max(r, 0))), as: UTF8.self),
                           "/opt/guest/bin/prog")
            XCTAssertEqual(sys(shim, NR.readlinkat, AT_FDCWD, addr(p), addr(buf), 4), 4, "truncated like readlink")
        }
        // Other links are the host's.
        XCTAssertEqual(symlink("target", dir + "/link"), 0)
        let link = cString(dir + "/link")
        defer { free(link) }
        XCTAssertEqual(sys(shim, NR.readlinkat, AT_FDCWD, addr(link), addr(buf), 256), 6)
    }

    func testRelativeExecutablePathBecomesAbsolute() {
        let relative = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions(executablePath: "./bin/tool"))
        let cwd = getcwd(nil, 0)!
        defer { free(cwd) }
        let base = String(cString: cwd)
        XCTAssertEqual(relative.paths.executablePath, (base == "/" ? "" : base) + "/bin/tool")
    }
}
