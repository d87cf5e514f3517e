// Why: the in-process fuzz tests prove the validator never crashes; this one runs
// the real compat-run on mutated arm64 programs to prove the whole CLI path
// (load, report, exit status) never crashes the host either.
//
// Environment: COMPAT_RUN (executable, default <repo>/.build/debug/compat-run),
// COMPAT_RUN_FUZZ_PROCESSES (default 10,000), COMPAT_RUN_FUZZ_SEED.
import Foundation
import XCTest

final class ELFFuzzProcessTests: XCTestCase {
    private static let repoRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    private static let hostCrashMarkers = ["Fatal error", "Stack dump", "Current stack trace"]

    func testMutatedProgramsNeverCrashTheHost() throws {
        let environment = ProcessInfo.processInfo.environment
        let runner = environment["COMPAT_RUN"].flatMap { $0.isEmpty ? nil : $0 }
            ?? Self.repoRoot.appendingPathComponent(".build/debug/compat-run").path
        guard FileManager.default.isExecutableFile(atPath: runner) else {
            throw XCTSkip("compat-run not found at \(runner) (build it or set COMPAT_RUN)")
        }
        guard !runner.contains("qemu") else { throw XCTSkip("this test checks compat-run's own error contract") }
        let count = Int(environment["COMPAT_RUN_FUZZ_PROCESSES"] ?? "") ?? 10_000
        let seed = UInt64(environment["COMPAT_RUN_FUZZ_SEED"] ?? "") ?? 0x0F00_D5EE_D

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("compat-run-elf-fuzz-\(getpid())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let seeds = try fuzzSeeds(in: work)
        guard !seeds.isEmpty else { throw XCTSkip("no arm64 seed programs (busybox-arm64 or aarch64-linux-gnu-gcc)") }

        let failures = FuzzFailures(), tally = FuzzFailures()
        let next = FuzzCounter()
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            // Each worker runs its mutant as ".../wN/true" so busybox runs its harmless `true` applet.
            let directory = work.appendingPathComponent("w\(worker)")
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("true").path
            while let index = next.take(below: count) {
                var mutator = FuzzMutator(seed: seed ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
                let mutant = mutator.mutate(seeds[index % seeds.count])
                guard FileManager.default.createFile(atPath: path, contents: Data(mutant),
                                                     attributes: [.posixPermissions: 0o755]) else {
                    failures.add("mutant \(index): cannot write \(path)")
                    continue
                }
                let outcome = FuzzRun.run(runner, path, cwd: directory, timeout: 5)
                tally.add(outcome.timedOut ? "hung" : outcome.stderr.hasPrefix("compat-run: ") ? "refused" : "ran")
                if let problem = Self.judge(outcome, plausible: FuzzOracle.plausible(mutant)) {
                    failures.add("mutant \(index) (seed \(seed)): \(problem)")
                }
            }
        }
        for failure in failures.all.prefix(20) { XCTFail(failure) }
        let kinds = Dictionary(grouping: tally.all, by: { $0 }).mapValues(\.count).sorted { $0.key < $1.key }
        print("ELF process fuzz: \(count) mutants \(kinds.map { "\($0.key) \($0.value)" }.joined(separator: ", ")); "
            + "\(failures.all.count) failures")
    }

    /// nil if the outcome keeps the contract, else what went wrong.
    private static func judge(_ outcome: FuzzRun.Outcome, plausible: Bool) -> String? {
        let stderr = outcome.stderr
        if let marker = Self.hostCrashMarkers.first(where: { stderr.contains($0) }) {
            return "host crash (\(marker)): \(stderr.prefix(400))"
        }
        if outcome.timedOut {
            return plausible ? nil : "hung on a file the loader must reject"
        }
        let loaderMessage = stderr.hasPrefix("compat-run: ")
        if let status = outcome.exitStatus, status == 126 || status == 127, loaderMessage {
            let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false)
            let oneLine = lines.count == 1 || (lines.count == 2 && lines[1].isEmpty)
            return oneLine ? nil : "error is not exactly one line: \(stderr.prefix(400))"
        }
        if !plausible {
            return "a file the loader must reject gave \(outcome.exitStatus.map { "exit \($0)" } ?? "a signal"), "
                + "stderr: \(stderr.prefix(200))"
        }
        return nil  // The guest ran: any exit or signal death of the guest is fine.
    }

    /// busybox-arm64 plus, if the cross compiler exists, a tiny static and static-pie program.
    private func fuzzSeeds(in work: URL) throws -> [[UInt8]] {
        var paths: [String] = []
        let busybox = Self.repoRoot.appendingPathComponent(".deps/busybox/busybox-arm64").path
        if FileManager.default.fileExists(atPath: busybox) { paths.append(busybox) }
        let source = work.appendingPathComponent("seed.c")
        try "int main(void) { return 0; }\n".write(to: source, atomically: true, encoding: .utf8)
        for flag in ["-static", "-static-pie"] {
            let output = work.appendingPathComponent("seed\(flag)").path
            let compile = FuzzRun.run("/usr/bin/env", "aarch64-linux-gnu-gcc", "-O2", flag, source.path,
                                      "-o", output, cwd: work, timeout: 60)
            if compile.exitStatus == 0 { paths.append(output) }
        }
        return try paths.map { try [UInt8](Data(contentsOf: URL(fileURLWithPath: $0))) }
    }
}

