// The compat-run command line: qemu-compatible options where they exist.
import ArgumentParser
import Glibc

@main
struct CompatRun: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compat-run",
        abstract: "Run an AArch64 (arm64) Linux program on this x86-64 machine.")

    @Option(name: .customShort("L"), help: ArgumentHelp(
        "Sysroot holding the arm64 dynamic linker and libraries (default: $QEMU_LD_PREFIX, "
            + "else /usr/aarch64-linux-gnu for dynamic programs).", valueName: "PATH"))
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

    /// Without compat-run options (the common `compat-run PROG ARGS...`), skip the argument
    /// parser: its reflection-based set-up costs more than a millisecond of every start.
    static func main() {
        let args = CommandLine.arguments
        // BEGIN issue 19: `compat-run test` and `compat-run selftest` (CorpusRunner/, SelfTest/)
        CorpusSubcommands.dispatch(args)
        // END issue 19
        if args.count >= 2, !args[1].hasPrefix("-") { Launch(command: Array(args.dropFirst())).run() }
        main(nil)
    }

    mutating func run() throws {
        guard let path = command.first else { throw ValidationError("missing PROGRAM to run") }
        if path == "--help" || path == "-h" { throw CleanExit.helpRequest(self) }
        Launch(command: command, sysroot: sysroot, setEnv: setEnv, unsetEnv: unsetEnv, argv0: argv0, strace: strace,
               debugItems: debugItems, debugFile: debugFile, stats: stats).run()
    }
}

