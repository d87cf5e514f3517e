// The compat-run command line: qemu-compatible options where they exist.
import ArgumentParser
import Glibc
import SyscallShim

@main
struct CompatRun: ParsableCommand {
    /// Printed by `--version`.
    static let version = "compat-run 0.1.0 (AArch64 Linux user mode on x86-64)"

    static let configuration = CommandConfiguration(
        commandName: "compat-run",
        abstract: "Run an AArch64 (arm64) Linux program on this x86-64 machine.",
        usage: """
            compat-run [OPTIONS] PROGRAM [ARGS...]
              compat-run inspect PROGRAM (--symbol NAME | --address ADDR) [--ir] [--host]
              compat-run binfmt install|uninstall|status|print [--persistent]
              compat-run sysroot create DIR PACKAGE... | sysroot merge-usr DIR
              compat-run test CORPUS... [--reference CMD] [--jobs N] [--junit FILE] [--json FILE]
              compat-run selftest [--reference CMD] [--count N] [--seed S] [--class int|mem|fp|all]
            """,
        discussion: """
            Everything after PROGRAM is passed to the program untouched. Tools (each with --help): \
            `compat-run inspect --help`; docs/usage.md has an example session of each.
            """,
        version: version)

    @Option(name: .launch(.sysroot), help: ArgumentHelp(
        "Sysroot holding the arm64 dynamic linker and libraries (default: $QEMU_LD_PREFIX, "
            + "else /usr/aarch64-linux-gnu for dynamic programs).", valueName: "PATH"))
    var sysroot: String?

    @Option(name: .launch(.setEnv), help: ArgumentHelp("Set an environment variable for the guest (repeatable).",
                                                        valueName: "VAR=VALUE"))
    var setEnv: [String] = []

    @Option(name: .launch(.unsetEnv), help: ArgumentHelp("Remove an environment variable from the guest (repeatable).",
                                                        valueName: "VAR"))
    var unsetEnv: [String] = []

    @Option(name: .launch(.argv0), help: ArgumentHelp("argv[0] for the guest program.", valueName: "ARGV0"))
    var argv0: String?

    @Flag(name: .launch(.strace), help: "Log system calls to stderr.")
    var strace = false

    @Option(name: .launch(.debugItems), help: ArgumentHelp(
        "Log comma-separated items: in_asm, op, op_opt, out_asm (translated blocks), exec (each block run; implies "
            + "nochain), nochain, strace, page (guest mappings at start); 'help' lists them.", valueName: "ITEM,..."))
    var debugItems: String?

    @Option(name: .launch(.debugFilter), help: ArgumentHelp(
        "Limit in_asm/op/out_asm/exec to blocks starting in these guest ranges (hex).", valueName: "ADDR[+LEN],..."))
    var debugFilter: String?

    @Option(name: .launch(.debugFile), help: ArgumentHelp("Write -d logs to this file instead of stderr.", valueName: "LOGFILE"))
    var debugFile: String?

    @Flag(name: .launch(.stats), help: "Print translation and run statistics to stderr on exit (also COMPAT_RUN_STATS=1).")
    var stats = false

    @Option(name: .launch(.statsJSON), help: ArgumentHelp(
        "Write the statistics as JSON to this file on exit (also spelled --stats=json FILE; schema in docs/usage.md).",
        valueName: "FILE"))
    var statsJSON: String?

    @Flag(name: .launch(.perfMap), help: "Write /tmp/perf-PID.map naming every translated block by guest symbol, for perf.")
    var perfMap = false

    @Flag(name: .launch(.oneInstructionPerBlock),
          help: "Translate one guest instruction per block (qemu's -one-insn-per-tb; also -singlestep), to debug the translator.")
    var oneInstructionPerBlock = false

    @Flag(name: .launch(.noCache), help: ArgumentHelp(
        "Neither use nor write the persistent translation cache (also COMPAT_RUN_CACHE=0; location: "
            + "$COMPAT_RUN_CACHE_DIR, else $XDG_CACHE_HOME/compat-run, else ~/.cache/compat-run)."))
    var noCache = false

    @Flag(name: .launch(.jitDump), help: ArgumentHelp(
        "Write $JITDUMPDIR/jit-PID.dump (default /tmp) for perf inject --jit: translated blocks with guest symbol names."))
    var jitDump = false

