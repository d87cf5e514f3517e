// execve: an arm64 program (or a script whose interpreter is one) re-enters
// compat-run through /proc/self/exe with the options it inherits (InheritedOptions); anything else (native
// programs, scripts for native interpreters) is executed by the host kernel.
import Glibc

enum ExecTarget: Equatable {
    case arm64
    case script(interpreter: String, argument: String?)
    case native
    case failure(Int64)

    /// What the kernel would find at `path` (permissions first, as execve checks them).
    static func classify(_ path: String) -> ExecTarget {
        var st = stat()
        if stat(path, &st) != 0 { return .failure(Int64(errno)) }
        // Like the kernel: a regular file with an execute bit (root gets no exception).
        if st.st_mode & S_IFMT != S_IFREG || st.st_mode & 0o111 == 0 { return .failure(Int64(EACCES)) }
        if access(path, X_OK) != 0 { return .failure(Int64(errno)) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return .failure(Int64(errno)) }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 256)
        let n = max(0, read(fd, &head, head.count))
        return elfKind(head[0..<n]) ?? shebang(head[0..<n]) ?? .native
    }

    /// .arm64 or .native for an ELF header, nil for anything else.
    static func elfKind(_ head: ArraySlice<UInt8>) -> ExecTarget? {
        isArm64ELF(head).map { $0 ? .arm64 : .native }
    }

    /// Whether an ELF header's machine is arm64; nil when `head` is not an ELF header.
    /// A Bool, not an ExecTarget?, for the start path: destroying an optional ExecTarget
    /// instantiates its generic metadata (~40,000 instructions).
    static func isArm64ELF(_ head: ArraySlice<UInt8>) -> Bool? {
        let h = Array(head)
        guard h.count >= 20, h[0] == 0x7F, h[1] == 0x45, h[2] == 0x4C, h[3] == 0x46 else { return nil }
        return UInt16(h[18]) | UInt16(h[19]) << 8 == 183
    }

    /// The interpreter and optional argument of a "#!" line (binfmt_script's parsing),
    /// ENOEXEC for "#!" without an interpreter, nil when `head` is not a script.
    static func shebang(_ head: ArraySlice<UInt8>) -> ExecTarget? {
        let h = Array(head)
        guard h.count >= 2, h[0] == 0x23, h[1] == 0x21 else { return nil }  // "#!"
        let line = h[2...].prefix { $0 != 0x0A }
        let words = String(decoding: line, as: UTF8.self).split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
        guard let interpreter = words.first else { return .failure(Errno.ENOEXEC) }
        let argument = words.count > 1 ? String(words[1]).trimmingCharacters(in: " \t\r") : nil
        return .script(interpreter: String(interpreter), argument: argument?.isEmpty == true ? nil : argument)
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}

extension LinuxPersonality {
    func execve(_ a: SyscallArgs) -> Int64 {
        let guestPath: String
        switch GuestMemory.cString(at: a[0]) {
        case .success(let bytes): guestPath = String(decoding: bytes, as: UTF8.self)
        case .failure(let error): return -error.errno
        }
        return execute(guestPath, argvAt: a[1], envpAt: a[2])
    }

    /// execveat(dirfd, path, argv, envp, flags): the file is named through /proc/self/fd
    /// when it is relative to a directory fd or is the fd itself (AT_EMPTY_PATH).
    func execveat(_ a: SyscallArgs) -> Int64 {
        let flags = a[4]
        guard flags & ~(ExecveatFlags.emptyPath | ExecveatFlags.symlinkNoFollow) == 0 else { return -Errno.EINVAL }
        let name: String
        switch GuestMemory.cString(at: a[1]) {
        case .success(let bytes): name = String(decoding: bytes, as: UTF8.self)
        case .failure(let error): return -error.errno
        }
        let dirfd = a.int32(0)
        if dirfd != ExecveatFlags.atFdcwd && !name.hasPrefix("/") && Glibc.fcntl(dirfd, F_GETFD) < 0 {
            return -Errno.EBADF
        }
        let path: String
        if name.isEmpty {
            guard flags & ExecveatFlags.emptyPath != 0 else { return -Errno.ENOENT }
            path = "/proc/self/fd/\(dirfd)"
        } else if name.hasPrefix("/") || dirfd == ExecveatFlags.atFdcwd {
            path = name
        } else {
            path = "/proc/self/fd/\(dirfd)/" + name
        }
        if flags & ExecveatFlags.symlinkNoFollow != 0, !name.isEmpty {
            var st = stat()
            if lstat(paths.hostPath(for: path), &st) == 0 && st.st_mode & S_IFMT == S_IFLNK { return -Errno.ELOOP }
        }
        return execute(path, argvAt: a[2], envpAt: a[3])
    }

