// `--stats` and `--stats=json FILE`: what the run cost, written as the process ends
// (GuestProcess.endProcess, from whichever thread ends it). The JSON schema is
// documented in docs/usage.md; `schema` changes only when a key changes meaning or goes.
import Glibc
import SyscallShim
import Translator

struct RunStats {
    static let schema = "compat-run-stats/1"
    let engine: TranslationStats
    let syscalls: [ShimStats.Syscall]
    let signalsDelivered: Int
    let peakRSSKiB: Int
    let wallNanoseconds: UInt64
    let exitStatus: Int32
    /// The signal the process dies by (0: it exits).
    let signal: Int32

    static func collect(engine: Engine, startedAt start: UInt64, exitStatus: Int32, signal: Int32 = 0) -> RunStats {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return RunStats(engine: engine.stats, syscalls: ShimStats.syscalls(), signalsDelivered: ShimStats.signalsDelivered,
                        peakRSSKiB: usage.ru_maxrss, wallNanoseconds: monotonicNow() &- start, exitStatus: exitStatus,
                        signal: signal)
    }

    var threadsCreated: Int { max(0, engine.threadsAttached - 1) }

    /// The human form, "compat-run: " lines for stderr.
    var lines: [String] {
        let e = engine
        var out = [
            "\(e.blocks) blocks, \(e.guestInstructions) guest instructions, \(e.hostBytes) host bytes, "
                + "translation time \(ms(e.nanoseconds)) ms",
            "\(e.blocksLoaded) blocks (\(e.loadedGuestInstructions) guest instructions) loaded from the persistent "
                + "cache in \(ms(e.loadNanoseconds)) ms",
            "\(e.flushes) cache flushes (\(e.flushesCacheFull) full, \(e.flushesFPCRMode) FPCR mode, "
                + "\(e.flushesInvalidation) invalidation), \(e.invalidatedBlocks) blocks invalidated",
            "\(e.chainPatches) chain patches, \(e.jumpCacheMisses) jump-cache misses, "
                + "\(signalsDelivered) signals delivered, \(threadsCreated) threads created",
            "wall time \(ms(wallNanoseconds)) ms, peak RSS \(peakRSSKiB) KiB",
        ]
        if signal != 0 { out.append("killed by signal \(signal)") }
        let total = syscalls.reduce(0) { $0 + $1.count }
        var line = "\(total) syscalls"
        if !syscalls.isEmpty { line += ": " + syscalls.map { "\($0.name) \($0.count)" }.joined(separator: ", ") }
        out.append(line)
        return out.map { "compat-run: " + $0 }
    }

    var json: String {
        let e = engine
        let calls = syscalls.map {
            "    {\"name\": \"\($0.name)\", \"number\": \($0.number), \"count\": \($0.count), \"time_ns\": \($0.nanoseconds)}"
        }
        return """
            {
              "schema": "\(Self.schema)",
              "exit_status": \(exitStatus),
              "terminating_signal": \(signal),
              "wall_time_ns": \(wallNanoseconds),
              "peak_rss_kib": \(peakRSSKiB),
              "blocks_translated": \(e.blocks),
              "guest_instructions_translated": \(e.guestInstructions),
              "host_code_bytes": \(e.hostBytes),
              "translation_time_ns": \(e.nanoseconds),
              "blocks_loaded": \(e.blocksLoaded),
              "guest_instructions_loaded": \(e.loadedGuestInstructions),
              "cache_load_time_ns": \(e.loadNanoseconds),
              "cache_flushes": \(e.flushes),
              "cache_flushes_by_cause": {"cache_full": \(e.flushesCacheFull), "fpcr_mode": \(e.flushesFPCRMode), \
            "invalidation": \(e.flushesInvalidation)},
              "invalidated_blocks": \(e.invalidatedBlocks),
              "chain_patches": \(e.chainPatches),
              "jump_cache_misses": \(e.jumpCacheMisses),
              "signals_delivered": \(signalsDelivered),
              "threads_created": \(threadsCreated),
              "syscalls": [
            \(calls.joined(separator: ",\n"))
              ]
            }

            """
    }

    private func ms(_ ns: UInt64) -> String {
        let tenths = (ns + 5_000) / 10_000
        let frac = String(tenths % 100)
        return "\(tenths / 100).\(frac.count < 2 ? "0" + frac : frac)"
    }
}

func monotonicNow() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
