// Safe guest memory access: a bad guest pointer is an error (EFAULT), never a crash
// of the translator, in GuestMemory itself, in every handler that touches guest
// memory and in -strace's argument printing.
import CSupport
import Glibc
import XCTest
@testable import SyscallShim

/// Two pages: the first read-write, the second inaccessible (a hole right after it). PROT_NONE,
/// not unmapped: an unmapped page was the first free page for the next mmap made by anything
/// in the test process (other suites' runtimes), and a mapped "hole" made rt_sigsuspend wait.
final class GuestPages {
    let base: UnsafeMutableRawPointer
    var hole: UInt64 { addr(base) + 4096 }
    var lastByte: UInt64 { addr(base) + 4095 }

    init() {
        base = mmap(nil, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
        mprotect(base + 4096, 4096, PROT_NONE)
    }

    deinit { munmap(base, 8192) }
}

final class GuestMemoryTests: XCTestCase {
    let shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions(executablePath: "/opt/guest/bin/prog"))
    let pages = GuestPages()
    /// Guest pointers the kernel answers EFAULT for: the low page and an unmapped page.
    var badPointers: [UInt64] { [0x10, pages.hole] }

    override class func setUp() {
        cr_install_fault_handlers()  // the process compat-run would be: faults in the copy are caught
    }

    func testReadAndWriteFailOnBadPointers() {
        for bad in badPointers + [0, 1 << 50, UInt64.max - 3] {
            XCTAssertNil(GuestMemory.read(UInt64.self, at: bad))
            XCTAssertFalse(GuestMemory.write(UInt64(1), at: bad))
            XCTAssertNil(GuestMemory.string(at: bad))
        }
        // Straddling the end of the mapping: nothing is read.
        XCTAssertNil(GuestMemory.read(UInt64.self, at: pages.lastByte - 3))
        XCTAssertFalse(GuestMemory.write(UInt64(7), at: pages.lastByte - 3))
        XCTAssertTrue(GuestMemory.write(UInt32(0xDEAD_BEEF), at: pages.lastByte - 3))
        XCTAssertEqual(GuestMemory.read(UInt32.self, at: pages.lastByte - 3), 0xDEAD_BEEF)
    }

    func testReadOnlyMemoryRejectsWrites() {
        let p = mmap(nil, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
        defer { munmap(p, 4096) }
        XCTAssertEqual(GuestMemory.read(UInt64.self, at: addr(p)), 0)
        XCTAssertFalse(GuestMemory.write(UInt64(1), at: addr(p)))
    }

    func testStringsEndingAtTheEdgeOfMappedMemory() {
        let text = Array("edge".utf8) + [0]
        let start = pages.hole - UInt64(text.count)
        XCTAssertTrue(text.withUnsafeBytes { GuestMemory.copyOut($0, to: start) })
        XCTAssertEqual(GuestMemory.string(at: start), "edge")
        // Without the NUL the string runs into the hole.
        XCTAssertTrue(GuestMemory.write(UInt8(ascii: "x"), at: pages.lastByte))
        XCTAssertNil(GuestMemory.string(at: start))
        XCTAssertEqual(GuestMemory.cString(at: start), .failure(.fault))
        // Longer than the limit.
        pages.base.initializeMemory(as: UInt8.self, repeating: UInt8(ascii: "a"), count: 100)
        pages.base.storeBytes(of: 0, toByteOffset: 100, as: UInt8.self)
        XCTAssertEqual(GuestMemory.cString(at: addr(pages.base), limit: 50), .failure(.tooLong))
        XCTAssertEqual(GuestMemory.string(at: addr(pages.base), limit: 200)?.count, 100)
    }

    /// Strings read a chunk at a time: one spanning several chunks comes back whole, and so
    /// do those whose NUL is the first or the last byte of a chunk.
    func testStringsLongerThanOneChunk() {
        let p = mmap(nil, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
        defer { munmap(p, 4096) }
        let chunk = GuestMemory.stringChunk
        for length in [chunk - 1, chunk, chunk + 1, 3 * chunk + 17] {
            let text = String((0..<length).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) })
            XCTAssertTrue((Array(text.utf8) + [0]).withUnsafeBytes { GuestMemory.copyOut($0, to: addr(p)) })
            XCTAssertEqual(GuestMemory.string(at: addr(p)), text, "length \(length)")
        }
    }

