// The command lines nearly every compat-run start has, read without swift-argument-parser
// (whose reflection-based set-up costs milliseconds per process): `PROGRAM ARGS...`, the
// same after plain launch options (`-L ROOT`, `-E VAR=VALUE`, `-strace`, ...), and the
// re-entry a guest's execve makes (`--guest-exec` + InheritedOptions.childArguments +
// `-0 ARGV0 PROGRAM ARGS...`). Only the exact spellings below are read; anything else
// (help, version, an unknown or repeated option, `=` spellings, `--`, a value that starts
// with '-', no PROGRAM) is nil, and compat-run hands the whole line to the argument
// parser, so its errors and help stay the parser's. In the execve re-entry the values are
// taken as they are, even one starting with '-': Execve wrote them, not a user (a login
// shell's argv[0] is "-sh", which the argument parser cannot take as a value).

public struct LaunchCommandLine: Equatable, Sendable {
    /// PROGRAM and its arguments.
    public var command: [String] = []
    public var sysroot: String?
    public var setEnv: [String] = []
    public var unsetEnv: [String] = []
    public var argv0: String?
    public var gdb: String?
    public var rootfs: String?
    public var inherited = InheritedOptions()

    public init() {}

    /// What an option spelled exactly like this sets. compat-run's argument-parser
    /// declarations take their names from `spellings(of:)`, so both readers share one table.
    public enum Option: Equatable, Sendable, CaseIterable {
        case sysroot, setEnv, unsetEnv, argv0, gdb, rootfs, debugItems, debugFilter, debugFile, statsJSON
        case strace, stats, perfMap, jitDump, oneInstructionPerBlock, noCache, startedByGuest

        var takesValue: Bool {
            switch self {
            case .sysroot, .setEnv, .unsetEnv, .argv0, .gdb, .rootfs, .debugItems, .debugFilter, .debugFile, .statsJSON: true
            case .strace, .stats, .perfMap, .jitDump, .oneInstructionPerBlock, .noCache, .startedByGuest: false
            }
        }
        /// -E and -U collect every occurrence; the parser decides what a repeat of any other means.
        var repeatable: Bool { self == .setEnv || self == .unsetEnv }
    }

    /// compat-run's spellings of its launch options: the one table both readers use.
    private static let spellings: [(spelling: String, target: Option)] = [
        ("-L", .sysroot), ("-E", .setEnv), ("-U", .unsetEnv), ("-0", .argv0), ("-g", .gdb), ("--rootfs", .rootfs),
        ("-d", .debugItems), ("-dfilter", .debugFilter), ("-D", .debugFile), ("--stats-json", .statsJSON),
        ("-strace", .strace), ("--stats", .stats), ("--perf-map", .perfMap), ("--jitdump", .jitDump),
        ("-one-insn-per-tb", .oneInstructionPerBlock), ("-singlestep", .oneInstructionPerBlock),
        ("--no-cache", .noCache), (InheritedOptions.guestExecOption, .startedByGuest),
    ]

    /// Every spelling of `option`, in table order (e.g. "-L"; "-one-insn-per-tb", "-singlestep").
    public static func spellings(of option: Option) -> [String] {
        spellings.filter { $0.target == option }.map(\.spelling)
    }

    /// `args` without compat-run's own name; nil when the argument parser must read them.
    public static func parse(_ args: [String]) -> LaunchCommandLine? {
        var line = LaunchCommandLine(), seen: [Option] = [], i = 0
        let writtenByExecve = args.first == InheritedOptions.guestExecOption
        while i < args.count, args[i].hasPrefix("-") {
            guard let target = spellings.first(where: { $0.spelling == args[i] })?.target,
                  target.repeatable || !seen.contains(target) else { return nil }
            seen.append(target)
            var value = ""
            if target.takesValue {
                guard i + 1 < args.count, writtenByExecve || !args[i + 1].hasPrefix("-") else { return nil }
                value = args[i + 1]
                i += 1
            }
            line.set(target, value)
            i += 1
        }
        guard i < args.count else { return nil }
        line.command = Array(args[i...])
        return line
    }

    private mutating func set(_ target: Option, _ value: String) {
        switch target {
        case .sysroot: sysroot = value
        case .setEnv: setEnv.append(value)
        case .unsetEnv: unsetEnv.append(value)
        case .argv0: argv0 = value
        case .gdb: gdb = value
        case .rootfs: rootfs = value
        case .debugItems: inherited.debugItems = value
        case .debugFilter: inherited.debugFilter = value
        case .debugFile: inherited.debugFile = value
        case .statsJSON: inherited.statsJSON = value
        case .strace: inherited.strace = true
        case .stats: inherited.stats = true
        case .perfMap: inherited.perfMap = true
        case .jitDump: inherited.jitDump = true
        case .oneInstructionPerBlock: inherited.oneInstructionPerBlock = true
        case .noCache: inherited.noCache = true
        case .startedByGuest: inherited.startedByGuest = true
        }
    }
}
