// Reports differences between the translator's results and the expected ones as one-line reproducers.
import QemuFixtureData

enum SelfTestReport {
    /// One line: class, encoding, disassembly, the inputs, both results (only what differs).
    static func reproducer(_ c: FixtureCase, got: FixtureResult, want: FixtureResult, referenceName: String) -> String? {
        let diff = FixtureRunner.differences(c, got: got, want: want)
        if diff.isEmpty { return nil }
        func side(_ value: KeyPath<FixtureDifference, String>) -> String {
            diff.map { $0.name.isEmpty ? $0[keyPath: value] : "\($0.name)=\($0[keyPath: value])" }.joined(separator: " ")
        }
        var line = "DIFF [\(c.selfTestClass.rawValue)] \(c.words.map { String(format8: $0) }.joined(separator: ",")) \"\(c.text)\""
        line += " | in: " + c.inputsDescription
        line += " | compat-run: " + side(\.got)
        line += " | \(referenceName): " + side(\.want)
        return line
    }
}

extension String {
    /// An instruction word as 8 hex digits.
    init(format8 w: UInt32) {
        let s = String(w, radix: 16)
        self = String(repeating: "0", count: 8 - s.count) + s
    }
}