    @Option(name: .launch(.rootfs), help: ArgumentHelp(
        "Run with DIR as the guest's whole file system root (/proc, /sys, /dev, /tmp and $HOME stay the host's).",
        valueName: "DIR"))
    var rootfs: String?

    @Option(name: .launch(.gdb), help: ArgumentHelp(
        "Wait for gdb on this TCP port (loopback) or Unix socket path before the first instruction "
            + "(also QEMU_GDB=PORT).", valueName: "PORT|PATH"))
    var gdb: String?

    /// Set by Execve.swift when a guest's execve re-enters compat-run (InheritedOptions.guestExecOption).
    @Flag(name: .launch(.startedByGuest), help: .hidden)
    var startedByGuest = false

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("The arm64 program and its arguments.",
                                                                   valueName: "PROGRAM [ARGS...]"))
    var command: [String] = []

    // MARK: subcommands -- `compat-run NAME ARGS...`; each parses its own arguments and exits.
    // (A guest program named like one runs as ./NAME or by its path.) An enum, not a
    // dictionary of closures: that dictionary's type metadata cost ~0.1 ms of every start.
    enum Subcommand: String {
        case inspect, binfmt, sysroot

        func main(_ args: [String]) -> Never {
            switch self {
            case .inspect: Inspect.main(args)
            case .binfmt: Binfmt.main(args)
            case .sysroot: SysrootCommand.main(args)
            }
            Glibc.exit(0)
        }
    }
    // MARK: end of subcommands

    /// The plain launch command lines (LaunchCommandLine: `compat-run PROG ARGS...`, simple
    /// launch options, a guest's execve re-entry) skip the argument parser: its
    /// reflection-based set-up costs more than a millisecond of every start.
    static func main() {
        let args = CommandLine.arguments
        // BEGIN issue 19: `compat-run test` and `compat-run selftest` (CorpusRunner/, SelfTest/)
        CorpusSubcommands.dispatch(args)
        // END issue 19
        if args.count >= 2, let tool = Subcommand(rawValue: args[1]) { tool.main(Array(args.dropFirst(2))) }
        if let line = LaunchCommandLine.parse(Array(args.dropFirst())) { Launch(line).run() }
        main(OptionSpelling.normalized(Array(args.dropFirst())))
    }

    mutating func run() throws {
        guard let path = command.first else { throw ValidationError("missing PROGRAM to run") }
        if path == "--help" || path == "-h" { throw CleanExit.helpRequest(self) }
        if path == "--version" { throw CleanExit.message(Self.version) }
        if path == "--" {
            command.removeFirst()   // `--` ends compat-run's options: `compat-run -- -prog`
            guard !command.isEmpty else { throw ValidationError("missing PROGRAM to run") }
        } else if path.hasPrefix("-"), access(path, F_OK) != 0 {
            // The parser passes an unknown option on as the program: name it as an option.
            throw ValidationError("unknown option \(path)")
        }
        let inherited = InheritedOptions(strace: strace, debugItems: debugItems, debugFilter: debugFilter, debugFile: debugFile,
                                         stats: stats, statsJSON: statsJSON, perfMap: perfMap, jitDump: jitDump,
                                         oneInstructionPerBlock: oneInstructionPerBlock, noCache: noCache, startedByGuest: startedByGuest)
        Launch(command: command, sysroot: sysroot, setEnv: setEnv, unsetEnv: unsetEnv, argv0: argv0, gdb: gdb, rootfs: rootfs,
               inherited: inherited).run()
    }
}

/// Spellings the argument parser cannot express, rewritten before it runs; only the
/// options before PROGRAM are looked at.
enum OptionSpelling {
    /// Options that take the next argument as their value.
    static let valued: Set<String> = ["-L", "-E", "-U", "-0", "-d", "-D", "-dfilter", "--stats-json", "-g", "--rootfs"]

    static func normalized(_ args: [String]) -> [String] {
        var out: [String] = [], i = 0
        while i < args.count {
            let a = args[i]
            if !a.hasPrefix("-") || a == "--" { break }      // PROGRAM: the rest is the guest's
            if a == "--stats=json" { out.append("--stats-json") }
            else if a.hasPrefix("--stats=json=") { out += ["--stats-json", String(a.dropFirst(13))] }
            else { out.append(a) }
            if valued.contains(out.last!) && i + 1 < args.count { i += 1; out.append(args[i]) }
            i += 1
        }
        return out + args[i...]
    }
}
