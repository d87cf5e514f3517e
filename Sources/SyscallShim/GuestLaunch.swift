// What compat-run does before a guest program runs that the kernel would do for a
// native one: run a `#!` script's interpreter, and keep the guest's environment the
// guest's when compat-run re-executes itself (Execve.swift).
import Glibc
import Loader

/// The guest environment across compat-run's re-execution. A guest that execs an arm64
/// program passes its environment through the host's execve of compat-run, where the
/// host's dynamic loader, libc and Swift runtime would act on it (a guest LD_PRELOAD of
/// an arm64 library makes the host loader print errors; `ldd` in the guest would list
/// compat-run's own libraries). Those variables travel renamed, in place, and the new
/// compat-run restores them before it builds the guest's stack, so the guest sees its
/// environment unchanged and in order.
public enum GuestEnvironment {
    static let prefix = "COMPAT_RUN_GUEST_ENV_"

    /// Variables the host's loader (LD_*), glibc (GLIBC_TUNABLES, MALLOC_*) or the Swift
    /// runtime (SWIFT_*) would act on in compat-run itself.
    static func affectsHost(_ entry: String) -> Bool {
        entry.hasPrefix("LD_") || entry.hasPrefix("GLIBC_TUNABLES=") || entry.hasPrefix("MALLOC_")
            || entry.hasPrefix("SWIFT_")
    }

    /// The environment to give the host's execve of compat-run.
    static func hiddenFromHost(_ env: [String]) -> [String] {
        env.map { affectsHost($0) ? prefix + $0 : $0 }
    }

    /// The guest's environment from compat-run's own (the inverse of hiddenFromHost).
    public static func restored(_ env: [String]) -> [String] {
        env.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }
    }
}

/// `compat-run script args...` for a `#!` script, as binfmt_script would run it.
public enum ScriptLaunch {
    public enum Resolution: Equatable {
        /// Load this arm64 program (or let the loader report what is wrong with it) with this argv.
        case program(path: String, argv: [String])
        /// The script's interpreter chain ends in a native program: the host kernel runs the script.
        case native
    }

    /// binfmt_script's nesting limit (the kernel allows four levels of interpreters).
    static let maxDepth = 4

    /// Follows `#!` lines from `path`: each level's argv is interpreter, optional
    /// argument, the script's path, then the script's arguments (argv[0] is dropped).
    /// Interpreters are looked up in the sysroot first, like every guest path.
    public static func resolve(path: String, argv: [String], sysroot: Sysroot?) -> Resolution {
        var path = path, argv = argv
        for depth in 0...maxDepth {
            guard let head = readHead(path) else { return .program(path: path, argv: argv) }
            if let arm64 = ExecTarget.isArm64ELF(head) {
                return !arm64 && depth > 0 ? .native : .program(path: path, argv: argv)
            }
            guard depth < maxDepth, case .script(let interpreter, let argument)? = ExecTarget.shebang(head) else {
                return .program(path: path, argv: argv)
            }
            argv = [interpreter] + (argument.map { [$0] } ?? []) + [path] + argv.dropFirst()
            path = interpreter.hasPrefix("/") ? (sysroot?.resolve(interpreter) ?? interpreter) : interpreter
        }
        return .program(path: path, argv: argv)
    }

    private static func readHead(_ path: String) -> ArraySlice<UInt8>? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return nil }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 256)
        let n = read(fd, &head, head.count)
        return n > 0 ? head[0..<n] : nil
    }
}
