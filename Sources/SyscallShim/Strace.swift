// -strace output in qemu-aarch64's format: "PID name(arg,arg,...)" is written
// before the call (so blocking calls show what they wait on) and " = result"
// after; failures print as "= -1 errno=N (message)". Written with raw write(2)
// so the output interleaves with the guest's own stderr exactly like qemu's.
import Glibc

enum Strace {
    static func begin(_ entry: SyscallEntry, _ args: SyscallArgs) {
        var line = "\(getpid()) \(entry.name)("
        for (i, kind) in entry.args.enumerated() {
            if i > 0 { line += "," }
            line += format(args[i], as: kind)
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

    static func format(_ value: UInt64, as kind: ArgKind) -> String {
        switch kind {
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
        case .addressFamily: return SocketNames.family(value)
        case .socketType: return SocketNames.type(value)
        case .signal:
            let n = Int(value)
            return n > 0 && n < signalNames.count ? signalNames[n] : String(Int64(bitPattern: value))
        case .path:
            guard let s = GuestMemory.string(at: value) else { return value == 0 ? "NULL" : hex(value) }
            return quote(s)
        }
    }

    private static func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }

    private static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\x" + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static let signalNames = [
        "0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
        "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
        "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    ]

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
