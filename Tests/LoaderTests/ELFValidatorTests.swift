// Why: each rejection rule of the validator gets a file that breaks exactly
// that rule, and good toolchain output must still pass.
import Foundation
import Loader
import XCTest

final class ELFValidatorTests: XCTestCase {
    private let path = "/tmp/prog"

    private func validate(_ data: Data) throws -> ValidatedELF {
        try data.withUnsafeBytes { try ELFValidator.validate(bytes: $0, path: path) }
    }

    /// Asserts rejection with status 126 and the given message (exact, or prefix if `prefix`).
    private func assertRejects(_ data: Data, _ expected: String, prefix: Bool = false,
                               file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try validate(data)
            XCTFail("accepted; expected \(expected)", file: file, line: line)
        } catch let error as LoadError {
            XCTAssertEqual(error.exitCode, 126, file: file, line: line)
            if prefix {
                XCTAssertTrue(error.message.hasPrefix(expected), "got \(error.message)", file: file, line: line)
            } else {
                XCTAssertEqual(error.message, expected, file: file, line: line)
            }
        } catch {
            XCTFail("unexpected error type \(error)", file: file, line: line)
        }
    }

    private func malformed(_ reason: String) -> String { "compat-run: \(path): malformed ELF: \(reason)" }

    private func staticData() throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: TestPrograms.require().staticExec))
    }

    // MARK: Good files

    func testStaticExecutable() throws {
        let data = try staticData()
        let elf = try validate(data)
        XCTAssertEqual(elf.kind, .executable)
        XCTAssertEqual(elf.entry, data.get(UInt64.self, at: 0x18))
        XCTAssertNil(elf.interpreterPath)
        XCTAssertEqual(elf.segments.count, data.phdrs(ofType: 1).count)
        XCTAssertEqual(elf.segments.first?.vaddr, 0x400000)
        XCTAssertEqual(elf.programHeaderAddress, 0x400040)  // No PT_PHDR: the PT_LOAD at offset 0 holds it.
        XCTAssertEqual(elf.programHeaderEntrySize, 56)
        XCTAssertEqual(elf.programHeaderCount, UInt64(data.phnum))
        XCTAssertEqual(elf.imageStart, 0x400000)
        XCTAssertEqual(elf.maxAlign, 0x10000)
        XCTAssertTrue(elf.segments.first?.executable ?? false)
    }

    func testStaticPIE() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestPrograms.require().staticPIE))
        let elf = try validate(data)
        XCTAssertEqual(elf.kind, .positionIndependent)
        XCTAssertEqual(elf.imageStart, 0)
        XCTAssertNil(elf.interpreterPath)
    }

    func testDynamicRecordsInterpreter() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestPrograms.require().dynamic))
        let elf = try validate(data)
        XCTAssertEqual(elf.interpreterPath, "/lib/ld-linux-aarch64.so.1")
        let phdrSegment = try XCTUnwrap(data.phdrs(ofType: 6).first)
        XCTAssertEqual(elf.programHeaderAddress, data.get(UInt64.self, at: data.phdr(phdrSegment) + 16))
    }

    func testBusybox() throws {
        guard let busybox = TestPrograms.busybox else { throw XCTSkip("no busybox-arm64") }
        let elf = try validate(Data(contentsOf: URL(fileURLWithPath: busybox)))
        XCTAssertEqual(elf.kind, .executable)
    }

    // MARK: Not ELF / other machines

    func testNotELF() {
        let notELF = "compat-run: \(path): not an ELF executable"
        assertRejects(Data(), notELF)
        assertRejects(Data("#!/bin/sh\necho hi\n".utf8), notELF)
        assertRejects(Data([0x7f, 0x45, 0x4c]), notELF)
        assertRejects(Data([0x7f, 0x45, 0x4c, 0x46, 2]), malformed("file is truncated inside the ELF identification (5 bytes)"))
    }

    func testHostProgramIsNamed() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: "/bin/true"))
        assertRejects(data, "compat-run: \(path): is an x86-64 ELF program; compat-run runs arm64 (AArch64) programs")
    }

    func testOtherMachinesAndClasses() throws {
        var data = try staticData()
        data.put(UInt16(243), at: 0x12)
        assertRejects(data, "compat-run: \(path): is a riscv ELF program; compat-run runs arm64 (AArch64) programs")
        data.put(UInt16(3), at: 0x12)
        assertRejects(data, "compat-run: \(path): is an i386 ELF program; compat-run runs arm64 (AArch64) programs")
        data.put(UInt16(0x1234), at: 0x12)
        assertRejects(data, "compat-run: \(path): is an ELF program for machine type 4660; "
            + "compat-run runs arm64 (AArch64) programs")
        data[4] = 1  // ELFCLASS32
        data.put(UInt16(40), at: 0x12)
        assertRejects(data, "compat-run: \(path): is a 32-bit arm ELF program; compat-run runs arm64 (AArch64) programs")
        data[4] = 2
        data[5] = 2  // Big-endian.
        assertRejects(data, "compat-run: \(path): is a big-endian", prefix: true)
        data[5] = 1
        data[4] = 7
        assertRejects(data, malformed("unknown ELF class 7 in e_ident"))
    }

    func testNonExecutableTypes() throws {
        var data = try staticData()
        data.put(UInt16(1), at: 0x10)
        assertRejects(data, "compat-run: \(path): not an executable (it is an ELF relocatable object file)")
        data.put(UInt16(4), at: 0x10)
        assertRejects(data, "compat-run: \(path): not an executable (it is an ELF core dump)")
        data.put(UInt16(9), at: 0x10)
        assertRejects(data, malformed("unknown ELF file type 9"))
    }

    // MARK: Header and program header table

    func testTruncated() throws {
        let data = try staticData()
        assertRejects(data.prefix(40), malformed("file is truncated inside the ELF header (40 of 64 bytes)"))
        assertRejects(data.prefix(100), malformed("program header table"), prefix: true)
        assertRejects(data.prefix(4096), malformed("PT_LOAD (program header 0): file range"), prefix: true)
    }

    func testProgramHeaderTable() throws {
        var data = try staticData()
        data.put(UInt64(data.count - 8), at: 0x20)
        assertRejects(data, malformed("program header table"), prefix: true)
        data.put(UInt64.max - 8, at: 0x20)
        assertRejects(data, malformed("program header table"), prefix: true)
        data = try staticData()
        data.put(UInt16(32), at: 0x36)
        assertRejects(data, malformed("program header entry size is 32, expected 56"))
        data = try staticData()
        data.put(UInt16(0), at: 0x38)
        assertRejects(data, malformed("no program headers"))
        data.put(UInt16(0xffff), at: 0x38)
        assertRejects(data, malformed("too many program headers (65535)"))
    }

    // MARK: PT_LOAD rules

    private func firstLoads() throws -> (Data, Int, Int) {
        let data = try staticData()
        let loads = data.phdrs(ofType: 1)
        return (data, data.phdr(loads[0]), data.phdr(loads[1]))
    }

    func testOverlappingSegments() throws {
        var (data, first, second) = try firstLoads()
        let align = data.get(UInt64.self, at: second + 48)
        let offset = data.get(UInt64.self, at: second + 8)
        let vaddr = data.get(UInt64.self, at: first + 16) + offset % align + align
        data.put(vaddr, at: second + 16)
        assertRejects(data, malformed("PT_LOAD segments 0x400000-"), prefix: true)
    }

    func testSegmentFields() throws {
        var (data, _, second) = try firstLoads()
        let good = data
        data.put(data.get(UInt64.self, at: second + 40) + 1, at: second + 32)  // filesz > memsz
        assertRejects(data, malformed("PT_LOAD (program header"), prefix: true)
        data = good
        data.put(UInt64(0x3000), at: second + 48)
        assertRejects(data, malformed("PT_LOAD (program header 1): alignment 0x3000 is not a power of two"))
        data = good
        data.put(data.get(UInt64.self, at: second + 16) + 0x1000, at: second + 16)
        assertRejects(data, malformed("PT_LOAD (program header 1): address"), prefix: true)
        data = good
        data.put(UInt64.max - 0xffff + data.get(UInt64.self, at: second + 8) % 0x10000, at: second + 16)
        assertRejects(data, malformed("PT_LOAD (program header 1): memory range"), prefix: true)
        data = good
        data.put((UInt64(1) << 47) + data.get(UInt64.self, at: second + 8) % 0x10000, at: second + 16)
        assertRejects(data, malformed("PT_LOAD (program header 1): memory range"), prefix: true)
        data = good
        data.put(UInt64(data.count), at: second + 8)
        data.put(UInt64(0), at: second + 48)
        assertRejects(data, malformed("PT_LOAD (program header 1): file range"), prefix: true)
    }

    func testEntryPoint() throws {
        var (data, _, second) = try firstLoads()
        data.put(UInt64(0x100000), at: 0x18)
        assertRejects(data, malformed("entry point 0x100000 is outside every loadable segment"))
        let dataAddress = data.get(UInt64.self, at: second + 16)
        data.put(dataAddress, at: 0x18)
        assertRejects(data, malformed("entry point \("0x" + String(dataAddress, radix: 16)) is in a non-executable segment"))
    }

    func testNoLoadSegments() throws {
        var data = try staticData()
        for index in data.phdrs(ofType: 1) { data.put(UInt32(0), at: data.phdr(index)) }
        assertRejects(data, malformed("no loadable (PT_LOAD) segments"))
    }

    func testBadInterpreter() throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: TestPrograms.require().dynamic))
        let interp = data.phdr(try XCTUnwrap(data.phdrs(ofType: 3).first))
        let end = Int(data.get(UInt64.self, at: interp + 8) + data.get(UInt64.self, at: interp + 32))
        data[end - 1] = 0x41
        assertRejects(data, malformed("PT_INTERP (program header 1): path is not NUL-terminated"))
    }
}
