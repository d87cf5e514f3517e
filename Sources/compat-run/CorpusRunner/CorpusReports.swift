// The machine-readable reports of `compat-run test`: JUnit XML and JSON.

/// What happened to one case.
struct CaseReport {
    var testCase: CorpusCase
    var passed: Bool
    /// One line each: "status: expected 0, got signal 11", "stdout differs", …
    var problems: [String]
    /// Unified diffs of the differing streams.
    var diffs: [String]
    var actual: ChildResult?
    /// The expected results, when a reference produced them.
    var reference: ChildResult?
    var expectedStatus: ExitOutcome?

    var failureText: String { (problems + diffs).joined(separator: "\n") }
}

enum CorpusReports {
    static func junit(_ reports: [CaseReport], seconds: Double) -> String {
        let failures = reports.filter { !$0.passed }.count
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        x += "<testsuites name=\"compat-run test\" tests=\"\(reports.count)\" failures=\"\(failures)\" errors=\"0\" time=\"\(secs(seconds))\">\n"
        var suites: [String] = []
        for r in reports where !suites.contains(r.testCase.suite) { suites.append(r.testCase.suite) }
        for suite in suites {
            let rs = reports.filter { $0.testCase.suite == suite }
            let time = rs.reduce(0.0) { $0 + ($1.actual?.seconds ?? 0) }
            x += "  <testsuite name=\"\(xml(suite))\" tests=\"\(rs.count)\" failures=\"\(rs.filter { !$0.passed }.count)\" errors=\"0\" skipped=\"0\" time=\"\(secs(time))\">\n"
            for r in rs {
                x += "    <testcase name=\"\(xml(r.testCase.name))\" classname=\"\(xml(suite))\" time=\"\(secs(r.actual?.seconds ?? 0))\""
                if r.passed { x += "/>\n"; continue }
                x += ">\n"
                x += "      <failure message=\"\(xml(r.problems.first ?? "failed"))\" type=\"mismatch\">\(xml(r.failureText))</failure>\n"
                if let a = r.actual {
                    x += "      <system-out>\(xml(String(decoding: clip(a.stdout), as: UTF8.self)))</system-out>\n"
                    x += "      <system-err>\(xml(String(decoding: clip(a.stderr), as: UTF8.self)))</system-err>\n"
                }
                x += "    </testcase>\n"
            }
            x += "  </testsuite>\n"
        }
        x += "</testsuites>\n"
        return x
    }

    static func json(_ reports: [CaseReport], seconds: Double, reference: [String]?) -> String {
        let passed = reports.filter(\.passed).count
        var j = "{\n  \"summary\": {\"total\": \(reports.count), \"passed\": \(passed), \"failed\": \(reports.count - passed), \"seconds\": \(secs(seconds))"
        if let ref = reference { j += ", \"reference\": \(str(ref.joined(separator: " ")))" }
        j += "},\n  \"cases\": [\n"
        j += reports.map { r -> String in
            var f = ["\"name\": \(str(r.testCase.name))", "\"suite\": \(str(r.testCase.suite))",
                     "\"program\": \(str(r.testCase.program))", "\"passed\": \(r.passed)",
                     "\"seconds\": \(secs(r.actual?.seconds ?? 0))"]
            if let s = r.expectedStatus { f.append("\"expectedStatus\": \(str(s.description))") }
            if let a = r.actual {
                f.append("\"status\": \(str(a.outcome.description))")
                f.append("\"stdout\": \(str(String(decoding: clip(a.stdout), as: UTF8.self)))")
                f.append("\"stderr\": \(str(String(decoding: clip(a.stderr), as: UTF8.self)))")
            }
            if let ref = r.reference {
                f.append("\"reference\": {\"status\": \(str(ref.outcome.description)), \"stdout\": \(str(String(decoding: clip(ref.stdout), as: UTF8.self))), \"seconds\": \(secs(ref.seconds))}")
            }
            f.append("\"problems\": [\(r.problems.map(str).joined(separator: ", "))]")
            f.append("\"diff\": \(str(r.diffs.joined(separator: "\n")))")
            return "    {" + f.joined(separator: ", ") + "}"
        }.joined(separator: ",\n")
        j += "\n  ]\n}\n"
        return j
    }

    static func secs(_ t: Double) -> String {
        let ms = Int((t * 1000).rounded())
        let frac = String(ms % 1000)
        return "\(ms / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }

    /// Output kept in reports: the first 64 KiB.
    static func clip(_ b: [UInt8]) -> [UInt8] { b.count > 65536 ? Array(b.prefix(65536)) : b }

    /// XML 1.0 text: the five entities escaped; characters XML cannot hold (most control
    /// characters) written as `\xNN`.
    static func xml(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n": out.unicodeScalars.append(u)
            case "\r": out += "&#13;"
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF {
                    out += "\\x" + (u.value < 16 ? "0" : "") + String(u.value, radix: 16)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }

    /// A JSON string literal.
    static func str(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 { out += "\\u00" + (u.value < 16 ? "0" : "") + String(u.value, radix: 16) }
                else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
