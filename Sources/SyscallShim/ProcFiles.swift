// Synthetic /proc files that must show the guest's machine, not the host's:
// /proc/cpuinfo (an arm64 CPU with exactly the advertised features) and
// /proc/self/auxv (the guest's auxiliary vector). They are served as memfds.
import Glibc

enum ProcFiles {
    /// HWCAP bit -> /proc/cpuinfo feature name (arch/arm64/kernel/cpuinfo.c order).
    static let featureNames = ["fp", "asimd", "evtstrm", "aes", "pmull", "sha1", "sha2", "crc32", "atomics", "fphp",
                               "asimdhp", "cpuid", "asimdrdm", "jscvt", "fcma", "lrcpc", "dcpop", "sha3", "sm3", "sm4",
                               "asimddp", "sha512", "sve", "asimdfhm", "dit", "uscat", "ilrcpc", "flagm", "ssbs", "sb",
                               "paca", "pacg"]
    /// HWCAP2 bit -> name; the kernel lists them after the HWCAP ones.
    static let featureNames2 = ["dcpodp", "sve2", "sveaes", "svepmull", "svebitperm", "svesha3", "svesm4", "flagm2", "frint"]

    static func cpuinfo(hwcap: UInt64, hwcap2: UInt64) -> String {
        let features = featureNames.enumerated().filter { hwcap & (1 << UInt64($0.offset)) != 0 }.map(\.element)
            + featureNames2.enumerated().filter { hwcap2 & (1 << UInt64($0.offset)) != 0 }.map(\.element)
        let cpus = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        // Matches the MIDR_EL1 value the translator reports (0x410FD034).
        return (0..<cpus).map { n in
            """
            processor\t: \(n)
            BogoMIPS\t: 50.00
            Features\t: \(features.joined(separator: " "))
            CPU implementer\t: 0x41
            CPU architecture: 8
            CPU variant\t: 0x0
            CPU part\t: 0xd03
            CPU revision\t: 4


            """
        }.joined()
    }

    /// Bytes of `m` resident in memory (mincore), for smaps.
    static func residentBytes(_ m: GuestMapping) -> UInt64 {
        let pages = Int((m.end - m.start) / 4096)
        var vector = [UInt8](repeating: 0, count: pages)
        guard mincore(UnsafeMutableRawPointer(bitPattern: UInt(m.start)), Int(m.end - m.start), &vector) == 0 else { return 0 }
        return UInt64(vector.reduce(0) { $0 + Int($1 & 1) }) * 4096
    }

    /// A read-only-in-spirit memfd holding `bytes`, positioned at 0.
    static func memfd(named name: String, _ bytes: [UInt8], cloexec: Bool) -> Int64 {
        let fd = name.withCString { hostSyscall(HostNR.memfdCreate, UInt64(UInt(bitPattern: $0)), cloexec ? 1 : 0) }
        guard fd >= 0 else { return fd }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(Int32(fd), $0.baseAddress, $0.count) }
            if n <= 0 { close(Int32(fd)); return -Int64(errno) }
            written += n
        }
        lseek(Int32(fd), 0, SEEK_SET)
        return fd
    }
}

extension ProcFiles {
    /// Whether `path` is /proc/{self,thread-self,PID}/NAME or /proc/{self,PID}/task/TID/NAME
    /// of this process (its maps and smaps show the guest's mappings only; its fd directory
    /// lists the guest's descriptors only).
    static func isOwnEntry(_ path: String, named name: String) -> Bool {
        guard path.hasSuffix("/" + name) else { return false }
        let parts = path.split(separator: "/")   // proc, owner, [task, tid,] name
        guard parts.first == "proc", parts.count == 3 || (parts.count == 5 && parts[2] == "task") else { return false }
        let owner = parts[1]
        guard owner == "self" || owner == "thread-self" || owner == Substring(String(getpid())) else { return false }
        // /proc/PID/task/TID names this process only for one of its own threads (guest
        // threads are host threads, so the host's task directory answers).
        return parts.count == 3 || (owner != "thread-self" && parts[3].allSatisfy(\.isNumber) && access("/proc/self/task/\(parts[3])", F_OK) == 0)
    }
}

extension LinuxPersonality {

    /// The synthetic file for `path`, if it is one (else nil: the host's file is used).
    func syntheticProcFile(_ path: String, flags: UInt64) -> Int64? {
        guard path.hasPrefix("/proc/") else { return nil }
        let cloexec = flags & 0o2000000 != 0   // O_CLOEXEC, same value on both architectures
        switch path {
        case "/proc/cpuinfo":
            return ProcFiles.memfd(named: "cpuinfo", Array(ProcFiles.cpuinfo(hwcap: GuestProcess.hwcap, hwcap2: GuestProcess.hwcap2).utf8), cloexec: cloexec)
        case "/proc/self/auxv", "/proc/\(getpid())/auxv":
            return ProcFiles.memfd(named: "auxv", auxvBytes, cloexec: cloexec)
        case "/proc/self/cmdline", "/proc/thread-self/cmdline", "/proc/\(getpid())/cmdline":
            let range = process.argumentStrings
            let bytes = GuestMemory.bytes(at: range.lowerBound, count: Int(range.upperBound - range.lowerBound)) ?? []
            return ProcFiles.memfd(named: "cmdline", bytes, cloexec: cloexec)
        default:
            if ProcFiles.isOwnEntry(path, named: "smaps") {
                let text = process.withAddressSpace { $0.procSmaps(resident: ProcFiles.residentBytes) }
                return ProcFiles.memfd(named: "smaps", Array(text.utf8), cloexec: cloexec)
            }
            guard ProcFiles.isOwnEntry(path, named: "maps") else { return nil }
            let text = process.withAddressSpace { $0.procMaps() }
            return ProcFiles.memfd(named: "maps", Array(text.utf8), cloexec: cloexec)
        }
    }
}
