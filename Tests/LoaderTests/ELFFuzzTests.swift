// Why: the validator is the only thing between arbitrary bytes and mmap/memcpy;
// seeded mutants of real arm64 programs must each be accepted with sound
// invariants or rejected with a one-line 126 error — never a crash.
import Foundation
import Loader
import XCTest

final class ELFFuzzTests: XCTestCase {
    func testSeededMutantsNeverCrash() throws {
        let programs = try TestPrograms.require()
        let seeds = [programs.staticExec, programs.staticPIE, programs.dynamic] + [TestPrograms.busybox].compactMap { $0 }
        var images = try seeds.map { try [UInt8](Data(contentsOf: URL(fileURLWithPath: $0))) }
        let environment = ProcessInfo.processInfo.environment
        let iterations = Int(environment["LOADER_FUZZ_ITERATIONS"] ?? "") ?? 50_000
        var mutator = ELFMutator(seed: UInt64(environment["LOADER_FUZZ_SEED"] ?? "") ?? 0x00C0_FFEE_5EED)
        var accepted = 0
        var reasons = Set<String>()
        let path = "mutant"

        for iteration in 0..<iterations {
            let which = iteration % images.count
            images[which].withUnsafeMutableBytes { bytes in
                let length = mutator.mutate(bytes)
                let view = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[0..<length])
                do {
                    let elf = try ELFValidator.validate(bytes: view, path: path)
                    accepted += 1
                    checkInvariants(elf, fileSize: length, iteration: iteration)
                } catch let error as LoadError {
                    XCTAssertEqual(error.exitCode, 126, "iteration \(iteration): \(error.message)")
                    XCTAssertTrue(error.message.hasPrefix("compat-run: \(path): "), "iteration \(iteration)")
                    XCTAssertFalse(error.message.contains("\n"), "iteration \(iteration)")
                    reasons.insert(String(error.message.prefix { !$0.isNumber }))
                } catch {
                    XCTFail("iteration \(iteration): not a LoadError: \(error)")
                }
                mutator.restore(bytes)
            }
        }
        print("ELF fuzz: \(iterations) mutants, \(accepted) accepted, \(reasons.count) distinct rejection kinds")
        XCTAssertGreaterThan(accepted, iterations / 50, "the mutator should leave some files valid")
        XCTAssertGreaterThan(reasons.count, 20, "the mutator should reach many different checks")
    }

    /// Accepted mutants go through the real mapper too (in this process: ET_EXEC maps
    /// with MAP_FIXED_NOREPLACE, so a mutant can only fail, never clobber us).
    func testAcceptedMutantsLoadAndUnload() throws {
        let programs = try TestPrograms.require()
        var images = try [programs.staticExec, programs.staticPIE].map {
            try [UInt8](Data(contentsOf: URL(fileURLWithPath: $0)))
        }
        let path = programs.directory + "/mapped-mutant"
        let options = LoadOptions(argv: ["mutant"], envp: [], hwcap: 0, hwcap2: 0)
        var mutator = ELFMutator(seed: 0x5EED_0F_10AD)
        var loaded = 0, refused = 0, iteration = 0
        let mapsBefore = mapsLineCount()
        while loaded + refused < 1500, iteration < 100_000 {
            iteration += 1
            let which = iteration % images.count
            let mutant: [UInt8]? = images[which].withUnsafeMutableBytes { bytes in
                defer { mutator.restore(bytes) }
                let length = mutator.mutate(bytes)
                let view = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[0..<length])
                guard (try? ELFValidator.validate(bytes: view, path: path)) != nil else { return nil }
                return [UInt8](view)
            }
            guard let mutant else { continue }
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(mutant), attributes: [.posixPermissions: 0o755]))
            do {
                let program = try ProgramLoader.load(path: path, options: options)
                loaded += 1
                XCTAssertEqual(program.stackPointer % 16, 0)
                ProgramLoader.unload(program)
            } catch {
                refused += 1
                // A mutant that gained a PT_INTERP names an interpreter that is not there (127, like ENOENT).
                let missingInterpreter = error.message.contains(": interpreter ") && error.message.hasSuffix(
                    " not found (use -L SYSROOT or QEMU_LD_PREFIX)")
                XCTAssertEqual(error.exitCode, missingInterpreter ? 127 : 126, "iteration \(iteration): \(error.message)")
                XCTAssertFalse(error.message.contains("\n"), "iteration \(iteration): one line")
            }
        }
        print("ELF load fuzz: \(loaded) loaded, \(refused) refused by the mapper")
        XCTAssertGreaterThan(loaded, 100)
        XCTAssertLessThanOrEqual(mapsLineCount(), mapsBefore + 8, "unload should leave no mappings behind")
    }

    private func mapsLineCount() -> Int {
        hostMapsLines().count
    }

    /// What the mapper relies on for every accepted file.
    private func checkInvariants(_ elf: ValidatedELF, fileSize: Int, iteration: Int) {
        let context = "iteration \(iteration)"
        XCTAssertFalse(elf.segments.isEmpty, context)
        for segment in elf.segments {
            XCTAssertLessThanOrEqual(segment.fileSize, segment.memorySize, context)
            XCTAssertLessThanOrEqual(segment.fileOffset + segment.fileSize, UInt64(fileSize), context)
            XCTAssertLessThanOrEqual(segment.vaddr + segment.memorySize, 1 << 47, context)
        }
        for (lower, upper) in zip(elf.segments, elf.segments.dropFirst()) {
            XCTAssertLessThanOrEqual(lower.pageEnd, upper.pageStart, context)
        }
        XCTAssertTrue(elf.segments.contains { $0.executable && $0.vaddr <= elf.entry && elf.entry < $0.vaddr + $0.memorySize },
                      context)
        XCTAssertLessThanOrEqual(elf.imageStart, elf.imageEnd, context)
    }
}
