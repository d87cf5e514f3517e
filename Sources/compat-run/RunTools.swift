// Wires the run-time tools (-d, --perf-map, --stats) to the engine and the shim before
// the guest starts; each costs nothing when not asked for.
import Glibc
import Loader
import SyscallShim
import Translator

struct RunTools {
    var debugItems: String?
    var debugFilter: String?
    var debugFile: String?
    var perfMap = false
    var jitDump = false
    /// Set by `install` when `-d strace` asks for the -strace log.
    private(set) var strace = false
    private var log: TranslationLog?

    init(debugItems: String?, debugFilter: String?, debugFile: String?, perfMap: Bool, jitDump: Bool = false) {
        self.debugItems = debugItems; self.debugFilter = debugFilter; self.debugFile = debugFile; self.perfMap = perfMap
        self.jitDump = jitDump
    }

    /// Sets the engine's observers for `program` (loaded from host path `path`).
    mutating func install(on engine: Engine, program: LoadedProgram, path: String) {
        var observers: [(TranslatedBlock) -> Void] = []
        if let items = debugItems {
            do { log = try TranslationLog(items: items, filter: debugFilter, path: debugFile) } catch {
                GuestProcess.report("compat-run: \(error)"); exit(1)
            }
        } else if debugFilter != nil {
            do { _ = try TranslationLog.parseFilter(debugFilter!) } catch { GuestProcess.report("compat-run: \(error)"); exit(1) }
        }
        func symbolizer() -> Symbolizer {
            let s = Symbolizer()
            Self.addImages(of: program, path: path, to: s)
            return s
        }
        if let log {
            strace = log.strace
            if log.page { log.pages(program) }
            if log.observesTranslation { observers.append(log.record) }
            if log.nochain { engine.chaining = false }
            if log.exec {
                // Called outside the engine lock, from any guest thread: the symbolizer has its own lock.
                let names = LockedSymbolizer(symbolizer())
                engine.onExecute = { pc in log.executed(pc, symbol: names.name(pc)) }
            }
        }
        if perfMap, let map = PerfMap(symbolizer: symbolizer()) { observers.append(map.record) }
        if jitDump, let dump = JitDump(symbolizer: symbolizer()) { observers.append(dump.record) }
        switch observers.count {
        case 0: break
        case 1: engine.onTranslate = observers[0]
        default: engine.onTranslate = { t in for o in observers { o(t) } }
        }
    }

    /// The program and its interpreter, from the loader's segments (their memory is a copy,
    /// not a file mapping, so /proc/self/maps would not name them).
    static func addImages(of program: LoadedProgram, path: String, to s: Symbolizer) {
        guard let first = program.segments.first else { return }
        s.addImage(path: path, start: first.start, fileOffset: first.fileOffset)
        if let interp = program.interpreterPath,
           let seg = program.segments.first(where: { $0.path != first.path && $0.start >= program.interpreterBase }) {
            s.addImage(path: interp, start: seg.start, fileOffset: seg.fileOffset)
        }
    }
}

/// `--perf-map`: /tmp/perf-PID.map, one "START SIZE name" line (hex) per translated block,
/// the format perf reads for JIT code. Written as blocks are translated (under the engine lock).
final class PerfMap {
    let fd: Int32
    let symbolizer: Symbolizer

    init?(symbolizer: Symbolizer) {
        let path = "/tmp/perf-\(getpid()).map"
        fd = CompatRunDescriptors.adopt(open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644))
        if fd < 0 { GuestProcess.report("compat-run: \(path): \(String(cString: strerror(errno)))"); return nil }
        self.symbolizer = symbolizer
    }

    func record(_ t: TranslatedBlock) {
        let line = "\(hex(UInt64(t.host))) \(hex(UInt64(t.code.count))) \(symbolizer.name(t.ir.guestPC))\n"
        line.withCString { _ = write(fd, $0, strlen($0)) }
    }
}

/// A symbolizer shared between threads (for -d exec, called outside the engine lock).
final class LockedSymbolizer: @unchecked Sendable {
    private let s: Symbolizer
    private let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init(_ s: Symbolizer) { self.s = s; pthread_mutex_init(m, nil) }
    func name(_ pc: UInt64) -> String {
        pthread_mutex_lock(m); defer { pthread_mutex_unlock(m) }
        return s.name(pc)
    }
}
