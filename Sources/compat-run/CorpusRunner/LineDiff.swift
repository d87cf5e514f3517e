// A unified diff of two texts (expected vs actual), for failure reports.

enum LineDiff {
    enum Edit: Equatable { case same(Int, Int), delete(Int), insert(Int) }

    /// `--- label (expected)` / `+++ label (actual)` and `@@` hunks with `context` lines,
    /// at most `maxLines` lines of hunks.
    static func unified(expected: [UInt8], actual: [UInt8], label: String, context: Int = 3, maxLines: Int = 80) -> String {
        let e = split(expected), a = split(actual)
        let edits = diff(e, a)
        var out = ["--- expected \(label)", "+++ actual \(label)"]
        // group edits into hunks: changes plus `context` unchanged lines around them
        let changed = edits.indices.filter { if case .same = edits[$0] { return false }; return true }
        guard !changed.isEmpty else {
            // same lines, so the difference is a missing newline at the end
            out.append("(the texts differ only in the final newline: expected \(expected.last == 10 ? "one" : "none"), got \(actual.last == 10 ? "one" : "none"))")
            return out.joined(separator: "\n")
        }
        var hunks: [ClosedRange<Int>] = []
        for i in changed {
            let lo = max(0, i - context), hi = min(edits.count - 1, i + context)
            if let last = hunks.last, lo <= last.upperBound + 1 { hunks[hunks.count - 1] = last.lowerBound...max(hi, last.upperBound) }
            else { hunks.append(lo...hi) }
        }
        var emitted = 0
        for h in hunks {
            var eStart = 0, aStart = 0, eCount = 0, aCount = 0
            // positions: count lines of each side before the hunk
            for k in 0..<h.lowerBound {
                switch edits[k] { case .same: eStart += 1; aStart += 1; case .delete: eStart += 1; case .insert: aStart += 1 }
            }
            var body: [String] = []
            for k in h {
                switch edits[k] {
                case .same(let i, _): body.append(" " + show(e[i])); eCount += 1; aCount += 1
                case .delete(let i): body.append("-" + show(e[i])); eCount += 1
                case .insert(let j): body.append("+" + show(a[j])); aCount += 1
                }
            }
            out.append("@@ -\(eCount == 0 ? eStart : eStart + 1),\(eCount) +\(aCount == 0 ? aStart : aStart + 1),\(aCount) @@")
            for line in body {
                if emitted == maxLines { out.append("… (diff truncated)"); return out.joined(separator: "\n") }
                out.append(line); emitted += 1
            }
        }
        if !expected.isEmpty && !actual.isEmpty && (expected.last == 10) != (actual.last == 10) {
            out.append("\\ final newline: expected \(expected.last == 10 ? "one" : "none"), got \(actual.last == 10 ? "one" : "none")")
        }
        return out.joined(separator: "\n")
    }

    /// Lines without their newlines (a final newline does not start an empty line).
    static func split(_ bytes: [UInt8]) -> [String] {
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if bytes.last == 10 { lines.removeLast() }
        if bytes.isEmpty { return [] }
        return lines
    }

    /// Shortest edit script by LCS on the part between the common prefix and suffix (when that
    /// part is small enough; else everything in it is replaced).
    static func diff(_ e: [String], _ a: [String]) -> [Edit] {
        var pre = 0
        while pre < e.count && pre < a.count && e[pre] == a[pre] { pre += 1 }
        var suf = 0
        while suf < e.count - pre && suf < a.count - pre && e[e.count - 1 - suf] == a[a.count - 1 - suf] { suf += 1 }
        var edits = (0..<pre).map { Edit.same($0, $0) }
        let eMid = pre..<(e.count - suf), aMid = pre..<(a.count - suf)
        let n = eMid.count, m = aMid.count
        if n * m <= 4_000_000 {
            // lcs[i][j]: LCS length of e[eMid.lower+i...] and a[aMid.lower+j...]
            var lcs = [Int32](repeating: 0, count: (n + 1) * (m + 1))
            let w = m + 1
            if n > 0 && m > 0 {
                for i in stride(from: n - 1, through: 0, by: -1) {
                    for j in stride(from: m - 1, through: 0, by: -1) {
                        lcs[i * w + j] = e[eMid.lowerBound + i] == a[aMid.lowerBound + j]
                            ? lcs[(i + 1) * w + j + 1] + 1 : max(lcs[(i + 1) * w + j], lcs[i * w + j + 1])
                    }
                }
            }
            var i = 0, j = 0
            while i < n || j < m {
                if i < n && j < m && e[eMid.lowerBound + i] == a[aMid.lowerBound + j] {
                    edits.append(.same(eMid.lowerBound + i, aMid.lowerBound + j)); i += 1; j += 1
                } else if j < m && (i == n || lcs[i * w + j + 1] >= lcs[(i + 1) * w + j]) {
                    edits.append(.insert(aMid.lowerBound + j)); j += 1
                } else {
                    edits.append(.delete(eMid.lowerBound + i)); i += 1
                }
            }
            // conventional order inside a change: deletions before insertions
            edits = reorder(edits)
        } else {
            edits += eMid.map { .delete($0) } + aMid.map { .insert($0) }
        }
        edits += (0..<suf).map { .same(e.count - suf + $0, a.count - suf + $0) }
        return edits
    }

    private static func reorder(_ edits: [Edit]) -> [Edit] {
        var out: [Edit] = [], dels: [Edit] = [], ins: [Edit] = []
        for ed in edits {
            switch ed {
            case .same: out += dels + ins; dels = []; ins = []; out.append(ed)
            case .delete: dels.append(ed)
            case .insert: ins.append(ed)
            }
        }
        return out + dels + ins
    }

    /// Control characters escaped so invisible differences show; long lines clipped.
    static func show(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            if u.value < 0x20 && u != "\t" || u.value == 0x7f { out += "\\x" + (u.value < 16 ? "0" : "") + String(u.value, radix: 16) }
            else { out.unicodeScalars.append(u) }
            if out.count > 300 { return out + "…" }
        }
        return out
    }
}
