// One program of a corpus (`compat-run test`): what to run and what it must produce.

/// How a program ended: `0`, `42`, `signal 6` in manifests and expected/NAME.status files.
enum ExitOutcome: Equatable, CustomStringConvertible {
    case exit(Int32)
    case signal(Int32)
    case timedOut(Double)
    case launchFailed(String)

    var description: String {
        switch self {
        case .exit(let c): return "\(c)"
        case .signal(let s): return "signal \(s)"
        case .timedOut(let t): return "timed out after \(formatSeconds(t))"
        case .launchFailed(let e): return "launch failed: \(e)"
        }
    }

    /// Parses `0`, `42`, `signal 4` (surrounding white space ignored).
    init?(text: String) {
        let t = text.trimmed
        if t.hasPrefix("signal "), let n = Int32(t.dropFirst(7).trimmed) { self = .signal(n); return }
        if let n = Int32(t) { self = .exit(n); return }
        return nil
    }
}

/// Bytes a case expects on one stream.
enum StreamExpectation: Equatable {
    /// Not compared.
    case any
    case exactly([UInt8])
    /// The stream contains this text somewhere.
    case contains(String)
}

struct CorpusCase {
    /// Unique within the corpus: the binary's file name for the directory convention.
    var name: String
    /// The group it belongs to (JUnit classname): the manifest or directory it came from.
    var suite: String
    /// Absolute path of the arm64 program.
    var program: String
    var args: [String] = []
    /// Exactly the guest's environment.
    var environment: [String] = []
    /// Bytes fed to stdin (nil: /dev/null).
    var stdinPath: String?
    var stdinData: [UInt8]?
    /// compat-run options for this case (e.g. ["-L", sysroot]), before the program.
    var options: [String] = []
    var timeout: Double = 30
    var expectedStdout: StreamExpectation = .any
    var expectedStderr: StreamExpectation = .any
    var expectedStatus: ExitOutcome?
    /// Why the case cannot run as declared (a missing expected file…): reported as a failure.
    var setupError: String?
}

extension StringProtocol {
    var trimmed: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}

func formatSeconds(_ t: Double) -> String {
    let hundredths = Int((t * 100).rounded())
    let frac = hundredths % 100
    return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)s"
}
