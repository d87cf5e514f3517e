// Loading a corpus: a JSON manifest (docs/corpus.md) or a directory laid out like testbins/.
import FoundationEssentials
import Glibc

struct CorpusError: Error, CustomStringConvertible { let description: String }

/// The JSON manifest, as written by users (docs/corpus.md). Paths are relative to the
/// manifest's directory.
struct CorpusManifest: Decodable {
    struct Case: Decodable {
        var name: String?
        var program: String
        var args: [String]?
        var env: [String: String]?
        var stdin: String?
        var stdinFile: String?
        var stdout: String?
        var stdoutFile: String?
        var stderr: String?
        var stderrFile: String?
        var stderrContains: String?
        var status: StatusValue?
        var timeout: Double?
        var options: [String]?
    }

    /// `0`, `42` or `"signal 6"`.
    struct StatusValue: Decodable {
        var outcome: ExitOutcome
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Int32.self) { outcome = .exit(n); return }
            let s = try c.decode(String.self)
            guard let o = ExitOutcome(text: s) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "status must be a number or \"signal N\", not \"\(s)\"")
            }
            outcome = o
        }
    }

    /// Defaults for every case.
    var timeout: Double?
    var options: [String]?
    var sysroot: String?
    var cases: [Case]?
    /// Directories (relative paths) whose programs join the corpus by the directory convention.
    var directories: [String]?
}

enum CorpusLoader {
    static let manifestName = "corpus.json"

    /// `path`: a manifest file, or a directory (its corpus.json if it has one, else the convention).
    static func load(_ path: String, defaultTimeout: Double?) throws -> [CorpusCase] {
        let abs = absolute(path)
        guard let kind = fileKind(abs) else { throw CorpusError(description: "\(path): no such file or directory") }
        if kind == .directory {
            let m = abs + "/" + manifestName
            if fileKind(m) == .file { return try loadManifest(m, defaultTimeout: defaultTimeout) }
            return try loadDirectory(abs, timeout: defaultTimeout ?? 30, suite: lastComponent(abs))
        }
        return try loadManifest(abs, defaultTimeout: defaultTimeout)
    }

