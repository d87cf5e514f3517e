// Who and where the process is: ids, process groups, uname, sysinfo, resource
// limits, umask, getrandom. All layouts match x86-64; only uname's machine field
// is rewritten so the guest sees the architecture it was built for.

/// struct utsname: six 65-byte fields (sysname, nodename, release, version, machine, domainname).
private enum Utsname {
    static let fieldLength = 65
    static let machineOffset = 4 * fieldLength
}

extension SyscallTable {
    static let identitySyscalls: [SyscallEntry] = [
        .pass(.getpid, [], host: HostNR.getpid),
        .pass(.getppid, [], host: HostNR.getppid),
        .pass(.gettid, [], host: HostNR.gettid),
        .pass(.getuid, [], host: HostNR.getuid),
        .pass(.geteuid, [], host: HostNR.geteuid),
        .pass(.getgid, [], host: HostNR.getgid),
        .pass(.getegid, [], host: HostNR.getegid),
        .pass(.getresuid, [.ptr, .ptr, .ptr], host: HostNR.getresuid),
        .pass(.getresgid, [.ptr, .ptr, .ptr], host: HostNR.getresgid),
        .pass(.getgroups, [.dec, .ptr], host: HostNR.getgroups),
        .pass(.setgroups, [.dec, .ptr], host: HostNR.setgroups),
        .pass(.setuid, [.dec], host: HostNR.setuid),
        .pass(.setgid, [.dec], host: HostNR.setgid),
        .pass(.setreuid, [.dec, .dec], host: HostNR.setreuid),
        .pass(.setregid, [.dec, .dec], host: HostNR.setregid),
        .pass(.setresuid, [.dec, .dec, .dec], host: HostNR.setresuid),
        .pass(.setresgid, [.dec, .dec, .dec], host: HostNR.setresgid),
        .pass(.setpgid, [.dec, .dec], host: HostNR.setpgid),
        .pass(.getpgid, [.dec], host: HostNR.getpgid),
        .pass(.getsid, [.dec], host: HostNR.getsid),
        .pass(.setsid, [], host: HostNR.setsid),
        .custom(.uname, [.ptr]) { $0.uname($1) },
        .pass(.sysinfo, [.ptr], host: HostNR.sysinfo),
        .pass(.getrlimit, [.value(.rlimitResources), .ptr], host: HostNR.getrlimit),
        .pass(.setrlimit, [.value(.rlimitResources), .ptr], host: HostNR.setrlimit),
        .pass(.prlimit64, [.dec, .value(.rlimitResources), .ptr, .ptr], host: HostNR.prlimit64),
        .pass(.getrusage, [.dec, .ptr], host: HostNR.getrusage),
        .pass(.umask, [.oct], host: HostNR.umask),
        .pass(.getrandom, [.ptr, .udec, .flags(.getrandomFlags)], host: HostNR.getrandom),
        .pass(.setfsuid, [.dec], host: HostNR.setfsuid),
        .pass(.setfsgid, [.dec], host: HostNR.setfsgid),
        .pass(.sethostname, [.ptr, .udec], host: HostNR.sethostname),
        .pass(.setdomainname, [.ptr, .udec], host: HostNR.setdomainname),
        // struct __user_cap_header_struct / __user_cap_data_struct: u32 fields on both.
        .pass(.capget, [.ptr, .ptr], host: HostNR.capget),
        .pass(.capset, [.ptr, .ptr], host: HostNR.capset),
    ]
}

extension LinuxPersonality {
    // uname(buf)
    func uname(_ a: SyscallArgs) -> Int64 {
        let r = hostSyscall(HostNR.uname, a[0])
        guard r == 0 else { return r }
        var machine = [UInt8](repeating: 0, count: Utsname.fieldLength)
        machine.replaceSubrange(0..<7, with: "aarch64".utf8)
        let ok = machine.withUnsafeBytes { GuestMemory.copyOut($0, to: a[0] &+ UInt64(Utsname.machineOffset)) }
        return ok ? 0 : -Errno.EFAULT
    }
}
