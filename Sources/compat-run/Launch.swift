// Loads the guest program and runs it to completion: the part of the command line
// shared by the option-less fast path and the parsed one.
import CSupport
import Glibc
import Loader
import SyscallShim
import Translator

struct Launch {
    var command: [String]
    /// `-L`; nil: QEMU_LD_PREFIX, else (dynamic programs only) the cross toolchain's sysroot.
    var sysroot: String?
    var setEnv: [String] = []
    var unsetEnv: [String] = []
    var argv0: String?
    /// `-g PORT|PATH`; nil: $QEMU_GDB, else no debugger.
    var gdb: String?
    /// `--rootfs DIR`: DIR is the guest's "/" (Loader/RootFS.swift).
    var rootfs: String?
    /// -strace, -d/-dfilter/-D, --stats, --stats=json, --perf-map, --jitdump, -one-insn-per-tb:
    /// the options a program the guest executes inherits (SyscallShim/InheritedOptions.swift).
    var inherited = InheritedOptions()

    func run() -> Never {
        let startedAt = monotonicNow()
        HostSignals.resetRuntimeHandlers()
        let missing = HostCPU.missingRequirements
        if !missing.isEmpty {
            GuestProcess.report("compat-run: this CPU lacks \(missing.joined(separator: ", ")), which compat-run needs (x86-64-v3)")
            exit(1)
        }
        var env = GuestEnvironment.restored(ProcessEnvironment.current())
        // The debugger is this process's: a program the guest executes must not wait for one.
        env.removeAll { $0.hasPrefix("QEMU_GDB=") }
        for u in unsetEnv { env.removeAll { $0.hasPrefix(u + "=") } }
        for e in setEnv {
            let key = e.split(separator: "=", maxSplits: 1).first.map(String.init) ?? e
            env.removeAll { $0.hasPrefix(key + "=") }
            env.append(e)
        }
        var argv = command
        if let a0 = argv0 { argv[0] = a0 }
        // An explicit sysroot redirects every program's paths (qemu's -L); the fallback
        // only serves dynamic programs, so static ones keep seeing the host's files.
        var explicitSysroot = Sysroot.explicit(option: sysroot)
        if let root = explicitSysroot, rootfs == nil { Self.requireDirectory(root, named: sysroot != nil ? "-L" : "QEMU_LD_PREFIX") }
        var programPath = command[0]
        if let dir = rootfs {
            if sysroot != nil { GuestProcess.report("compat-run: --rootfs and -L exclude each other"); exit(1) }
            Self.requireDirectory(dir, named: "--rootfs")
            RootFS.active = RootFS(dir, home: getenv("HOME").map { String(cString: $0) })
            explicitSysroot = RootFS.active?.root
            // A guest path; a re-executed compat-run (execve in the guest) passes the host path.
            if let fs = RootFS.active, fs.guestPath(for: programPath) == nil { programPath = fs.hostPath(for: programPath) ?? programPath }
        }
        // A "#!" script runs its interpreter, as the kernel would run it.
        let path: String
        switch ScriptLaunch.resolve(path: programPath, argv: argv, sysroot: Sysroot(explicitSysroot)) {
        case .program(let program, let programArgv):
            path = program
            argv = programArgv
        case .native:
            Self.execNative(programPath, argv, env)
        }
        var options = LoadOptions(argv: argv, envp: env, hwcap: GuestProcess.hwcap, hwcap2: GuestProcess.hwcap2)
        options.sysroot = explicitSysroot ?? Sysroot.fallback()
        let program: LoadedProgram
        do {
            program = try ProgramLoader.load(path: path, options: options)
        } catch {
            GuestProcess.report(error.message)
            exit(error.exitCode)
        }
        // Faults now end the process with the guest's signal, not a Swift crash report.
        cr_install_fault_handlers()
        let engine = Engine(maxBlockInstructions: inherited.oneInstructionPerBlock ? 1 : 64,
                            codeMemory: inherited.perfMap ? .systemV : .memfd)
        // -D and --stats=json name one file per process: FILE.PID in one the guest started.
        let pid = getpid()
        var tools = RunTools(debugItems: inherited.debugItems, debugFilter: inherited.debugFilter,
                             debugFile: inherited.debugFile.map { inherited.perProcessPath($0, pid: pid) },
                             perfMap: inherited.perfMap, jitDump: inherited.jitDump)
        tools.install(on: engine, program: program, path: path)
        let debugger = Self.gdbStub(option: gdb, engine: engine)
        if !inherited.noCache {
            engine.persistentCache = PersistentCache.fromEnvironment()
            engine.persistentCache?.setProgram(path: program.executablePath)   // whose used lists apply
        }
        debugger?.auxv = program.auxv.flatMap { e in
            withUnsafeBytes(of: e.type.littleEndian) { Array($0) } + withUnsafeBytes(of: e.value.littleEndian) { Array($0) }
        } + [UInt8](repeating: 0, count: 16)
        let shimSysroot = explicitSysroot ?? (program.isDynamic ? options.sysroot : nil)
        let shim = ShimOptions(strace: inherited.strace || tools.strace, executablePath: path, sysroot: shimSysroot,
                               inherited: inherited)
        let printStats = inherited.stats || getenv("COMPAT_RUN_STATS").map({ String(cString: $0) == "1" }) == true
        let statsJSON = inherited.statsJSON.map { inherited.perProcessPath($0, pid: pid) }
        ShimStats.enabled = printStats || statsJSON != nil
        let lastWords = { (status: Int32, signal: Int32) in
            let report = RunStats.collect(engine: engine, startedAt: startedAt, exitStatus: status, signal: signal)
            if printStats { for line in report.lines { GuestProcess.report(line) } }
            if let file = statsJSON { Self.writeFile(report.json, to: file) }
        }
        if printStats || statsJSON != nil {
            // A death by a signal compat-run raises itself (a guest fault, SIGILL, SIGTRAP with no
            // handler) reports too, as exit status 128+signal.
            Self.deathReport = { signal in lastWords(128 + signal, signal); fflush(nil) }
            cr_set_death_hook { signal in Launch.deathReport?(signal) }
        }
        GuestProcess.endProcess = { status in
            if printStats || statsJSON != nil { lastWords(status, 0) }
            debugger?.processExited(status)
            fflush(nil)   // the -D log; other threads may still run guest code, so no exit handlers
            _exit(status)
        }
        GuestProcess.run(program: program, options: shim, engine: engine)
    }
}

