// execve: an arm64 program (or a script whose interpreter is one) re-enters
// compat-run through /proc/self/exe with the same options; anything else (native
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
        let n = read(fd, &head, head.count)
        if n >= 20 && head[0] == 0x7F && head[1] == 0x45 && head[2] == 0x4C && head[3] == 0x46 {
            return UInt16(head[18]) | UInt16(head[19]) << 8 == 183 ? .arm64 : .native
        }
        if n >= 2 && head[0] == 0x23 && head[1] == 0x21 {  // "#!"
            let line = head[2..<n].prefix { $0 != 0x0A }
            let words = String(decoding: line, as: UTF8.self).split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
            guard let interpreter = words.first else { return .failure(Errno.ENOEXEC) }
            let argument = words.count > 1 ? String(words[1]).trimmingCharacters(in: " \t\r") : nil
            return .script(interpreter: String(interpreter), argument: argument?.isEmpty == true ? nil : argument)
        }
        return .native
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
        guard let argv = GuestMemory.stringArray(at: a[1]), let envp = GuestMemory.stringArray(at: a[2]) else {
            return -Errno.EFAULT
        }
        // busybox and others re-exec themselves through /proc/self/exe: that is the guest program.
        // With -L, an absolute path is the sysroot's file when it has one (qemu's semantics).
        let path = isOwnExeLink(guestPath) ? executablePath : hostPath(for: guestPath)
        switch ExecTarget.classify(path) {
        case .failure(let e): return -e
        case .native: return hostExec(path, argv, envp)
        case .arm64: return reenter(program: path, argv: argv, envp: envp)
        case .script(let guestInterpreter, let argument):
            let interpreter = hostPath(for: guestInterpreter)
            guard case .arm64 = ExecTarget.classify(interpreter) else { return hostExec(path, argv, envp) }
            // As binfmt_script: interpreter [argument] script args...
            let scriptArgv = [guestInterpreter] + (argument.map { [$0] } ?? []) + [path] + argv.dropFirst()
            return reenter(program: interpreter, argv: scriptArgv, envp: envp)
        }
    }

    /// Runs compat-run again (same binary, same options) on an arm64 program.
    private func reenter(program: String, argv: [String], envp: [String]) -> Int64 {
        var args = ["compat-run"]
        if options.strace { args.append("-strace") }
        if let sysroot { args += ["-L", sysroot.root] }
        args += ["-0", argv.first ?? program, program] + argv.dropFirst()
        return hostExec("/proc/self/exe", args, envp)
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
