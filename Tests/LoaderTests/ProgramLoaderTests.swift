// Why: loading maps real memory in this (PIE) test process at the guest's own
// addresses; these tests check the bytes, the initial stack words and that
// unload leaves nothing behind.
import Foundation
import Loader
import XCTest

final class ProgramLoaderTests: XCTestCase {
    private let options = LoadOptions(argv: ["prog", "a", "bc"], envp: ["A=1", "B=two"],
                                      hwcap: 0x1234, hwcap2: 0x5678)

    private func loadError(_ path: String, options: LoadOptions? = nil) -> LoadError? {
        do {
            let program = try ProgramLoader.load(path: path, options: options ?? self.options)
            ProgramLoader.unload(program)
            return nil
        } catch {
            return error
        }
    }

    // MARK: File errors

    func testFileErrors() throws {
        let missing = "/nonexistent/compat-run-test"
        XCTAssertEqual(loadError(missing)?.message, "compat-run: \(missing): No such file or directory")
        XCTAssertEqual(loadError(missing)?.exitCode, 127)
        XCTAssertEqual(loadError("/tmp")?.message, "compat-run: /tmp: Is a directory")
        XCTAssertEqual(loadError("/tmp")?.exitCode, 126)
        XCTAssertEqual(loadError("/etc/hostname/x")?.message, "compat-run: /etc/hostname/x: Not a directory")

        let directory = NSTemporaryDirectory() + "compat-run-loader-errors-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let empty = directory + "/empty", text = directory + "/text", fifo = directory + "/fifo"
        XCTAssertTrue(FileManager.default.createFile(atPath: empty, contents: Data(), attributes: [.posixPermissions: 0o755]))
        XCTAssertTrue(FileManager.default.createFile(atPath: text, contents: Data("hello\n".utf8), attributes: [.posixPermissions: 0o755]))
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        XCTAssertEqual(loadError(empty)?.message, "compat-run: \(empty): not an ELF executable")
        XCTAssertEqual(loadError(text)?.message, "compat-run: \(text): not an ELF executable")
        XCTAssertEqual(loadError(text)?.exitCode, 126)
        XCTAssertEqual(loadError(fifo)?.message, "compat-run: \(fifo): Permission denied")
    }

