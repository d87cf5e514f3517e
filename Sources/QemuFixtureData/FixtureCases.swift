// The parsed cases of each data file, loaded on first use.
import Glibc

public enum FixtureCases {
    public static let outOfLine = load(.outOfLine)
    public static let floatStatus = load(.floatStatus)
    public static let simdChains = load(.simdChains)
    public static let integer = load(.integer)
    public static let atomics = load(.atomics)

    /// The cases of one embedded file.
    private static func load(_ file: FixtureFile) -> [FixtureCase] {
        // The embedded files are checked by the tests: a line that does not parse is a build defect.
        do { return try parse(file.lines, as: file) } catch { fatalError("\(file): \(error)") }
    }

    /// Cases from a file of fixture lines in `format`'s line format (large one-off runs:
    /// gen_fpstatus.py --stress, gen_atomics.py --stress).
    public static func load(path: String, as format: FixtureFile) throws -> [FixtureCase] {
        guard let text = readText(path) else { throw FixtureError(description: "\(path): cannot read") }
        return try parse(FixtureFile.caseLines(text), as: format)
    }

    static func parse(_ lines: [Substring], as file: FixtureFile) throws -> [FixtureCase] {
        switch file {
        case .outOfLine, .simdChains: try lines.map { try FixtureParser.simd($0, layout: .simd) }
        case .floatStatus: try lines.map { try FixtureParser.simd($0, layout: .simdStatus) }
        case .integer, .atomics: try lines.map(FixtureParser.integer)
        case .encodings: throw FixtureError(description: "encodings.txt holds words, not cases")
        }
    }
}

/// A whole file as text, nil when it cannot be read.
private func readText(_ path: String) -> String? {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes = [UInt8](), chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 { return nil }
        if n == 0 { return String(decoding: bytes, as: UTF8.self) }
        bytes += chunk[0..<n]
    }
}
