// `--stats`: what the OS personality counts for compat-run's statistics. Off by default;
// when off each hook is one load of `enabled` and a not-taken branch.
import CSupport
import Glibc

public enum ShimStats {
    /// Set once by the embedder before the guest runs.
    nonisolated(unsafe) public static var enabled = false

    public struct Syscall: Sendable {
        public let number: Int
        public let name: String
        public let count: Int
        public let nanoseconds: UInt64
    }

    nonisolated(unsafe) private static var counts = [Int](repeating: 0, count: SyscallTable.capacity + 1)
    nonisolated(unsafe) private static var nanos = [UInt64](repeating: 0, count: SyscallTable.capacity + 1)
    nonisolated(unsafe) private static var signals = 0
    nonisolated(unsafe) private static let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(m, nil)
        return m
    }()

    private static func slot(_ number: UInt64) -> Int { number < UInt64(SyscallTable.capacity) ? Int(number) : SyscallTable.capacity }

    /// A syscall starts (counted now, so exit_group is counted too); returns the start time.
    static func begin(_ number: UInt64) -> UInt64 {
        pthread_mutex_lock(lock); counts[slot(number)] += 1; pthread_mutex_unlock(lock)
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    static func end(_ number: UInt64, since start: UInt64) {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        let now = UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
        pthread_mutex_lock(lock); nanos[slot(number)] += now &- start; pthread_mutex_unlock(lock)
    }

    static func signalDelivered() {
        pthread_mutex_lock(lock); signals += 1; pthread_mutex_unlock(lock)
    }

    /// Signals that ran a guest handler.
    public static var signalsDelivered: Int {
        pthread_mutex_lock(lock); defer { pthread_mutex_unlock(lock) }
        return signals
    }

    /// Every syscall made at least once, most frequent first (unknown numbers: "syscall_N";
    /// numbers past the table share "other").
    public static func syscalls() -> [Syscall] {
        pthread_mutex_lock(lock); defer { pthread_mutex_unlock(lock) }
        var out: [Syscall] = []
        for n in counts.indices where counts[n] > 0 {
            let name = n == SyscallTable.capacity ? "other" : (SyscallTable.entry(UInt64(n))?.name ?? "syscall_\(n)")
            out.append(Syscall(number: n, name: name, count: counts[n], nanoseconds: nanos[n]))
        }
        return out.sorted { ($0.count, $1.name) > ($1.count, $0.name) }
    }
}