    /// Strings read page by page through an uninitialised buffer: one that spans two pages
    /// comes back whole, and a short one read after a long one holds nothing of the long one.
    func testStringsAcrossAPageBoundaryAndAfterALongerOne() {
        let p = mmap(nil, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
        defer { munmap(p, 8192) }
        let long = String(repeating: "0123456789", count: 30)
        let start = addr(p) + 4096 - 100
        XCTAssertTrue((Array(long.utf8) + [0]).withUnsafeBytes { GuestMemory.copyOut($0, to: start) })
        XCTAssertEqual(GuestMemory.string(at: start), long)
        XCTAssertTrue(Array("ab\0".utf8).withUnsafeBytes { GuestMemory.copyOut($0, to: start) })
        XCTAssertEqual(GuestMemory.cString(at: start), .success(Array("ab".utf8)))
        XCTAssertEqual(GuestMemory.cString(at: start + 2), .success([]))
    }

    func testStraceShowsABadPathAsAPointer() {
        XCTAssertEqual(Strace.format(0x10, as: .path), "0x10")
        XCTAssertEqual(Strace.format(pages.hole, as: .path), "0x" + String(pages.hole, radix: 16))
        XCTAssertEqual(Strace.format(0, as: .path), "NULL")
    }

    /// Each handler that reads or writes guest memory itself answers EFAULT.
    func testHandlersAnswerEfault() {
        let good = guardedBuffer(256)
        defer { good.deallocate() }
        let dot = cString("."), exeLink = cString("/proc/self/exe")
        defer { free(dot); free(exeLink) }
        for bad in badPointers {
            let fd = UInt64(sys(shim, NR.openat, AT_FDCWD, addr(dot), 0o40000, 0))
            defer { sys(shim, NR.close, fd) }
            XCTAssertEqual(sys(shim, NR.fstat, fd, bad), -14, "fstat")
            XCTAssertEqual(sys(shim, NR.newfstatat, AT_FDCWD, addr(dot), bad, 0), -14, "newfstatat buf")
            XCTAssertEqual(sys(shim, NR.newfstatat, AT_FDCWD, bad, addr(good), 0), -14, "newfstatat path")
            XCTAssertEqual(sys(shim, NR.openat, AT_FDCWD, bad, 0, 0), -14, "openat")
            XCTAssertEqual(sys(shim, NR.statx, AT_FDCWD, bad, 0, 0x7ff, addr(good)), -14, "statx")
            XCTAssertEqual(sys(shim, NR.faccessat, AT_FDCWD, bad, 0), -14, "faccessat")
            XCTAssertEqual(sys(shim, NR.faccessat2, AT_FDCWD, bad, 0, 0), -14, "faccessat2")
            XCTAssertEqual(sys(shim, NR.readlinkat, AT_FDCWD, bad, addr(good), 64), -14, "readlinkat path")
            XCTAssertEqual(sys(shim, NR.readlinkat, AT_FDCWD, addr(exeLink), bad, 64), -14, "readlinkat buf")
            XCTAssertEqual(sys(shim, NR.execve, bad, 0, 0), -14, "execve path")
            XCTAssertEqual(sys(shim, NR.execve, addr(dot), bad, 0), -14, "execve argv")
            XCTAssertEqual(sys(shim, NR.uname, bad), -14, "uname")
            XCTAssertEqual(sys(shim, NR.rtSigaction, 10, bad, 0, 8), -14, "rt_sigaction act")
            XCTAssertEqual(sys(shim, NR.rtSigaction, 10, 0, bad, 8), -14, "rt_sigaction oldact")
            XCTAssertEqual(sys(shim, NR.rtSigprocmask, 0, bad, 0, 8), -14, "rt_sigprocmask set")
            XCTAssertEqual(sys(shim, NR.rtSigprocmask, 0, 0, bad, 8), -14, "rt_sigprocmask oldset")
            XCTAssertEqual(sys(shim, NR.rtSigpending, bad, 8), -14, "rt_sigpending")
            XCTAssertEqual(sys(shim, NR.rtSigsuspend, bad, 8), -14, "rt_sigsuspend")
            XCTAssertEqual(sys(shim, NR.sigaltstack, bad, 0), -14, "sigaltstack ss")
            XCTAssertEqual(sys(shim, NR.sigaltstack, 0, bad), -14, "sigaltstack old")
        }
    }
}
