// The compat-run command line: qemu-compatible options where they exist.
import ArgumentParser
import CSupport
import Glibc
import Loader
import SyscallShim
import Translator

@main
struct CompatRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compat-run",
        abstract: "Run an AArch64 (arm64) Linux program on this x86-64 machine.")

    @Option(name: .customShort("L"), help: "Sysroot holding the arm64 dynamic linker and libraries.")
    var sysroot: String?

    @Option(name: .customShort("E"), help: "Set an environment variable for the guest (VAR=VALUE).")
    var setEnv: [String] = []

    @Option(name: .customShort("U"), help: "Remove an environment variable from the guest.")
    var unsetEnv: [String] = []

    @Option(name: .customShort("0"), help: "argv[0] for the guest program.")
    var argv0: String?

    @Flag(name: .customLong("strace", withSingleDash: true), help: "Log system calls to stderr.")
    var strace = false

    @Option(name: .customShort("d"), help: "Log translation details: comma-separated in_asm, op, out_asm.")
    var debugItems: String?

    @Option(name: .customShort("D"), help: "Write -d logs to this file instead of stderr.")
    var debugFile: String?

    @Flag(name: .customLong("stats"), help: "Print translation statistics to stderr on exit (also COMPAT_RUN_STATS=1).")
    var stats = false

    @Argument(parsing: .captureForPassthrough, help: "The arm64 program and its arguments.")
    var command: [String] = []

    mutating func run() throws {
        guard let path = command.first else { throw ValidationError("missing PROGRAM to run") }
        if path == "--help" || path == "-h" { throw CleanExit.helpRequest(self) }
        var env = ProcessEnvironment.current()
        for u in unsetEnv { env.removeAll { $0.hasPrefix(u + "=") } }
        for e in setEnv {
            let key = e.split(separator: "=", maxSplits: 1).first.map(String.init) ?? e
            env.removeAll { $0.hasPrefix(key + "=") }
            env.append(e)
        }
        var argv = command
        if let a0 = argv0 { argv[0] = a0 }
        let options = LoadOptions(argv: argv, envp: env, hwcap: GuestProcess.hwcap, hwcap2: GuestProcess.hwcap2)
        let program: LoadedProgram
        do {
            program = try ProgramLoader.load(path: path, options: options)
        } catch {
            GuestProcess.report(error.message)
            Glibc.exit(error.exitCode)
        }
        // Faults now end the process with the guest's signal, not a Swift crash report.
        cr_install_fault_handlers(0, 0)
        let engine = Engine()
        if let items = debugItems {
            do { engine.onTranslate = try TranslationLog(items: items, path: debugFile).record } catch {
                GuestProcess.report("compat-run: \(error)"); Glibc.exit(1)
            }
        }
        let status = GuestProcess.run(program: program, options: ShimOptions(strace: strace, executablePath: path), engine: engine)
        if stats || getenv("COMPAT_RUN_STATS").map({ String(cString: $0) == "1" }) == true {
            let s = engine.stats
            GuestProcess.report("compat-run: \(s.blocks) blocks, \(s.guestInstructions) guest instructions, "
                  + "\(s.hostBytes) host bytes, \(s.flushes) cache flushes")
            GuestProcess.report("compat-run: translation time \(Double(s.nanoseconds) / 1e6) ms")
        }
        Glibc.exit(status)
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
