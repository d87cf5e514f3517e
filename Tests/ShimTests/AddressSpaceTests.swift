// The guest mapping model and what it protects: compat-run's own memory is never
// mapped over, unmapped or reprotected by the guest; brk never overlaps a guest
// mapping; hints and MAP_FIXED_NOREPLACE inside the break reservation work.
import Glibc
import XCTest
@testable import SyscallShim

final class AddressSpaceTests: XCTestCase {
    func testModelSplitsProtectsAndPrints() {
        var space = GuestAddressSpace()
        space.map(GuestMapping(start: 0x10000, end: 0x20000, protection: [.read, .write]))
        space.map(GuestMapping(start: 0x30000, end: 0x34000, protection: [.read, .exec], offset: 0x1000,
                               device: 0xFE00, inode: 42, name: "/bin/prog"))
        space.unmap(0x14000, 0x18000)
        XCTAssertEqual(space.mappings.map(\.start), [0x10000, 0x18000, 0x30000])
        XCTAssertEqual(space.gaps(0x10000, 0x34000), [AddressRange(0x14000, 0x18000), AddressRange(0x20000, 0x30000)])
        space.protect(0x31000, 0x32000, [.read])
        XCTAssertEqual(space.mappings.count, 5)
        XCTAssertEqual(space.mapping(containing: 0x32000)?.offset, 0x3000, "file offset follows a split")
        space.protect(0x31000, 0x32000, [.read, .exec])
        XCTAssertEqual(space.mappings.count, 3, "equal neighbours merge back into one line")
        XCTAssertTrue(space.covers(0x30000, 0x34000))
        XCTAssertFalse(space.covers(0x1F000, 0x31000))
        let lines = space.procMaps().split(separator: "\n")
        XCTAssertEqual(lines[0], "00010000-00014000 rw-p 00000000 00:00 0 ")
        XCTAssertEqual(lines[2], "00030000-00034000 r-xp 00001000 fe:00 42" + String(repeating: " ", count: 33) + "/bin/prog")
    }

    /// A personality whose break lives in a fresh PROT_NONE reservation, as the loader leaves it.
    private func makeShim() -> (LinuxPersonality, start: UInt64, limit: UInt64) {
        let size = 1 << 20
        let base = mmap(nil, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)!
        let start = addr(base), limit = start + UInt64(size)
        addTeardownBlock { munmap(base, size) }
        return (LinuxPersonality(brkStart: start, brkLimit: limit, options: ShimOptions()), start, limit)
    }

    private let rw = UInt64(PROT_READ | PROT_WRITE)
    private let anonPrivate = UInt64(MAP_PRIVATE | MAP_ANONYMOUS)
    private let fixed = UInt64(MAP_FIXED), noReplace = UInt64(0x100000)

    /// The persistent cache may take a mapping's content hash from a record (keyed by the
    /// file's identity) only while the memory holds the file's bytes: never writable, and the
    /// file unchanged since it was mapped.
    func testCodeOriginSaysWhetherTheMemoryHoldsTheFilesBytes() throws {
        let (shim, _, _) = makeShim()
        let path = "/tmp/code-origin-\(getpid())"
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        XCTAssertGreaterThanOrEqual(fd, 0)
        defer { close(fd); unlink(path) }
        var bytes = [UInt8](repeating: 0xC3, count: 8192)
        XCTAssertEqual(write(fd, &bytes, bytes.count), 8192)
        let rx = UInt64(PROT_READ | PROT_EXEC)
        func holdsFileBytes(_ at: UInt64) -> Bool? {
            guard case .file(let o) = shim.process.codeOrigin(at: at) else { return nil }
            return o.holdsFileBytes
        }
        let code = UInt64(sys(shim, NR.mmap, 0, 8192, rx, UInt64(MAP_PRIVATE), UInt64(fd), 0))
        defer { _ = sys(shim, NR.munmap, code, 8192) }
        XCTAssertEqual(holdsFileBytes(code), true)
        let relocated = UInt64(sys(shim, NR.mmap, 0, 4096, rx, UInt64(MAP_PRIVATE), UInt64(fd), 0))
        defer { _ = sys(shim, NR.munmap, relocated, 4096) }
        XCTAssertEqual(sys(shim, NR.mprotect, relocated, 4096, rw), 0)      // text relocations
        XCTAssertEqual(sys(shim, NR.mprotect, relocated, 4096, rx), 0)
        XCTAssertEqual(holdsFileBytes(relocated), false, "was writable")
        XCTAssertEqual(holdsFileBytes(code), true)
        usleep(50_000)      // past the kernel's timestamp granularity (a jiffy), so the change shows in ctime
        XCTAssertEqual(pwrite(fd, &bytes, 1, 100), 1)                        // the file changes under the mapping
        XCTAssertEqual(holdsFileBytes(code), false, "file changed since it was mapped")
    }

