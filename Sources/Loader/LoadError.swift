// Why: the CLI prints exactly one line and exits with a shell-like status, so
// every loader failure carries both, already formatted.

/// A failure to load a program: a one-line message for stderr and the exit status
/// a shell would use (127 "not found", 126 "found but cannot run").
public struct LoadError: Error, Sendable, CustomStringConvertible {
    /// Full one-line message, e.g. "compat-run: /x/y: No such file or directory".
    public let message: String
    /// 127 for a missing file, 126 for everything else.
    public let exitCode: Int32
    public var description: String { message }

    public init(message: String, exitCode: Int32) {
        self.message = message
        self.exitCode = exitCode
    }

    /// "compat-run: PATH: TEXT" with the given status (126 unless told otherwise).
    static func file(_ path: String, _ text: String, exitCode: Int32 = 126) -> LoadError {
        // Keep the message on one line even if the path has a newline in it.
        let shownPath = path.contains("\n") ? path.split(separator: "\n").joined(separator: "\\n") : path
        return LoadError(message: "compat-run: \(shownPath): \(text)", exitCode: exitCode)
    }

    static func notELF(_ path: String) -> LoadError {
        file(path, "not an ELF executable")
    }

    static func malformed(_ path: String, _ reason: String) -> LoadError {
        file(path, "malformed ELF: \(reason)")
    }
}

/// "0x..." in lowercase hex, the way readelf and the kernel print addresses.
func hex(_ value: UInt64) -> String {
    "0x" + String(value, radix: 16)
}
