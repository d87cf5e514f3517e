import QemuFixtureData
import XCTest
@testable import Translator

/// The qemu-computed known answers (Sources/QemuFixtureData) checked from XCTest: runs cases
/// with QemuFixtureData's runner and reports the first differences with XCTFail.
enum QemuFixture {
    /// Runs every case with `execute` (see `FixtureRunner.run`) and returns the number of cases
    /// that differ from their known answer; the first `report` are reported.
    static func check(_ cases: [FixtureCase], report: Int = 40, file: StaticString = #filePath, line: UInt = #line,
                      _ execute: (FixtureCase, CPUState) -> String?) -> Int {
        failures(cases, FixtureRunner.run(cases, execute), report: report, file: file, line: line)
    }

    /// `check` through the whole JIT: each case is translated as one block ending in `svc #0`.
    static func checkThroughJIT(_ cases: [FixtureCase], file: StaticString = #filePath, line: UInt = #line) -> Int {
        failures(cases, FixtureRunner.runThroughJIT(cases), report: 40, file: file, line: line)
    }

    private static func failures(_ cases: [FixtureCase], _ results: [FixtureResult], report: Int, file: StaticString,
                                 line: UInt) -> Int {
        var failures = 0
        for (c, got) in zip(cases, results) {
            let diff = FixtureRunner.differences(c, got: got, want: FixtureResult(expected: c))
            if diff.isEmpty { continue }
            failures += 1
            guard failures <= report else { continue }
            let problems = diff.map { $0.name.isEmpty ? $0.got : "\($0.name) got \($0.got) want \($0.want)" }
            XCTFail("\(c.text) (\(c.words.map { String($0, radix: 16) }.joined(separator: ","))): "
                    + "\(problems.joined(separator: ", ")); inputs \(c.inputsDescription)", file: file, line: line)
        }
        return failures
    }

    /// The cases with their words between `msr fpsr, xzr` and `mrs x9, fpsr; msr fpsr, x9`:
    /// the exception flags inline host FP leaves in MXCSR then reach FPSR the way guest code
    /// reads them (X9 is not compared).
    static func foldingHostFlags(_ cases: [FixtureCase]) -> [FixtureCase] {
        cases.map { $0.with(words: [A64Harness.msrFPSRzero] + $0.words + [A64Harness.mrsFPSR(9), A64Harness.msrFPSR(9)]) }
    }
}