    func testHostMemoryIsOutOfTheGuestsReach() {
        let (shim, _, _) = makeShim()
        // Memory compat-run owns (here: the test's own page) is not the guest's.
        let host = mmap(nil, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
        defer { munmap(host, 8192) }
        host.storeBytes(of: 0x1234_5678, as: UInt32.self)
        let h = addr(host)
        XCTAssertEqual(sys(shim, NR.mmap, h, 4096, rw, anonPrivate | fixed, UInt64(bitPattern: -1), 0), -12, "ENOMEM")
        XCTAssertEqual(sys(shim, NR.mmap, h, 4096, rw, anonPrivate | noReplace, UInt64(bitPattern: -1), 0), -17, "EEXIST")
        XCTAssertEqual(sys(shim, NR.mprotect, h, 4096, 0), -12)
        XCTAssertEqual(sys(shim, 233 /* madvise */, h, 4096, 4 /* DONTNEED */), -12)
        XCTAssertEqual(sys(shim, NR.munmap, h, 8192), 0, "as for memory the guest does not have")
        XCTAssertEqual(host.load(as: UInt32.self), 0x1234_5678, "still mapped, untouched")
        // A guest mapping next to free space: MAP_FIXED over both halves works.
        let g = UInt64(sys(shim, NR.mmap, 0, 8192, rw, anonPrivate, UInt64(bitPattern: -1), 0))
        XCTAssertEqual(sys(shim, NR.munmap, g + 4096, 4096), 0)
        XCTAssertEqual(sys(shim, NR.mmap, g, 8192, rw, anonPrivate | fixed, UInt64(bitPattern: -1), 0), Int64(g))
        XCTAssertEqual(sys(shim, NR.mprotect, g, 8192, UInt64(PROT_READ)), 0)
        XCTAssertEqual(sys(shim, NR.munmap, g, 8192), 0)
        XCTAssertEqual(sys(shim, NR.mprotect, g, 4096, UInt64(PROT_READ)), -12, "gone from the model")
    }

    func testBreakNeverOverlapsAGuestMapping() {
        let (shim, start, _) = makeShim()
        XCTAssertEqual(sys(shim, NR.brk, start + 4096), Int64(start + 4096))
        // A fixed mapping two pages above the break, with data in it.
        let m = start + 3 * 4096
        XCTAssertEqual(sys(shim, NR.mmap, m, 4096, rw, anonPrivate | fixed, UInt64(bitPattern: -1), 0), Int64(m))
        UnsafeMutablePointer<UInt8>(bitPattern: UInt(m))!.pointee = 0xA5
        XCTAssertEqual(sys(shim, NR.brk, start + 8 * 4096), Int64(start + 4096), "Linux refuses to grow over it")
        XCTAssertEqual(sys(shim, NR.brk, start + 2 * 4096), Int64(start + 2 * 4096), "up to it is fine")
        XCTAssertEqual(sys(shim, NR.brk, start), Int64(start))
        XCTAssertEqual(UnsafeMutablePointer<UInt8>(bitPattern: UInt(m))!.pointee, 0xA5, "the mapping kept its data")
        // MAP_FIXED_NOREPLACE and hints inside the reservation: free as far as the guest can see.
        let n = start + 16 * 4096
        XCTAssertEqual(sys(shim, NR.mmap, n, 4096, rw, anonPrivate | noReplace, UInt64(bitPattern: -1), 0), Int64(n))
        XCTAssertEqual(sys(shim, NR.mmap, n, 4096, rw, anonPrivate | noReplace, UInt64(bitPattern: -1), 0), -17)
        let hint = start + 32 * 4096
        XCTAssertEqual(sys(shim, NR.mmap, hint, 4096, rw, anonPrivate, UInt64(bitPattern: -1), 0), Int64(hint))
        // Unmapping inside the reservation returns the pages to it (brk can grow there later).
        XCTAssertEqual(sys(shim, NR.munmap, n, 4096), 0)
        XCTAssertEqual(sys(shim, NR.munmap, hint, 4096), 0)
        XCTAssertEqual(sys(shim, NR.munmap, m, 4096), 0)
        XCTAssertEqual(sys(shim, NR.brk, start + 40 * 4096), Int64(start + 40 * 4096))
    }

    func testHighestGapIsFirstFitTopDown() {
        var space = GuestAddressSpace()
        space.map(GuestMapping(start: 0x8000, end: 0xA000, protection: [.read]))
        space.map(GuestMapping(start: 0x5000, end: 0x7000, protection: [.read]))
        space.map(GuestMapping(start: 0xF000, end: 0x11000, protection: [.read]))   // straddles the ceiling
        XCTAssertEqual(space.highestGap(length: 0x1000, below: 0x10000, above: 0, avoiding: 0..<0), 0xE000)
        XCTAssertEqual(space.highestGap(length: 0x5000, below: 0x10000, above: 0, avoiding: 0..<0), 0xA000)
        XCTAssertEqual(space.highestGap(length: 0x2000, below: 0x10000, above: 0, avoiding: 0xB000..<0xF000), 0x3000)
        XCTAssertEqual(space.highestGap(length: 0x1000, below: 0x10000, above: 0, avoiding: 0xA000..<0xF000), 0x7000)
        XCTAssertNil(space.highestGap(length: 0x6000, below: 0x10000, above: 0x1000, avoiding: 0..<0))
    }

    func testUnhintedMmapsArePlacedDeterministicallyAroundHostMemory() {
        let (shim, _, _) = makeShim()
        let none = UInt64(bitPattern: -1)
        let a = sys(shim, NR.mmap, 0, 3 * 4096, rw, anonPrivate, none, 0)
        let b = sys(shim, NR.mmap, 0, 4096, rw, anonPrivate, none, 0)
        XCTAssertGreaterThan(a, 0)
        XCTAssertLessThanOrEqual(UInt64(a) + 3 * 4096, LinuxPersonality.placementCeiling)
        XCTAssertEqual(b, a - 4096, "first fit, top down")
        XCTAssertEqual(sys(shim, NR.munmap, UInt64(a), 3 * 4096), 0)
        XCTAssertEqual(sys(shim, NR.mmap, 0, 3 * 4096, rw, anonPrivate, none, 0), a, "the same request gets the same place")
        XCTAssertEqual(sys(shim, NR.munmap, UInt64(a), 3 * 4096), 0)
        // Host memory where the next placement would go is skipped, never replaced.
        let host = mmap(UnsafeMutableRawPointer(bitPattern: UInt(a + 4096)), 4096, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | 0x100000, -1, 0)!
        defer { munmap(host, 4096) }
        XCTAssertEqual(addr(host), UInt64(a + 4096))
        host.storeBytes(of: 0x5A5A_5A5A, as: UInt32.self)
        let c = sys(shim, NR.mmap, 0, 3 * 4096, rw, anonPrivate, none, 0)
        XCTAssertGreaterThan(c, 0)
        XCTAssertTrue(UInt64(c) + 3 * 4096 <= UInt64(a + 4096) || UInt64(c) >= UInt64(a + 8192))
        XCTAssertEqual(host.load(as: UInt32.self), 0x5A5A_5A5A)
        XCTAssertEqual(sys(shim, NR.munmap, UInt64(b), 4096), 0)
        XCTAssertEqual(sys(shim, NR.munmap, UInt64(c), 3 * 4096), 0)
    }
}
