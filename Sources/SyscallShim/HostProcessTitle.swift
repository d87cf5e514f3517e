// What other processes see of this one (ps, pgrep -f, /proc/PID/cmdline and environ): the
// guest's argument and environment strings, as for a native process, not compat-run's own
// command line. prctl(PR_SET_MM, PR_SET_MM_MAP) points the kernel's argument and environment
// ranges at the guest's strings in guest memory (guest addresses are host addresses), so a
// guest that rewrites its argv setproctitle-style is seen doing so, as natively. The call
// must restate every other field of the map, read from /proc/self/stat; it is unprivileged
// as long as the exe link is left alone. Where the kernel refuses (built without
// CONFIG_CHECKPOINT_RESTORE), compat-run's own line stays: nothing else depends on it.
import Glibc

enum HostProcessTitle {
    /// struct prctl_mm_map (include/uapi/linux/prctl.h), 104 bytes.
    private struct MemoryMap {
        var startCode: UInt64 = 0, endCode: UInt64 = 0, startData: UInt64 = 0, endData: UInt64 = 0
        var startBrk: UInt64 = 0, brk: UInt64 = 0, startStack: UInt64 = 0
        var argStart: UInt64 = 0, argEnd: UInt64 = 0, envStart: UInt64 = 0, envEnd: UInt64 = 0
        var auxv: UInt64 = 0
        var auxvSize: UInt32 = 0           // 0: the saved auxv stays
        var exeFD: UInt32 = .max           // -1: the exe link stays (changing it needs CAP_SYS_ADMIN)
    }

    /// Points the host's view of this process's command line and environment at `arguments`
    /// and `environment` (guest string ranges; an empty environment shows as empty).
    static func show(arguments: Range<UInt64>, environment: Range<UInt64>) {
        guard !arguments.isEmpty, var map = current() else { return }
        map.argStart = arguments.lowerBound
        map.argEnd = arguments.upperBound
        // The kernel wants start < end: an empty environment is the arguments' final NUL.
        map.envStart = environment.isEmpty ? arguments.upperBound - 1 : environment.lowerBound
        map.envEnd = environment.isEmpty ? arguments.upperBound : environment.upperBound
        _ = withUnsafePointer(to: &map) {
            hostSyscall(HostNR.prctl, 35 /* PR_SET_MM */, 14 /* PR_SET_MM_MAP */, UInt64(UInt(bitPattern: $0)),
                        UInt64(MemoryLayout<MemoryMap>.size))
        }
    }

    /// This process's map as the kernel has it: /proc/self/stat fields 26-28 and 45-51 (after
    /// the parenthesised name, which may hold spaces), and the current break.
    private static func current() -> MemoryMap? {
        let fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = read(fd, &buffer, buffer.count)
        close(fd)
        guard count > 0, let close = buffer[..<count].lastIndex(of: UInt8(ascii: ")")) else { return nil }
        // Field N of stat is element N - 3 after the name. Read in place: splitting into an
        // array of slices instantiated generic metadata at every start (~20 µs).
        var fields = [UInt64](repeating: 0, count: 52)
        var n = -1      // the space right after the name starts element 0
        for b in buffer[(close + 1)..<count] {
            if b == UInt8(ascii: " ") { n += 1; if n >= fields.count { break } }
            else if n >= 0, b >= 0x30 && b <= 0x39 { fields[n] = fields[n] &* 10 &+ UInt64(b - 0x30) }
        }
        guard n >= 48 else { return nil }
        func field(_ n: Int) -> UInt64 { fields[n - 3] }
        var map = MemoryMap()
        map.startCode = field(26); map.endCode = field(27); map.startStack = field(28)
        map.startData = field(45); map.endData = field(46); map.startBrk = field(47)
        map.brk = UInt64(bitPattern: hostSyscall(HostNR.brk, 0))
        return map
    }
}
