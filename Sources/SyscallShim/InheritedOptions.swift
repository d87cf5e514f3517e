// The compat-run options a program the guest executes inherits. An arm64 program the
// guest execs runs under compat-run again (Execve.swift re-enters it through
// /proc/self/exe), so this is the one place that says which options carry over and how:
// the file-system view (-L / --rootfs, from the shim's sysroot), -strace, the -d items
// with -dfilter and -D, --stats and --stats=json, --perf-map, --jitdump and
// -one-insn-per-tb and --no-cache. Files named by -D and --stats=json are per process: the first
// compat-run writes FILE itself, one a guest started writes FILE.PID (its pid, which
// execve keeps), so reports of a process tree do not overwrite each other. Not inherited:
// -g (the debugger is attached to this process), -E/-U/-0 (the guest's execve gives the
// child its own environment and argv).
import Loader

public struct InheritedOptions: Equatable, Sendable {
    /// `-strace`.
    public var strace = false
    /// `-d ITEM,...`, `-dfilter RANGES`, `-D FILE`.
    public var debugItems: String?
    public var debugFilter: String?
    public var debugFile: String?
    /// `--stats`, `--stats=json FILE`.
    public var stats = false
    public var statsJSON: String?
    /// `--perf-map`, `--jitdump` (their files are per process already: perf-PID.map, jit-PID.dump).
    public var perfMap = false
    public var jitDump = false
    /// `-one-insn-per-tb`.
    public var oneInstructionPerBlock = false
    /// `--no-cache`: no persistent translation cache.
    public var noCache = false
    /// This compat-run was started by a guest's execve (the hidden `--guest-exec`): its
    /// per-process files get the .PID suffix.
    public var startedByGuest = false

    public init(strace: Bool = false, debugItems: String? = nil, debugFilter: String? = nil, debugFile: String? = nil,
                stats: Bool = false, statsJSON: String? = nil, perfMap: Bool = false, jitDump: Bool = false,
                oneInstructionPerBlock: Bool = false, noCache: Bool = false, startedByGuest: Bool = false) {
        self.strace = strace
        self.debugItems = debugItems
        self.debugFilter = debugFilter
        self.debugFile = debugFile
        self.stats = stats
        self.statsJSON = statsJSON
        self.perfMap = perfMap
        self.jitDump = jitDump
        self.oneInstructionPerBlock = oneInstructionPerBlock
        self.noCache = noCache
        self.startedByGuest = startedByGuest
    }

    /// The hidden option that marks a compat-run the guest started.
    public static let guestExecOption = "--guest-exec"

    /// The options, before `-0 ARGV0 PROGRAM`, that give a re-entered compat-run this
    /// run's settings; `sysroot` is the shim's file-system view (-L or --rootfs).
    public func childArguments(sysroot: Sysroot?) -> [String] {
        var args = [Self.guestExecOption]
        if let sysroot { args += sysroot.launchOptions }
        if strace { args.append("-strace") }
        if let debugItems { args += ["-d", debugItems] }
        if let debugFilter { args += ["-dfilter", debugFilter] }
        if let debugFile { args += ["-D", debugFile] }
        if stats { args.append("--stats") }
        if let statsJSON { args += ["--stats-json", statsJSON] }
        if perfMap { args.append("--perf-map") }
        if jitDump { args.append("--jitdump") }
        if oneInstructionPerBlock { args.append("-one-insn-per-tb") }
        if noCache { args.append("--no-cache") }
        return args
    }

    /// The file this process writes for a per-process option given as `file`.
    public func perProcessPath(_ file: String, pid: Int32) -> String {
        startedByGuest ? "\(file).\(pid)" : file
    }
}