/// Runs a process with stdout discarded, stderr captured, and a kill after `timeout`.
private enum FuzzRun {
    struct Outcome {
        var exitStatus: Int32?
        var stderr: String
        var timedOut: Bool
    }

    static func run(_ executable: String, _ arguments: String..., cwd: URL, timeout: TimeInterval) -> Outcome {
        let errorFile = cwd.appendingPathComponent("stderr-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: errorFile) }
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil),
              let errorHandle = try? FileHandle(forWritingTo: errorFile) else {
            return Outcome(exitStatus: nil, stderr: "cannot create stderr file", timedOut: false)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = cwd
        process.environment = ["PATH": "/usr/bin:/bin", "LANG": "C"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errorHandle
        guard (try? process.run()) != nil else {
            try? errorHandle.close()
            return Outcome(exitStatus: nil, stderr: "cannot launch \(executable)", timedOut: false)
        }
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        try? errorHandle.close()
        let stderr = (try? String(contentsOf: errorFile, encoding: .utf8)) ?? ""
        let exited = process.terminationReason == .exit
        return Outcome(exitStatus: exited && !timedOut ? process.terminationStatus : nil, stderr: stderr,
                       timedOut: timedOut)
    }
}

/// An independent, deliberately partial re-check of the loader's rules: a mutant
/// failing any of these must be rejected with 126 (the loader checks all of them).
private enum FuzzOracle {
    static func plausible(_ bytes: [UInt8]) -> Bool {
        func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[at + $1]) << (8 * $1) } }
        func u64(_ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * $1) } }
        guard bytes.count >= 64, bytes[0..<4] == [0x7f, 0x45, 0x4c, 0x46], bytes[4] == 2, bytes[5] == 1,
              bytes[6] == 1, u16(0x12) == 183, u16(0x10) == 2 || u16(0x10) == 3, u32(0x14) == 1,
              u16(0x36) == 56 else { return false }
        let phnum = UInt64(u16(0x38)), phoff = u64(0x20)
        let (tableEnd, overflow) = phoff.addingReportingOverflow(phnum * 56)
        guard phnum > 0, phnum <= 1170, !overflow, tableEnd <= UInt64(bytes.count) else { return false }
        var loads = 0
        for index in 0..<Int(phnum) {
            let header = Int(phoff) + 56 * index
            guard u32(header) == 1 else { continue }
            loads += 1
            let (offset, vaddr, filesz, memsz) = (u64(header + 8), u64(header + 16), u64(header + 32), u64(header + 40))
            let (fileEnd, fileOverflow) = offset.addingReportingOverflow(filesz)
            let (memoryEnd, memoryOverflow) = vaddr.addingReportingOverflow(memsz)
            guard !fileOverflow, fileEnd <= UInt64(bytes.count), filesz <= memsz,
                  !memoryOverflow, memoryEnd <= 1 << 47 else { return false }
        }
        return loads > 0
    }
}

/// Deterministic header-aware mutations (SplitMix64): field overwrites, bit flips, truncation.
private struct FuzzMutator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }

    mutating func mutate(_ original: [UInt8]) -> [UInt8] {
        var bytes = original
        let phoff = Int(truncatingIfNeeded: (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[0x20 + $1]) << (8 * $1) })
        let phnum = Int(bytes[0x38]) | Int(bytes[0x39]) << 8
        let headerEnd = min(bytes.count, max(64, phoff + 56 * phnum))
        let headerFields = [(0x04, 1), (0x05, 1), (0x10, 2), (0x12, 2), (0x18, 8), (0x20, 8), (0x36, 2), (0x38, 2)]
        let phdrFields = [(0, 4), (4, 4), (8, 8), (16, 8), (32, 8), (40, 8), (48, 8)]
        var length = bytes.count  // Truncation is applied last so the other mutations stay in bounds.
        for _ in 0..<(1 + below(3)) {
            switch below(10) {
            case 0..<3:
                for _ in 0..<(1 + below(6)) {
                    let offset = below(below(5) == 0 ? bytes.count : headerEnd)
                    bytes[offset] ^= UInt8(1 << below(8))
                }
            case 3..<5:
                let (offset, size) = headerFields[below(headerFields.count)]
                put(&bytes, at: offset, size: size)
            case 5..<9:
                let (field, size) = phdrFields[below(phdrFields.count)]
                let offset = phoff + 56 * below(max(phnum, 1)) + field
                if offset >= 0, offset + size <= bytes.count { put(&bytes, at: offset, size: size) }
            default:
                length = min(length, below(below(2) == 0 ? headerEnd + 64 : bytes.count))
            }
        }
        return Array(bytes.prefix(length))
    }

    private mutating func put(_ bytes: inout [UInt8], at offset: Int, size: Int) {
        let old = (0..<size).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
        let file = UInt64(bytes.count)
        let candidates: [UInt64] = [0, 1, 56, 0xfff, 0x1000, 0x10000, file, file &+ 1, 1 << 47, UInt64.max,
                                    old &+ 0x1000, old &- 0x1000, old ^ (1 << UInt64(below(64))), next()]
        let value = candidates[below(candidates.count)]
        for index in 0..<size { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
    }
}

/// Thread-safe string list (failures, outcome tally) and work counter for the two workers.
private final class FuzzFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}

private final class FuzzCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func take(below limit: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}
