// `compat-run test DIR|MANIFEST…`: runs a corpus of arm64 programs under compat-run (this
// executable) and compares each with its expected results, or with a reference runner's.
import ArgumentParser
import FoundationEssentials
import Glibc

struct CorpusTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compat-run test",
        abstract: "Run a corpus of arm64 programs and compare their output and exit status with the expected ones.",
        discussion: """
            CORPUS is a JSON manifest, or a directory: its corpus.json, else the testbins layout \
            (programs in DIR/out or DIR; NAME.args/.env/.stdin/.timeout in DIR/src; NAME.stdout/.status/.stderr \
            in DIR/expected). See docs/corpus.md. Exit status: 0 when every case passed, 1 otherwise.
            """)

    @Argument(help: ArgumentHelp("Manifests (JSON) or corpus directories.", valueName: "CORPUS"))
    var corpora: [String]

    @Option(name: .customShort("L"), help: ArgumentHelp("Sysroot passed to compat-run for every case (-L).", valueName: "PATH"))
    var sysroot: String?

    @Option(help: ArgumentHelp("Produce the expected results by running each case under this command "
                               + "(e.g. 'qemu-aarch64 -L /usr/aarch64-linux-gnu') instead of reading them.", valueName: "CMD"))
    var reference: String?

    @Option(help: ArgumentHelp("Run the cases under this command instead of compat-run itself.", valueName: "CMD"))
    var runner: String?

    @Option(help: "Cases run in parallel (default: the number of CPUs).")
    var jobs: Int?

    @Option(help: ArgumentHelp("Write a JUnit XML report to FILE.", valueName: "FILE"))
    var junit: String?

    @Option(help: ArgumentHelp("Write a JSON report to FILE.", valueName: "FILE"))
    var json: String?

    @Option(help: ArgumentHelp("Run only cases whose name matches this regular expression.", valueName: "REGEX"))
    var filter: String?

    @Option(help: ArgumentHelp("Timeout per case in seconds (default: the manifest's, else 30).", valueName: "SECONDS"))
    var timeout: Double?

    @Flag(name: .shortAndLong, help: "Print only failures and the summary.")
    var quiet = false

    mutating func run() throws {
        var cases: [CorpusCase] = []
        for c in corpora {
            do { cases += try CorpusLoader.load(c, defaultTimeout: timeout) } catch {
                printErr("compat-run test: \(error)")
                throw ExitCode(2)
            }
        }
        if let f = filter {
            let regex: Regex<AnyRegexOutput>
            do { regex = try Regex(f) } catch { throw ValidationError("--filter: \(error)") }
            cases = cases.filter { $0.name.contains(regex) }
        }
        if cases.isEmpty {
            printErr("compat-run test: no cases to run")
            throw ExitCode(2)
        }
        var names = Set<String>()
        for i in cases.indices {  // names must be unique in the reports
            var n = cases[i].name, k = 2
            while names.contains(n) { n = "\(cases[i].name)#\(k)"; k += 1 }
            cases[i].name = n
            names.insert(n)
        }
        let referenceWords = try reference.map { try shellWords($0) }
        let runnerWords = try runner.map { try shellWords($0) }
        var global: [String] = []
        if let s = sysroot { global = ["-L", s] }
        else if let env = getenv("QEMU_LD_PREFIX"), env.pointee != 0 {
            // the cases' environments are exactly theirs, so compat-run would not see it: dynamic
            // programs get it as -L (as compat-run's own fallback would use it)
            let root = String(decoding: UnsafeRawBufferPointer(start: env, count: strlen(env)), as: UTF8.self)
            for i in cases.indices where CorpusLoader.hasInterpreter(cases[i].program) && !cases[i].options.contains("-L") {
                cases[i].options = ["-L", root] + cases[i].options
            }
        }
        let plan = CorpusRun(cases: cases, selfPath: Self.selfPath(), globalOptions: global,
                             runner: runnerWords, reference: referenceWords, quiet: quiet)
        let width = max(1, jobs ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let start = ChildProcess.now()
        let reports = plan.runAll(jobs: width)
        let seconds = ChildProcess.now() - start

        let failed = reports.filter { !$0.passed }
        if !failed.isEmpty {
            print("\nFailed:")
            for r in failed { print("  \(r.testCase.name)") }
        }
        print("\(reports.count - failed.count) passed, \(failed.count) failed (\(formatSeconds(seconds)))")
        if let path = junit, !ChildProcess.writeFile(path, Array(CorpusReports.junit(reports, seconds: seconds).utf8)) {
            printErr("compat-run test: cannot write \(path): \(ChildProcess.errorText())")
            throw ExitCode(2)
        }
        if let path = json, !ChildProcess.writeFile(path, Array(CorpusReports.json(reports, seconds: seconds, reference: referenceWords).utf8)) {
            printErr("compat-run test: cannot write \(path): \(ChildProcess.errorText())")
            throw ExitCode(2)
        }
        fflush(nil)
        if !failed.isEmpty { throw ExitCode(1) }
    }

    /// This executable (the cases run under it).
    static func selfPath() -> String {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        return n > 0 ? String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }
}

func printErr(_ s: String) {
    let line = s + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}

/// Splits a command line as a shell would for plain words, quotes and backslashes (no
/// expansions).
func shellWords(_ s: String) throws -> [String] {
    var words: [String] = [], cur = "", inWord = false
    var quote: Character?
    var it = s.makeIterator()
    while let c = it.next() {
        if let q = quote {
            if c == q { quote = nil }
            else if c == "\\" && q == "\"", let n = it.next() { cur.append(n) }
            else { cur.append(c) }
        } else if c == "'" || c == "\"" {
            quote = c; inWord = true
        } else if c == "\\", let n = it.next() {
            cur.append(n); inWord = true
        } else if c.isWhitespace {
            if inWord { words.append(cur); cur = ""; inWord = false }
        } else {
            cur.append(c); inWord = true
        }
    }
    if quote != nil { throw ValidationError("unterminated quote in '\(s)'") }
    if inWord { words.append(cur) }
    if words.isEmpty { throw ValidationError("empty command") }
    return words
}

