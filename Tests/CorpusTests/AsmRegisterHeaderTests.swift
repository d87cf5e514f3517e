import Foundation
import XCTest

/// FEX-style register tests (testbins/src/asmregs_*.S, issue 19): each file's header comment lists
/// the registers it is about (`//   x3=0x00000000ffffffff`, `//   nzcv=0x…`). The program dumps
/// x0..x28 and NZCV in the same spelling (asm_regs.inc); qemu-aarch64 wrote that dump to
/// expected/NAME.stdout, and the corpus runner compares compat-run's dump with it
/// (TestbinTests). This test keeps the header honest: every register it states must be in the
/// oracle's dump, so the expected values can be read next to the code.
final class AsmRegisterHeaderTests: XCTestCase {
    static let register = try! NSRegularExpression(pattern: "^//\\s+((?:x[0-9]{1,2}|nzcv)=0x[0-9a-f]{16})\\s*$")

    /// (name, header lines) of every asmregs_* source.
    static func registerTests() -> [(name: String, expected: [String])] {
        TestbinTests.sourceNames(ext: "S").filter { $0.hasPrefix("asmregs_") }.map { name in
            let url = TestbinTests.srcDir.appendingPathComponent(name + ".S")
            let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            let lines = text.split(separator: "\n").map(String.init).compactMap { line -> String? in
                let range = NSRange(line.startIndex..., in: line)
                guard let m = register.firstMatch(in: line, range: range), let r = Range(m.range(at: 1), in: line) else { return nil }
                return String(line[r])
            }
            return (name, lines)
        }
    }

    func testHeadersAgreeWithTheOracle() {
        let tests = Self.registerTests()
        XCTAssertGreaterThanOrEqual(tests.count, 5)
        for t in tests {
            XCTAssertGreaterThanOrEqual(t.expected.count, 4, "\(t.name).S: its header should list the registers it checks")
            let url = TestbinTests.expectedDir.appendingPathComponent(t.name + ".stdout")
            guard let dump = try? String(contentsOf: url, encoding: .utf8) else {
                XCTFail("\(t.name): no \(url.path) (scripts/build-testbins --regen-expected)"); continue
            }
            let lines = Set(dump.split(separator: "\n").map(String.init))
            XCTAssertEqual(lines.count, 30, "\(t.name): the dump has x0..x28 and nzcv")
            for e in t.expected where !lines.contains(e) {
                let reg = e.prefix { $0 != "=" }
                let got = lines.first { $0.hasPrefix(reg + "=") } ?? "nothing"
                XCTFail("\(t.name).S header says \(e), qemu-aarch64 gave \(got)")
            }
        }
    }

    /// A header that disagrees with the dump is caught (the check above can fail).
    func testAWrongHeaderLineIsDetected() {
        guard let t = Self.registerTests().first, let e = t.expected.first else { return XCTFail("no asmregs tests") }
        let dump = (try? String(contentsOf: TestbinTests.expectedDir.appendingPathComponent(t.name + ".stdout"), encoding: .utf8)) ?? ""
        let wrong = String(e.dropLast()) + (e.last == "0" ? "1" : "0")
        XCTAssertTrue(dump.contains(e + "\n") || dump.hasSuffix(e))
        XCTAssertFalse(dump.split(separator: "\n").map(String.init).contains(wrong))
    }
}