extension Launch {
    /// A command line read without the argument parser.
    init(_ line: LaunchCommandLine) {
        self.init(command: line.command, sysroot: line.sysroot, setEnv: line.setEnv, unsetEnv: line.unsetEnv, argv0: line.argv0,
                  gdb: line.gdb, rootfs: line.rootfs, inherited: line.inherited)
    }

    /// The statistics' last words before a death by signal (see cr_set_death_hook).
    nonisolated(unsafe) static var deathReport: ((Int32) -> Void)?

    static func writeFile(_ text: String, to path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { GuestProcess.report("compat-run: \(path): \(String(cString: strerror(errno)))"); return }
        text.withCString { _ = write(fd, $0, strlen($0)) }
        close(fd)
    }

    /// The gdb stub for `-g` (or QEMU_GDB), connected; nil without either. A bad value is
    /// one line and exit status 1.
    static func gdbStub(option: String?, engine: Engine) -> GDBStub? {
        guard let text = option ?? getenv("QEMU_GDB").map({ String(cString: $0) }), !text.isEmpty else { return nil }
        guard let endpoint = GDBEndpoint(text) else {
            GuestProcess.report("compat-run: -g \(text): expected a TCP port or a Unix socket path")
            exit(1)
        }
        return GDBStub.attach(endpoint, to: engine)
    }

    /// `-L` / QEMU_LD_PREFIX must name a directory: one line and exit status 1 otherwise
    /// (a usage error, like an unknown option; 126/127 stay the loader's "cannot run").
    static func requireDirectory(_ path: String, named source: String) {
        var st = stat()
        if stat(path, &st) != 0 {
            GuestProcess.report("compat-run: \(source) \(path): \(String(cString: strerror(errno)))")
            exit(1)
        }
        if st.st_mode & S_IFMT != S_IFDIR {
            GuestProcess.report("compat-run: \(source) \(path): Not a directory")
            exit(1)
        }
    }

    /// A script whose interpreter is a native program: the host kernel runs it.
    static func execNative(_ path: String, _ argv: [String], _ env: [String]) -> Never {
        let cArgv = argv.map { strdup($0) } + [nil], cEnv = env.map { strdup($0) } + [nil]
        execve(path, cArgv, cEnv)
        let e = errno
        GuestProcess.report("compat-run: \(path): \(String(cString: strerror(e)))")
        exit(e == ENOENT ? 127 : 126)
    }
}

enum ProcessEnvironment {
    static func current() -> [String] {
        var out: [String] = []
        var p = environ
        while let s = p.pointee { out.append(String(cString: s)); p += 1 }
        return out
    }
}

/// Signals reach compat-run as they would reach the guest natively. The Swift runtime's
/// crash reporter installs handlers for SIGQUIT, SIGABRT, SIGILL, SIGTRAP, SIGBUS,
/// SIGFPE and SIGSEGV at start-up, over any that were SIG_DFL (it leaves inherited
/// SIG_IGN alone), so `kill -QUIT` would print a crash report and carry on, and a guest
/// abort() would print one. Every such handler goes back to SIG_DFL before the guest
/// runs; compat-run's own fault handlers (cr_install_fault_handlers) then take SIGSEGV,
/// SIGBUS and SIGFPE, and guest dispositions are mirrored as the guest sets them.
enum HostSignals {
    static let runtimeHooked: [Int32] = [SIGQUIT, SIGABRT, SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV]

    static func resetRuntimeHandlers() {
        for sig in runtimeHooked {
            var current = sigaction()
            guard sigaction(sig, nil, &current) == 0 else { continue }
            let handler = unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
            if handler != 0 && handler != 1 {  // neither SIG_DFL nor SIG_IGN
                _ = cr_set_host_disposition(sig, 0, 0)
            }
        }
    }
}
