import Foundation
import QemuFixtureData
import XCTest

/// Fixture files other than the embedded ones (gen_*.py --stress output) load with their header
/// or without, and a malformed line is a one-line error naming it, not a trap.
final class FixtureFileTests: XCTestCase {
    private func load(_ text: String, as format: FixtureFile) throws -> [FixtureCase] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-\(UUID().uuidString).txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try FixtureCases.load(path: path, as: format)
    }

    func testAStressFileLoadsLikeTheEmbeddedOne() throws {
        let lines = FixtureFile.integer.lines.prefix(3)
        let cases = try load("# a header\n" + lines.joined(separator: "\n") + "\n", as: .integer)
        XCTAssertEqual(cases.map(\.words), FixtureCases.integer.prefix(3).map(\.words))
        XCTAssertEqual(cases.map(\.outputs), FixtureCases.integer.prefix(3).map(\.outputs))
    }

    func testMalformedLinesAreErrors() throws {
        let good = String(FixtureFile.outOfLine.lines[0])
        for bad in [good.replacingOccurrences(of: "|", with: "/"),
                    good.replacingOccurrences(of: " 0 |", with: " 7 |"),
                    String(good.prefix(good.count / 2)) + " zz " + String(good.dropFirst(good.count / 2))] {
            XCTAssertThrowsError(try load(bad, as: .outOfLine)) {
                XCTAssertTrue("\($0)".hasPrefix("bad fixture line"), "\($0)")
            }
        }
        XCTAssertThrowsError(try load(good, as: .encodings))
        XCTAssertThrowsError(try FixtureCases.load(path: "/nonexistent/fixture.txt", as: .integer))
    }
}
