// -strace output in qemu-aarch64's format: "PID name(arg,arg,...)" is written
// before the call (so blocking calls show what they wait on) and " = result"
// after; failures print as "= -1 errno=N (message)". Written with raw write(2)
// so the output interleaves with the guest's own stderr exactly like qemu's.
import Glibc

enum Strace {
    static func begin(_ entry: SyscallEntry, _ args: SyscallArgs) {
        var line = "\(getpid()) \(entry.name)("
        let values = (0..<6).map { args[$0] }
        for (i, kind) in entry.args.enumerated() {
            if i > 0 { line += "," }
            line += format(values, i, as: kind)
        }
        line += entry.flow == .endsThread || entry.flow == .endsProcess ? ")\n" : ")"
        emit(line)
    }

    static func end(_ entry: SyscallEntry, _ result: Int64) {
        emit(" = " + formatResult(result, entry.result) + "\n")
    }

    /// A call the table does not know, printed like qemu's strace does (every time; the
    /// one-line report once per name is UnimplementedSyscalls').
    static func unknown(_ number: UInt64) {
        let name = SyscallNumber(rawValue: Int(truncatingIfNeeded: number))?.name ?? "syscall_\(number)"
        emit("\(getpid()) \(name)(...) = -1 errno=38 (\(String(cString: strerror(38))))\n")
    }

    /// A free-form diagnostic line (unsupported flag combinations and the like).
    static func note(_ message: String) {
        emit("compat-run: \(message)\n")
    }

    static func formatResult(_ result: Int64, _ kind: ResultKind) -> String {
        if result < 0 && result >= -4095 {
            let code = Int32(-result)
            return "-1 errno=\(code) (\(String(cString: strerror(code))))"
        }
        return kind == .hex ? hex(UInt64(bitPattern: result)) : String(result)
    }

    /// Argument `index` of `args` (a buffer's length is another argument).
    static func format(_ args: [UInt64], _ index: Int, as kind: ArgKind) -> String {
        let value = args[index]
        let summary: String?
        switch kind {
        case .timespec: summary = StraceStructs.timespec(value)
        case .itimerspec: summary = StraceStructs.itimerspec(value)
        case .sigset: summary = StraceStructs.sigset(value)
        case .sigaction: summary = StraceStructs.sigaction(value)
        case .signalStack: summary = StraceStructs.signalStack(value)
        case .sockaddr: summary = StraceStructs.sockaddr(value)
        case .epollEvent: summary = StraceStructs.epollEvent(value)
        case .stringArray: summary = StraceStructs.stringArray(value)
        case .buffer(let length): summary = StraceStructs.buffer(value, length: args[length])
        default: return format(value, as: kind)
        }
        return value == 0 ? "NULL" : summary ?? hex(value)
    }

    static func format(_ value: UInt64, as kind: ArgKind) -> String {
        switch kind {
        case .flags(let names): return names.describe(value)
        case .value(let names): return names.describe(value)
        case .timespec, .itimerspec, .sigset, .sigaction, .signalStack, .sockaddr, .epollEvent, .stringArray, .buffer:
            return format([value, 0, 0, 0, 0, 0], 0, as: kind)
        case .dec: return String(Int64(bitPattern: value))
        case .udec: return String(value)
        case .hex: return hex(value)
        case .ptr: return value == 0 ? "NULL" : hex(value)
        case .oct: return "0" + String(value, radix: 8)
        case .fd: return String(Int32(truncatingIfNeeded: value))
        case .dirfd:
            let fd = Int32(truncatingIfNeeded: value)
            return fd == -100 ? "AT_FDCWD" : String(fd)
        case .openFlags: return OpenFlags.describe(value)
        case .addressFamily: return ValueNames.addressFamilies.describe(value)
        case .socketType: return SocketNames.type(value)
        case .signal: return ValueNames.signals.describe(value)
        case .path:
            guard let s = GuestMemory.string(at: value) else { return value == 0 ? "NULL" : hex(value) }
            return quote(s)
        }
    }

    private static func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }

    static func quote(_ s: String) -> String { quote(bytes: Array(s.utf8)) }

    /// C-style quoting: printable ASCII as is, the usual escapes, other bytes as \xNN.
    static func quote(bytes: [UInt8]) -> String {
        var out = "\""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\t"): out += "\\t"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
            default: out += "\\x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)
            }
        }
        return out + "\""
    }

    static func emit(_ text: String) {
        var text = text
        text.withUTF8 { buf in
            var done = 0
            while done < buf.count {
                let r = hostSyscall(HostNR.write, 2, UInt64(UInt(bitPattern: buf.baseAddress! + done)), UInt64(buf.count - done))
                if r <= 0 { break }
                done += Int(r)
            }
        }
    }
}
