// Running one program for the corpus runner: exactly the given environment, stdin from a
// file (or /dev/null), stdout/stderr into files, its own process group and scratch
// directory, killed (the whole group) after the timeout.
import CSupport
import Glibc

struct ChildResult {
    var stdout: [UInt8]
    var stderr: [UInt8]
    var outcome: ExitOutcome
    var seconds: Double
}

enum ChildProcess {
    static func run(_ argv: [String], environment: [String], stdinPath: String?, stdinData: [UInt8]?,
                    timeout: Double) -> ChildResult {
        let start = now()
        var template = Array((tempDirectory() + "/compat-run-test-XXXXXX").utf8CString)
        guard mkdtemp(&template) != nil else {
            return ChildResult(stdout: [], stderr: [], outcome: .launchFailed("mkdtemp: \(errorText())"), seconds: 0)
        }
        let scratch = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        defer { removeTree(scratch) }
        let outPath = scratch + "/.stdout", errPath = scratch + "/.stderr"
        var inPath = stdinPath ?? "/dev/null"
        if let data = stdinData {
            inPath = scratch + "/.stdin"
            writeFile(inPath, data)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Each program in its own scratch directory: parallel jobs create and delete the same
        // relative names.
        let chdirError = cr_spawn_actions_add_chdir(&actions, scratch)
        if chdirError != 0 {
            return ChildResult(stdout: [], stderr: [], outcome: .launchFailed("chdir action: \(String(cString: strerror(chdirError)))"),
                               seconds: 0)
        }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // Own process group (a timeout kills forked children too); default signal
        // dispositions and an empty mask, as a shell would start it.
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all); sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let cArgv = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup($0) } + [nil]
        defer { (cArgv + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, argv[0], &actions, &attr, cArgv, cEnv)
        if rc != 0 {
            return ChildResult(stdout: [], stderr: [], outcome: .launchFailed("\(argv[0]): \(String(cString: strerror(rc)))"),
                               seconds: now() - start)
        }
        var status: Int32 = 0
        var timedOut = false
        var pause: UInt32 = 200  // microseconds, growing to 20 ms
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { break }
            if now() - start > timeout {
                timedOut = true
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                break
            }
            usleep(pause)
            pause = min(pause * 2, 20_000)
        }
        kill(-pid, SIGKILL)  // stragglers the program left in its group
        let seconds = now() - start
        let outcome: ExitOutcome
        if timedOut { outcome = .timedOut(timeout) }
        else if status & 0x7f == 0 { outcome = .exit((status >> 8) & 0xff) }
        else { outcome = .signal(status & 0x7f) }
        return ChildResult(stdout: readFile(outPath), stderr: readFile(errPath), outcome: outcome, seconds: seconds)
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func tempDirectory() -> String {
        if let t = getenv("TMPDIR"), t.pointee != 0 { return String(cString: t) }
        return "/tmp"
    }

    static func errorText() -> String { String(cString: strerror(errno)) }

    static func readFile(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buf, buf.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return out
    }

    @discardableResult
    static func writeFile(_ path: String, _ data: [UInt8]) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var off = 0
        while off < data.count {
            let n = data[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            off += n
        }
        return true
    }

    /// rm -rf of a scratch directory the program may have filled (and made read-only).
    static func removeTree(_ path: String) {
        if let d = opendir(path) {
            while let e = readdir(d) {
                let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name == "." || name == ".." { continue }
                let child = path + "/" + name
                var st = stat()
                if lstat(child, &st) == 0 && st.st_mode & S_IFMT == S_IFDIR {
                    chmod(child, 0o700)
                    removeTree(child)
                } else {
                    unlink(child)
                }
            }
            closedir(d)
        }
        rmdir(path)
    }
}
