// prctl, personality, openat2's flag translation, semctl's semid_ds conversion and
// the flag table; the syscall table as a whole.
import Glibc
import XCTest
@testable import SyscallShim

final class ProcessControlTests: XCTestCase {
    let shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions())

    enum GuestNR {
        static let prctl: UInt64 = 167, personality: UInt64 = 92, semget: UInt64 = 190, semctl: UInt64 = 191
        static let openat2: UInt64 = 437, pkeyAlloc: UInt64 = 289, pkeyMprotect: UInt64 = 288, ptrace: UInt64 = 117
        static let getRobustList: UInt64 = 100, setRobustList: UInt64 = 99
    }

    func testArm64OnlyAndUnknownPrctlsAreEINVAL() {
        for option: UInt64 in [50, 51, 54, 55, 56, 60, 61, 63, 64, 22, 0x7fff_0000] {  // SVE, PAC, TAGGED, SME, SECCOMP
            XCTAssertEqual(sys(shim, GuestNR.prctl, option, 0, 0, 0, 0), -22, "option \(option)")
        }
        XCTAssertEqual(sys(shim, GuestNR.prctl, 3, 0, 0, 0, 0), hostSyscall(HostNR.prctl, 3))  // PR_GET_DUMPABLE
        var timerslack = sys(shim, GuestNR.prctl, 30, 0, 0, 0, 0)
        XCTAssertGreaterThan(timerslack, 0)
        timerslack = sys(shim, GuestNR.prctl, 23, 0, 0, 0, 0)  // PR_CAPBSET_READ CAP_CHOWN
        XCTAssertGreaterThanOrEqual(timerslack, 0)
    }

    func testPrctlGetTidAddressAndAuxv() {
        let out = guardedBuffer(64)
        defer { out.deallocate() }
        sys(shim, 96, 0x1234_5678)  // set_tid_address
        XCTAssertEqual(sys(shim, GuestNR.prctl, 40, addr(out), 0, 0, 0), 0)
        XCTAssertEqual(out.load(as: UInt64.self), 0x1234_5678)
        // PR_GET_AUXV: the guest's vector (empty for this hand-made personality), never the host's.
        XCTAssertEqual(sys(shim, GuestNR.prctl, 0x4155_5856, addr(out), 64, 0, 0), 0)
        XCTAssertEqual(sys(shim, GuestNR.prctl, 0x4155_5856, addr(out), 64, 1, 0), -22)
    }

    func testPersonality() {
        let current = sys(shim, GuestNR.personality, 0xFFFF_FFFF)
        XCTAssertGreaterThanOrEqual(current, 0)
        XCTAssertEqual(sys(shim, GuestNR.personality, 0x0008), -22, "PER_LINUX32 needs AArch32")
        XCTAssertEqual(sys(shim, GuestNR.personality, UInt64(current)), current)
    }

    func testRefusalsAndProtectionKeys() {
        XCTAssertEqual(sys(shim, GuestNR.ptrace, 0, 0, 0, 0), -1)
        XCTAssertEqual(sys(shim, GuestNR.pkeyAlloc, 0, 0), -28)
        // A guest mapping (the shim refuses to reprotect memory that is not the guest's).
        let page = UInt64(sys(shim, 222 /* mmap */, 0, 4096, UInt64(PROT_READ | PROT_WRITE),
                              UInt64(MAP_PRIVATE | MAP_ANONYMOUS), UInt64(bitPattern: -1), 0))
        defer { _ = sys(shim, 215 /* munmap */, page, 4096) }
        XCTAssertEqual(sys(shim, GuestNR.pkeyMprotect, page, 4096, UInt64(PROT_READ), UInt64(bitPattern: -1)), 0)
        XCTAssertEqual(sys(shim, GuestNR.pkeyMprotect, page, 4096, UInt64(PROT_READ), 1), -22)
        XCTAssertEqual(sys(shim, 425, 8, 0), -38, "io_uring_setup")
    }

    func testGetRobustListIsTheGuests() {
        let head = guardedBuffer(8), len = guardedBuffer(8)
        defer { head.deallocate(); len.deallocate() }
        XCTAssertEqual(sys(shim, GuestNR.setRobustList, 0xABC0, 24), 0)
        XCTAssertEqual(sys(shim, GuestNR.getRobustList, 0, addr(head), addr(len)), 0)
        XCTAssertEqual(head.load(as: UInt64.self), 0xABC0)
        XCTAssertEqual(len.load(as: UInt64.self), 24)
    }

    func testOpenat2TranslatesFlags() throws {
        var template = Array("/tmp/shimtest.XXXXXX".utf8CString)
        let dir = String(cString: mkdtemp(&template)!)
        defer { rmdir(dir) }
        let path = cString(dir)
        defer { free(path) }
        var how: (UInt64, UInt64, UInt64) = (OpenFlags.guestDirectory, 0, 0)
        let fd = sys(shim, GuestNR.openat2, AT_FDCWD, addr(path), addr(&how), 24)
        if fd == -38 { throw XCTSkip("host kernel without openat2") }
        XCTAssertGreaterThanOrEqual(fd, 0, "arm64 O_DIRECTORY on a directory")
        close(Int32(fd))
        XCTAssertEqual(sys(shim, GuestNR.openat2, AT_FDCWD, addr(path), addr(&how), 8), -22, "size below VER0")
        XCTAssertEqual(sys(shim, GuestNR.openat2, AT_FDCWD, addr(path), 0x10, 24), -14)
        how.0 = OpenFlags.guestNoFollow | 0o10000000  // O_NOFOLLOW | O_PATH
        let p = sys(shim, GuestNR.openat2, AT_FDCWD, addr(path), addr(&how), 24)
        XCTAssertGreaterThanOrEqual(p, 0)
        close(Int32(p))
    }

    func testSemctlConvertsSemidDS() {
        let id = sys(shim, GuestNR.semget, UInt64(IPC_PRIVATE), 3, UInt64(IPC_CREAT) | 0o640)
        XCTAssertGreaterThanOrEqual(id, 0)
        defer { sys(shim, GuestNR.semctl, UInt64(id), 0, UInt64(IPC_RMID), 0) }
        let ds = guardedBuffer(SemidDS.guestSize)
        defer { ds.deallocate() }
        XCTAssertEqual(sys(shim, GuestNR.semctl, UInt64(id), 0, UInt64(IPC_STAT), addr(ds)), 0)
        XCTAssertEqual(ds.load(fromByteOffset: SemidDS.guestNsems, as: UInt64.self), 3)
        XCTAssertGreaterThan(ds.load(fromByteOffset: SemidDS.guestCtime, as: Int64.self), 0)
        XCTAssertEqual(ds.load(fromByteOffset: 20, as: UInt32.self) & 0o777, 0o640, "ipc64_perm.mode")
        for i in SemidDS.guestSize..<(SemidDS.guestSize + 32) {
            XCTAssertEqual(ds.load(fromByteOffset: i, as: UInt8.self), 0xAA, "overrun at \(i)")
        }
        ds.storeBytes(of: UInt32(0o600), toByteOffset: 20, as: UInt32.self)
        XCTAssertEqual(sys(shim, GuestNR.semctl, UInt64(id), 0, UInt64(IPC_SET), addr(ds)), 0)
        XCTAssertEqual(sys(shim, GuestNR.semctl, UInt64(id), 0, UInt64(IPC_STAT), addr(ds)), 0)
        XCTAssertEqual(ds.load(fromByteOffset: 20, as: UInt32.self) & 0o777, 0o600)
    }

    func testOpenFlagTable() {
        for bit in 0..<32 {
            let f = UInt64(1) << UInt64(bit)
            XCTAssertEqual(OpenFlags.toGuest(OpenFlags.toHost(f)), f, "bit \(bit)")
        }
        XCTAssertEqual(OpenFlags.toHost(OpenFlags.guestDirect), OpenFlags.hostDirect)
        XCTAssertEqual(OpenFlags.toHost(OpenFlags.cloexec | OpenFlags.nonblock), OpenFlags.cloexec | OpenFlags.nonblock)
        XCTAssertEqual(OpenFlags.describe(0o4010000 | 1), "O_WRONLY|O_SYNC")
        XCTAssertEqual(OpenFlags.describe(0o20000000 | OpenFlags.guestDirectory | 2), "O_RDWR|O_TMPFILE")
        XCTAssertEqual(OpenFlags.describe(OpenFlags.guestDirect), "O_RDONLY|O_DIRECT")
    }
}
