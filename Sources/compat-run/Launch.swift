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
    var strace = false
    var debugItems: String?
    var debugFile: String?
    var stats = false

    func run() -> Never {
        let path = command[0]
        var env = ProcessEnvironment.current()
        for u in unsetEnv { env.removeAll { $0.hasPrefix(u + "=") } }
        for e in setEnv {
            let key = e.split(separator: "=", maxSplits: 1).first.map(String.init) ?? e
            env.removeAll { $0.hasPrefix(key + "=") }
            env.append(e)
        }
        var argv = command
        if let a0 = argv0 { argv[0] = a0 }
        var options = LoadOptions(argv: argv, envp: env, hwcap: GuestProcess.hwcap, hwcap2: GuestProcess.hwcap2)
        // An explicit sysroot redirects every program's paths (qemu's -L); the fallback
        // only serves dynamic programs, so static ones keep seeing the host's files.
        let explicitSysroot = Sysroot.explicit(option: sysroot)
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
        let engine = Engine()
        if let items = debugItems {
            do { engine.onTranslate = try TranslationLog(items: items, path: debugFile).record } catch {
                GuestProcess.report("compat-run: \(error)"); exit(1)
            }
        }
        let shimSysroot = explicitSysroot ?? (program.isDynamic ? options.sysroot : nil)
        let shim = ShimOptions(strace: strace, executablePath: path, sysroot: shimSysroot)
        let printStats = stats || getenv("COMPAT_RUN_STATS").map({ String(cString: $0) == "1" }) == true
        GuestProcess.endProcess = { status in
            if printStats {
                let s = engine.stats
                GuestProcess.report("compat-run: \(s.blocks) blocks, \(s.guestInstructions) guest instructions, "
                      + "\(s.hostBytes) host bytes, \(s.flushes) cache flushes, \(s.invalidatedBlocks) blocks invalidated")
                GuestProcess.report("compat-run: translation time \(Double(s.nanoseconds) / 1e6) ms")
            }
            fflush(nil)   // the -D log; other threads may still run guest code, so no exit handlers
            _exit(status)
        }
        GuestProcess.run(program: program, options: shim, engine: engine)
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
