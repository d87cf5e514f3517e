// `compat-run selftest`: the translator's differential self-test as a command (issue 19).
import ArgumentParser
import Glibc
import QemuFixtureData

struct SelfTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compat-run selftest",
        abstract: "Check the translator instruction by instruction against known answers or a reference.",
        discussion: """
            Without --reference, runs cases of the checked-in qemu-computed fixtures through the \
            translator and compares every register, flag and memory byte. With --reference \
            (e.g. qemu-aarch64), runs the fixtures' instruction encodings on fresh edge-case and \
            seeded random inputs under both, in one generated arm64 program per batch for the \
            reference. Each difference is one DIFF line: encoding, disassembly, inputs, both \
            results. Exit status 0 when there is none, 1 otherwise.
            """)

    @Option(help: ArgumentHelp("Compare with this runner (e.g. qemu-aarch64) on generated inputs.", valueName: "CMD"))
    var reference: String?

    @Option(help: "Number of cases (default: every fixture case; with --reference 2000).")
    var count: Int?

    @Option(help: "Seed for choosing cases and generating inputs.")
    var seed: UInt64 = 1

    @Option(name: .customLong("class"), help: ArgumentHelp("Instruction class: int, mem, fp or all.", valueName: "CLASS"))
    var instructionClass: String = "all"

    @Option(help: "Print at most this many DIFF lines.")
    var maxReports: Int = 50

    mutating func run() throws {
        let classes: Set<SelfTestClass>
        if instructionClass == "all" { classes = Set(SelfTestClass.allCases) }
        else if let c = SelfTestClass(rawValue: instructionClass) { classes = [c] }
        else { throw ValidationError("--class must be int, mem, fp or all, not '\(instructionClass)'") }
        if let n = count, n < 1 { throw ValidationError("--count must be positive") }
        let start = ChildProcess.now()
        var rng = SplitMix64(seed: seed)
        let fixtures = SelfTestFixtures.load(classes)

        var cases: [FixtureCase], expected: [FixtureResult], referenceName: String
        if let ref = reference {
            let words = try shellWords(ref)
            referenceName = lastPathComponent(words[0])
            let pool = fixtures.filter(SelfTestReference.supports)
            if pool.isEmpty {
                printErr("compat-run selftest: no \(instructionClass) cases run against a reference")
                throw ExitCode(2)
            }
            cases = SelfTestReference.generate(from: pool, count: count ?? 2000, rng: &rng)
            do { expected = try SelfTestReference.run(cases, reference: words) } catch {
                printErr("compat-run selftest: \(error)")
                throw ExitCode(2)
            }
        } else {
            referenceName = "qemu (fixture)"
            cases = Self.sample(fixtures, count: count, rng: &rng)
            expected = cases.map(FixtureResult.init(expected:))
        }
        var got = FixtureRunner.runThroughJIT(cases)
        // Test hook: corrupt one result to check that differences are reported.
        if let v = getenv("COMPAT_RUN_SELFTEST_CORRUPT"), let k = Int(String(decoding: UnsafeRawBufferPointer(start: v, count: strlen(v)), as: UTF8.self)),
           got.indices.contains(k) {
            let l = cases[k].layout
            got[k].outputs[l.x(0)] ^= 1
        }
        var differences = 0
        for i in cases.indices {
            guard let line = SelfTestReport.reproducer(cases[i], got: got[i], want: expected[i], referenceName: referenceName) else { continue }
            differences += 1
            if differences <= maxReports { print(line) }
        }
        if differences > maxReports { print("… \(differences - maxReports) more differences") }
        var perClass: [String] = []
        for c in SelfTestClass.allCases {
            let n = cases.filter { $0.selfTestClass == c }.count
            if n > 0 { perClass.append("\(c.rawValue) \(n)") }
        }
        let against = reference.map { "against \($0) (seed \(seed))" } ?? "against the checked-in qemu fixtures"
        print("selftest: \(cases.count) cases (\(perClass.joined(separator: ", "))) \(against): "
              + "\(differences) difference\(differences == 1 ? "" : "s") (\(formatSeconds(ChildProcess.now() - start)))")
        fflush(nil)
        if differences > 0 { throw ExitCode(1) }
    }

    /// `count` fixture cases chosen by the seed (all of them, in order, without a count).
    static func sample(_ all: [FixtureCase], count: Int?, rng: inout SplitMix64) -> [FixtureCase] {
        guard let n = count, n < all.count else { return all }
        var idx = Array(all.indices)
        for i in 0..<n {
            let j = i + Int(rng.next() % UInt64(idx.count - i))
            idx.swapAt(i, j)
        }
        return idx[0..<n].sorted().map { all[$0] }
    }
}

private func lastPathComponent(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}