    static func loadManifest(_ path: String, defaultTimeout: Double?) throws -> [CorpusCase] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CorpusError(description: "\(path): cannot read") }
        let manifest: CorpusManifest
        do { manifest = try JSONDecoder().decode(CorpusManifest.self, from: data) } catch {
            throw CorpusError(description: "\(path): \(describe(error))")
        }
        let base = directory(of: path)
        let suite = lastComponent(path)
        let timeout = defaultTimeout ?? manifest.timeout ?? 30
        var common = manifest.options ?? []
        if let s = manifest.sysroot { common = ["-L", resolve(s, in: base)] + common }
        var out: [CorpusCase] = []
        for dir in manifest.directories ?? [] {
            var cases = try loadDirectory(resolve(dir, in: base), timeout: timeout, suite: dir)
            for i in cases.indices { cases[i].options = common + cases[i].options }
            out += cases
        }
        for (i, m) in (manifest.cases ?? []).enumerated() {
            let program = resolve(m.program, in: base)
            var c = CorpusCase(name: m.name ?? lastComponent(m.program), suite: suite, program: program)
            c.args = m.args ?? []
            c.environment = (m.env ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            c.options = common + (m.options ?? [])
            c.timeout = defaultTimeout ?? m.timeout ?? timeout
            if let s = m.stdin { c.stdinData = Array(s.utf8) }
            if let f = m.stdinFile { c.stdinPath = resolve(f, in: base) }
            do {
                c.expectedStdout = try expectation(text: m.stdout, file: m.stdoutFile, contains: nil, base: base)
                c.expectedStderr = try expectation(text: m.stderr, file: m.stderrFile, contains: m.stderrContains, base: base)
            } catch let e as CorpusError { c.setupError = e.description }
            c.expectedStatus = m.status?.outcome ?? .exit(0)
            if m.program.isEmpty { c.setupError = "case \(i): empty program" }
            out.append(c)
        }
        if out.isEmpty { throw CorpusError(description: "\(path): no cases (give \"cases\" or \"directories\")") }
        return out
    }

    private static func expectation(text: String?, file: String?, contains: String?, base: String) throws -> StreamExpectation {
        if let t = text { return .exactly(Array(t.utf8)) }
        if let f = file {
            let p = resolve(f, in: base)
            guard let d = FileManager.default.contents(atPath: p) else { throw CorpusError(description: "missing \(p)") }
            return .exactly(Array(d))
        }
        if let c = contains { return .contains(c) }
        return .any
    }

    /// The directory convention (testbins/): programs in DIR/out (else DIR itself); NAME is the
    /// file name without -O0/-O2/… and -dyn; inputs in DIR/src (else DIR): NAME.args (one per
    /// line), NAME.env (K=V per line: exactly the environment), NAME.stdin, NAME.timeout
    /// (seconds); expectations in DIR/expected (else DIR): NAME.stdout, NAME.status,
    /// NAME.stderr (optional, exact).
    static func loadDirectory(_ dir: String, timeout: Double, suite: String) throws -> [CorpusCase] {
        guard fileKind(dir) == .directory else { throw CorpusError(description: "\(dir): not a directory") }
        let binDir = fileKind(dir + "/out") == .directory ? dir + "/out" : dir
        let srcDir = fileKind(dir + "/src") == .directory ? dir + "/src" : dir
        let expDir = fileKind(dir + "/expected") == .directory ? dir + "/expected" : dir
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: binDir)) ?? []).sorted()
        var out: [CorpusCase] = []
        for file in entries where !file.hasPrefix(".") {
            let path = binDir + "/" + file
            guard fileKind(path) == .file, access(path, X_OK) == 0, isELF(path) else { continue }
            let name = testName(file)
            // a file for this very binary (FILE.args) wins over the shared one (NAME.args)
            func find(_ dir: String, _ ext: String) -> String? {
                [dir + "/\(file).\(ext)", dir + "/\(name).\(ext)"].first { fileKind($0) == .file }
            }
            var c = CorpusCase(name: file, suite: suite, program: path)
            c.args = find(srcDir, "args").flatMap(lines) ?? []
            c.environment = (find(srcDir, "env").flatMap(lines) ?? []).filter { $0.contains("=") }
            c.stdinPath = find(srcDir, "stdin")
            c.timeout = timeout
            if let t = find(srcDir, "timeout").flatMap(lines)?.first, let v = Double(t.trimmed) { c.timeout = max(v, timeout) }
            if let f = find(expDir, "stdout"), let d = FileManager.default.contents(atPath: f) {
                c.expectedStdout = .exactly(Array(d))
            } else {
                c.setupError = "missing \(expDir)/\(name).stdout"
            }
            if let f = find(expDir, "stderr"), let d = FileManager.default.contents(atPath: f) { c.expectedStderr = .exactly(Array(d)) }
            if let f = find(expDir, "status"), let t = FileManager.default.contents(atPath: f) {
                c.expectedStatus = ExitOutcome(text: String(decoding: t, as: UTF8.self))
                if c.expectedStatus == nil { c.setupError = "malformed \(f)" }
            } else {
                c.expectedStatus = .exit(0)
            }
            out.append(c)
        }
        return out
    }

    /// `strings-O2` → `strings`, `threads_tls-dyn-O2` → `threads_tls`.
    static func testName(_ file: String) -> String {
        var name = file
        for suffix in ["-O0", "-O1", "-O2", "-O3", "-Os"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        for suffix in ["-dyn", "-pie", "-static"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        return name
    }

    // MARK: - files

    enum Kind { case file, directory }

    static func fileKind(_ path: String) -> Kind? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        if st.st_mode & S_IFMT == S_IFDIR { return .directory }
        return st.st_mode & S_IFMT == S_IFREG ? .file : nil
    }

    static func isELF(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var magic = [UInt8](repeating: 0, count: 4)
        return read(fd, &magic, 4) == 4 && magic == [0x7f, 0x45, 0x4c, 0x46]
    }

    /// A dynamically linked ELF64 program (it has PT_INTERP).
    static func hasInterpreter(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 64)
        guard pread(fd, &header, 64, 0) == 64, header[0..<4] == [0x7f, 0x45, 0x4c, 0x46], header[4] == 2 else { return false }
        func le(_ b: [UInt8], _ at: Int, _ n: Int) -> Int { (0..<n).reduce(0) { $0 | Int(b[at + $1]) << (8 * $1) } }
        let phoff = le(header, 0x20, 8), phentsize = le(header, 0x36, 2), phnum = le(header, 0x38, 2)
        guard phentsize >= 4, phnum < 4096 else { return false }
        var table = [UInt8](repeating: 0, count: phentsize * phnum)
        guard pread(fd, &table, table.count, off_t(phoff)) == table.count else { return false }
        return (0..<phnum).contains { le(table, $0 * phentsize, 4) == 3 }  // PT_INTERP
    }

    static func lines(_ path: String) -> [String]? {
        guard let d = FileManager.default.contents(atPath: path) else { return nil }
        var parts = String(decoding: d, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }

    static func resolve(_ path: String, in base: String) -> String { path.hasPrefix("/") ? path : base + "/" + path }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func lastComponent(_ path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p.split(separator: "/").last.map(String.init) ?? String(p)
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? DecodingError {
            switch e {
            case .dataCorrupted(let c): return path(c.codingPath) + c.debugDescription
            case .keyNotFound(let k, let c): return path(c.codingPath) + "missing \"\(k.stringValue)\""
            case .typeMismatch(_, let c), .valueNotFound(_, let c): return path(c.codingPath) + c.debugDescription
            @unknown default: return "\(e)"
            }
        }
        return "\(error)"
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.isEmpty ? "" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined() + ": "
    }
}
