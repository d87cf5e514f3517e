// `compat-run binfmt install|uninstall|status|print [--persistent]`: lets the kernel start
// arm64 ELF programs through compat-run (binfmt_misc), as qemu-binfmt-conf.sh does for
// qemu-aarch64.
import ArgumentParser
import Glibc
import SyscallShim

/// The binfmt_misc entry: which files are arm64 programs and how to run them.
struct BinfmtRegistration: Equatable {
    /// The entry's name under /proc/sys/fs/binfmt_misc.
    static let name = "compat-run-aarch64"
    /// An ELF64 little-endian header with e_machine = EM_AARCH64 (183, 0xb7): qemu's magic.
    static let magic = #"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00"#
    /// Ignores EI_OSABI/EI_ABIVERSION padding and the low bit of e_type (ET_EXEC and ET_DYN
    /// both match: static, static-pie and PIE programs), as qemu's mask does.
    static let mask = #"\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff"#
    /// `F`: the kernel opens compat-run when the entry is registered, so the entry works
    /// inside containers and chroots that do not contain compat-run. Not `P` (compat-run
    /// would have to be told argv[0] is preserved), not `O`/`C` (no setuid arm64 programs).
    static let flags = "F"

    /// The absolute path of the compat-run executable the kernel will run.
    var interpreter: String

    /// The line written to /proc/sys/fs/binfmt_misc/register (and to /etc/binfmt.d).
    var line: String { ":\(Self.name):M::\(Self.magic):\(Self.mask):\(interpreter):\(Self.flags)" }
}

struct Binfmt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compat-run binfmt",
        abstract: "Register compat-run with binfmt_misc so arm64 programs run by name (./prog).",
        discussion: """
            install and uninstall need root and binfmt_misc mounted on /proc/sys/fs/binfmt_misc. \
            Flags: F (compat-run is opened at registration: works in containers and chroots). \
            --persistent also writes (or removes) /etc/binfmt.d/\(BinfmtRegistration.name).conf for systemd-binfmt.
            """)

    enum Action: String, ExpressibleByArgument, CaseIterable {
        case install, uninstall, status, print
    }

    @Argument(help: ArgumentHelp("install, uninstall, status, or print (the registration line).", valueName: "ACTION"))
    var action: Action

    @Flag(help: "Also write (install) or remove (uninstall) the /etc/binfmt.d file, so it survives reboots.")
    var persistent = false

    static let root = "/proc/sys/fs/binfmt_misc"
    static var entry: String { "\(root)/\(BinfmtRegistration.name)" }
    static let persistentFile = "/etc/binfmt.d/\(BinfmtRegistration.name).conf"

    func run() throws {
        let registration = BinfmtRegistration(interpreter: Self.executablePath())
        switch action {
        case .print: Swift.print(registration.line)
        case .status: Self.status(registration)
        case .install:
            try Self.requireWritableBinfmt()
            if access(Self.entry, F_OK) == 0 { try Self.write("-1", to: Self.entry) }   // replace an older one
            try Self.write(registration.line, to: "\(Self.root)/register")
            if persistent {
                mkdir("/etc/binfmt.d", 0o755)
                try Self.write(registration.line + "\n", to: Self.persistentFile, create: true)
            }
            Swift.print("compat-run binfmt: registered \(BinfmtRegistration.name) -> \(registration.interpreter)"
                        + (persistent ? " (and \(Self.persistentFile))" : ""))
        case .uninstall:
            try Self.requireWritableBinfmt()
            if access(Self.entry, F_OK) == 0 { try Self.write("-1", to: Self.entry) }
            if persistent { unlink(Self.persistentFile) }
            Swift.print("compat-run binfmt: \(BinfmtRegistration.name) is not registered")
        }
    }

    /// The real path of this executable (binfmt_misc needs an absolute interpreter path).
    static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, Int(PATH_MAX))
        return n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }

    static func status(_ registration: BinfmtRegistration) {
        guard access("\(root)/register", F_OK) == 0 else {
            Swift.print("binfmt_misc is not mounted on \(root)"); return
        }
        if let text = read(entry) {
            Swift.print("\(BinfmtRegistration.name): registered\n" + text, terminator: "")
        } else {
            Swift.print("\(BinfmtRegistration.name): not registered")
        }
        // Another arm64 handler (qemu-user-binfmt) may be registered too; the kernel uses the
        // one registered last.
        let others = (try? listDirectory(root))?.filter { $0 != BinfmtRegistration.name && $0.contains("aarch64") } ?? []
        for o in others.sorted() { Swift.print("also registered: \(o)") }
        if access(persistentFile, F_OK) == 0 { Swift.print("persistent: \(persistentFile)") }
    }

    /// One line and a non-zero exit when registration cannot work here.
    static func requireWritableBinfmt() throws {
        if geteuid() != 0 {
            throw failure("must be root to change binfmt_misc registrations")
        }
        if access("\(root)/register", F_OK) != 0 {
            throw failure("binfmt_misc is not mounted (mount -t binfmt_misc binfmt_misc \(root))")
        }
    }

    static func failure(_ message: String) -> ExitCode {
        GuestProcess.report("compat-run binfmt: \(message)")
        return ExitCode(1)
    }

    static func write(_ text: String, to path: String, create: Bool = false) throws {
        let fd = create ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) : open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("\(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let n = text.withCString { Glibc.write(fd, $0, strlen($0)) }
        if n < 0 { throw failure("\(path): \(String(cString: strerror(errno)))") }
    }

    static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = [], buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, 4096) }
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func listDirectory(_ path: String) throws -> [String] {
        guard let d = opendir(path) else { return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