    func testUnreadableFile() throws {
        guard getuid() != 0 else { throw XCTSkip("root can read any file") }
        let path = NSTemporaryDirectory() + "compat-run-unreadable-\(getpid())"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("x".utf8), attributes: [.posixPermissions: 0]))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(loadError(path)?.message, "compat-run: \(path): Permission denied")
        XCTAssertEqual(loadError(path)?.exitCode, 126)
    }

    /// Like execve: a readable program without execute permission is refused (EACCES), even
    /// a valid ELF, and nothing of it is read.
    func testProgramWithoutExecutePermission() throws {
        let path = NSTemporaryDirectory() + "compat-run-noexec-\(getpid())"
        let elf = try Data(contentsOf: URL(fileURLWithPath: TestPrograms.require().dynamic))
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: elf, attributes: [.posixPermissions: 0o644]))
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(loadError(path)?.message, "compat-run: \(path): Permission denied")
        XCTAssertEqual(loadError(path)?.exitCode, 126)
    }

    func testDynamicProgramWithoutInterpreter() throws {
        let path = try TestPrograms.require().dynamic
        guard access("/lib/ld-linux-aarch64.so.1", F_OK) != 0 else { throw XCTSkip("the host has an arm64 ld.so") }
        var options = self.options
        options.sysroot = "/nonexistent-sysroot"
        let expected = "compat-run: \(path): interpreter /lib/ld-linux-aarch64.so.1 not found (use -L SYSROOT or QEMU_LD_PREFIX)"
        XCTAssertEqual(loadError(path, options: options)?.message, expected)
        XCTAssertEqual(loadError(path, options: options)?.exitCode, 127)
        options.sysroot = nil
        XCTAssertEqual(loadError(path, options: options)?.message, expected)
    }

    /// A sysroot whose lib/ld-linux-aarch64.so.1 is whatever `make` puts there.
    private func interpreterError(_ make: (String) throws -> Void) throws -> LoadError? {
        let root = NSTemporaryDirectory() + "compat-run-sysroot-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: root + "/lib", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try make(root + "/lib/ld-linux-aarch64.so.1")
        chmod(root + "/lib/ld-linux-aarch64.so.1", 0o755)   // the kernel needs exec permission on it too
        var options = self.options
        options.sysroot = root
        return loadError(try TestPrograms.require().dynamic, options: options)
    }

    func testBadInterpreters() throws {
        let path = try TestPrograms.require().dynamic
        let prefix = "compat-run: \(path): interpreter /lib/ld-linux-aarch64.so.1"
        let text = try interpreterError { try "not elf".write(toFile: $0, atomically: true, encoding: .utf8) }
        XCTAssertEqual(text?.message, prefix + ": not an ELF executable")
        XCTAssertEqual(text?.exitCode, 126)
        let directory = try interpreterError { try FileManager.default.createDirectory(atPath: $0, withIntermediateDirectories: false) }
        XCTAssertEqual(directory?.message, prefix + ": Is a directory")
        XCTAssertEqual(directory?.exitCode, 126)
        let dynamic = try interpreterError { try FileManager.default.copyItem(atPath: path, toPath: $0) }
        XCTAssertEqual(dynamic?.message, prefix + ": the interpreter itself asks for an interpreter")
        XCTAssertEqual(dynamic?.exitCode, 126)
        let truncated = try interpreterError {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: TestPrograms.require().staticPIE))
            try bytes.prefix(100).write(to: URL(fileURLWithPath: $0))
        }
        XCTAssertEqual(truncated?.exitCode, 126)
        XCTAssertTrue(truncated?.message.hasPrefix(prefix + ": malformed ELF: ") == true, truncated?.message ?? "loaded")
    }

    func testDynamicProgramStartsInTheInterpreter() throws {
        let path = try TestPrograms.require().dynamic
        let sysroot = "/usr/aarch64-linux-gnu"
        let ldso = sysroot + "/lib/ld-linux-aarch64.so.1"
        guard FileManager.default.fileExists(atPath: ldso) else { throw XCTSkip("no \(ldso)") }
        var options = self.options
        options.sysroot = sysroot + "/"
        let program = try ProgramLoader.load(path: path, options: options)
        defer { ProgramLoader.unload(program) }
        XCTAssertTrue(program.isDynamic)
        XCTAssertEqual(program.interpreterPath, ldso)
        XCTAssertEqual(ProgramLoader.interpreterHostPath("/lib/ld-linux-aarch64.so.1", sysroot: sysroot), ldso)
        XCTAssertEqual(ProgramLoader.interpreterHostPath("/lib/ld-linux-aarch64.so.1", sysroot: "/nonexistent"),
                       "/lib/ld-linux-aarch64.so.1")

        func elf(_ file: String) throws -> ValidatedELF {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            return try data.withUnsafeBytes { bytes in try ELFValidator.validate(bytes: bytes, path: file) }
        }
        let programELF = try elf(path), interpreterELF = try elf(ldso)
        XCTAssertEqual(programELF.kind, .positionIndependent)
        XCTAssertNotEqual(program.loadBias, 0)
        XCTAssertNotEqual(program.interpreterBase, 0)
        XCTAssertEqual(program.interpreterBase % 4096, 0)
        XCTAssertEqual(program.entry, program.interpreterBase + interpreterELF.entry, "pc starts in ld.so")
        XCTAssertEqual(program.programEntry, program.loadBias + programELF.entry)
        let aux = Dictionary(program.auxv.map { ($0.type, $0.value) }, uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(aux[7], program.interpreterBase, "AT_BASE")
        XCTAssertEqual(aux[9], program.programEntry, "AT_ENTRY")
        XCTAssertEqual(aux[3], program.phdrAddress, "AT_PHDR")
        XCTAssertEqual(aux[5], programELF.programHeaderCount, "AT_PHNUM is the program's")
        XCTAssertEqual(program.phdrAddress, program.loadBias + (programELF.programHeaderAddress ?? 0))
        // The break follows the program image, not the interpreter.
        XCTAssertGreaterThanOrEqual(program.brkStart, program.loadBias + programELF.imageEnd)
        XCTAssertLessThan(program.brkStart, program.loadBias + programELF.imageEnd + (1 << 30))
        XCTAssertGreaterThan(program.brkLimit, program.brkStart)
        // Both images are mapped: ld.so's ELF header is at its base, the program's at its bias.
        let interpreterHeader = try XCTUnwrap(UnsafeRawPointer(bitPattern: UInt(program.interpreterBase)))
        XCTAssertEqual(interpreterHeader.load(as: UInt32.self), 0x464C_457F)
        let programHeader = try XCTUnwrap(UnsafeRawPointer(bitPattern: UInt(program.loadBias)))
        XCTAssertEqual(programHeader.load(as: UInt32.self), 0x464C_457F)
        let interpreterSegments = program.segments.filter { $0.start >= program.interpreterBase
            && $0.end <= program.interpreterBase + interpreterELF.imageEnd }
        XCTAssertEqual(interpreterSegments.count, interpreterELF.segments.count)
    }

    func testSysrootLookup() throws {
        XCTAssertNil(Sysroot(nil))
        XCTAssertNil(Sysroot(""))
        XCTAssertNil(Sysroot("/"))
        XCTAssertNil(Sysroot("//"))
        XCTAssertEqual(Sysroot("/usr/aarch64-linux-gnu//")?.root, "/usr/aarch64-linux-gnu")
        XCTAssertTrue(Sysroot("relative/root")?.root.hasPrefix("/") == true)
        XCTAssertTrue(Sysroot("relative/root")?.root.hasSuffix("/relative/root") == true)

        let root = NSTemporaryDirectory() + "compat-run-sysroot-lookup-\(getpid())"
        for dir in ["/lib", "/proc/self", "/etc"] {
            try FileManager.default.createDirectory(atPath: root + dir, withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "x".write(toFile: root + "/lib/libc.so.6", atomically: true, encoding: .utf8)
        try "x".write(toFile: root + "/proc/self/maps", atomically: true, encoding: .utf8)
        let sysroot = try XCTUnwrap(Sysroot(root))
        XCTAssertEqual(sysroot.hostPath(for: "/lib/libc.so.6"), root + "/lib/libc.so.6")
        XCTAssertEqual(sysroot.hostPath(for: "/lib"), root + "/lib")
        XCTAssertNil(sysroot.hostPath(for: "/lib/libm.so.6"), "missing there: the host's path")
        XCTAssertNil(sysroot.hostPath(for: "lib/libc.so.6"), "relative paths are never redirected")
        XCTAssertNil(sysroot.hostPath(for: "/"))
        XCTAssertNil(sysroot.hostPath(for: "/proc/self/maps"), "pseudo file systems stay the host's")
        XCTAssertEqual(sysroot.resolve("/etc"), root + "/etc")
        XCTAssertEqual(sysroot.resolve("/nonexistent"), "/nonexistent")
    }

    func testArgumentListTooLong() throws {
        var small = options
        small.stackSize = 64 << 10
        small.envp = [String(repeating: "x", count: 32 << 10)]
        XCTAssertEqual(loadError(try TestPrograms.require().staticExec, options: small)?.exitCode, 126)
    }

    // MARK: Mapping

    func testStaticExecutableMappingAndStack() throws {
        let path = try TestPrograms.require().staticExec
        let file = try Data(contentsOf: URL(fileURLWithPath: path))
        let program = try ProgramLoader.load(path: path, options: options)
        defer { ProgramLoader.unload(program) }

        XCTAssertEqual(program.loadBias, 0)
        XCTAssertEqual(program.entry, file.get(UInt64.self, at: 0x18))
        XCTAssertEqual(program.phdrAddress, 0x400040)
        XCTAssertEqual(program.segments.first?.start, 0x400000)
        XCTAssertEqual(program.segments.first?.executable, true)
        XCTAssertEqual(program.segments.last?.writable, true)
        // File bytes at their link addresses, bss zeroed.
        for index in file.phdrs(ofType: 1) {
            let header = file.phdr(index)
            let (offset, vaddr) = (Int(file.get(UInt64.self, at: header + 8)), file.get(UInt64.self, at: header + 16))
            let (filesz, memsz) = (Int(file.get(UInt64.self, at: header + 32)), Int(file.get(UInt64.self, at: header + 40)))
            let memory = UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: UInt(vaddr)), count: memsz)
            XCTAssertEqual(Data(memory.prefix(filesz)), file[offset..<(offset + filesz)])
            XCTAssertTrue(memory.dropFirst(filesz).allSatisfy { $0 == 0 })
        }
        let imageEnd = try XCTUnwrap(program.segments.map(\.end).max())
        XCTAssertGreaterThanOrEqual(program.brkStart, imageEnd)
        XCTAssertLessThan(program.brkStart, imageEnd + (1 << 20))
        XCTAssertEqual(program.brkStart % 4096, 0)
        XCTAssertEqual(program.brkLimit - program.brkStart, 1 << 30)
        XCTAssertTrue(mapsLine(containing: program.segments[0].start)?.contains(" r-xp ") ?? false)
        for segment in program.segments {
            XCTAssertTrue(mapsLine(containing: segment.start)?.hasSuffix("/" + URL(fileURLWithPath: path).lastPathComponent) ?? false,
                          "the segment at \(segment.start) is mapped from the file, not copied")
        }

        try checkStack(program, path: path, file: file)

        // A second load of the same ET_EXEC must refuse to replace the first.
        XCTAssertEqual(loadError(path)?.message, "compat-run: \(path): segment at 0x400000 overlaps compat-run's own memory")
        XCTAssertEqual(loadError(path)?.exitCode, 126)
    }

    func testUnloadFreesTheAddresses() throws {
        let path = try TestPrograms.require().staticExec
        for _ in 0..<3 {
            let program = try ProgramLoader.load(path: path, options: options)
            ProgramLoader.unload(program)
        }
        XCTAssertNil(mapsLine(containing: 0x400000))
    }

    func testStaticPIE() throws {
        let path = try TestPrograms.require().staticPIE
        let file = try Data(contentsOf: URL(fileURLWithPath: path))
        let program = try ProgramLoader.load(path: path, options: options)
        defer { ProgramLoader.unload(program) }
        XCTAssertNotEqual(program.loadBias, 0)
        XCTAssertEqual(program.loadBias % 0x10000, 0)
        XCTAssertEqual(program.entry, program.loadBias + file.get(UInt64.self, at: 0x18))
        XCTAssertEqual(program.phdrAddress, program.loadBias + 0x40)
        XCTAssertEqual(program.segments.first?.start, program.loadBias)
        let magic = UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: UInt(program.loadBias)), count: 4)
        XCTAssertEqual(Array(magic), [0x7f, 0x45, 0x4c, 0x46])
        let imageEnd = try XCTUnwrap(program.segments.map(\.end).max())
        XCTAssertGreaterThanOrEqual(program.brkStart, imageEnd)
        XCTAssertGreaterThan(program.brkLimit, program.brkStart)
        try checkStack(program, path: path, file: file)
    }

    func testSegmentsTheHostCannotGive() throws {
        let path = NSTemporaryDirectory() + "compat-run-minimal-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Page 0 is below vm.mmap_min_addr (root, with CAP_SYS_RAWIO, may map it anyway).
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Self.minimalELF(vaddr: 0), attributes: [.posixPermissions: 0o755]))
        if let error = loadError(path) {
            XCTAssertEqual(error.message, "compat-run: \(path): segment at 0x0 is below the lowest address "
                + "the host allows (vm.mmap_min_addr)")
        } else {
            XCTAssertEqual(getuid(), 0, "only a privileged process may map page 0")
        }
        // The first page of this test binary's own image is taken by the host.
        let own = try XCTUnwrap(mapsLine(containing: UInt64(UInt(bitPattern: #dsohandle))))
        let ownStart = try XCTUnwrap(UInt64(own.prefix { $0 != "-" }, radix: 16))
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Self.minimalELF(vaddr: ownStart), attributes: [.posixPermissions: 0o755]))
        XCTAssertEqual(loadError(path)?.message,
                       "compat-run: \(path): segment at 0x\(String(ownStart, radix: 16)) overlaps compat-run's own memory")
        // The same file at a free address loads.
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Self.minimalELF(vaddr: 0x1000_0000), attributes: [.posixPermissions: 0o755]))
        XCTAssertNil(loadError(path))
    }

    /// A one-segment arm64 ET_EXEC: ELF header, one PT_LOAD (R+X, 8 KiB) at `vaddr`, entry after the headers.
    static func minimalELF(vaddr: UInt64) -> Data {
        var data = Data(count: 120)
        data.replaceSubrange(0..<8, with: [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])
        data.put(UInt16(2), at: 0x10)          // ET_EXEC
        data.put(UInt16(183), at: 0x12)        // EM_AARCH64
        data.put(UInt32(1), at: 0x14)
        data.put(vaddr + 120, at: 0x18)        // e_entry
        data.put(UInt64(64), at: 0x20)         // e_phoff
        data.put(UInt16(64), at: 0x34)
        data.put(UInt16(56), at: 0x36)
        data.put(UInt16(1), at: 0x38)
        data.put(UInt32(1), at: 64)            // PT_LOAD
        data.put(UInt32(5), at: 68)            // PF_R | PF_X
        data.put(UInt64(0), at: 72)            // p_offset
        data.put(vaddr, at: 80)
        data.put(UInt64(120), at: 96)          // p_filesz
        data.put(UInt64(0x2000), at: 104)      // p_memsz
        data.put(UInt64(0x1000), at: 112)      // p_align
        return data
    }

    // MARK: Helpers

    /// Reads the initial stack as the guest's _start would and checks it word by word.
    private func checkStack(_ program: LoadedProgram, path: String, file: Data) throws {
        let sp = program.stackPointer
        XCTAssertEqual(sp % 16, 0)
        XCTAssertTrue(program.stack.start < sp && sp < program.stack.end)
        func word(_ index: Int) -> UInt64 { UnsafePointer<UInt64>(bitPattern: UInt(sp))![index] }
        func string(_ address: UInt64) -> String { String(cString: UnsafePointer<CChar>(bitPattern: UInt(address))!) }

        XCTAssertEqual(word(0), 3)
        XCTAssertEqual((1...3).map { string(word($0)) }, options.argv)
        XCTAssertEqual(word(4), 0)
        XCTAssertEqual((5...6).map { string(word($0)) }, options.envp)
        XCTAssertEqual(word(7), 0)
        var auxv: [(UInt64, UInt64)] = []
        var index = 8
        repeat {
            auxv.append((word(index), word(index + 1)))
            index += 2
        } while auxv.last?.0 != 0
        XCTAssertEqual(auxv.map(\.0), [51, 16, 6, 17, 3, 4, 5, 7, 8, 9, 11, 12, 13, 14, 23, 25, 26, 31, 15, 0])
        XCTAssertEqual(program.auxv.map(\.type), auxv.map(\.0))
        XCTAssertEqual(program.auxv.map(\.value), auxv.map(\.1))
        let value = Dictionary(auxv.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        XCTAssertEqual(value[51], 5120)
        XCTAssertEqual(value[16], 0x1234)
        XCTAssertEqual(value[26], 0x5678)
        XCTAssertEqual(value[6], 4096)
        XCTAssertEqual(value[17], 100)
        XCTAssertEqual(value[3], program.phdrAddress)
        XCTAssertEqual(value[4], 56)
        XCTAssertEqual(value[5], UInt64(file.phnum))
        XCTAssertEqual(value[7], 0)
        XCTAssertEqual(value[9], program.entry)
        XCTAssertEqual(value[11], UInt64(getuid()))
        XCTAssertEqual(value[14], UInt64(getegid()))
        XCTAssertEqual(value[23], 0)
        XCTAssertEqual(string(value[15]!), "aarch64")
        XCTAssertEqual(string(value[31]!), path)
        // Linux's order above the tables: random bytes, platform, argv strings, envp strings, execfn, a NULL word.
        XCTAssertEqual(value[25]! + 16, value[15]!)
        XCTAssertLessThan(value[15]!, word(1))
        XCTAssertEqual(word(1) + 5 + 2 + 3, word(5))  // "prog\0a\0bc\0"
        XCTAssertEqual(word(6) + 6, value[31]!)       // "B=two\0"
        XCTAssertEqual(value[31]! + UInt64(path.utf8.count) + 1 + 8, program.stack.end)
        // The AT_PHDR words really are the program headers.
        let phdr = UnsafeRawPointer(bitPattern: UInt(program.phdrAddress))!
        XCTAssertEqual(Data(bytes: phdr, count: 56 * file.phnum), file[0x40..<(0x40 + 56 * file.phnum)])
    }

    /// The /proc/self/maps line whose range contains `address`.
    private func mapsLine(containing address: UInt64) -> String? {
        hostMapsLines().first { line in
            let range = line.prefix { $0 != " " }.split(separator: "-").compactMap { UInt64($0, radix: 16) }
            return range.count == 2 && range[0] <= address && address < range[1]
        }.map(String.init)
    }
}