/// Runs the cases on worker threads and prints each result as it arrives.
final class CorpusRun: @unchecked Sendable {
    let cases: [CorpusCase]
    let selfPath: String
    let globalOptions: [String]
    let runner: [String]?
    let reference: [String]?
    let quiet: Bool
    private var lock = pthread_mutex_t()
    private var next = 0, done = 0, failures = 0
    private var reports: [CaseReport?]
    private var lastProgress = ChildProcess.now()

    init(cases: [CorpusCase], selfPath: String, globalOptions: [String], runner: [String]?, reference: [String]?, quiet: Bool) {
        self.cases = cases; self.selfPath = selfPath; self.globalOptions = globalOptions
        self.runner = runner; self.reference = reference; self.quiet = quiet
        reports = Array(repeating: nil, count: cases.count)
        pthread_mutex_init(&lock, nil)
    }

    func runAll(jobs: Int) -> [CaseReport] {
        var threads: [pthread_t] = []
        for _ in 0..<min(jobs, cases.count) {
            var t = pthread_t()
            let arg = Unmanaged.passRetained(self).toOpaque()
            let rc = pthread_create(&t, nil, { arg in
                let run = Unmanaged<CorpusRun>.fromOpaque(arg!).takeRetainedValue()
                run.work()
                return nil
            }, arg)
            if rc == 0 { threads.append(t) } else { Unmanaged<CorpusRun>.fromOpaque(arg).release() }
        }
        if threads.isEmpty { work() }
        for t in threads { pthread_join(t, nil) }
        return reports.map { $0! }
    }

    private func work() {
        while true {
            pthread_mutex_lock(&lock)
            let i = next
            next += 1
            pthread_mutex_unlock(&lock)
            if i >= cases.count { return }
            let r = check(cases[i])
            pthread_mutex_lock(&lock)
            reports[i] = r
            done += 1
            if !r.passed { failures += 1 }
            announce(r)
            pthread_mutex_unlock(&lock)
        }
    }

    /// One line per case (failures with their problems and diffs); with --quiet, a progress
    /// line every 10 seconds instead of the passes.
    private func announce(_ r: CaseReport) {
        let width = String(cases.count).count
        let counter = "[" + String(repeating: " ", count: width - String(done).count) + "\(done)/\(cases.count)]"
        let time = r.actual.map { " (\(formatSeconds($0.seconds)))" } ?? ""
        if r.passed {
            if !quiet { print("\(counter) PASS \(r.testCase.name)\(time)") }
            else if ChildProcess.now() - lastProgress > 10 {
                print("\(counter) \(done - failures) passed, \(failures) failed so far")
                lastProgress = ChildProcess.now()
            }
        } else {
            print("\(counter) FAIL \(r.testCase.name)\(time)")
            print("    program: \(r.testCase.program)")
            for line in r.failureText.split(separator: "\n", omittingEmptySubsequences: false) { print("    \(line)") }
            if let a = r.actual, !a.stderr.isEmpty, !r.problems.contains(where: { $0.hasPrefix("stderr") }) {
                let tail = String(decoding: a.stderr.suffix(800), as: UTF8.self)
                print("    stderr (tail):")
                for line in tail.split(separator: "\n") { print("      \(LineDiff.show(String(line)))") }
            }
        }
        fflush(nil)
    }

    func check(_ c: CorpusCase) -> CaseReport {
        var report = CaseReport(testCase: c, passed: false, problems: [], diffs: [], expectedStatus: c.expectedStatus)
        var expectedStdout = c.expectedStdout, expectedStderr = c.expectedStderr
        if let ref = reference {
            let r = ChildProcess.run(ref + [c.program] + c.args, environment: c.environment, stdinPath: c.stdinPath,
                                     stdinData: c.stdinData, timeout: c.timeout)
            report.reference = r
            if case .launchFailed(let why) = r.outcome {
                report.problems.append("reference: \(why)")
                return report
            }
            expectedStdout = .exactly(r.stdout)
            report.expectedStatus = r.outcome
            // the reference's own messages (qemu's) are not compared
            if case .exactly = expectedStderr { expectedStderr = .any }
        } else if let e = c.setupError {
            report.problems.append(e)
            return report
        }
        let argv = runner.map { $0 + [c.program] + c.args } ?? [selfPath] + globalOptions + c.options + [c.program] + c.args
        let r = ChildProcess.run(argv, environment: c.environment, stdinPath: c.stdinPath, stdinData: c.stdinData,
                                 timeout: c.timeout)
        report.actual = r
        if let s = report.expectedStatus, s != r.outcome {
            report.problems.append("status: expected \(s), got \(r.outcome)")
        }
        compare("stdout", expectedStdout, r.stdout, &report)
        compare("stderr", expectedStderr, r.stderr, &report)
        report.passed = report.problems.isEmpty
        return report
    }

    private func compare(_ stream: String, _ e: StreamExpectation, _ got: [UInt8], _ report: inout CaseReport) {
        switch e {
        case .any: return
        case .exactly(let want):
            if want != got {
                report.problems.append("\(stream) differs" + (reference != nil ? " from the reference" : ""))
                report.diffs.append(LineDiff.unified(expected: want, actual: got, label: stream))
            }
        case .contains(let text):
            if !String(decoding: got, as: UTF8.self).contains(text) {
                report.problems.append("\(stream) does not contain \"\(text)\"")
            }
        }
    }
}
