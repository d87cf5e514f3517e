// `--jitdump`: perf's jitdump file (tools/perf/Documentation/jitdump-specification.txt), so
// `perf record -k mono` + `perf inject --jit` turns translated blocks into ELF images perf
// can annotate, each named by its guest symbol. The file is mapped executable once: the
// mmap record in perf.data is how `perf inject` finds it.
import CSupport
import Glibc
import SyscallShim
import Translator

final class JitDump {
    /// 'JiTD' as a native-endian u32.
    static let magic: UInt32 = 0x4A69_5444
    static let version: UInt32 = 1
    /// EM_X86_64: the code in the records is the host's.
    static let machine: UInt32 = 62
    static let headerSize = 40
    /// Record ids.
    static let codeLoad: UInt32 = 0
    /// id, total_size, timestamp.
    static let recordHeaderSize = 16
    /// pid, tid, vma, code_addr, code_size, code_index (after the record header).
    static let codeLoadFixedSize = 4 + 4 + 8 + 8 + 8 + 8

    let fd: Int32
    let path: String
    let symbolizer: Symbolizer
    private var index: UInt64 = 0

    /// `$JITDUMPDIR/jit-PID.dump` (default directory /tmp), header written and mapped.
    init?(symbolizer: Symbolizer) {
        let dir = getenv("JITDUMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        path = "\(dir)/jit-\(getpid()).dump"
        fd = CompatRunDescriptors.adopt(open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644))
        if fd < 0 { GuestProcess.report("compat-run: \(path): \(String(cString: strerror(errno)))"); return nil }
        self.symbolizer = symbolizer
        var h = ByteWriter()
        h.u32(Self.magic); h.u32(Self.version); h.u32(UInt32(Self.headerSize)); h.u32(Self.machine)
        h.u32(0); h.u32(UInt32(getpid())); h.u64(Self.timestamp()); h.u64(0)
        write(h.bytes)
        // perf notices the file by this executable mapping (it is never used otherwise).
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        if mmap(nil, page, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0) == MAP_FAILED {
            GuestProcess.report("compat-run: \(path): mmap: \(String(cString: strerror(errno)))")
        }
    }

    /// The perf clock (`perf record -k mono`).
    static func timestamp() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// A JIT_CODE_LOAD record for one translated block (under the engine lock).
    func record(_ t: TranslatedBlock) {
        let name = Array(symbolizer.name(t.ir.guestPC).utf8) + [0]
        var r = ByteWriter()
        r.u32(Self.codeLoad)
        r.u32(UInt32(Self.recordHeaderSize + Self.codeLoadFixedSize + name.count + t.code.count))
        r.u64(Self.timestamp())
        r.u32(UInt32(getpid())); r.u32(UInt32(bitPattern: Int32(truncatingIfNeeded: cr_syscall6(186, 0, 0, 0, 0, 0, 0))))
        r.u64(UInt64(t.host)); r.u64(UInt64(t.host)); r.u64(UInt64(t.code.count)); r.u64(index)
        r.bytes += name
        r.bytes += t.code
        index += 1
        write(r.bytes)
    }

    private func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { b in
            var off = 0
            while off < b.count {
                let n = Glibc.write(fd, b.baseAddress! + off, b.count - off)
                if n <= 0 { return }
                off += n
            }
        }
    }
}

/// Little-endian (native) fields appended to a byte array.
struct ByteWriter {
    var bytes: [UInt8] = []
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
}
