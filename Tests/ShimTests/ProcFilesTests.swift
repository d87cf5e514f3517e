import Glibc
import XCTest
@testable import SyscallShim

final class ProcFilesTests: XCTestCase {
    private func readAll(_ shim: LinuxPersonality, _ path: String) -> String? {
        let p = cString(path)
        defer { free(p) }
        let fd = sys(shim, NR.openat, AT_FDCWD, addr(p), 0, 0)
        guard fd >= 0 else { return nil }
        defer { sys(shim, NR.close, UInt64(fd)) }
        var out = [UInt8]()
        let buf = UnsafeMutableRawPointer.allocate(byteCount: 4096, alignment: 16)
        defer { buf.deallocate() }
        while true {
            let n = sys(shim, NR.read, UInt64(fd), addr(buf), 4096)
            if n <= 0 { break }
            out += UnsafeRawBufferPointer(start: buf, count: Int(n))
        }
        return String(decoding: out, as: UTF8.self)
    }

    func testCpuinfoShowsAnArm64CPUWithTheAdvertisedFeatures() throws {
        let shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions(executablePath: "/bin/prog"))
        let text = try XCTUnwrap(readAll(shim, "/proc/cpuinfo"))
        XCTAssertTrue(text.contains("Features\t: fp asimd aes pmull sha1 sha2 crc32 atomics lrcpc ilrcpc flagm flagm2 frint\n"), text)
        XCTAssertTrue(text.contains("CPU implementer\t: 0x41"))
        XCTAssertFalse(text.contains("vendor_id"))
        XCTAssertEqual(text.components(separatedBy: "processor\t:").count - 1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    func testOtherProcFilesAreTheHosts() throws {
        let shim = LinuxPersonality(brkStart: 0, brkLimit: 0, options: ShimOptions(executablePath: "/bin/prog"))
        XCTAssertTrue(try XCTUnwrap(readAll(shim, "/proc/self/status")).contains("Pid:"))
    }
}