    /// execve's work once the path is known: argv/envp from guest memory, then by target kind.
    private func execute(_ guestPath: String, argvAt: UInt64, envpAt: UInt64) -> Int64 {
        guard let argv = GuestMemory.stringArray(at: argvAt), let envp = GuestMemory.stringArray(at: envpAt) else {
            return -Errno.EFAULT
        }
        // busybox and others re-exec themselves through /proc/self/exe: that is the guest program.
        // With -L, an absolute path is the sysroot's file when it has one (qemu's semantics).
        let path = paths.isOwnExeLink(guestPath) ? paths.executablePath : paths.hostPath(for: guestPath)
        switch ExecTarget.classify(path) {
        case .failure(let e): return -e
        case .native: return hostExec(path, argv, envp)
        case .arm64: return reenter(program: path, argv: argv, envp: envp)
        case .script(let guestInterpreter, let argument):
            let interpreter = paths.hostPath(for: guestInterpreter)
            guard case .arm64 = ExecTarget.classify(interpreter) else { return hostExec(path, argv, envp) }
            // As binfmt_script: interpreter [argument] script args...
            let scriptArgv = [guestInterpreter] + (argument.map { [$0] } ?? []) + [path] + argv.dropFirst()
            return reenter(program: interpreter, argv: scriptArgv, envp: envp)
        }
    }

    /// Runs compat-run again (same binary, the options InheritedOptions carries) on an arm64 program.
    private func reenter(program: String, argv: [String], envp: [String]) -> Int64 {
        // The next program may use what this one translated (libc, ld.so): save it first.
        process.engine?.savePersistentCache()
        var args = ["compat-run"] + options.inherited.childArguments(sysroot: paths.sysroot)
        args += ["-0", argv.first ?? program, program] + argv.dropFirst()
        return hostExec("/proc/self/exe", args, GuestEnvironment.hiddenFromHost(envp))
    }

    /// The host execve; returns only on failure (negative errno).
    private func hostExec(_ path: String, _ argv: [String], _ envp: [String]) -> Int64 {
        let cArgv = argv.map { strdup($0) } + [nil]
        let cEnvp = envp.map { strdup($0) } + [nil]
        defer { (cArgv + cEnvp).forEach { free($0) } }
        return cArgv.withUnsafeBufferPointer { av in
            cEnvp.withUnsafeBufferPointer { ev in
                path.withCString { p in
                    hostSyscall(HostNR.execve, UInt64(UInt(bitPattern: p)), UInt64(UInt(bitPattern: av.baseAddress)),
                                UInt64(UInt(bitPattern: ev.baseAddress)))
                }
            }
        }
    }
}

private enum ExecveatFlags {
    static let emptyPath: UInt64 = 0x1000, symlinkNoFollow: UInt64 = 0x100
    static let atFdcwd: Int32 = -100
}

extension GuestMemory {
    /// A NULL-terminated array of C strings in guest memory (argv/envp); nil if unreadable.
    static func stringArray(at address: UInt64, limit: Int = 1 << 16) -> [String]? {
        if address == 0 { return [] }
        var out: [String] = []
        var p = address
        while out.count < limit {
            guard let s = read(UInt64.self, at: p) else { return nil }
            if s == 0 { return out }
            guard let str = string(at: s, limit: 1 << 20) else { return nil }
            out.append(str)
            p &+= 8
        }
        return nil
    }
}
