// The code cache's memory: both kinds give two views of the same bytes, the executable one
// named so that perf finds the map for the System V kind, and nothing left behind.
import Glibc
import XCTest
@testable import Translator

final class CodeMemoryTests: XCTestCase {
    /// The /proc/self/maps line of the mapping that starts at `p`.
    private func mapsLine(_ p: UnsafeMutableRawPointer) throws -> String {
        // read(2) to the end: a /proc file has no size, and a one-shot read may stop early.
        let fd = open("/proc/self/maps", O_RDONLY)
        defer { close(fd) }
        var bytes: [UInt8] = [], chunk = [UInt8](repeating: 0, count: 1 << 16)
        while case let n = read(fd, &chunk, chunk.count), n > 0 { bytes += chunk[..<n] }
        let text = String(decoding: bytes, as: UTF8.self)
        let start = String(UInt(bitPattern: p), radix: 16)
        return try XCTUnwrap(text.split(separator: "\n").first { $0.hasPrefix(start + "-") }.map(String.init))
    }

    private func check(_ kind: CodeMemoryKind, named name: String) throws {
        let size = 1 << 20
        let memory = CodeMemory.create(kind, capacity: size)
        XCTAssertEqual(memory.kind, kind)
        let exec = memory.map(capacity: size, executable: true)
        let write = memory.map(capacity: size, executable: false)
        memory.release()
        defer { CodeMemory.unmap(exec, capacity: size, kind: kind); CodeMemory.unmap(write, capacity: size, kind: kind) }
        write.storeBytes(of: 0xC3, toByteOffset: 4096, as: UInt8.self)
        XCTAssertEqual(exec.load(fromByteOffset: 4096, as: UInt8.self), 0xC3, "one object behind both views")
        let execLine = try mapsLine(exec), writeLine = try mapsLine(write)
        XCTAssertTrue(execLine.contains(" r-xs ") && execLine.contains(name), execLine)
        XCTAssertTrue(writeLine.contains(" rw-s "), writeLine)
        // A replacement object at the same executable address (what a move after fork does).
        let copy = CodeMemory.create(kind, capacity: size)
        _ = copy.map(capacity: size, executable: true, at: exec)
        copy.release()
        XCTAssertEqual(exec.load(fromByteOffset: 4096, as: UInt8.self), 0, "the new object is mapped there")
    }

    func testMemfdViews() throws { try check(.memfd, named: "/memfd:compat-run-code") }

    /// perf reads /tmp/perf-PID.map for executable "/SYSV..." mappings (tools/perf/util/map.c).
    func testSystemVViewsAreNamedForPerf() throws {
        let id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0o600)
        guard id >= 0 else { throw XCTSkip("no System V shared memory here") }
        shmctl(id, IPC_RMID, nil)
        try check(.systemV, named: "/SYSV")
    }
}
